/**
 * Problem clues (问题线索): registration from any source, duplicate detection and merge, one
 * clue's detail, the whistle-blower's identity, candidates for handler and approver.
 * Elsewhere: lists/search/count/export (clues.query.ts), documents (attachments.ts), the
 * timeline (timeline.ts), disposal (disposal.service.ts), transfer hand-over (clue-transfer.ts).
 */
import { sql } from 'kysely';
import { type AccessContext, loadAccessContext, parseAncestors } from '../../platform/access/context.ts';
import { needToKnowCondition } from '../../platform/access/scope.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { sm3Hex } from '../../platform/crypto/sm3.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput } from '../../platform/errors.ts';
import { normalizeIdNumber } from '../datasets/normalize/id-number.ts';
import { notify } from '../notifications/notifications.service.ts';
import { CLUE, type ClueRow, factsOf, grantClue, loadVisibleClue, maskIdNumber, saveClue, staleClue } from './clue-access.ts';
import { type CadreLevel, type ClueAction, assertMay, competentLevel, isCompetent, mayDo } from './clues.policy.ts';
import { SOURCE_LABELS, type SourceType } from './schema.ts';
import {
  CLUE_EVENTS,
  FORM_LABELS,
  type Form,
  METHOD_DEFS,
  OUTCOME_DEFS,
  STATE_LABELS,
  type ClueState,
  allowed,
  illegalTransition,
} from './workflow.ts';

/** pg_trgm similarity of two summaries above which a clue about the same person is a likely duplicate. */
export const DUPLICATE_SIMILARITY = 0.1;

export interface NewPerson {
  name: string;
  idNumber?: string | null;
  orgName?: string | null;
  position?: string | null;
  cadreLevel: CadreLevel;
}

export interface Whistleblower {
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
  /** 实名 or 匿名 */
  anonymous?: boolean;
}

export interface NewClue {
  sourceType: SourceType;
  /** Link to the source record: '12345:<order no>', 'hit:<id>', 'transfer:<code>#<item>' … */
  sourceRef?: string | null;
  /** The body the clue came from (e.g. 审计局). */
  sourceOrgId?: number | null;
  title?: string | null;
  summary: string;
  domainTags?: string[];
  persons: NewPerson[];
  whistleblower?: Whistleblower | null;
  /** Business date of receipt (default today, Asia/Shanghai). */
  receivedOn?: string;
  /** 承办人: default the registering officer when they may dispose of clues. */
  handlerId?: number | null;
}

export interface DuplicateCandidate {
  id: number;
  code: string;
  title: string;
  status: ClueState;
  similarity: number;
  persons: string;
}

/** SM3 of the normalised ID number (the matching key for reported persons). */
export function idNumberHash(raw: string): string {
  const n = normalizeIdNumber(raw);
  return sm3Hex(n.ok ? String(n.value) : raw.trim().toUpperCase());
}

/** A handler must hold 'clue:dispose' in the clue's owning organisation. */
export async function checkHandler(db: Queryable, userId: number, orgId: number): Promise<void> {
  const ctx = await loadAccessContext(db, userId);
  if (!ctx || ctx.orgId !== orgId || !ctx.permissions.has('clue:dispose')) {
    throw badInput('承办人须为本部门有线索处置权限的在职人员', 'The handler must be an active member of the owning office with clue:dispose');
  }
}

/**
 * Register a clue from any source (12345 order, audit finding, inspection finding, media,
 * model hit, letter or visit, own finding). Other areas call this to turn their record into a
 * clue; `sourceType` + `sourceRef` keep the link. Returns likely duplicates the user can see.
 */
