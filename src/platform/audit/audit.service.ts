/**
 * Append-only, hash-chained audit events. `recordAudit` must be called inside the transaction
 * of the change it records: the event commits with the change or not at all.
 */
import { type Selectable, sql } from 'kysely';
import { sm3 } from '../crypto/sm3.ts';
import { canonicalJson } from './canonical.ts';
import { inTx } from '../db/tx.ts';
import type { Queryable, Tx } from '../db/types.ts';
import type { AuditEventTable } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so each event links to the one committed before it. */
const AUDIT_LOCK_KEY = 7_262_001;

/** Who does something, from where. Services receive it from routes and the CLI. */
export interface Actor {
  userId: number | null;
  name: string;
  orgId: number | null;
  requestId?: string;
  ip?: string;
}

export const systemActor = (name = 'system'): Actor => ({ userId: null, name, orgId: null });

export interface AuditInput {
  action: string;
  objectType?: string;
  objectId?: string | number;
  outcome?: 'success' | 'denied' | 'failure';
  detail?: unknown;
}

/** A stored audit event as hashed and verified (its outcome read as any text). */
export type AuditRow = Omit<Selectable<AuditEventTable>, 'outcome'> & { outcome: string };

/** The hash of one event: SM3 over its canonical content and the previous hash. */
export function eventHash(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson({
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    org_id: row.org_id,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    outcome: row.outcome,
    request_id: row.request_id,
    ip: row.ip,
    detail: row.detail ?? null,
  });
  return sm3(`${row.prev_hash}\n${content}`).toString('hex');
}


export async function recordAudit(db: Queryable, actor: Actor, input: AuditInput): Promise<number> {
  return inTx(db, async (tx: Tx) => {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
    const last = await tx
      .selectFrom('audit_events')
      .select(['hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const { rows } = await sql<{ seq: number }>`SELECT nextval('audit_events_seq_seq') AS seq`.execute(tx);
    const detail = input.detail === undefined ? null : JSON.parse(JSON.stringify(input.detail));
    const row = {
      seq: Number(rows[0].seq),
      at: new Date(),
      actor_id: actor.userId,
      actor_name: actor.name,
      org_id: actor.orgId,
      action: input.action,
      object_type: input.objectType ?? null,
      object_id: input.objectId === undefined ? null : String(input.objectId),
      outcome: input.outcome ?? 'success',
      request_id: actor.requestId ?? null,
      ip: actor.ip ?? null,
      detail,
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = eventHash(row);
    await tx
      .insertInto('audit_events')
      .values({ ...row, detail: detail === null ? null : JSON.stringify(detail), hash } as never)
      .execute();
    return row.seq;
  });
}
