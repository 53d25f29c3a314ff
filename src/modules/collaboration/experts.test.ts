/**
 * The talent pool for an expert from outside the platform's organisations (no org) checked only
 * against people and enterprises under review: no organisation is involved at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { loadOrgFacts } from './common.ts';

let w: DemoWorld;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('conflict check without organisations', () => {
  it('loadOrgFacts of no ids is empty', async () => {
    expect((await loadOrgFacts(w.platform.db, [])).size).toBe(0);
  });

  it('refuses the assignment when a declared relative is under review, and assigns otherwise', async () => {
    const officer = await w.as('officer1');
    const e = await officer.post('/api/collab/experts', { name: '沈雅琴', employer: '示范诚信会计师事务所', fields: ['财会'], ties: [{ kind: 'relative', name: '钱多多', relation: '配偶' }] });
    expect(e.status, e.body).toBe(200);
    const task = { expert_id: e.json.id, task_type: 'audit', title: '专项审计', starts_on: '2026-10-08', ends_on: '2026-10-30' };
    const check = await officer.post('/api/collab/experts/conflict-check', { ...task, subjects: { persons: [{ name: '钱多多' }] } });
    expect(check.status, check.body).toBe(200);
    expect(check.json.clear).toBe(false);
    expect(check.json.conflicts.map((c: { reason: string }) => c.reason)).toEqual(['被监督人员钱多多是沈雅琴申报的亲属（配偶）']);
    const refused = await officer.post('/api/collab/assignments', { ...task, subjects: { persons: [{ name: '钱多多' }] } });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('conflict_of_interest');
    expect(refused.json.details.conflicts).toHaveLength(1);
    const ok = await officer.post('/api/collab/assignments', { ...task, subjects: { persons: [{ name: '孙某' }], enterprises: [{ name: '示范市某建设公司' }] } });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.conflict_check.clear).toBe(true);
  });
});
