/**
 * Entity pages (主体档案) and the relation graph (关系图谱) over the integrated data.
 *
 * - `entityPage`: everything known about one person / enterprise / phone / organisation /
 *   plate from every dataset (each reference of refs.ts is one indexed lookup), plus derived
 *   sections (a person's enterprises and their tenders and bids, the vehicles, receptions and
 *   purchases of the person's organisation, 12345 orders by linked phones …) and links to the
 *   related entities.
 * - `entityGraph`: nodes and edges around an entity, breadth-first and depth-limited (person ↔
 *   relative ↔ enterprise ↔ tender ↔ buying organisation ↔ official …), each level one batched
 *   indexed query per relation (`= ANY(keys)`), capped in nodes.
 *
 * Both are reads of sensitive personal data: every call writes an audit event.
 */
import { type RawBuilder, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput } from '../../platform/errors.ts';
import { getDataset, tableName } from '../datasets/catalog.ts';
import { type EntityKind, KIND_LABELS, normalizeEntityKey, refsOf } from './refs.ts';

type Row = Record<string, unknown>;

export interface Section {
  id: string;
  title: string;
  dataset: string;
  /** What the entity is in these rows, or how the rows are linked to it. */
  role: string;
  total: number;
  items: Row[];
  truncated: boolean;
}

export interface EntityLink {
  kind: EntityKind | 'tender';
  key: string;
  label: string;
  relation: string;
}

export interface EntityPage {
  kind: EntityKind;
  key: string;
  key_valid: boolean;
  label: string;
  names: string[];
  /** Short facts for the page header (official status, death, …). */
  facts: Record<string, unknown>;
  sections: Section[];
  links: EntityLink[];
}

const SECTION_LIMIT = 200;
const t = (dataset: string) => sql.table(tableName(getDataset(dataset)));
const col = (c: string) => sql.ref(c);
const arr = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;

const clean = (r: Row): Row => {
  const { _extra, ...rest } = r;
  return { ...rest, _id: Number(r._id), ...(_extra ? { _extra } : {}) };
};

async function section(
  db: Queryable,
  id: string,
  title: string,
  dataset: string,
  role: string,
  where: RawBuilder<unknown>,
  order: string,
): Promise<Section> {
  const { rows } = await sql<Row>`SELECT * FROM ${t(dataset)} WHERE ${where} ORDER BY ${sql.raw(order)} LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  let total = rows.length;
  if (rows.length > SECTION_LIMIT) {
    const { rows: c } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${t(dataset)} WHERE ${where}`.execute(db);
    total = Number(c[0].n);
  }
  return { id, title, dataset, role, total, items: rows.slice(0, SECTION_LIMIT).map(clean), truncated: rows.length > SECTION_LIMIT };
}

const DATASET_ORDER: Record<string, string> = {
  persons: '_id',
  relations: 'relation, _id',
  deaths: '_id',
  subsidies: 'paid_on DESC, _id',
  enterprises: '_id',
  shareholders: '_id',
  tenders: 'awarded_on DESC NULLS LAST, _id',
  bids: 'tender_id, _id',
  vouchers: 'redeemed_at DESC, _id',
  vehicles: '_id',
  trips: 'start_at DESC, _id',
  fuel: 'fueled_at DESC, _id',
  receptions: 'date DESC, _id',
  grain: 'purchased_on DESC, _id',
  land: '_id',
  hotline: 'received_at DESC, _id',
};

/** One section per reference of the kind (rows where the entity's key is in that column). */
async function directSections(db: Queryable, kind: EntityKind, key: string): Promise<Section[]> {
  const out: Section[] = [];
  for (const r of refsOf(kind)) {
    const d = getDataset(r.dataset);
    out.push(await section(db, `${r.dataset}.${r.column}`, d.title, r.dataset, r.role, sql`${col(r.column)} = ${key}`, DATASET_ORDER[r.dataset] ?? '_id'));
  }
  return out.filter((s) => s.total > 0);
}

