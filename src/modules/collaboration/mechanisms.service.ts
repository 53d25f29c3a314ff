/**
 * The registry of collaboration mechanisms (协作配合机制) and the rules it enforces.
 *
 * Other areas call:
 * - `assertTransferAllowed(db, fromOrgId, toOrgId, objectType)` before sending a transfer: throws
 *   AppError 'transfer_not_allowed' (403, reason in Chinese and English) when no active mechanism
 *   allows it; returns the basis (internal / supervisory / the mechanism and rule, whose
 *   `ack_days` / `handle_days` are the agreed deadlines);
 * - `mayViewResult(db, viewerOrgId, ownerOrgId, viewType)` before showing a sender what became of
 *   what it sent (成果共享: 'progress', 'disposal_result', 'rectification', 'accountability').
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import {
  type MechanismFacts,
  type OrgFacts,
  type TransferDecision,
  covers,
  decideTransfer,
  decideView,
  isInForce,
  mayEditMechanism,
} from './collaboration.policy.ts';
import { likePattern, loadOrgFacts, orgNames as orgNamesOf, paging, requireText, stale } from './common.ts';
import { MECHANISM_DOMAINS, type MechanismDomain, TRANSFER_OBJECT_TYPES, VIEW_TYPES } from './schema.ts';
import { MECHANISM_EVENT_LABELS, MECHANISM_STATE_LABELS, type MechanismEvent, nextMechanismState } from './workflow.ts';

export const MECHANISM = 'collab_mechanism';

export interface RuleInput {
  /** null/omitted: any party. */
  fromOrgId?: number | null;
  toOrgId?: number | null;
  objectTypes: string[];
  mayView?: string[];
  ackDays?: number | null;
  handleDays?: number | null;
  note?: string | null;
}

export interface MechanismInput {
  name: string;
  domain: MechanismDomain;
  leadOrgId: number;
  scope?: string;
  sharedInfo?: string[];
  resultSharing?: string;
  memorandum?: string | null;
  docNumber?: string | null;
  signedOn?: DateString | null;
  effectiveFrom: DateString;
  effectiveTo?: DateString | null;
  /** Other parties (the lead body is always a party). */
  partyOrgIds: number[];
  rules: RuleInput[];
}

async function validate(db: Queryable, input: MechanismInput): Promise<Map<number, OrgFacts>> {
  requireText(input.name, '机制名称', 'Name');
  if (!MECHANISM_DOMAINS.includes(input.domain)) throw badInput(`未知的协作领域：${input.domain}`, `Unknown domain ${input.domain}`);
  toDayNumber(input.effectiveFrom);
  if (input.effectiveTo && toDayNumber(input.effectiveTo) < toDayNumber(input.effectiveFrom)) {
    throw badInput('失效日期早于生效日期', 'The end of validity is before its start');
  }
  if (input.signedOn) toDayNumber(input.signedOn);
  const parties = [...new Set([input.leadOrgId, ...input.partyOrgIds])];
  if (parties.length < 2) throw badInput('协作配合机制至少须有两个参与单位', 'A mechanism needs at least two parties');
  const ruleOrgs = input.rules.flatMap((r) => [r.fromOrgId, r.toOrgId]).filter((x): x is number => typeof x === 'number');
  const facts = await loadOrgFacts(db, [...parties, ...ruleOrgs]);
  input.rules.forEach((r, i) => {
    const n = i + 1;
    if (!r.objectTypes.length) throw badInput(`第 ${n} 条规则未约定可移交的内容`, `Rule ${n} lists nothing that may be transferred`);
    const unknown = r.objectTypes.filter((t) => !(t in TRANSFER_OBJECT_TYPES));
    if (unknown.length) {
      throw badInput(
        `第 ${n} 条规则含未知的移交内容：${unknown.join('、')}（可选：${Object.entries(TRANSFER_OBJECT_TYPES).map(([k, v]) => `${k} ${v}`).join('，')}）`,
        `Rule ${n}: unknown object types ${unknown.join(', ')}`,
      );
    }
    const badView = (r.mayView ?? []).filter((v) => !(v in VIEW_TYPES));
    if (badView.length) throw badInput(`第 ${n} 条规则含未知的共享内容：${badView.join('、')}`, `Rule ${n}: unknown view types ${badView.join(', ')}`);
    for (const o of [r.fromOrgId, r.toOrgId]) {
      if (typeof o === 'number' && !parties.some((p) => covers(p, facts.get(o)!))) {
        throw badInput(`第 ${n} 条规则的单位“${facts.get(o)!.name}”不是本机制的参与单位`, `Rule ${n}: organisation ${o} is not a party`);
      }
    }
    if (r.fromOrgId && r.toOrgId && r.fromOrgId === r.toOrgId) throw badInput(`第 ${n} 条规则的移出与接收单位相同`, `Rule ${n}: sender and receiver are the same`);
  });
  return facts;
}

