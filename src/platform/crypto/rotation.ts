/**
 * Key rotation for field encryption. Convention: every encrypted column is a text column whose
 * name ends in `_enc` (e.g. users.totp_secret_enc, clues.whistleblower_enc); rotation finds them
 * all, so a new module's encrypted fields are rotated without being registered anywhere.
 */
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/types.ts';
import { type Keyring, isEncryptedField, loadOrCreateKeyring, needsRotation, rotate, rotateKeyFile } from './sm4.ts';

export async function encryptedColumns(db: Db): Promise<{ table: string; column: string }[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name LIKE '%\_enc' AND data_type = 'text'
    ORDER BY table_name, column_name`.execute(db);
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** Re-encrypt every `*_enc` value under the keyring's current key. Returns counts per column. */
export async function reencryptAll(db: Db, keyring: Keyring, actor: Actor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, column } of await encryptedColumns(db)) {
    let n = 0;
    await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ c: string; v: string }>`SELECT ctid::text AS c, ${sql.ref(column)} AS v FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`.execute(tx);
      for (const r of rows) {
        if (!isEncryptedField(r.v) || !needsRotation(r.v, keyring)) continue;
        await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${rotate(r.v, keyring)} WHERE ctid = ${r.c}::tid`.execute(tx);
        n++;
      }
      await recordAudit(tx, actor, { action: 'crypto.reencrypt', objectType: 'column', objectId: `${table}.${column}`, detail: { rows: n } });
    });
    counts[`${table}.${column}`] = n;
  }
  return counts;
}

/**
 * `guantong keys rotate`: a new current key in the key file (old keys kept for reading), then
 * every encrypted value re-encrypted with it. With GUANTONG_MASTER_KEY, the operator puts the new
 * key first in the variable and runs this to re-encrypt.
 */
export async function rotateKeys(db: Db, dataDir: string, actor: Actor) {
  const keyring = process.env.GUANTONG_MASTER_KEY ? loadOrCreateKeyring(dataDir) : rotateKeyFile(dataDir);
  const counts = await reencryptAll(db, keyring, actor);
  return { currentKey: keyring.current.id, counts };
}
