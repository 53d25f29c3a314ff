import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { cluesDemoStep } from './demo.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
});
afterAll(() => w?.close());

describe('demo step: clues and transfers', () => {
  it('creates clues in several states and transfers between 审计局 and the commission, once', async () => {
    await cluesDemoStep.run(w.demo);
    const db = w.platform.db;
    const states = (await db.selectFrom('clues').select('status').execute()).map((r) => r.status);
    expect(new Set(states)).toEqual(new Set(['registered', 'in_disposal', 'result_pending', 'closed', 'shelved']));
    const forms = (await db.selectFrom('clues').select('outcome_form').where('status', '=', 'closed').where('outcome_form', 'is not', null).execute()).map((r) => r.outcome_form).sort();
    expect(forms).toEqual([1, 4]);
    const transfers = await db.selectFrom('transfers').select(['status', 'sender_org_id', 'receiver_org_id', 'escalated_at', 'tour']).execute();
    expect(new Set(transfers.map((t) => t.status))).toEqual(new Set(['sent', 'acknowledged', 'returned', 'fed_back']));
    expect(transfers.some((t) => t.escalated_at)).toBe(true);
    expect(transfers.some((t) => t.tour)).toBe(true);
    const audit = w.demo.orgs.get('示范市审计局');
    expect(transfers.filter((t) => t.sender_org_id === audit).length).toBeGreaterThanOrEqual(4);
    expect(transfers.filter((t) => t.receiver_org_id === audit)).toHaveLength(1);

    const casemgr = await w.as('casemgr');
    expect((await casemgr.get('/api/todo')).json.counts['transfer.acknowledge']).toBe(2);
    expect((await (await w.as('leader')).get('/api/todo')).json.counts['clue.approve']).toBe(1);
    const stats = (await (await w.as('leader')).get('/api/transfers/stats?period=all')).json;
    expect(stats.totals.items).toBeGreaterThanOrEqual(10);
    expect(stats.items.map((r: { sentence: string }) => r.sentence).join()).toContain('示范市审计局向案件监督管理室移交问题线索');

    const before = { clues: states.length, transfers: transfers.length };
    await cluesDemoStep.run(w.demo);
    expect((await db.selectFrom('clues').select('id').execute()).length).toBe(before.clues);
    expect((await db.selectFrom('transfers').select('id').execute()).length).toBe(before.transfers);
  });
});
