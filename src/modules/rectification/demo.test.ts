/** The demo steps of the ledger and of accountability: realistic content, and idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { accountabilityDemoStep } from '../accountability/demo.ts';
import { careCounts, formStats } from '../accountability/accountability.service.ts';
import { type DemoContext, loadDemoCity } from '../demo/demo.service.ts';
import { rectificationDemoStep } from './demo.ts';
import { clearanceView } from './rectification.service.ts';

let p: TestPlatform;
let ctx: DemoContext;

beforeAll(async () => {
  p = await testPlatform();
  ctx = await loadDemoCity(p, () => {}, { onlyCore: true });
  await rectificationDemoStep.run(ctx);
  await accountabilityDemoStep.run(ctx);
});
afterAll(() => p?.close());

const count = async (table: 'rect_items' | 'account_decisions' | 'account_revisits' | 'audit_events') =>
  Number((await p.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo city: rectification and accountability', () => {
  it('has overdue and 销号 items, and 双问责 proposals, on the leader’s 见底清零 view', async () => {
    const leader = (await loadAccessContext(p.db, ctx.users.get('leader')!))!;
    const v = await clearanceView(p.db, leader, { by: 'unit' });
    expect(v.totals.total).toBe(16);
    expect(v.totals.rectified).toBeGreaterThanOrEqual(5);
    expect(v.totals.overdue).toBeGreaterThanOrEqual(3);
    expect(v.rows.some((r) => r.cleared)).toBe(true);
    const proposals = await p.db.selectFrom('account_proposals').select(['responsibility', 'status']).execute();
    expect(proposals.filter((x) => x.responsibility === 'primary').length).toBe(proposals.filter((x) => x.responsibility === 'supervisory').length);
    expect(proposals.some((x) => x.status === 'decided')).toBe(true);
  });

  it('has outcomes in all four forms, pending approvals, and care records', async () => {
    const leader = (await loadAccessContext(p.db, ctx.users.get('leader')!))!;
    const s = await formStats(p.db, leader, { period: 'all' });
    expect(s.totals.form1).toBeGreaterThan(s.totals.form2);
    expect(s.totals.total).toBeGreaterThan(30);
    const pending = await p.db.selectFrom('account_decisions').select('id').where('status', '=', 'pending_approval').execute();
    expect(pending.length).toBeGreaterThan(0);
    const care = await careCounts(p.db, leader);
    expect(care).toMatchObject({ tolerance: 10, clearing: 14, false_accusation: 3 });
    expect(care.revisit).toBeGreaterThan(5);
  });

  it('runs again without adding anything', async () => {
    const before = [await count('rect_items'), await count('account_decisions'), await count('account_revisits'), await count('audit_events')];
    await rectificationDemoStep.run(ctx);
    await accountabilityDemoStep.run(ctx);
    expect([await count('rect_items'), await count('account_decisions'), await count('account_revisits'), await count('audit_events')]).toEqual(before);
  });
});
