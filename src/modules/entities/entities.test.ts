/**
 * The entity index over the demo city's integrated data: every reference column is indexed,
 * the `entity_refs` view finds an entity everywhere, person / enterprise / phone / plate / org
 * pages show what every source knows, the relation graph closes the loop official → relative →
 * enterprise → tender → buying organisation → official, and every read is audited.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { datasetsDemoStep } from '../demo/datasets.ts';
import { ENTITY_REFS } from './refs.ts';

let w: DemoWorld;
/** The M04 case of the demo: official O6 of 示范市农业农村局, child R6, R6's enterprise E6 winning T6. */
const T6 = 'SFZC2025-0402';
let O6: string;
let R6: string;
let E6: string;
const BUYER = '示范市农业农村局';

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  await datasetsDemoStep.run(w.demo);
  const db = w.platform.db;
  const t = await sql<{ winner_uscc: string }>`SELECT winner_uscc FROM ds_tenders WHERE tender_id = ${T6}`.execute(db);
  E6 = t.rows[0].winner_uscc;
  const e = await sql<{ legal_rep_id_number: string }>`SELECT legal_rep_id_number FROM ds_enterprises WHERE uscc = ${E6}`.execute(db);
  R6 = e.rows[0].legal_rep_id_number;
  const r = await sql<{ id_number: string }>`SELECT id_number FROM ds_relations WHERE relative_id_number = ${R6}`.execute(db);
  O6 = r.rows[0].id_number;
}, 300_000);
afterAll(() => w?.close());

describe('entity index', () => {
  it('has an index led by every reference column', async () => {
    const { rows } = await sql<{ table: string; first: string }>`
      SELECT t.relname AS table, a.attname AS first
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE t.relname LIKE 'ds\\_%'`.execute(w.platform.db);
    const have = new Set(rows.map((r) => `${r.table}.${r.first}`));
    for (const ref of ENTITY_REFS) expect(have.has(`ds_${ref.dataset}.${ref.column}`), `${ref.dataset}.${ref.column}`).toBe(true);
  });

  it('finds one person in every dataset through the entity_refs view', async () => {
    const { rows } = await sql<{ dataset: string; role: string; name: string | null }>`
      SELECT dataset, role, name FROM entity_refs WHERE kind = 'person' AND key = ${R6} ORDER BY dataset, role`.execute(w.platform.db);
    expect(rows.map((r) => `${r.dataset}:${r.role}`)).toEqual(['enterprises:企业法定代表人', 'relations:公职人员的亲属', 'shareholders:企业股东及主要人员']);
    expect(new Set(rows.map((r) => r.name)).size).toBe(1);
  });
});

