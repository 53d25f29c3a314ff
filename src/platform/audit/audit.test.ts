import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { recordAudit, systemActor } from './audit.service.ts';
import { verifyAuditTrail, writeCheckpoint } from './verify.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
  for (let i = 0; i < 20; i++) {
    await recordAudit(p.db, systemActor('t'), { action: 'test.event', objectType: 'thing', objectId: i, detail: { i, 名称: `第${i}项` } });
  }
});
afterAll(() => p?.close());

/** Tamper as a database superuser would: with the append-only trigger switched off. */
async function asSuperuser(statement: ReturnType<typeof sql>) {
  await p.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await statement.execute(tx);
  });
}

describe('audit trail', () => {
  it('verifies an untouched chain with a signed checkpoint', async () => {
    const cp = await writeCheckpoint(p.db, p.dataDir, systemActor('t'));
    expect(cp?.treeSize).toBe(20);
    const r = await verifyAuditTrail(p.db);
    expect(r).toMatchObject({ ok: true, checkpoints: 1 });
    expect(r.events).toBe(21); // 20 + the checkpoint's own event
  });

  it('refuses UPDATE and DELETE from the application role', async () => {
    await expect(sql`UPDATE audit_events SET action = 'x' WHERE seq = 1`.execute(p.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(p.db)).rejects.toThrow(/append-only/);
  });

  it('names the first edited event', async () => {
    const { rows } = await sql<{ seq: number }>`SELECT seq FROM audit_events ORDER BY seq OFFSET 6 LIMIT 1`.execute(p.db);
    const target = Number(rows[0].seq);
    const before = await p.db.selectFrom('audit_events').select('detail').where('seq', '=', target).executeTakeFirstOrThrow();
    await asSuperuser(sql`UPDATE audit_events SET detail = '{"i": 999}' WHERE seq = ${target}`);
    const r = await verifyAuditTrail(p.db);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(target);
    await asSuperuser(sql`UPDATE audit_events SET detail = ${JSON.stringify(before.detail)}::jsonb WHERE seq = ${target}`);
    expect((await verifyAuditTrail(p.db)).ok).toBe(true);
  });

  it('catches a deleted tail through the checkpoint', async () => {
    const { rows } = await sql<{ seq: number }>`SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 3`.execute(p.db);
    await asSuperuser(sql`DELETE FROM audit_events WHERE seq >= ${Number(rows[2].seq)}`);
    const r = await verifyAuditTrail(p.db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/checkpoint .* covers 20 events/);
  });
});