const uniq = <T>(xs: Iterable<T>) => [...new Set(xs)];
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export async function entityPage(db: Queryable, actor: Actor, _access: AccessContext, kind: EntityKind, rawKey: string): Promise<EntityPage> {
  if (!rawKey.trim()) throw badInput('请提供主体标识（身份证号、信用代码、电话、单位名称或车牌）', 'An entity key is required');
  const { key, valid } = normalizeEntityKey(kind, rawKey);
  return inTx(db, async (tx) => {
    const sections = await directSections(tx, kind, key);
    const links: EntityLink[] = [];
    const facts: Record<string, unknown> = {};
    const names: string[] = [];
    const addLink = (l: EntityLink) => {
      if (l.key && !links.some((x) => x.kind === l.kind && x.key === l.key && x.relation === l.relation)) links.push(l);
    };
    for (const s of sections) {
      const ref = refsOf(kind).find((r) => `${r.dataset}.${r.column}` === s.id);
      if (ref?.nameColumn) for (const it of s.items) if (it[ref.nameColumn]) names.push(str(it[ref.nameColumn]));
    }
    const get = (id: string) => sections.find((s) => s.id === id)?.items ?? [];

    if (kind === 'person') {
      const official = get('persons.id_number')[0];
      if (official) facts.official = { org: official.org, position: official.position, category: official.category, status: official.status };
      const death = get('deaths.id_number')[0];
      if (death) facts.deceased = { death_date: death.death_date };
      for (const r of get('relations.id_number')) addLink({ kind: 'person', key: str(r.relative_id_number), label: str(r.relative_name), relation: `亲属（${str(r.relation)}）` });
      for (const r of get('relations.relative_id_number')) addLink({ kind: 'person', key: str(r.id_number), label: str(r.name), relation: `为其${str(r.relation)}的公职人员` });
      const ents = new Map<string, string[]>();
      for (const e of get('enterprises.legal_rep_id_number')) ents.set(str(e.uscc), [...(ents.get(str(e.uscc)) ?? []), '法定代表人']);
      for (const s of get('shareholders.id_number')) ents.set(str(s.uscc), [...(ents.get(str(s.uscc)) ?? []), str(s.role) || '股东及主要人员']);
      const usccs = [...ents.keys()];
      if (usccs.length) {
        const { rows: en } = await sql<{ uscc: string; name: string; phone: string | null }>`
          SELECT uscc, name, phone FROM ${t('enterprises')} WHERE uscc = ANY(${arr(usccs)})`.execute(tx);
        const nameOf = new Map(en.map((e) => [e.uscc, e.name]));
        for (const [u, roles] of ents) addLink({ kind: 'enterprise', key: u, label: nameOf.get(u) ?? u, relation: uniq(roles).join('、') });
        sections.push(await section(tx, 'related.tenders_won', '关联企业中标项目', 'tenders', '本人任职/持股企业中标', sql`winner_uscc = ANY(${arr(usccs)})`, DATASET_ORDER.tenders));
        sections.push(await section(tx, 'related.bids', '关联企业投标记录', 'bids', '本人任职/持股企业投标', sql`bidder_uscc = ANY(${arr(usccs)})`, DATASET_ORDER.bids));
        const phones = uniq(en.map((e) => e.phone).filter((p): p is string => !!p));
        if (phones.length) {
          sections.push(await section(tx, 'related.hotline', '关联电话的12345工单', 'hotline', '诉求人电话为本人关联企业联系电话', sql`caller_phone = ANY(${arr(phones)})`, DATASET_ORDER.hotline));
          for (const p of phones) addLink({ kind: 'phone', key: p, label: p, relation: '关联企业联系电话' });
        }
      }
      const org = official?.org ? str(official.org) : '';
      if (org) {
        addLink({ kind: 'org', key: org, label: org, relation: '工作单位' });
        sections.push(await section(tx, 'org.vehicles', '所在单位公务用车', 'vehicles', `${org}的公务用车`, sql`org = ${org}`, DATASET_ORDER.vehicles));
        sections.push(await section(tx, 'org.receptions', '所在单位公务接待', 'receptions', `${org}的公务接待`, sql`org = ${org}`, DATASET_ORDER.receptions));
        sections.push(await section(tx, 'org.tenders', '所在单位采购项目', 'tenders', `${org}为采购单位`, sql`buyer = ${org}`, DATASET_ORDER.tenders));
      }
    } else if (kind === 'enterprise') {
      const ent = get('enterprises.uscc')[0];
      if (ent) facts.enterprise = { name: ent.name, legal_rep_name: ent.legal_rep_name, phone: ent.phone, address: ent.address };
      const people = new Map<string, { name: string; roles: string[] }>();
      if (ent?.legal_rep_id_number) people.set(str(ent.legal_rep_id_number), { name: str(ent.legal_rep_name), roles: ['法定代表人'] });
      for (const s of get('shareholders.uscc')) {
        const p = people.get(str(s.id_number)) ?? { name: str(s.name), roles: [] };
        p.roles.push(str(s.role) || '股东及主要人员');
        people.set(str(s.id_number), p);
      }
      const ids = [...people.keys()];
      if (ids.length) {
        sections.push(await section(tx, 'people.officials', '企业人员中的公职人员', 'persons', '法定代表人/股东/高管是公职人员', sql`id_number = ANY(${arr(ids)})`, DATASET_ORDER.persons));
        sections.push(await section(tx, 'people.relatives', '企业人员中的公职人员亲属', 'relations', '法定代表人/股东/高管是公职人员的亲属', sql`relative_id_number = ANY(${arr(ids)})`, DATASET_ORDER.relations));
      }
      for (const [id, p] of people) addLink({ kind: 'person', key: id, label: p.name || id, relation: uniq(p.roles).join('、') });
      const phones = uniq([str(ent?.phone), ...get('bids.bidder_uscc').map((b) => str(b.phone))].filter(Boolean));
      if (phones.length) {
        sections.push(await section(tx, 'phones.hotline', '企业电话的12345工单', 'hotline', '诉求人电话为企业联系电话或投标电话', sql`caller_phone = ANY(${arr(phones)})`, DATASET_ORDER.hotline));
        sections.push(
          await section(tx, 'phones.other_bidders', '使用相同电话的其他投标记录', 'bids', '其他投标单位使用了本企业的电话', sql`phone = ANY(${arr(phones)}) AND bidder_uscc <> ${key}`, DATASET_ORDER.bids),
        );
        for (const p of phones) addLink({ kind: 'phone', key: p, label: p, relation: '联系电话/投标电话' });
      }
      for (const tdr of get('tenders.winner_uscc')) {
        addLink({ kind: 'tender', key: str(tdr.tender_id), label: str(tdr.title), relation: '中标' });
        if (tdr.buyer) addLink({ kind: 'org', key: str(tdr.buyer), label: str(tdr.buyer), relation: '采购单位（中标项目）' });
      }
      for (const b of get('bids.bidder_uscc')) addLink({ kind: 'tender', key: str(b.tender_id), label: str(b.tender_id), relation: '投标' });
    } else if (kind === 'phone') {
      for (const e of get('enterprises.phone')) addLink({ kind: 'enterprise', key: str(e.uscc), label: str(e.name), relation: '企业联系电话' });
      for (const b of get('bids.phone')) addLink({ kind: 'enterprise', key: str(b.bidder_uscc), label: str(b.bidder_name), relation: '投标联系电话' });
    } else if (kind === 'org') {
      const plates = get('vehicles.org').map((v) => str(v.plate));
      if (plates.length) {
        sections.push(await section(tx, 'vehicles.trips', '单位公务用车出车记录', 'trips', `${key}的公务用车`, sql`plate = ANY(${arr(plates)})`, DATASET_ORDER.trips));
        sections.push(await section(tx, 'vehicles.fuel', '单位公务用车加油记录', 'fuel', `${key}的公务用车`, sql`plate = ANY(${arr(plates)})`, DATASET_ORDER.fuel));
        for (const p of plates) addLink({ kind: 'plate', key: p, label: p, relation: '公务用车' });
      }
      for (const p of get('persons.org')) addLink({ kind: 'person', key: str(p.id_number), label: str(p.name), relation: str(p.position) || '工作人员' });
      for (const tdr of get('tenders.buyer')) if (tdr.winner_uscc) addLink({ kind: 'enterprise', key: str(tdr.winner_uscc), label: str(tdr.winner_uscc), relation: '中标单位' });
    } else if (kind === 'plate') {
      const v = get('vehicles.plate')[0];
      if (v) {
        facts.vehicle = { org: v.org, tank_liters: v.tank_liters };
        if (v.org) addLink({ kind: 'org', key: str(v.org), label: str(v.org), relation: '所属单位' });
      }
    }

    const nonEmpty = sections.filter((s) => s.total > 0);
    const label = kind === 'enterprise' && facts.enterprise ? str((facts.enterprise as Row).name) : names[0] ?? key;
    await recordAudit(tx, actor, {
      action: 'entity.read',
      objectType: kind,
      objectId: key,
      detail: { sections: nonEmpty.map((s) => ({ id: s.id, total: s.total })) },
    });
    return { kind, key, key_valid: valid, label, names: uniq(names), facts, sections: nonEmpty, links };
  });
}