export async function createClueFromSource(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext,
  input: NewClue,
): Promise<{ id: number; code: string; duplicates: DuplicateCandidate[] }> {
  if (!access.permissions.has('clue:create')) throw new AppError('forbidden', '无权登记问题线索', 'You may not register clues', 403);
  const summary = input.summary.trim();
  if (!summary) throw badInput('请填写问题摘要', 'A summary is required');
  if (!input.persons.length) throw badInput('请至少填写一名被反映人', 'At least one reported person is required');
  const receivedOn = input.receivedOn ?? todayInShanghai();
  return inTx(db, async (tx) => {
    const tags = [...new Set(input.domainTags ?? [])];
    if (tags.length) {
      const known = await tx.selectFrom('dict_items').select('value').where('dict_type', '=', 'domain_tag').where('enabled', '=', true).execute();
      const unknown = tags.filter((t) => !known.some((k) => k.value === t));
      if (unknown.length) throw badInput(`未知的领域标签：${unknown.join('、')}`, `Unknown domain tags: ${unknown.join(', ')}`);
    }
    let handlerId = input.handlerId ?? null;
    if (handlerId) await checkHandler(tx, handlerId, access.orgId);
    else if (access.permissions.has('clue:dispose')) handlerId = access.userId;
    const { rows } = await sql<{ id: number }>`SELECT nextval('clues_id_seq')::int AS id`.execute(tx);
    const id = Number(rows[0].id);
    const code = `XS-${receivedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`;
    const first = input.persons[0];
    await tx
      .insertInto('clues')
      .values({
        id,
        code,
        source_type: input.sourceType,
        source_ref: input.sourceRef ?? null,
        source_org_id: input.sourceOrgId ?? null,
        title: input.title?.trim() || `关于${first.name}${first.orgName ? `（${first.orgName}${first.position ?? ''}）` : ''}的问题线索`,
        summary,
        domain_tags: tags,
        cadre_level: competentLevel(input.persons.map((p) => p.cadreLevel)),
        whistleblower_enc: input.whistleblower ? cipher.encrypt(JSON.stringify(input.whistleblower)) : null,
        status: 'registered',
        method: null,
        method_reason: null,
        outcome: null,
        outcome_form: null,
        outcome_note: null,
        org_id: access.orgId,
        created_by: access.userId,
        handler_id: handlerId,
        approver_id: null,
        merged_into: null,
        received_on: receivedOn,
        closed_at: null,
      })
      .execute();
    await tx
      .insertInto('clue_persons')
      .values(
        input.persons.map((p, i) => {
          const idNumber = p.idNumber?.trim() || null;
          return {
            clue_id: id,
            seq: i + 1,
            name: p.name.trim(),
            id_number_enc: idNumber ? cipher.encrypt(idNumber) : null,
            id_hash: idNumber ? idNumberHash(idNumber) : null,
            org_name: p.orgName ?? null,
            position: p.position ?? null,
            cadre_level: p.cadreLevel,
          };
        }),
      )
      .execute();
    await grantClue(tx, id, { orgId: access.orgId }, access.userId);
    if (handlerId) await grantClue(tx, id, { userId: handlerId }, access.userId);
    const duplicates = await findDuplicates(tx, access, id);
    await recordAudit(tx, actor, {
      action: 'clue.create',
      objectType: CLUE,
      objectId: id,
      detail: {
        code,
        source_type: input.sourceType,
        source_ref: input.sourceRef ?? null,
        persons: input.persons.length,
        whistleblower: !!input.whistleblower,
        handler_id: handlerId,
        possible_duplicates: duplicates.map((d) => d.id),
      },
    });
    if (handlerId && handlerId !== access.userId) {
      await notify(tx, { to: { userId: handlerId }, kind: 'clue.assigned', title: `线索 ${code} 已交由您承办`, link: `/clues/${id}`, objectType: CLUE, objectId: id });
    }
    return { id, code, duplicates };
  });
}

/**
 * Likely duplicates of a clue among those the user can see: the same reported person (same ID
 * number, or the same name where one side has no ID number) and a similar summary (pg_trgm).
 */
