/**
 * Setting a round up from the web forms: who may be put on a team (GET /api/inspections/candidates),
 * and adding a team or a target to a round before 进驻.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';

let w: DemoWorld;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('team candidates', () => {
  it('lists active commission-system users, marks who may be 第二副组长, and filters by name and org', async () => {
    const inspector = await w.as('inspector1');
    const r = await inspector.get('/api/inspections/candidates');
    expect(r.status, r.body).toBe(200);
    const items = r.json.items as { id: number; display_name: string; org_name: string; org_kind: string; second_deputy_eligible: boolean }[];
    const byName = (n: string) => items.find((i) => i.display_name === n);
    expect(byName('孙浩然')).toMatchObject({ org_name: '市委第一巡察组', org_kind: 'inspection', second_deputy_eligible: false });
    expect(byName('赵建国')).toMatchObject({ org_name: '派驻市农业农村局纪检监察组', second_deputy_eligible: true });
    expect(byName('李明远')).toMatchObject({ org_kind: 'office', second_deputy_eligible: true });
    // Partner bodies and supervised units are not in the commission system.
    expect(byName('吴志强')).toBeUndefined();
    expect(byName('冯建华')).toBeUndefined();

    const q = await inspector.get(`/api/inspections/candidates?q=${encodeURIComponent('赵建')}`);
    expect(q.json.items.map((i: { display_name: string }) => i.display_name)).toEqual(['赵建国']);
    const orgId = w.demo.orgs.get('第一监督检查室')!;
    const o = await inspector.get(`/api/inspections/candidates?org_id=${orgId}`);
    expect(o.json.items.length).toBeGreaterThan(0);
    expect(o.json.items.every((i: { org_id: number }) => i.org_id === orgId)).toBe(true);
  });

  it('is for inspection staff only', async () => {
    expect((await (await w.as('officer1')).get('/api/inspections/candidates')).status).toBe(403);
    expect((await (await w.as('agri')).get('/api/inspections/candidates')).status).toBe(403);
  });
});

describe('adding teams and targets before stationing', () => {
  const org = (name: string) => w.demo.orgs.get(name)!;
  const uid = (name: string) => w.demo.users.get(name)!;
  let roundId = 0;
  let firstTeam = 0;

  it('adds a team (with its 组长) and a target for it, refusing bad set-ups', async () => {
    const inspector = await w.as('inspector1');
    const r = await inspector.post('/api/inspections/rounds', {
      name: '十五届市委第七轮巡察',
      term: '十五届市委',
      round_no: 7,
      organizer_org_id: org('市委巡察办'),
      starts_on: '2026-09-01',
      ends_on: '2026-11-30',
      teams: [{ org_id: org('市委第一巡察组'), members: [{ user_id: uid('inspector1'), role: 'leader' }] }],
      targets: [{ org_id: org('示范市农业农村局'), team_org_id: org('市委第一巡察组'), supervising_org_id: org('派驻市农业农村局纪检监察组') }],
    });
    expect(r.status, r.body).toBe(200);
    roundId = r.json.id;
    firstTeam = (await inspector.get(`/api/inspections/rounds/${roundId}`)).json.teams[0].id;

    const noLeader = await inspector.post(`/api/inspections/rounds/${roundId}/teams`, { org_id: org('市委第二巡察组'), members: [{ user_id: uid('officer2'), role: 'member' }] });
    expect(noLeader.status).toBe(400);
    expect(noLeader.json.message).toContain('须有组长');
    const again = await inspector.post(`/api/inspections/rounds/${roundId}/teams`, { org_id: org('市委第一巡察组'), members: [{ user_id: uid('officer2'), role: 'leader' }] });
    expect(again.status).toBe(409);
    const team = await inspector.post(`/api/inspections/rounds/${roundId}/teams`, {
      org_id: org('市委第二巡察组'),
      members: [
        { user_id: uid('officer2'), role: 'leader' },
        { user_id: uid('group1'), role: 'second_deputy' },
      ],
    });
    expect(team.status, team.body).toBe(200);

    const dup = await inspector.post(`/api/inspections/rounds/${roundId}/targets`, { org_id: org('示范市农业农村局'), team_id: team.json.id, supervising_org_id: org('派驻市农业农村局纪检监察组') });
    expect(dup.status).toBe(409);
    const notCommission = await inspector.post(`/api/inspections/rounds/${roundId}/targets`, { org_id: org('示范市教育局'), team_id: team.json.id, supervising_org_id: org('示范市审计局') });
    expect(notCommission.status).toBe(400);
    const target = await inspector.post(`/api/inspections/rounds/${roundId}/targets`, { org_id: org('示范市住房和城乡建设局'), team_id: team.json.id, supervising_org_id: org('派驻市住建局纪检监察组') });
    expect(target.status, target.body).toBe(200);

    const got = (await inspector.get(`/api/inspections/rounds/${roundId}`)).json;
    expect(got.teams.map((t: { org_name: string }) => t.org_name)).toEqual(['市委第一巡察组', '市委第二巡察组']);
    expect(got.teams[1].members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ['王晓燕', 'leader'],
      ['赵建国', 'second_deputy'],
    ]);
    // The new target is seen by its own team (the first team's leader sees only his own targets).
    expect(got.targets.map((t: { target_org_name: string }) => t.target_org_name)).toEqual(['示范市农业农村局']);
    const theirs = (await (await w.as('officer2')).get(`/api/inspections/rounds/${roundId}`)).json;
    const added = theirs.targets.find((t: { target_org_name: string }) => t.target_org_name === '示范市住房和城乡建设局');
    expect(added).toMatchObject({ team_id: team.json.id, supervising_org_name: '派驻市住建局纪检监察组', party_org_name: '中共示范市住房和城乡建设局党组' });
    const audit = await w.platform.db.selectFrom('audit_events').select('action').where('action', 'in', ['inspection.team.add', 'inspection.target.add']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['inspection.target.add', 'inspection.team.add']);
  });

  it('is for the organising inspection staff, and only before 进驻', async () => {
    const body = { org_id: org('示范市教育局'), team_id: firstTeam, supervising_org_id: org('派驻市住建局纪检监察组') };
    expect((await (await w.as('officer1')).post(`/api/inspections/rounds/${roundId}/targets`, body)).status).toBe(403);
    const inspector = await w.as('inspector1');
    let version = (await inspector.get(`/api/inspections/rounds/${roundId}`)).json.version;
    for (const event of ['prepare', 'station']) {
      const p = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event });
      expect(p.status, p.body).toBe(200);
      version = p.json.version;
    }
    const late = await inspector.post(`/api/inspections/rounds/${roundId}/targets`, body);
    expect(late.status).toBe(409);
    expect(late.json.message).toContain('进驻后');
  });
});