/** Entities known under a search text: an exact key of any kind, or an exact person/enterprise/organisation name. */
export async function searchEntities(db: Queryable, actor: Actor, q: string) {
  const text = q.trim();
  if (!text) throw badInput('请输入检索内容', 'Search text is required');
  const found: { kind: EntityKind; key: string; label: string; sources: number }[] = [];
  for (const kind of ['person', 'enterprise', 'phone', 'plate', 'org'] as const) {
    const { key } = normalizeEntityKey(kind, text);
    const { rows } = await sql<{ n: number; name: string | null }>`
      SELECT count(*) AS n, max(name) AS name FROM entity_refs WHERE kind = ${kind} AND key = ${key}`.execute(db);
    if (Number(rows[0].n) > 0) found.push({ kind, key, label: rows[0].name ?? key, sources: Number(rows[0].n) });
  }
  const byName = await sql<{ kind: EntityKind; key: string; label: string }>`
    (SELECT 'person' AS kind, id_number AS key, name AS label FROM ${t('persons')} WHERE name = ${text} LIMIT 50)
    UNION ALL
    (SELECT 'enterprise', uscc, name FROM ${t('enterprises')} WHERE name = ${text} LIMIT 50)`.execute(db);
  for (const r of byName.rows) if (!found.some((f) => f.kind === r.kind && f.key === r.key)) found.push({ ...r, sources: 1 });
  await recordAudit(db, actor, { action: 'entity.search', objectType: 'entity', detail: { q: text, found: found.length } });
  return { items: found.map((f) => ({ ...f, kind_label: KIND_LABELS[f.kind] })) };
}