async function writeChildren(tx: Queryable, id: number, input: MechanismInput) {
  const parties = [...new Set([input.leadOrgId, ...input.partyOrgIds])];
  await tx.deleteFrom('collab_mechanism_parties').where('mechanism_id', '=', id).execute();
  await tx.deleteFrom('collab_mechanism_rules').where('mechanism_id', '=', id).execute();
  await tx
    .insertInto('collab_mechanism_parties')
    .values(parties.map((org_id) => ({ mechanism_id: id, org_id, role: org_id === input.leadOrgId ? ('lead' as const) : ('member' as const) })))
    .execute();
  if (input.rules.length) {
    await tx
      .insertInto('collab_mechanism_rules')
      .values(
        input.rules.map((r) => ({
          mechanism_id: id,
          from_org_id: r.fromOrgId ?? null,
          to_org_id: r.toOrgId ?? null,
          object_types: [...new Set(r.objectTypes)],
          may_view: [...new Set(r.mayView ?? [])],
          ack_days: r.ackDays ?? null,
          handle_days: r.handleDays ?? null,
          note: r.note ?? null,
        })),
      )
      .execute();
  }
}

const columns = (input: MechanismInput) => ({
  name: input.name.trim(),
  domain: input.domain,
  lead_org_id: input.leadOrgId,
  scope: input.scope ?? '',
  shared_info: input.sharedInfo ?? [],
  result_sharing: input.resultSharing ?? '',
  memorandum: input.memorandum ?? null,
  doc_number: input.docNumber ?? null,
  signed_on: input.signedOn ?? null,
  effective_from: input.effectiveFrom,
  effective_to: input.effectiveTo ?? null,
});

/** Register a mechanism (as a draft; `changeMechanismStatus(..., 'activate')` puts it in force). `access = null`: system caller. */
export async function createMechanism(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  input: MechanismInput & { status?: 'draft' | 'active' },
): Promise<{ id: number; code: string }> {
  const parties = [...new Set([input.leadOrgId, ...input.partyOrgIds])];
  if (access && !mayEditMechanism(access, { lead_org_id: input.leadOrgId, parties })) {
    throw forbidden('只有机制牵头单位或参与单位的协作管理人员可以登记机制', 'Only an editor of the lead body or a party may register a mechanism');
  }
  await validate(db, input);
  return inTx(db, async (tx) => {
    const dup = await tx.selectFrom('collab_mechanisms').select('id').where('name', '=', input.name.trim()).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `协作配合机制“${input.name}”已存在`, `Mechanism "${input.name}" already exists`, 409);
    const { rows } = await sql<{ id: number }>`SELECT nextval('collab_mechanisms_id_seq')::int AS id`.execute(tx);
    const id = Number(rows[0].id);
    const code = `XZ-${input.effectiveFrom.slice(0, 4)}-${String(id).padStart(4, '0')}`;
    await tx
      .insertInto('collab_mechanisms')
      .values({ id, code, ...columns(input), status: input.status ?? 'draft', created_by: actor.userId })
      .execute();
    await writeChildren(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'collab.mechanism.create',
      objectType: MECHANISM,
      objectId: id,
      detail: { code, name: input.name, domain: input.domain, parties, rules: input.rules.length, status: input.status ?? 'draft' },
    });
    return { id, code };
  });
}