export async function findDuplicates(db: Queryable, access: AccessContext, clueId: number): Promise<DuplicateCandidate[]> {
  await loadVisibleClue(db, access, clueId);
  const { rows } = await sql<DuplicateCandidate>`
    SELECT o.id, o.code, o.title, o.status,
      max(similarity(o.summary, c.summary))::float8 AS similarity,
      string_agg(DISTINCT op.name, '、') AS persons
    FROM clues c
    JOIN clue_persons cp ON cp.clue_id = c.id
    JOIN clue_persons op ON op.clue_id <> c.id
      AND (op.id_hash = cp.id_hash OR (op.name = cp.name AND (op.id_hash IS NULL OR cp.id_hash IS NULL)))
    JOIN clues o ON o.id = op.clue_id
    WHERE c.id = ${clueId} AND o.status <> 'merged'
      AND similarity(o.summary, c.summary) >= ${DUPLICATE_SIMILARITY}
      AND ${needToKnowCondition(access, CLUE, 'o.id')}
    GROUP BY o.id, o.code, o.title, o.status
    ORDER BY similarity DESC, o.id
    LIMIT 20`.execute(db);
  return rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 1000) / 1000 }));
}

/**
 * Merge clue `id` into `into` (same matter): the merged clue keeps its own source links and
 * shows under the surviving one; whoever knew of the merged clue may see the surviving one.
 */
export async function mergeClue(db: Queryable, actor: Actor, access: AccessContext, input: { id: number; into: number; version: number }) {
  if (input.id === input.into) throw badInput('不能与自身合并', 'A clue cannot be merged into itself');
  return inTx(db, async (tx) => {
    const src = await loadVisibleClue(tx, access, input.id);
    const dst = await loadVisibleClue(tx, access, input.into);
    if (src.version !== input.version) throw staleClue();
    assertMay(access, 'merge', factsOf(src));
    assertMay(access, 'merge', factsOf(dst));
    if (!allowed(src.status, 'merge')) throw illegalTransition(src.status, 'merge');
    if (dst.status === 'merged' || dst.status === 'closed') {
      throw new AppError('illegal_transition', '只能并入未办结的线索', 'A clue can only be merged into one that is still open', 409);
    }
    await saveClue(tx, src.id, src.version, { status: 'merged', merged_into: dst.id, approver_id: null });
    await saveClue(tx, dst.id, dst.version, {});
    await tx.updateTable('clues').set({ merged_into: dst.id }).where('merged_into', '=', src.id).execute();
    await sql`INSERT INTO record_access (object_type, object_id, grantee_kind, grantee_id, granted_by)
      SELECT object_type, ${String(dst.id)}, grantee_kind, grantee_id, ${access.userId}
      FROM record_access WHERE object_type = ${CLUE} AND object_id = ${String(src.id)}
      ON CONFLICT DO NOTHING`.execute(tx);
    await recordAudit(tx, actor, { action: 'clue.merge', objectType: CLUE, objectId: src.id, detail: { into: dst.id, into_code: dst.code } });
    await recordAudit(tx, actor, { action: 'clue.merged_in', objectType: CLUE, objectId: dst.id, detail: { from: src.id, from_code: src.code } });
    return { id: dst.id };
  });
}

const actionsFor = (access: AccessContext, c: ClueRow): string[] =>
  CLUE_EVENTS.filter((e) => allowed(c.status, e) && mayDo(access, e as ClueAction, factsOf(c)));

