/**
 * Audit-trail integrity: recompute the SM3 chain over every event, and check every signed
 * checkpoint (SM2 over the RFC 6962 Merkle root of all event hashes up to it). An edited event
 * breaks the chain; a deleted tail no longer matches the last checkpoint's tree size and root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from '../crypto/sm2.ts';
import { merkleRoot } from '../crypto/merkle.ts';
import type { Db, Queryable } from '../db/types.ts';
import { type Actor, type AuditRow, GENESIS_HASH, eventHash, recordAudit } from './audit.service.ts';

const BATCH = 5000;

export interface VerifyResult {
  ok: boolean;
  events: number;
  checkpoints: number;
  /** First event whose stored hash or link does not match, if any. */
  firstBadSeq?: number;
  problem?: string;
}

async function* eventsInOrder(db: Queryable): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const rows = (await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).execute()) as AuditRow[];
    if (!rows.length) return;
    for (const r of rows) yield r;
    after = Number(rows[rows.length - 1].seq);
  }
}

export async function verifyAuditTrail(db: Db): Promise<VerifyResult> {
  const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  const leaves: Buffer[] = [];
  let prev = GENESIS_HASH;
  let count = 0;
  let cpIndex = 0;
  const checkCheckpointsUpTo = (size: number): VerifyResult | null => {
    while (cpIndex < checkpoints.length && Number(checkpoints[cpIndex].tree_size) === size) {
      const cp = checkpoints[cpIndex++];
      const root = merkleRoot(leaves).toString('hex');
      if (root !== cp.root) {
        return { ok: false, events: count, checkpoints: cpIndex, firstBadSeq: Number(cp.upto_seq), problem: `检查点 ${cp.id} 的默克尔根不符 / checkpoint ${cp.id} Merkle root mismatch` };
      }
      if (!sm2Verify(checkpointMessage(size, Number(cp.upto_seq), root), cp.signature, cp.public_key)) {
        return { ok: false, events: count, checkpoints: cpIndex, problem: `检查点 ${cp.id} 的 SM2 签名无效 / checkpoint ${cp.id} SM2 signature invalid` };
      }
    }
    return null;
  };
  for await (const e of eventsInOrder(db)) {
    if (e.prev_hash !== prev) {
      return { ok: false, events: count, checkpoints: cpIndex, firstBadSeq: Number(e.seq), problem: `事件 ${e.seq} 与前一事件的链接断开（其前的事件被删除或修改）/ event ${e.seq} does not link to the previous event` };
    }
    const { hash, ...rest } = e;
    const expected = eventHash(rest);
    if (expected !== hash) {
      return { ok: false, events: count, checkpoints: cpIndex, firstBadSeq: Number(e.seq), problem: `事件 ${e.seq} 的内容与其哈希不符（被篡改）/ event ${e.seq} content does not match its hash` };
    }
    prev = hash;
    count++;
    leaves.push(Buffer.from(hash, 'hex'));
    const bad = checkCheckpointsUpTo(count);
    if (bad) return bad;
  }
  if (cpIndex < checkpoints.length) {
    const cp = checkpoints[cpIndex];
    return {
      ok: false,
      events: count,
      checkpoints: cpIndex,
      firstBadSeq: Number(cp.upto_seq),
      problem: `检查点 ${cp.id} 记录了 ${cp.tree_size} 个事件，但现存仅 ${count} 个（事件被删除）/ checkpoint ${cp.id} covers ${cp.tree_size} events but only ${count} remain (events deleted)`,
    };
  }
  return { ok: true, events: count, checkpoints: checkpoints.length };
}

function checkpointMessage(treeSize: number, uptoSeq: number, root: string): string {
  return `guantong-audit-checkpoint\n${treeSize}\n${uptoSeq}\n${root}`;
}

interface SigningKey {
  privateKey: string;
  publicKey: string;
}

/** The SM2 key that signs checkpoints: GUANTONG_AUDIT_SM2_KEY, or a 0600 file in the data dir. */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const fromEnv = process.env.GUANTONG_AUDIT_SM2_KEY;
  if (fromEnv) {
    const [privateKey, publicKey] = fromEnv.split(':');
    return { privateKey, publicKey };
  }
  const file = path.join(dataDir, 'audit-sm2.key');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as SigningKey;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pair = generateSm2KeyPair();
  const key = { privateKey: pair.privateKey, publicKey: pair.publicKey };
  fs.writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/** Sign the Merkle root of every event so far. Cheap to call often (pg-boss schedules it). */
export async function writeCheckpoint(db: Db, dataDir: string, actor: Actor): Promise<{ treeSize: number; root: string } | null> {
  const key = loadOrCreateSigningKey(dataDir);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7262001)`.execute(tx);
    const leaves: Buffer[] = [];
    let uptoSeq = 0;
    for await (const e of eventsInOrder(tx)) {
      leaves.push(Buffer.from(e.hash, 'hex'));
      uptoSeq = Number(e.seq);
    }
    if (!leaves.length) return null;
    const last = await tx.selectFrom('audit_checkpoints').select('tree_size').orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
    if (last && Number(last.tree_size) === leaves.length) return null;
    const root = merkleRoot(leaves).toString('hex');
    const signature = sm2Sign(checkpointMessage(leaves.length, uptoSeq, root), key.privateKey, { publicKey: key.publicKey });
    await tx
      .insertInto('audit_checkpoints')
      .values({ upto_seq: uptoSeq, tree_size: leaves.length, root, signature, public_key: key.publicKey })
      .execute();
    return { treeSize: leaves.length, root };
  }).then(async (r) => {
    if (r) await recordAudit(db, actor, { action: 'audit.checkpoint', detail: { tree_size: r.treeSize, root: r.root } });
    return r;
  });
}