// ---------------------------------------------------------------------------------------------
// Relation graph

export type NodeKind = EntityKind | 'tender';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  key: string;
  label: string;
  depth: number;
  /** person: is_official, deceased; … */
  flags: Record<string, unknown>;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: string;
  label: string;
}

export interface Graph {
  root: string;
  depth: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

interface Hop {
  /** Direction of the edge: from the frontier node (`out`) or towards it (`in`). */
  dir: 'out' | 'in';
  toKind: NodeKind;
  edgeKind: string;
  /** SQL returning (a = frontier key, b = neighbour key, label = edge label, name = neighbour name). */
  sql: (keys: readonly string[]) => RawBuilder<{ a: string; b: string; label: string | null; name: string | null }>;
}

const HOP_LIMIT = 500;
const lim = sql.raw(String(HOP_LIMIT));

const HOPS: Record<NodeKind, Hop[]> = {
  person: [
    { dir: 'out', toKind: 'person', edgeKind: 'relative', sql: (k) => sql`SELECT id_number AS a, relative_id_number AS b, relation AS label, relative_name AS name FROM ${t('relations')} WHERE id_number = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'in', toKind: 'person', edgeKind: 'relative', sql: (k) => sql`SELECT relative_id_number AS a, id_number AS b, relation AS label, name FROM ${t('relations')} WHERE relative_id_number = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'enterprise', edgeKind: 'legal_rep', sql: (k) => sql`SELECT legal_rep_id_number AS a, uscc AS b, '法定代表人' AS label, name FROM ${t('enterprises')} WHERE legal_rep_id_number = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'enterprise', edgeKind: 'shareholder', sql: (k) => sql`SELECT id_number AS a, uscc AS b, coalesce(role, '股东及主要人员') AS label, NULL AS name FROM ${t('shareholders')} WHERE id_number = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'org', edgeKind: 'works_at', sql: (k) => sql`SELECT id_number AS a, org AS b, coalesce(position, '工作人员') AS label, org AS name FROM ${t('persons')} WHERE id_number = ANY(${arr(k)}) AND org IS NOT NULL LIMIT ${lim}` },
  ],
  enterprise: [
    { dir: 'in', toKind: 'person', edgeKind: 'legal_rep', sql: (k) => sql`SELECT uscc AS a, legal_rep_id_number AS b, '法定代表人' AS label, legal_rep_name AS name FROM ${t('enterprises')} WHERE uscc = ANY(${arr(k)}) AND legal_rep_id_number IS NOT NULL LIMIT ${lim}` },
    { dir: 'in', toKind: 'person', edgeKind: 'shareholder', sql: (k) => sql`SELECT uscc AS a, id_number AS b, coalesce(role, '股东及主要人员') AS label, name FROM ${t('shareholders')} WHERE uscc = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'tender', edgeKind: 'won', sql: (k) => sql`SELECT winner_uscc AS a, tender_id AS b, '中标' AS label, title AS name FROM ${t('tenders')} WHERE winner_uscc = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'tender', edgeKind: 'bid', sql: (k) => sql`SELECT bidder_uscc AS a, tender_id AS b, '投标' AS label, NULL AS name FROM ${t('bids')} WHERE bidder_uscc = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'phone', edgeKind: 'phone', sql: (k) => sql`SELECT uscc AS a, phone AS b, '联系电话' AS label, phone AS name FROM ${t('enterprises')} WHERE uscc = ANY(${arr(k)}) AND phone IS NOT NULL LIMIT ${lim}` },
    { dir: 'out', toKind: 'phone', edgeKind: 'bid_phone', sql: (k) => sql`SELECT DISTINCT bidder_uscc AS a, phone AS b, '投标电话' AS label, phone AS name FROM ${t('bids')} WHERE bidder_uscc = ANY(${arr(k)}) AND phone IS NOT NULL LIMIT ${lim}` },
  ],
  tender: [
    { dir: 'in', toKind: 'org', edgeKind: 'buyer', sql: (k) => sql`SELECT tender_id AS a, buyer AS b, '采购' AS label, buyer AS name FROM ${t('tenders')} WHERE tender_id = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'in', toKind: 'enterprise', edgeKind: 'won', sql: (k) => sql`SELECT tender_id AS a, winner_uscc AS b, '中标' AS label, NULL AS name FROM ${t('tenders')} WHERE tender_id = ANY(${arr(k)}) AND winner_uscc IS NOT NULL LIMIT ${lim}` },
    { dir: 'in', toKind: 'enterprise', edgeKind: 'bid', sql: (k) => sql`SELECT tender_id AS a, bidder_uscc AS b, '投标' AS label, bidder_name AS name FROM ${t('bids')} WHERE tender_id = ANY(${arr(k)}) LIMIT ${lim}` },
  ],
  org: [
    { dir: 'in', toKind: 'person', edgeKind: 'works_at', sql: (k) => sql`SELECT org AS a, id_number AS b, coalesce(position, '工作人员') AS label, name FROM ${t('persons')} WHERE org = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'tender', edgeKind: 'buyer', sql: (k) => sql`SELECT buyer AS a, tender_id AS b, '采购' AS label, title AS name FROM ${t('tenders')} WHERE buyer = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'out', toKind: 'plate', edgeKind: 'vehicle', sql: (k) => sql`SELECT org AS a, plate AS b, '公务用车' AS label, plate AS name FROM ${t('vehicles')} WHERE org = ANY(${arr(k)}) LIMIT ${lim}` },
  ],
  phone: [
    { dir: 'in', toKind: 'enterprise', edgeKind: 'phone', sql: (k) => sql`SELECT phone AS a, uscc AS b, '联系电话' AS label, name FROM ${t('enterprises')} WHERE phone = ANY(${arr(k)}) LIMIT ${lim}` },
    { dir: 'in', toKind: 'enterprise', edgeKind: 'bid_phone', sql: (k) => sql`SELECT DISTINCT phone AS a, bidder_uscc AS b, '投标电话' AS label, bidder_name AS name FROM ${t('bids')} WHERE phone = ANY(${arr(k)}) LIMIT ${lim}` },
  ],
  plate: [
    { dir: 'in', toKind: 'org', edgeKind: 'vehicle', sql: (k) => sql`SELECT plate AS a, org AS b, '公务用车' AS label, org AS name FROM ${t('vehicles')} WHERE plate = ANY(${arr(k)}) AND org IS NOT NULL LIMIT ${lim}` },
  ],
};

const nodeId = (kind: NodeKind, key: string) => `${kind}:${key}`;

export async function entityGraph(
  db: Queryable,
  actor: Actor,
  _access: AccessContext,
  kind: NodeKind,
  rawKey: string,
  opts: { depth?: number; maxNodes?: number } = {},
): Promise<Graph> {
  if (!rawKey.trim()) throw badInput('请提供主体标识', 'An entity key is required');
  const depth = Math.min(Math.max(opts.depth ?? 2, 1), 4);
  const maxNodes = Math.min(Math.max(opts.maxNodes ?? 150, 10), 1000);
  const key = kind === 'tender' ? rawKey.trim() : normalizeEntityKey(kind, rawKey).key;
  return inTx(db, async (tx) => {
    const nodes = new Map<string, GraphNode>();
    const edges = new Map<string, GraphEdge>();
    let truncated = false;
    const root = nodeId(kind, key);
    nodes.set(root, { id: root, kind, key, label: key, depth: 0, flags: {} });
    let frontier: GraphNode[] = [nodes.get(root)!];
    for (let level = 1; level <= depth && frontier.length > 0; level++) {
      const next: GraphNode[] = [];
      const byKind = new Map<NodeKind, string[]>();
      for (const n of frontier) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n.key]);
      for (const [k, keys] of byKind) {
        for (const hop of HOPS[k]) {
          const { rows } = await hop.sql(keys).execute(tx);
          if (rows.length >= HOP_LIMIT) truncated = true;
          for (const r of rows) {
            if (!r.b) continue;
            const from = nodeId(k, String(r.a));
            const to = nodeId(hop.toKind, String(r.b));
            if (!nodes.has(to)) {
              if (nodes.size >= maxNodes) {
                truncated = true;
                continue;
              }
              const n: GraphNode = { id: to, kind: hop.toKind, key: String(r.b), label: r.name ? String(r.name) : String(r.b), depth: level, flags: {} };
              nodes.set(to, n);
              next.push(n);
            } else if (r.name && nodes.get(to)!.label === nodes.get(to)!.key) {
              nodes.get(to)!.label = String(r.name);
            }
            const [source, target] = hop.dir === 'out' ? [from, to] : [to, from];
            const eid = `${source}|${target}|${hop.edgeKind}`;
            if (!edges.has(eid)) edges.set(eid, { source, target, kind: hop.edgeKind, label: r.label ? String(r.label) : hop.edgeKind });
          }
        }
      }
      frontier = next;
    }
    await labelNodes(tx, [...nodes.values()]);
    await recordAudit(tx, actor, {
      action: 'entity.graph',
      objectType: kind,
      objectId: key,
      detail: { depth, nodes: nodes.size, edges: edges.size, truncated },
    });
    return { root, depth, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  });
}

