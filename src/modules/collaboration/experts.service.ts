/**
 * 监督人才库: experts by field (审计, 财会, 工程建设, 法律 …), availability, declared ties, and
 * assignments to supervision work — each one after a conflict-of-interest check (回避审查) of the
 * expert against the people and units under review: the expert's own unit, declared relatives and
 * enterprises, and links in the entity index (see adapters.ts).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber } from '../../platform/calendar/dates.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { idNumberHash } from '../clues/clues.service.ts';
import { type EntityLink, entityIndexLinks } from './adapters.ts';
import { likePattern, loadOrgFacts, maskPhone, paging, requireText, stale } from './common.ts';
import { EXPERT_FIELDS } from './schema.ts';

export const EXPERT = 'collab_expert';
export const ASSIGNMENT = 'collab_assignment';

export const AVAILABILITY_LABELS = { available: '可选派', busy: '任务中', unavailable: '暂不可选派' } as const;
export const TASK_TYPE_LABELS = { inspection_round: '巡视巡察', campaign: '专项监督', audit: '专项审计', case: '审查调查', other: '其他' } as const;

export interface TieInput {
  kind: 'relative' | 'enterprise' | 'employer';
  name: string;
  relation?: string | null;
  idNumber?: string | null;
  uscc?: string | null;
}

export interface ExpertInput {
  name: string;
  orgId?: number | null;
  employer: string;
  title?: string | null;
  fields: string[];
  phone?: string | null;
  idNumber?: string | null;
  availability?: 'available' | 'busy' | 'unavailable';
  note?: string | null;
  ties?: TieInput[];
}

const normUscc = (s?: string | null) => (s ? s.trim().toUpperCase() : null);

function checkFields(fields: string[]) {
  if (!fields.length) throw badInput('请至少选择一个专业领域', 'At least one field is required');
  const bad = fields.filter((f) => !(EXPERT_FIELDS as readonly string[]).includes(f));
  if (bad.length) throw badInput(`未知的专业领域：${bad.join('、')}（可选：${EXPERT_FIELDS.join('、')}）`, `Unknown fields: ${bad.join(', ')}`);
}

async function writeTies(tx: Queryable, expertId: number, ties: TieInput[]) {
  await tx.deleteFrom('collab_expert_ties').where('expert_id', '=', expertId).execute();
  if (!ties.length) return;
  await tx
    .insertInto('collab_expert_ties')
    .values(
      ties.map((t) => ({
        expert_id: expertId,
        kind: t.kind,
        name: requireText(t.name, '关系人/企业名称', 'Tie name'),
        relation: t.relation ?? null,
        id_hash: t.idNumber?.trim() ? idNumberHash(t.idNumber) : null,
        uscc: normUscc(t.uscc),
      })),
    )
    .execute();
}

const editor = (access: AccessContext | null) => {
  if (access && !access.permissions.has('collab:edit')) throw forbidden('无权维护监督人才库', 'You may not maintain the talent pool');
};

/** Add an expert (phone and ID number SM4-encrypted; the ID number's SM3 kept for matching). */
export async function createExpert(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext | null, input: ExpertInput): Promise<{ id: number }> {
  editor(access);
  requireText(input.name, '姓名', 'Name');
  requireText(input.employer, '工作单位', 'Employer');
  checkFields(input.fields);
  if (input.orgId) await loadOrgFacts(db, [input.orgId]);
  return inTx(db, async (tx) => {
    const idHash = input.idNumber?.trim() ? idNumberHash(input.idNumber) : null;
    if (idHash) {
      const dup = await tx.selectFrom('collab_experts').select('id').where('id_hash', '=', idHash).executeTakeFirst();
      if (dup) throw new AppError('duplicate', '该人员已在人才库中', 'This person is already in the pool', 409);
    }
    const row = await tx
      .insertInto('collab_experts')
      .values({
        name: input.name.trim(),
        org_id: input.orgId ?? null,
        employer: input.employer.trim(),
        title: input.title ?? null,
        fields: [...new Set(input.fields)],
        phone_enc: input.phone?.trim() ? cipher.encrypt(input.phone.trim()) : null,
        id_number_enc: input.idNumber?.trim() ? cipher.encrypt(input.idNumber.trim()) : null,
        id_hash: idHash,
        availability: input.availability ?? 'available',
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeTies(tx, row.id, input.ties ?? []);
    await recordAudit(tx, actor, { action: 'collab.expert.create', objectType: EXPERT, objectId: row.id, detail: { fields: input.fields, ties: input.ties?.length ?? 0 } });
    return { id: row.id };
  });
}

/**
 * A change to an expert's details. A key left out keeps its value; `null` clears an optional one.
 * Phone and ID number are write-only (never read back in plain): left out keeps the stored value,
 * `null` or '' clears it, text replaces it. `ties`, when given, is the whole new list of
 * declarations; an entry carrying the `id` of one of this expert's stored ties keeps that tie's
 * ID number (held only as its SM3) unless it brings a new `idNumber`.
 */
export interface ExpertUpdate {
  version: number;
  name?: string;
  orgId?: number | null;
  employer?: string;
  title?: string | null;
  fields?: string[];
  phone?: string | null;
  idNumber?: string | null;
  availability?: 'available' | 'busy' | 'unavailable';
  note?: string | null;
  ties?: (TieInput & { id?: number | null })[];
}

interface TieRow {
  kind: 'relative' | 'enterprise' | 'employer';
  name: string;
  relation: string | null;
  id_hash: string | null;
  uscc: string | null;
}

/** A tie as the audit log keeps it: no ID number nor its hash, only whether one is held. */
const tieForAudit = (t: TieRow) => ({ kind: t.kind, name: t.name, relation: t.relation, uscc: t.uscc, has_id_number: !!t.id_hash });

/** undefined stays undefined (not given); blank text becomes null (clear). */
const textOrNull = (s: string | null | undefined) => (s === undefined ? undefined : s?.trim() ? s.trim() : null);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const UPDATABLE = ['name', 'orgId', 'employer', 'title', 'fields', 'phone', 'idNumber', 'availability', 'note', 'ties'] as const;

/**
 * Edit an expert's details — name, platform unit, employer, title, fields, phone, ID number,
 * availability, note and the declared ties (亲属、关联企业、曾任职单位) — under optimistic locking
 * (`version`; 409 'conflict' when someone changed the record meanwhile). The audit event holds each
 * changed detail before and after; phone and ID number only as changed, never their values. The
 * conflict check reads the stored ties and details, so it uses the new declarations at once.
 * Nothing changed: no new version, no audit event.
 */
export async function updateExpert(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext | null,
  id: number,
  input: ExpertUpdate,
): Promise<{ version: number; changed: boolean }> {
  editor(access);
  if (!UPDATABLE.some((k) => input[k] !== undefined)) throw badInput('没有要修改的内容', 'Nothing to change');
  if (input.name !== undefined) requireText(input.name, '姓名', 'Name');
  if (input.employer !== undefined) requireText(input.employer, '工作单位', 'Employer');
  if (input.fields) checkFields(input.fields);
  for (const t of input.ties ?? []) requireText(t.name, '关系人/企业名称', 'Tie name');
  if (input.orgId) await loadOrgFacts(db, [input.orgId]);
  return inTx(db, async (tx) => {
    const e = await tx.selectFrom('collab_experts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!e) throw notFound('人才库人员', 'Expert');
    if (e.version !== input.version) throw stale();

    // Plain details: what changes, before and after.
    const wanted = {
      name: input.name?.trim(),
      org_id: input.orgId,
      employer: input.employer?.trim(),
      title: textOrNull(input.title),
      fields: input.fields ? [...new Set(input.fields)] : undefined,
      availability: input.availability,
      note: textOrNull(input.note),
    };
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(wanted) as [keyof typeof wanted, unknown][]) {
      if (v === undefined || sameJson(e[k], v)) continue;
      set[k] = v;
      before[k] = e[k];
      after[k] = v;
    }

    // Phone and ID number, encrypted; the ID number must stay unique in the pool.
    const secrets: string[] = [];
    const phone = textOrNull(input.phone);
    if (phone !== undefined && phone !== (e.phone_enc ? cipher.decrypt(e.phone_enc) : null)) {
      set.phone_enc = phone === null ? null : cipher.encrypt(phone);
      secrets.push('phone');
    }
    const idNumber = textOrNull(input.idNumber);
    if (idNumber !== undefined) {
      const idHash = idNumber === null ? null : idNumberHash(idNumber);
      if (idHash !== e.id_hash) {
        if (idHash) {
          const dup = await tx.selectFrom('collab_experts').select('id').where('id_hash', '=', idHash).where('id', '<>', id).executeTakeFirst();
          if (dup) throw new AppError('duplicate', '该身份证号已登记为人才库中的另一人员', 'Another expert in the pool has this ID number', 409);
        }
        set.id_number_enc = idNumber === null ? null : cipher.encrypt(idNumber);
        set.id_hash = idHash;
        secrets.push('id_number');
      }
    }

    // Declared ties: the new list replaces the old; a kept tie (by id) keeps its ID number's hash.
    let ties: TieRow[] | null = null;
    let oldTies: TieRow[] = [];
    if (input.ties) {
      const stored = await tx.selectFrom('collab_expert_ties').select(['id', 'kind', 'name', 'relation', 'id_hash', 'uscc']).where('expert_id', '=', id).orderBy('id').execute();
      oldTies = stored.map(({ id: _id, ...t }) => t);
      const byId = new Map(stored.map((t) => [t.id, t]));
      const seen = new Set<number>();
      ties = input.ties.map((t) => {
        const old = t.id ? byId.get(t.id) : undefined;
        if (t.id && (!old || seen.has(t.id))) throw badInput(`申报关系（编号${t.id}）不是该人员的申报关系或重复提交`, `Tie ${t.id} is not one of this expert's declarations, or is given twice`);
        if (t.id) seen.add(t.id);
        const relative = t.kind === 'relative';
        const newHash = t.idNumber?.trim() ? idNumberHash(t.idNumber) : null;
        return {
          kind: t.kind,
          name: t.name.trim(),
          relation: textOrNull(t.relation) ?? null,
          id_hash: relative ? (newHash ?? (old?.kind === 'relative' ? old.id_hash : null)) : null,
          uscc: relative ? null : normUscc(t.uscc),
        };
      });
      if (sameJson(oldTies, ties)) ties = null;
    }

    if (!Object.keys(set).length && !secrets.length && !ties) return { version: e.version, changed: false };
    const updated = await tx
      .updateTable('collab_experts')
      .set({ ...set, version: e.version + 1 })
      .where('id', '=', id)
      .where('version', '=', e.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw stale();
    if (ties) {
      await tx.deleteFrom('collab_expert_ties').where('expert_id', '=', id).execute();
      if (ties.length) await tx.insertInto('collab_expert_ties').values(ties.map((t) => ({ ...t, expert_id: id }))).execute();
      before.ties = oldTies.map(tieForAudit);
      after.ties = ties.map(tieForAudit);
    }
    await recordAudit(tx, actor, {
      action: 'collab.expert.update',
      objectType: EXPERT,
      objectId: id,
      detail: { version: e.version + 1, before, after, ...(secrets.length ? { changed_encrypted: secrets } : {}) },
    });
    return { version: e.version + 1, changed: true };
  });
}

export async function listExperts(db: Queryable, q: PageQuery & { field?: string; availability?: string } = {}) {
  const { page, pageSize, offset } = paging(q);
  let base = db.selectFrom('collab_experts');
  if (q.field) base = base.where(sql<boolean>`${q.field} = ANY(collab_experts.fields)`);
  if (q.availability) base = base.where('collab_experts.availability', '=', q.availability as never);
  if (q.q?.trim()) base = base.where((eb) => eb.or([eb('collab_experts.name', 'ilike', likePattern(q.q!)), eb('collab_experts.employer', 'ilike', likePattern(q.q!))]));
  const [rows, total, byField] = await Promise.all([
    base
      .select(['id', 'name', 'employer', 'title', 'fields', 'availability', 'org_id', 'version'])
      .select(sql<number>`(SELECT count(*) FROM collab_assignments a WHERE a.expert_id = collab_experts.id)::int`.as('assignments'))
      .orderBy('id')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    sql<{ field: string; n: number }>`SELECT f AS field, count(*)::int AS n FROM collab_experts, unnest(fields) f GROUP BY f ORDER BY n DESC, f`.execute(db),
  ]);
  return {
    items: rows.map((r) => ({ ...r, availability_label: AVAILABILITY_LABELS[r.availability] })),
    total: Number(total.n),
    page,
    pageSize,
    by_field: byField.rows.map((r) => ({ field: r.field, count: Number(r.n) })),
  };
}

/** One expert: masked phone, ties (whether an ID number is held, not its hash), assignment history. Reading is audited. */
export async function getExpert(db: Queryable, cipher: FieldCipher, actor: Actor, id: number) {
  const e = await db.selectFrom('collab_experts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) throw notFound('人才库人员', 'Expert');
  const [ties, assignments] = await Promise.all([
    db.selectFrom('collab_expert_ties').select(['id', 'kind', 'name', 'relation', 'uscc', 'id_hash']).where('expert_id', '=', id).orderBy('id').execute(),
    db.selectFrom('collab_assignments').selectAll().where('expert_id', '=', id).orderBy('starts_on', 'desc').execute(),
  ]);
  await recordAudit(db, actor, { action: 'collab.expert.read', objectType: EXPERT, objectId: id });
  const { phone_enc, id_number_enc, id_hash: _h, ...rest } = e;
  return {
    ...rest,
    availability_label: AVAILABILITY_LABELS[e.availability],
    phone: phone_enc ? maskPhone(cipher.decrypt(phone_enc)) : null,
    has_id_number: !!id_number_enc,
    ties: ties.map(({ id_hash, ...t }) => ({ ...t, has_id_number: !!id_hash })),
    assignments: assignments.map((a) => ({ ...a, task_type_label: TASK_TYPE_LABELS[a.task_type] })),
  };
}

// ---------------------------------------------------------------------------------------------
// Conflict of interest (回避审查)
// ---------------------------------------------------------------------------------------------

export interface Subjects {
  persons: { name: string; idNumber?: string | null }[];
  orgIds: number[];
  enterprises: { name: string; uscc?: string | null }[];
}

export interface ConflictHit {
  kind: 'own_unit' | 'relative' | 'enterprise' | 'employer' | 'entity_index' | 'schedule' | 'availability';
  reason: string;
  reason_en: string;
}

export interface ConflictFacts {
  expert: { name: string; orgPath: number[] | null; employer: string; availability: string };
  ties: { kind: 'relative' | 'enterprise' | 'employer'; name: string; relation: string | null; id_hash: string | null; uscc: string | null }[];
  subjects: { persons: { name: string; idHash: string | null }[]; orgs: { id: number; name: string }[]; enterprises: { name: string; uscc: string | null }[] };
  overlapping: { title: string; starts_on: string; ends_on: string }[];
  entityLinks: EntityLink[];
}

/** The conflict check itself, pure: every reason the expert may not take this assignment. */
export function conflictsOf(f: ConflictFacts): ConflictHit[] {
  const hits: ConflictHit[] = [];
  const { expert, subjects } = f;
  if (expert.availability !== 'available') {
    hits.push({ kind: 'availability', reason: `${expert.name}当前状态为“${AVAILABILITY_LABELS[expert.availability as keyof typeof AVAILABILITY_LABELS] ?? expert.availability}”`, reason_en: `${expert.name} is not available` });
  }
  for (const o of subjects.orgs) {
    if (expert.orgPath?.includes(o.id) || expert.employer === o.name) {
      hits.push({ kind: 'own_unit', reason: `${expert.name}在被监督单位“${o.name}”（或其下属单位）工作`, reason_en: `${expert.name} works in the unit under review (${o.name})` });
    }
  }
  for (const t of f.ties) {
    if (t.kind === 'relative') {
      for (const p of subjects.persons) {
        const same = t.id_hash && p.idHash ? t.id_hash === p.idHash : t.name === p.name;
        if (same) hits.push({ kind: 'relative', reason: `被监督人员${p.name}是${expert.name}申报的亲属（${t.relation ?? '亲属'}）`, reason_en: `A person under review is a declared relative of ${expert.name}` });
      }
    } else {
      for (const e of subjects.enterprises) {
        const same = t.uscc && e.uscc ? t.uscc === e.uscc : t.name === e.name;
        if (same) {
          hits.push({
            kind: t.kind === 'enterprise' ? 'enterprise' : 'employer',
            reason: `被监督企业“${e.name}”与${expert.name}有关联（${t.kind === 'enterprise' ? (t.relation ?? '关联企业') : '曾任职'}）`,
            reason_en: `An enterprise under review is linked to ${expert.name}`,
          });
        }
      }
      for (const o of subjects.orgs) {
        if (t.kind === 'employer' && t.name === o.name) {
          hits.push({ kind: 'employer', reason: `${expert.name}曾在被监督单位“${o.name}”任职`, reason_en: `${expert.name} formerly worked in ${o.name}` });
        }
      }
    }
  }
  for (const l of f.entityLinks) hits.push({ kind: 'entity_index', reason: `主体档案显示：${l.subject}与${expert.name}${l.detail}`, reason_en: `The entity index links ${expert.name} to ${l.subject}` });
  for (const a of f.overlapping) {
    hits.push({ kind: 'schedule', reason: `${expert.name}在 ${a.starts_on} 至 ${a.ends_on} 已承担“${a.title}”`, reason_en: `${expert.name} is already assigned to another task in this period` });
  }
  return hits;
}

export interface AssignmentInput {
  expertId: number;
  taskType: 'inspection_round' | 'campaign' | 'audit' | 'case' | 'other';
  taskRef?: string | null;
  title: string;
  startsOn: DateString;
  endsOn: DateString;
  subjects: Subjects;
}

async function gatherFacts(
  tx: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext | null,
  input: AssignmentInput,
): Promise<{ facts: ConflictFacts; entityIndex: boolean; entityReason: string | null }> {
  const e = await tx.selectFrom('collab_experts').selectAll().where('id', '=', input.expertId).executeTakeFirst();
  if (!e) throw notFound('人才库人员', 'Expert');
  const orgFacts = await loadOrgFacts(tx, [...input.subjects.orgIds, ...(e.org_id ? [e.org_id] : [])]);
  const ties = await tx.selectFrom('collab_expert_ties').select(['kind', 'name', 'relation', 'id_hash', 'uscc']).where('expert_id', '=', e.id).execute();
  const overlapping = await tx
    .selectFrom('collab_assignments')
    .select(['title', 'starts_on', 'ends_on'])
    .where('expert_id', '=', e.id)
    .where('status', '=', 'active')
    .where('starts_on', '<=', input.endsOn)
    .where('ends_on', '>=', input.startsOn)
    .execute();
  const persons = input.subjects.persons.map((p) => ({ name: p.name.trim(), idHash: p.idNumber?.trim() ? idNumberHash(p.idNumber) : null }));
  const enterprises = input.subjects.enterprises.map((x) => ({ name: x.name.trim(), uscc: normUscc(x.uscc) }));
  const entity = await entityIndexLinks(
    tx,
    actor,
    access,
    { name: e.name, idNumber: e.id_number_enc ? cipher.decrypt(e.id_number_enc) : null },
    { persons, orgNames: input.subjects.orgIds.map((id) => orgFacts.get(id)!.name), enterprises },
  );
  return {
    entityIndex: entity.available,
    entityReason: entity.reason ?? null,
    facts: {
      expert: { name: e.name, orgPath: e.org_id ? orgFacts.get(e.org_id)!.path : null, employer: e.employer, availability: e.availability },
      ties,
      subjects: { persons, orgs: input.subjects.orgIds.map((id) => ({ id, name: orgFacts.get(id)!.name })), enterprises },
      overlapping,
      entityLinks: entity.links,
    },
  };
}

function checkDates(input: AssignmentInput) {
  toDayNumber(input.startsOn);
  toDayNumber(input.endsOn);
  if (toDayNumber(input.endsOn) < toDayNumber(input.startsOn)) throw badInput('结束日期早于开始日期', 'The end date is before the start date');
}

/** Run the conflict check without assigning (for the selection screen). */
export async function checkConflicts(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext | null, input: AssignmentInput) {
  checkDates(input);
  const { facts, entityIndex, entityReason } = await gatherFacts(db, cipher, actor, access, input);
  const hits = conflictsOf(facts);
  return { clear: hits.length === 0, conflicts: hits, entity_index_checked: entityIndex, entity_index_note: entityReason };
}

/**
 * Assign an expert: refused (409 'conflict_of_interest', every reason listed) when the check
 * finds anything; otherwise recorded with the check as it ran.
 */
export async function assignExpert(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext | null,
  input: AssignmentInput,
): Promise<{ id: number; conflict_check: Record<string, unknown> }> {
  editor(access);
  requireText(input.title, '任务名称', 'Task title');
  checkDates(input);
  return inTx(db, async (tx) => {
    await sql`SELECT id FROM collab_experts WHERE id = ${input.expertId} FOR UPDATE`.execute(tx);
    const { facts, entityIndex, entityReason } = await gatherFacts(tx, cipher, actor, access, input);
    const hits = conflictsOf(facts);
    const check = { checked_at: new Date().toISOString(), clear: hits.length === 0, conflicts: hits, entity_index_checked: entityIndex, entity_index_note: entityReason };
    if (hits.length) {
      throw new AppError(
        'conflict_of_interest',
        `不能选派：${hits.map((h) => h.reason).join('；')}`,
        `Cannot assign: ${hits.map((h) => h.reason_en).join('; ')}`,
        409,
        check,
      );
    }
    const subjects = { persons: facts.subjects.persons.map((p) => ({ name: p.name, id_hash: p.idHash })), org_ids: input.subjects.orgIds, enterprises: facts.subjects.enterprises };
    const row = await tx
      .insertInto('collab_assignments')
      .values({
        expert_id: input.expertId,
        task_type: input.taskType,
        task_ref: input.taskRef ?? null,
        title: input.title.trim(),
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        subjects: JSON.stringify(subjects),
        conflict_check: JSON.stringify(check),
        status: 'active',
        assigned_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, {
      action: 'collab.expert.assign',
      objectType: ASSIGNMENT,
      objectId: row.id,
      detail: { expert_id: input.expertId, task_type: input.taskType, task_ref: input.taskRef ?? null, entity_index_checked: entityIndex },
    });
    return { id: row.id, conflict_check: check };
  });
}

/** Finish or withdraw an assignment. */
export async function closeAssignment(db: Queryable, actor: Actor, access: AccessContext, id: number, status: 'completed' | 'withdrawn') {
  editor(access);
  return inTx(db, async (tx) => {
    const a = await tx.selectFrom('collab_assignments').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('选派记录', 'Assignment');
    if (a.status !== 'active') throw new AppError('bad_state', '该选派已结束', 'The assignment is already closed', 409);
    await tx.updateTable('collab_assignments').set({ status }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: `collab.assignment.${status}`, objectType: ASSIGNMENT, objectId: id });
    return { status };
  });
}