describe('entity pages and graph (HTTP)', () => {
  it('answers 401 to the anonymous and 403 without entity:read', async () => {
    expect((await request(w.app, 'GET', `/api/entities/person/${O6}`)).status).toBe(401);
    for (const user of ['hotline', 'sysadmin', 'finance']) {
      const c = await w.as(user);
      expect((await c.get(`/api/entities/person/${O6}`)).status, user).toBe(403);
      expect((await c.get(`/api/entities/person/${O6}/graph`)).status, user).toBe(403);
      expect((await c.get('/api/entities/search?q=x')).status, user).toBe(403);
    }
  });

  it('person page of an official: post, relatives, the organisation’s vehicles, receptions and purchases', async () => {
    const c = await w.as('officer1');
    const r = await c.get(`/api/entities/person/${O6}`);
    expect(r.status, r.body).toBe(200);
    const page = r.json;
    expect(page).toMatchObject({ kind: 'person', key: O6, key_valid: true, facts: { official: { org: BUYER, status: '在职' } } });
    const ids = page.sections.map((s: { id: string }) => s.id);
    expect(ids).toContain('persons.id_number');
    expect(ids).toContain('relations.id_number');
    expect(ids).toContain('org.tenders');
    const rel = page.sections.find((s: { id: string }) => s.id === 'relations.id_number');
    expect(rel.items.some((x: { relative_id_number: string; relation: string }) => x.relative_id_number === R6 && x.relation === '子女')).toBe(true);
    const buys = page.sections.find((s: { id: string }) => s.id === 'org.tenders');
    expect(buys.items.map((x: { tender_id: string }) => x.tender_id)).toContain(T6);
    expect(page.links).toContainEqual(expect.objectContaining({ kind: 'person', key: R6 }));
    expect(page.links).toContainEqual(expect.objectContaining({ kind: 'org', key: BUYER }));
    // lineage of each row is there: batch and row number
    expect(page.sections[0].items[0]).toHaveProperty('_batch_id');
    expect(page.sections[0].items[0]).toHaveProperty('_row');
  });

  it('person page of the relative: roles in enterprises and the tenders they won', async () => {
    const c = await w.as('officer1');
    const r = await c.get(`/api/entities/person/${R6.toLowerCase()}`);
    expect(r.status).toBe(200);
    const ids = r.json.sections.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['relations.relative_id_number', 'enterprises.legal_rep_id_number', 'shareholders.id_number', 'related.tenders_won']));
    const won = r.json.sections.find((s: { id: string }) => s.id === 'related.tenders_won');
    expect(won.items.map((x: { tender_id: string }) => x.tender_id).sort()).toEqual([T6, 'SFZC2025-0403']);
    expect(r.json.links).toContainEqual(expect.objectContaining({ kind: 'enterprise', key: E6, relation: '法定代表人' }));
  });

  it('enterprise page: people who are officials’ relatives, tenders won, bids', async () => {
    const c = await w.as('officer1');
    const r = await c.get(`/api/entities/enterprise/${E6}`);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.sections.map((s: { id: string; total: number }) => [s.id, s]));
    expect(byId['tenders.winner_uscc'].total).toBe(2);
    expect(byId['people.relatives'].items[0]).toMatchObject({ id_number: O6, relative_id_number: R6, relation: '子女' });
    expect(r.json.facts.enterprise.legal_rep_name).toBeTruthy();
    expect(r.json.links).toContainEqual(expect.objectContaining({ kind: 'org', key: BUYER }));
  });

  it('phone page: the bid phone two bidders shared (M05) and where else it appears', async () => {
    const c = await w.as('officer1');
    const r = await c.get(`/api/entities/phone/${encodeURIComponent('+86 139-0531-0088')}`);
    expect(r.status).toBe(200);
    expect(r.json.key).toBe('13905310088');
    const bids = r.json.sections.find((s: { id: string }) => s.id === 'bids.phone');
    expect(bids.items.map((b: { tender_id: string }) => b.tender_id).sort()).toEqual(['SFZC2025-0501', 'SFZC2025-0501', 'SFZC2025-0505']);
    expect(r.json.links.filter((l: { kind: string }) => l.kind === 'enterprise')).toHaveLength(3);
  });

  it('plate and organisation pages', async () => {
    const c = await w.as('officer1');
    const { rows } = await sql<{ plate: string; org: string }>`SELECT plate, org FROM ds_vehicles ORDER BY _id LIMIT 1`.execute(w.platform.db);
    const plate = await c.get(`/api/entities/plate/${encodeURIComponent(`${rows[0].plate.slice(0, 2)}·${rows[0].plate.slice(2)}`)}`);
    expect(plate.status).toBe(200);
    expect(plate.json.key).toBe(rows[0].plate);
    expect(plate.json.sections.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['vehicles.plate', 'trips.plate', 'fuel.plate']));
    const org = await c.get(`/api/entities/org/${encodeURIComponent(rows[0].org)}`);
    expect(org.status).toBe(200);
    expect(org.json.sections.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['persons.org', 'vehicles.org', 'vehicles.trips']));
  });

  it('relation graph closes the loop official → relative → enterprise → tender → buyer → official', async () => {
    const c = await w.as('officer1');
    const r = await c.get(`/api/entities/person/${O6}/graph?depth=4&max_nodes=400`);
    expect(r.status, r.body).toBe(200);
    const g = r.json;
    const node = (id: string) => g.nodes.find((n: { id: string }) => n.id === id);
    expect(node(`person:${O6}`)).toMatchObject({ kind: 'person', depth: 0, flags: { official: true, org: BUYER } });
    expect(node(`person:${R6}`)).toMatchObject({ depth: 1 });
    expect(node(`enterprise:${E6}`)).toMatchObject({ depth: 2 });
    // reached at depth 2 both ways: via the enterprise it won, and via the buying organisation
    expect(node(`tender:${T6}`)).toMatchObject({ depth: 2, flags: { buyer: BUYER } });
    expect(node(`org:${BUYER}`)).toMatchObject({ depth: 1 });
    const edge = (s: string, t: string, kind: string) => g.edges.some((e: { source: string; target: string; kind: string }) => e.source === s && e.target === t && e.kind === kind);
    expect(edge(`person:${O6}`, `person:${R6}`, 'relative')).toBe(true);
    expect(edge(`person:${R6}`, `enterprise:${E6}`, 'legal_rep')).toBe(true);
    expect(edge(`enterprise:${E6}`, `tender:${T6}`, 'won')).toBe(true);
    expect(edge(`org:${BUYER}`, `tender:${T6}`, 'buyer')).toBe(true);
    expect(edge(`person:${O6}`, `org:${BUYER}`, 'works_at')).toBe(true);
    for (const e of g.edges) {
      expect(node(e.source), e.source).toBeTruthy();
      expect(node(e.target), e.target).toBeTruthy();
    }
    const small = await c.get(`/api/entities/person/${O6}/graph?depth=1`);
    expect(Math.max(...small.json.nodes.map((n: { depth: number }) => n.depth))).toBe(1);
    const capped = await c.get(`/api/entities/org/${encodeURIComponent(BUYER)}/graph?depth=3&max_nodes=10`);
    expect(capped.json.nodes.length).toBeLessThanOrEqual(10);
    expect(capped.json.truncated).toBe(true);
  });

  it('searches by key or name, and audits every page, graph and search', async () => {
    const c = await w.as('officer1');
    const s = await c.get(`/api/entities/search?q=${E6}`);
    expect(s.json.items).toContainEqual(expect.objectContaining({ kind: 'enterprise', key: E6 }));
    const { rows } = await sql<{ name: string }>`SELECT name FROM ds_enterprises WHERE uscc = ${E6}`.execute(w.platform.db);
    const byName = await c.get(`/api/entities/search?q=${encodeURIComponent(rows[0].name)}`);
    expect(byName.json.items).toContainEqual(expect.objectContaining({ kind: 'enterprise', key: E6 }));
    const events = await w.platform.db.selectFrom('audit_events').selectAll().where('action', 'in', ['entity.read', 'entity.graph', 'entity.search']).execute();
    const officer = w.demo.users.get('officer1');
    expect(events.every((e) => e.actor_id === officer)).toBe(true);
    expect(events.some((e) => e.action === 'entity.read' && e.object_type === 'person' && e.object_id === O6)).toBe(true);
    expect(events.some((e) => e.action === 'entity.graph' && e.object_id === O6)).toBe(true);
    expect(events.filter((e) => e.action === 'entity.search')).toHaveLength(2);
  });
});