async function loadRow(tx: Queryable, id: number) {
  const m = await tx.selectFrom('collab_mechanisms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('协作配合机制', 'Mechanism');
  const parties = await tx.selectFrom('collab_mechanism_parties').select('org_id').where('mechanism_id', '=', id).execute();
  return { ...m, parties: parties.map((p) => p.org_id) };
}

/** Change a mechanism's terms, parties and rules (optimistic lock on `version`). */
export async function updateMechanism(db: Queryable, actor: Actor, access: AccessContext, id: number, input: MechanismInput & { version: number }) {
  await validate(db, input);
  return inTx(db, async (tx) => {
    const m = await loadRow(tx, id);
    const newParties = [...new Set([input.leadOrgId, ...input.partyOrgIds])];
    if (!mayEditMechanism(access, m) || !mayEditMechanism(access, { lead_org_id: input.leadOrgId, parties: newParties })) {
      throw forbidden('只有机制牵头单位或参与单位的协作管理人员可以修改机制', 'Only an editor of the lead body or a party may change a mechanism');
    }
    if (m.status === 'terminated') throw new AppError('bad_state', '已终止的机制不能修改', 'A terminated mechanism cannot be changed', 409);
    const r = await tx
      .updateTable('collab_mechanisms')
      .set({ ...columns(input), version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (!r.numUpdatedRows) throw stale();
    await writeChildren(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'collab.mechanism.update',
      objectType: MECHANISM,
      objectId: id,
      detail: { name: input.name, parties: { before: m.parties, after: newParties }, rules: input.rules.length, effective_to: input.effectiveTo ?? null },
    });
    return { version: m.version + 1 };
  });
}

/** 印发施行 / 暂停 / 终止. */
export async function changeMechanismStatus(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  id: number,
  input: { version: number; event: MechanismEvent; reason?: string },
) {
  return inTx(db, async (tx) => {
    const m = await loadRow(tx, id);
    if (access && !mayEditMechanism(access, m)) throw forbidden('只有机制牵头单位或参与单位的协作管理人员可以变更机制状态', 'Only an editor of the lead body or a party may change its status');
    if (m.version !== input.version) throw stale();
    const next = nextMechanismState(m.status, input.event);
    if (input.event !== 'activate') requireText(input.reason, `${MECHANISM_EVENT_LABELS[input.event]}理由`, 'Reason');
    await tx
      .updateTable('collab_mechanisms')
      .set({ status: next, version: m.version + 1, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('version', '=', m.version)
      .execute();
    await recordAudit(tx, actor, {
      action: `collab.mechanism.${input.event}`,
      objectType: MECHANISM,
      objectId: id,
      detail: { from: m.status, to: next, reason: input.reason ?? null },
    });
    return { version: m.version + 1, status: next };
  });
}

export interface MechanismQuery extends PageQuery {
  status?: string;
  domain?: string;
  /** Mechanisms this body (or a body above it) takes part in. */
  org_id?: number;
}

export async function listMechanisms(db: Queryable, q: MechanismQuery = {}) {
  const { page, pageSize, offset } = paging(q);
  let base = db.selectFrom('collab_mechanisms');
  if (q.status) base = base.where('collab_mechanisms.status', '=', q.status as never);
  if (q.domain) base = base.where('collab_mechanisms.domain', '=', q.domain as never);
  if (q.q?.trim()) base = base.where((eb) => eb.or([eb('collab_mechanisms.name', 'ilike', likePattern(q.q!)), eb('collab_mechanisms.code', '=', q.q!.trim())]));
  if (q.org_id) {
    const facts = (await loadOrgFacts(db, [q.org_id])).get(q.org_id)!;
    base = base.where(
      sql<boolean>`EXISTS (SELECT 1 FROM collab_mechanism_parties p WHERE p.mechanism_id = collab_mechanisms.id AND p.org_id = ANY(${sql.val(facts.path)}::int[]))`,
    );
  }
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs', 'orgs.id', 'collab_mechanisms.lead_org_id')
      .selectAll('collab_mechanisms')
      .select('orgs.name as lead_org_name')
      .select(sql<string>`(SELECT string_agg(o.name, '、' ORDER BY o.id) FROM collab_mechanism_parties p JOIN orgs o ON o.id = p.org_id WHERE p.mechanism_id = collab_mechanisms.id)`.as('party_names'))
      .select(sql<number>`(SELECT count(*) FROM collab_mechanism_rules r WHERE r.mechanism_id = collab_mechanisms.id)::int`.as('rule_count'))
      .orderBy('collab_mechanisms.id')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const today = todayInShanghai();
  return {
    items: rows.map((r) => ({ ...r, status_label: MECHANISM_STATE_LABELS[r.status], in_force: isInForce(r, today) })),
    total: Number(total.n),
    page,
    pageSize,
  };
}

export async function getMechanism(db: Queryable, id: number) {
  const m = await db
    .selectFrom('collab_mechanisms')
    .innerJoin('orgs', 'orgs.id', 'collab_mechanisms.lead_org_id')
    .selectAll('collab_mechanisms')
    .select('orgs.name as lead_org_name')
    .where('collab_mechanisms.id', '=', id)
    .executeTakeFirst();
  if (!m) throw notFound('协作配合机制', 'Mechanism');
  const [parties, rules, meetings] = await Promise.all([
    db
      .selectFrom('collab_mechanism_parties')
      .innerJoin('orgs', 'orgs.id', 'collab_mechanism_parties.org_id')
      .select(['collab_mechanism_parties.org_id', 'collab_mechanism_parties.role', 'orgs.name'])
      .where('mechanism_id', '=', id)
      .orderBy('collab_mechanism_parties.role')
      .orderBy('orgs.id')
      .execute(),
    db
      .selectFrom('collab_mechanism_rules')
      .leftJoin('orgs as f', 'f.id', 'collab_mechanism_rules.from_org_id')
      .leftJoin('orgs as t', 't.id', 'collab_mechanism_rules.to_org_id')
      .selectAll('collab_mechanism_rules')
      .select(['f.name as from_org_name', 't.name as to_org_name'])
      .where('mechanism_id', '=', id)
      .orderBy('collab_mechanism_rules.id')
      .execute(),
    db.selectFrom('collab_meetings').select(['id', 'kind', 'title', 'held_on', 'status']).where('mechanism_id', '=', id).orderBy('held_on', 'desc').execute(),
  ]);
  return {
    ...m,
    status_label: MECHANISM_STATE_LABELS[m.status],
    in_force: isInForce(m, todayInShanghai()),
    parties,
    rules: rules.map((r) => ({
      ...r,
      from_org_name: r.from_org_name ?? '任一参与单位',
      to_org_name: r.to_org_name ?? '任一参与单位',
      object_labels: r.object_types.map((t) => TRANSFER_OBJECT_TYPES[t] ?? t),
      view_labels: r.may_view.map((v) => VIEW_TYPES[v] ?? v),
    })),
    meetings,
  };
}

/** Every mechanism in which both orgs (or bodies above them) take part, with parties and rules. */
async function mechanismFacts(db: Queryable, a: OrgFacts, b: OrgFacts): Promise<MechanismFacts[]> {
  const rows = await db
    .selectFrom('collab_mechanisms')
    .select(['id', 'name', 'status', 'effective_from', 'effective_to'])
    .where(sql<boolean>`EXISTS (SELECT 1 FROM collab_mechanism_parties p WHERE p.mechanism_id = collab_mechanisms.id AND p.org_id = ANY(${sql.val(a.path)}::int[]))`)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM collab_mechanism_parties p WHERE p.mechanism_id = collab_mechanisms.id AND p.org_id = ANY(${sql.val(b.path)}::int[]))`)
    .orderBy('id')
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [parties, rules] = await Promise.all([
    db.selectFrom('collab_mechanism_parties').select(['mechanism_id', 'org_id']).where('mechanism_id', 'in', ids).execute(),
    db.selectFrom('collab_mechanism_rules').selectAll().where('mechanism_id', 'in', ids).orderBy('id').execute(),
  ]);
  return rows.map((m) => ({
    ...m,
    parties: parties.filter((p) => p.mechanism_id === m.id).map((p) => p.org_id),
    rules: rules.filter((r) => r.mechanism_id === m.id),
  }));
}

/** How a transfer from one org to another of `objectType` stands under the registry (no exception). */
export async function transferDecision(db: Queryable, fromOrgId: number, toOrgId: number, objectType: string, today: DateString = todayInShanghai()): Promise<TransferDecision> {
  const facts = await loadOrgFacts(db, [fromOrgId, toOrgId]);
  const from = facts.get(fromOrgId)!;
  const to = facts.get(toOrgId)!;
  return decideTransfer(from, to, objectType, await mechanismFacts(db, from, to), today);
}

/**
 * Refuse a transfer no active collaboration mechanism allows (AppError 'transfer_not_allowed',
 * HTTP 403, with the reason in Chinese and English and the mechanisms considered in `details`).
 * Transfers inside one body, and from the commission system to a supervised unit, need none.
 */
export async function assertTransferAllowed(
  db: Queryable,
  fromOrgId: number,
  toOrgId: number,
  objectType: string,
  today: DateString = todayInShanghai(),
): Promise<Extract<TransferDecision, { allowed: true }>> {
  const d = await transferDecision(db, fromOrgId, toOrgId, objectType, today);
  if (!d.allowed) {
    throw new AppError('transfer_not_allowed', d.message, d.messageEn, 403, { reason: d.code, mechanisms: d.mechanisms, object_type: objectType });
  }
  return d;
}

/** 成果共享: may the viewer's body see `viewType` ('progress', 'disposal_result', …) of what the owner body handles for it? */
export async function mayViewResult(db: Queryable, viewerOrgId: number, ownerOrgId: number, viewType: string, today: DateString = todayInShanghai()): Promise<boolean> {
  const facts = await loadOrgFacts(db, [viewerOrgId, ownerOrgId]);
  const viewer = facts.get(viewerOrgId)!;
  const owner = facts.get(ownerOrgId)!;
  return decideView(viewer, owner, viewType, await mechanismFacts(db, viewer, owner), today);
}

/** For the UI: what `fromOrgId` may send to whom under the mechanisms in force today. */
export async function sendableFrom(db: Queryable, fromOrgId: number, today: DateString = todayInShanghai()) {
  const from = (await loadOrgFacts(db, [fromOrgId])).get(fromOrgId)!;
  const rows = await db
    .selectFrom('collab_mechanisms')
    .select(['id', 'name', 'status', 'effective_from', 'effective_to'])
    .where(sql<boolean>`EXISTS (SELECT 1 FROM collab_mechanism_parties p WHERE p.mechanism_id = collab_mechanisms.id AND p.org_id = ANY(${sql.val(from.path)}::int[]))`)
    .execute();
  const live = rows.filter((m) => isInForce(m, today));
  if (!live.length) return [];
  const ids = live.map((m) => m.id);
  const [parties, rules] = await Promise.all([
    db
      .selectFrom('collab_mechanism_parties')
      .innerJoin('orgs', 'orgs.id', 'collab_mechanism_parties.org_id')
      .select(['mechanism_id', 'org_id', 'orgs.name'])
      .where('mechanism_id', 'in', ids)
      .execute(),
    db.selectFrom('collab_mechanism_rules').selectAll().where('mechanism_id', 'in', ids).execute(),
  ]);
  const names = await orgNamesOf(db, rules.map((r) => r.to_org_id));
  const out: { mechanism_id: number; mechanism_name: string; to_org_id: number; to_org_name: string; object_types: string[]; may_view: string[] }[] = [];
  for (const m of live) {
    const ps = parties.filter((p) => p.mechanism_id === m.id);
    for (const r of rules.filter((x) => x.mechanism_id === m.id)) {
      const fromOk = r.from_org_id === null ? ps.some((p) => covers(p.org_id, from)) : covers(r.from_org_id, from);
      if (!fromOk) continue;
      const targets = r.to_org_id === null ? ps.filter((p) => !covers(p.org_id, from)) : [{ org_id: r.to_org_id, name: names.get(r.to_org_id) ?? '' }];
      for (const t of targets) out.push({ mechanism_id: m.id, mechanism_name: m.name, to_org_id: t.org_id, to_org_name: t.name, object_types: r.object_types, may_view: r.may_view });
    }
  }
  return out;
}