/** Names and flags of graph nodes from the registers (persons, deaths, enterprises, tenders). */
async function labelNodes(db: Queryable, nodes: GraphNode[]): Promise<void> {
  const keysOf = (k: NodeKind) => nodes.filter((n) => n.kind === k).map((n) => n.key);
  const persons = keysOf('person');
  if (persons.length) {
    const { rows: off } = await sql<{ id_number: string; name: string; org: string | null; position: string | null; status: string | null }>`
      SELECT id_number, name, org, position, status FROM ${t('persons')} WHERE id_number = ANY(${arr(persons)})`.execute(db);
    const { rows: dead } = await sql<{ id_number: string; death_date: string }>`
      SELECT id_number, death_date FROM ${t('deaths')} WHERE id_number = ANY(${arr(persons)})`.execute(db);
    const o = new Map(off.map((r) => [r.id_number, r]));
    const dd = new Map(dead.map((r) => [r.id_number, r.death_date]));
    for (const n of nodes) {
      if (n.kind !== 'person') continue;
      const p = o.get(n.key);
      if (p) {
        n.label = p.name;
        n.flags.official = true;
        n.flags.org = p.org;
        n.flags.position = p.position;
        n.flags.status = p.status;
      }
      if (dd.has(n.key)) n.flags.death_date = dd.get(n.key);
    }
  }
  const ents = keysOf('enterprise');
  if (ents.length) {
    const { rows } = await sql<{ uscc: string; name: string }>`SELECT uscc, name FROM ${t('enterprises')} WHERE uscc = ANY(${arr(ents)})`.execute(db);
    const m = new Map(rows.map((r) => [r.uscc, r.name]));
    for (const n of nodes) if (n.kind === 'enterprise' && m.has(n.key)) n.label = m.get(n.key)!;
  }
  const tenders = keysOf('tender');
  if (tenders.length) {
    const { rows } = await sql<{ tender_id: string; title: string | null; buyer: string }>`
      SELECT tender_id, title, buyer FROM ${t('tenders')} WHERE tender_id = ANY(${arr(tenders)})`.execute(db);
    const m = new Map(rows.map((r) => [r.tender_id, r]));
    for (const n of nodes) {
      const r = n.kind === 'tender' ? m.get(n.key) : undefined;
      if (r) {
        n.label = r.title ?? n.key;
        n.flags.buyer = r.buyer;
      }
    }
  }
}