/** One clue with its persons (ID numbers masked), documents, steps, merged clues and what the user may do next. */
export async function getClue(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext, id: number) {
  const c = await loadVisibleClue(db, access, id);
  const names = (ids: (number | null)[]) =>
    db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [0, ...ids.filter((x): x is number => !!x)]).execute();
  const [persons, attachments, steps, merged, users, sourceOrg, mergedInto] = await Promise.all([
    db.selectFrom('clue_persons').selectAll().where('clue_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('clue_attachments').select(['id', 'file_name', 'mime', 'size', 'sm3', 'created_at']).where('clue_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('clue_steps')
      .leftJoin('users', 'users.id', 'clue_steps.done_by')
      .selectAll('clue_steps')
      .select('users.display_name as done_by_name')
      .where('clue_id', '=', id)
      .orderBy('clue_steps.id')
      .execute(),
    db.selectFrom('clues').select(['id', 'code', 'source_type', 'source_ref', 'received_on']).where('merged_into', '=', id).orderBy('id').execute(),
    names([c.created_by, c.handler_id, c.approver_id]),
    c.source_org_id ? db.selectFrom('orgs').select('name').where('id', '=', c.source_org_id).executeTakeFirst() : undefined,
    c.merged_into ? db.selectFrom('clues').select('code').where('id', '=', c.merged_into).executeTakeFirst() : undefined,
  ]);
  const nameOf = (uid: number | null) => users.find((u) => u.id === uid)?.display_name ?? null;
  await recordAudit(db, actor, { action: 'clue.read', objectType: CLUE, objectId: id });
  const method = c.method ? METHOD_DEFS[c.method] : null;
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    summary: c.summary,
    source_type: c.source_type,
    source_label: SOURCE_LABELS[c.source_type],
    source_ref: c.source_ref,
    source_org_id: c.source_org_id,
    source_org_name: sourceOrg?.name ?? null,
    domain_tags: c.domain_tags,
    cadre_level: c.cadre_level,
    status: c.status,
    status_label: STATE_LABELS[c.status],
    method: c.method,
    method_label: method?.label ?? null,
    method_reason: c.method_reason,
    outcome: c.outcome,
    outcome_label: c.outcome ? OUTCOME_DEFS[c.outcome].label : null,
    outcome_form: c.outcome_form,
    form_label: c.outcome_form ? FORM_LABELS[c.outcome_form as Form] : null,
    outcome_note: c.outcome_note,
    org_id: c.org_id,
    org_name: c.org_name,
    created_by: c.created_by,
    created_by_name: nameOf(c.created_by),
    handler_id: c.handler_id,
    handler_name: nameOf(c.handler_id),
    approver_id: c.approver_id,
    approver_name: nameOf(c.approver_id),
    received_on: c.received_on,
    closed_at: c.closed_at,
    merged_into: c.merged_into,
    merged_into_code: mergedInto?.code ?? null,
    version: c.version,
    created_at: c.created_at,
    has_whistleblower: !!c.whistleblower_enc,
    persons: persons.map((p) => ({
      name: p.name,
      id_number: p.id_number_enc ? maskIdNumber(cipher.decrypt(p.id_number_enc)) : null,
      org_name: p.org_name,
      position: p.position,
      cadre_level: p.cadre_level,
    })),
    attachments,
    steps,
    required_steps: method
      ? method.steps.map((s) => ({ ...s, done: steps.some((d) => d.method === c.method && d.step === s.code) }))
      : [],
    allowed_outcomes: method?.outcomes ?? [],
    merged_from: merged,
    actions: actionsFor(access, c),
  };
}

/** The whistle-blower's identity: needs 'clue:whistleblower'; every decryption is audited in the same transaction. */
export async function readWhistleblower(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext, id: number) {
  return inTx(db, async (tx) => {
    const c = await loadVisibleClue(tx, access, id);
    assertMay(access, 'whistleblower', factsOf(c));
    if (!c.whistleblower_enc) return { whistleblower: null };
    const whistleblower = JSON.parse(cipher.decrypt(c.whistleblower_enc)) as Whistleblower;
    await recordAudit(tx, actor, { action: 'clue.whistleblower.read', objectType: CLUE, objectId: id });
    return { whistleblower };
  });
}

/** Who may be chosen as handler (本部门有处置权限者) or approver (有管理权限的领导) of the clue. */
export async function clueCandidates(db: Queryable, access: AccessContext, id: number, role: 'handler' | 'approver') {
  const c = await loadVisibleClue(db, access, id);
  const perm = role === 'handler' ? 'clue:dispose' : 'clue:approve';
  let q = db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.display_name', 'users.org_id', 'orgs.name as org_name', 'orgs.ancestors'])
    .where('users.status', '=', 'active')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = users.id AND ${perm} = ANY(r.permissions))`);
  q = role === 'handler' ? q.where('users.org_id', '=', c.org_id) : q.where('users.org_id', 'in', c.org_path);
  const rows = await q.orderBy('users.id').execute();
  const items = rows.filter((u) => {
    if (role === 'handler') return true;
    const path = [...parseAncestors(u.ancestors), u.org_id];
    return u.id !== c.handler_id && isCompetent({ userId: u.id, orgId: u.org_id, orgPath: path, permissions: new Set([perm]) }, factsOf(c));
  });
  return { items: items.map(({ ancestors: _a, ...u }) => u) };
}
