/** The demo steps of collaboration and inspections: they load on the demo city, twice without duplicates, and show what they claim. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { collaborationDemoStep } from '../collaboration/demo.ts';
import { inspectionsDemoStep } from './demo.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
  for (let i = 0; i < 2; i++) {
    await collaborationDemoStep.run(w.demo);
    await inspectionsDemoStep.run(w.demo);
  }
});
afterAll(() => w?.close());

describe('demo city: collaboration and inspections', () => {
  it('has the mechanisms, meetings, lists, experts, campaigns and the 问政 event, once', async () => {
    const leader = await w.as('leader');
    const m = await leader.get('/api/collab/mechanisms');
    expect(m.json.total).toBe(6);
    expect(m.json.items.filter((x: { in_force: boolean }) => x.in_force).map((x: { domain: string }) => x.domain).sort()).toEqual(['12345', '司法', '审计', '巡察', '财会'].sort());
    const lists = await leader.get('/api/collab/priority-lists');
    expect(lists.json.summary.text).toBe('5个职能部门17项监督重点，8项成果运用事项');
    const c = await leader.get('/api/collab/campaigns');
    expect(c.json.items.map((x: { name: string; areas: number; tasks: number }) => [x.name, x.areas, x.tasks])).toEqual([
      ['护航优化营商环境专项监督', 7, 35],
      ['黄河流域生态保护专项监督', 4, 12],
    ]);
    const ys = await leader.get(`/api/collab/campaigns/${c.json.items[0].id}`);
    expect(ys.json.dashboard).toMatchObject({ areas: 7, tasks: 35, problems: 4, problems_rectified: 2 });
    const wz = await leader.get('/api/collab/wenzheng');
    const ev = await leader.get(`/api/collab/wenzheng/${wz.json.items[0].id}`);
    expect(ev.json.dashboard).toMatchObject({ issues: 3, clues: 2, on_ledger: 2, rectified: 1, decisions: 1, published: 1, closed: 1 });
    const tasks = await (await w.as('auditor')).get('/api/collab/tasks?mine=true');
    expect(tasks.json.items[0]).toMatchObject({ status: 'done' });
    expect((await leader.get('/api/collab/experts')).json.total).toBe(6);
  });

  it('has the round gone through, with its counts, and the next round in 巡前', async () => {
    const leader = await w.as('leader');
    const rounds = await leader.get('/api/inspections/rounds');
    expect(rounds.json.items.map((r: { name: string; phase: string }) => [r.name, r.phase])).toEqual([
      ['十五届市委第六轮巡察', 'before'],
      ['十五届市委第五轮巡察', 'after'],
    ]);
    const id = rounds.json.items[1].id;
    const s = await leader.get(`/api/inspections/rounds/${id}/stats`);
    expect(s.json.total).toMatchObject({ problems: 10, audit_problems: 2, immediate: 1, clues_transferred: 1, on_ledger: 10, rectified: 5, sanctioned: 1 });
    expect(s.json.text).toBe('共发现问题10个（其中专项审计发现2个），移交问题线索1件，1人受到党纪政务处分，已整改问题5个');
    const letters = await leader.get('/api/inspections/letters');
    expect(letters.json.items.map((l: { kind: string; status: string }) => [l.kind, l.status])).toEqual([
      ['discipline', 'issued'],
      ['inspection', 'closed'],
    ]);
    const inspector = await w.as('inspector1');
    const round = await inspector.get(`/api/inspections/rounds/${id}`);
    const brief = await inspector.get(`/api/inspections/targets/${round.json.targets[0].id}/briefing`);
    expect(brief.json.key_people).toHaveLength(2);
  });
});
