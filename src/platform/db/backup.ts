/**
 * Logical backup of every table of the platform (plus the key files, without which encrypted
 * fields and checkpoint signatures are lost) to one gzip'd JSON-lines file, and restore of such a
 * file into an empty database of either kind. The audit chain survives byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Platform } from '../app.ts';
import { AppError } from '../errors.ts';

const FORMAT = 'guantong-backup/1';
const KEY_FILES = ['master.key', 'audit-sm2.key'];
const SKIP = new Set(['schema_migrations', 'schema_migrations_lock']);
const BATCH = 2000;

async function tables(p: Platform): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(p.db);
  return rows.map((r) => r.table_name).filter((t) => !SKIP.has(t));
}

export async function backupTo(p: Platform, file: string): Promise<{ tables: number; rows: number }> {
  const names = await tables(p);
  let total = 0;
  const keys: Record<string, string> = {};
  for (const k of KEY_FILES) {
    const f = path.join(p.dataDir, k);
    if (fs.existsSync(f)) keys[k] = fs.readFileSync(f).toString('base64');
  }
  async function* lines() {
    yield `${JSON.stringify({ format: FORMAT, created_at: new Date().toISOString(), tables: names, keys })}\n`;
    for (const t of names) {
      yield `${JSON.stringify({ table: t })}\n`;
      for (let offset = 0; ; offset += BATCH) {
        const { rows } = await sql<{ r: string }>`SELECT row_to_json(x)::text AS r FROM (SELECT * FROM ${sql.table(t)} ORDER BY ctid LIMIT ${BATCH} OFFSET ${offset}) x`.execute(p.db);
        for (const r of rows) yield `${r.r}\n`;
        total += rows.length;
        if (rows.length < BATCH) break;
      }
    }
  }
  const tmp = `${file}.part`;
  await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
  fs.renameSync(tmp, file);
  return { tables: names.length, rows: total };
}

export async function restoreFrom(p: Platform, file: string): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `备份文件不存在：${file}`, `Backup file not found: ${file}`, 404);
  const users = await p.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const events = await p.db.selectFrom('audit_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(users.n) > 0 || Number(events.n) > 0) {
    throw new AppError('restore_not_empty', '只能恢复到空数据库（目标库已有用户或审计记录）', 'Restore needs an empty database (the target has users or audit events)', 409);
  }
  let header: { format: string; tables: string[]; keys: Record<string, string> } | null = null;
  let current: string | null = null;
  let batch: string[] = [];
  let total = 0;
  await p.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    const flush = async () => {
      if (!current || !batch.length) return;
      await sql`INSERT INTO ${sql.table(current)} SELECT * FROM json_populate_recordset(NULL::${sql.table(current)}, ${`[${batch.join(',')}]`}::json)`.execute(tx);
      total += batch.length;
      batch = [];
    };
    // Created right before iterating: lines readline emits before `for await` attaches are lost.
    const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      if (!line) continue;
      if (!header) {
        header = JSON.parse(line);
        if (header?.format !== FORMAT) throw new AppError('bad_backup', '不是贯通备份文件', `Not a Guantong backup file: ${line.slice(0, 80)}`);
        for (const t of header.tables) await sql`DELETE FROM ${sql.table(t)}`.execute(tx);
        continue;
      }
      if (line.startsWith('{"table":')) {
        await flush();
        current = JSON.parse(line).table;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (!header) throw new AppError('bad_backup', '备份文件为空', 'Empty backup file');
    // Sequences continue after the restored ids.
    const { rows: seqs } = await sql<{ t: string; c: string; s: string }>`
      SELECT c.table_name AS t, c.column_name AS c, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS s
      FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.column_default LIKE 'nextval%'`.execute(tx);
    for (const r of seqs) {
      if (!r.s) continue;
      await sql`SELECT setval(${r.s}, GREATEST(COALESCE((SELECT max(${sql.ref(r.c)}) FROM ${sql.table(r.t)}), 0), 1), (SELECT count(*) > 0 FROM ${sql.table(r.t)}))`.execute(tx);
    }
  });
  const h = header as unknown as { tables: string[]; keys: Record<string, string> };
  for (const [name, b64] of Object.entries(h.keys ?? {})) {
    fs.writeFileSync(path.join(p.dataDir, name), Buffer.from(b64, 'base64'), { mode: 0o600 });
  }
  return { tables: h.tables.length, rows: total };
}
