/**
 * 巡察建议书 and 纪检监察建议书: drafted, issued as an official document (GB/T 9704, built by
 * src/platform/docs/official.ts; the issued .docx is kept with its SM3), and tracked until the
 * recipient answers (status, answer, deadline in working days, overdue), then closed or sent back.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { loadCalendar } from '../../platform/calendar/calendar.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { sm3Hex } from '../../platform/crypto/sm3.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { type BodyBlock, type OfficialDocument, buildOfficialDocument, chineseDate, docNumber } from '../../platform/docs/official.ts';
import { loadOrgFacts, paging, requireText, stale } from '../collaboration/common.ts';
import { notify } from '../notifications/notifications.service.ts';
import { type LetterFacts, assertOnLetter, assertOnTarget, mayOnLetter, visibleTargets, who } from './inspections.policy.ts';
import { visibleRound } from './rounds.service.ts';
import { LETTER_KINDS, type LetterKind } from './schema.ts';
import { LETTER_STATE_LABELS, type LetterEvent, assertPhaseAllows, nextLetterState } from './workflow.ts';

export const LETTER = 'insp_letter';

export const LETTER_KIND_DEFS: Record<LetterKind, { label: string; prefix: string }> = {
  inspection: { label: '巡察建议书', prefix: '示巡建' },
  discipline: { label: '纪检监察建议书', prefix: '示纪建' },
};

/** Default time to answer, in official working days (about a month). */
export const DEFAULT_ANSWER_DAYS = 20;

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`chineseNumber: ${n}`);
  if (n < 10) return CN[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN[tens]}十${CN[n % 10]}`;
}

export interface LetterInput {
  kind: LetterKind;
  /** For a 巡察建议书 on a target of a round: recipient, round and phase come from it. */
  targetId?: number | null;
  issuerOrgId?: number;
  /** 发文机关标志 (default: the issuing body's name). */
  issuerMark?: string;
  recipientOrgId?: number;
  /** 主送机关 (default: the target's party organisation, or the recipient body's name). */
  recipientName?: string;
  /** 标题 “关于…的巡察建议书” is made from it unless `title` is given. */
  subject?: string;
  title?: string;
  intro: string;
  problems: string[];
  recommendations: string[];
  cc?: string[];
  prefix?: string;
  answerDays?: number;
}

function facts(l: { kind: LetterKind; issuer_org_id: number; recipient_org_id: number }): LetterFacts {
  return { kind: l.kind, issuer_org_id: l.issuer_org_id, recipient_org_id: l.recipient_org_id };
}

/** Draft a letter. */
export async function createLetter(db: Queryable, actor: Actor, access: AccessContext | null, input: LetterInput): Promise<{ id: number }> {
  if (!LETTER_KINDS.includes(input.kind)) throw badInput(`未知的建议书类型：${input.kind}`, `Unknown kind ${input.kind}`);
  const def = LETTER_KIND_DEFS[input.kind];
  requireText(input.intro, '建议书开头（问题来源）', 'Introduction');
  if (!input.problems.length) throw badInput('须列出发现的问题', 'At least one problem is required');
  if (!input.recommendations.length) throw badInput('须提出意见建议', 'At least one recommendation is required');
  const answerDays = input.answerDays ?? DEFAULT_ANSWER_DAYS;
  if (!Number.isInteger(answerDays) || answerDays < 1 || answerDays > 250) throw badInput('反馈期限须为 1–250 个工作日', 'Answer days must be 1–250');
  return inTx(db, async (tx) => {
    let roundId: number | null = null;
    let recipientOrgId = input.recipientOrgId;
    let recipientName = input.recipientName?.trim();
    if (input.targetId) {
      const t = await tx.selectFrom('insp_targets').selectAll().where('id', '=', input.targetId).executeTakeFirst();
      if (!t) throw notFound('被巡察单位', 'Target');
      if (access) {
        const f = await visibleRound(tx, access, t.round_id);
        if (!visibleTargets(who(access), f).includes(t.id)) throw notFound('被巡察单位', 'Target');
        assertOnTarget(who(access), f, 'letter', t.id);
        assertPhaseAllows(f.row.phase, 'letter');
      }
      roundId = t.round_id;
      recipientOrgId ??= t.target_org_id;
      recipientName ||= t.party_org_name;
    }
    const issuerOrgId = input.issuerOrgId ?? access?.orgId;
    if (!issuerOrgId) throw badInput('须指定制发单位', 'The issuing body is required');
    if (!recipientOrgId) throw badInput('须指定被建议单位', 'The recipient is required');
    const orgs = await loadOrgFacts(tx, [issuerOrgId, recipientOrgId]);
    const f: LetterFacts = { kind: input.kind, issuer_org_id: issuerOrgId, recipient_org_id: recipientOrgId };
    if (access) assertOnLetter(who(access), 'draft', f);
    const title = input.title?.trim() || (input.subject?.trim() ? `关于${input.subject.trim()}的${def.label}` : def.label);
    const row = await tx
      .insertInto('insp_letters')
      .values({
        kind: input.kind,
        round_id: roundId,
        target_id: input.targetId ?? null,
        issuer_org_id: issuerOrgId,
        issuer_mark: input.issuerMark?.trim() || orgs.get(issuerOrgId)!.name,
        recipient_org_id: recipientOrgId,
        recipient_name: recipientName || orgs.get(recipientOrgId)!.name,
        prefix: input.prefix?.trim() || def.prefix,
        year: null,
        seq: null,
        doc_number: null,
        title,
        intro: input.intro.trim(),
        problems: input.problems.map((p) => requireText(p, '问题', 'Problem')),
        recommendations: input.recommendations.map((p) => requireText(p, '建议', 'Recommendation')),
        cc: (input.cc ?? []).map((c) => c.trim()).filter(Boolean),
        answer_days: answerDays,
        deadline: null,
        status: 'draft',
        issued_on: null,
        issued_by: null,
        file: null,
        file_sm3: null,
        answer: null,
        answered_on: null,
        answered_by: null,
        close_opinion: null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'inspection.letter.create', objectType: LETTER, objectId: row.id, detail: { kind: input.kind, round_id: roundId, recipient_org_id: recipientOrgId, title } });
    return { id: row.id };
  });
}

type LetterRow = Awaited<ReturnType<typeof loadLetter>>;

async function loadLetter(tx: Queryable, id: number, lock = false) {
  let q = tx.selectFrom('insp_letters').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const l = await q.executeTakeFirst();
  if (!l) throw notFound('建议书', 'Letter');
  return l;
}

/** The letter as the GB/T 9704 document description. */
export function letterDocument(l: Pick<LetterRow, 'kind' | 'issuer_mark' | 'doc_number' | 'title' | 'recipient_name' | 'intro' | 'problems' | 'recommendations' | 'cc'>, issuerName: string, issuedOn: DateString, deadline: DateString): OfficialDocument {
  const body: BodyBlock[] = [
    l.intro,
    { level: 1, heading: '一、发现的主要问题' },
    ...l.problems.map((p, i) => ({ level: 2 as const, heading: `（${chineseNumber(i + 1)}）`, text: p })),
    { level: 1, heading: '二、意见建议' },
    ...l.recommendations.map((p, i) => ({ level: 2 as const, heading: `（${chineseNumber(i + 1)}）`, text: p })),
    { level: 1, heading: '三、有关要求' },
    `请认真研究落实本${LETTER_KIND_DEFS[l.kind].label}提出的意见建议，于${chineseDate(deadline)}前将落实情况书面反馈${issuerName}。`,
  ];
  return {
    issuerMark: l.issuer_mark,
    docNumber: l.doc_number ?? undefined,
    title: l.title,
    recipients: [l.recipient_name],
    body,
    signature: { org: issuerName, date: issuedOn },
    cc: l.cc.length ? l.cc : undefined,
    printedBy: { org: issuerName, date: issuedOn },
    creator: issuerName,
  };
}

/** 印发: number it (发文字号), fix the deadline, generate and keep the .docx, notify the recipient. */
export async function issueLetter(db: Queryable, actor: Actor, access: AccessContext | null, id: number, input: { version: number; issuedOn?: DateString }) {
  const issuedOn = input.issuedOn ?? todayInShanghai();
  toDayNumber(issuedOn);
  if (toDayNumber(issuedOn) > toDayNumber(todayInShanghai())) throw badInput('印发日期不能晚于今天', 'The issue date cannot be in the future');
  const calendar = await loadCalendar(db);
  return inTx(db, async (tx) => {
    const l = await loadLetter(tx, id, true);
    if (access) {
      if (!mayOnLetter(who(access), 'view', facts(l))) throw notFound('建议书', 'Letter');
      assertOnLetter(who(access), 'issue', facts(l));
    }
    if (l.version !== input.version) throw stale();
    const next = nextLetterState(l.status, 'issue');
    const year = Number(issuedOn.slice(0, 4));
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`insp_letters:${l.prefix}:${year}`}))`.execute(tx);
    const last = await tx.selectFrom('insp_letters').select(sql<number>`coalesce(max(seq), 0)`.as('n')).where('prefix', '=', l.prefix).where('year', '=', year).executeTakeFirstOrThrow();
    const seq = Number(last.n) + 1;
    const number = docNumber(l.prefix, year, seq);
    const deadline = calendar.addWorkingDays(issuedOn, l.answer_days);
    const issuer = await tx.selectFrom('orgs').select('name').where('id', '=', l.issuer_org_id).executeTakeFirstOrThrow();
    const file = await buildOfficialDocument(letterDocument({ ...l, doc_number: number }, issuer.name, issuedOn, deadline));
    const hash = sm3Hex(file);
    await tx
      .updateTable('insp_letters')
      .set({ status: next, year, seq, doc_number: number, deadline, issued_on: issuedOn, issued_by: actor.userId, file, file_sm3: hash, version: l.version + 1 })
      .where('id', '=', id)
      .where('version', '=', l.version)
      .execute();
    await recordAudit(tx, actor, { action: 'inspection.letter.issue', objectType: LETTER, objectId: id, detail: { doc_number: number, issued_on: issuedOn, deadline, sm3: hash, bytes: file.length } });
    await notify(tx, {
      to: { orgId: l.recipient_org_id },
      kind: 'inspection.letter.received',
      title: `收到${LETTER_KIND_DEFS[l.kind].label}（${number}），请于${deadline}前反馈落实情况`,
      link: `/letters/${id}`,
      objectType: LETTER,
      objectId: id,
    });
    return { version: l.version + 1, doc_number: number, deadline, sm3: hash };
  });
}

async function move(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  id: number,
  event: Exclude<LetterEvent, 'issue'>,
  input: { version: number; text: string; on?: DateString },
) {
  const on = input.on ?? todayInShanghai();
  toDayNumber(on);
  return inTx(db, async (tx) => {
    const l = await loadLetter(tx, id, true);
    if (!mayOnLetter(who(access), 'view', facts(l))) throw notFound('建议书', 'Letter');
    assertOnLetter(who(access), event, facts(l));
    if (l.version !== input.version) throw stale();
    const next = nextLetterState(l.status, event);
    const text = requireText(input.text, event === 'answer' ? '落实情况' : '审核意见', event === 'answer' ? 'Answer' : 'Opinion');
    const set: Record<string, unknown> = { status: next, version: l.version + 1 };
    if (event === 'answer') {
      if (l.issued_on && toDayNumber(on) < toDayNumber(l.issued_on)) throw badInput('反馈日期早于印发日期', 'The answer date is before the issue date');
      Object.assign(set, { answer: text, answered_on: on, answered_by: access.userId });
    } else {
      Object.assign(set, { close_opinion: text });
    }
    await tx.updateTable('insp_letters').set(set).where('id', '=', id).where('version', '=', l.version).execute();
    const onTime = event === 'answer' && l.deadline ? toDayNumber(on) <= toDayNumber(l.deadline) : null;
    await recordAudit(tx, actor, { action: `inspection.letter.${event}`, objectType: LETTER, objectId: id, detail: { from: l.status, to: next, on, on_time: onTime } });
    const label = LETTER_KIND_DEFS[l.kind].label;
    await notify(tx, {
      to: { orgId: event === 'answer' ? l.issuer_org_id : l.recipient_org_id },
      kind: `inspection.letter.${event}`,
      title:
        event === 'answer'
          ? `${l.doc_number}${label}已反馈落实情况${onTime === false ? '（超期）' : ''}`
          : event === 'return'
            ? `${l.doc_number}${label}落实情况被退回，请重新反馈`
            : `${l.doc_number}${label}已办结`,
      link: `/letters/${id}`,
      objectType: LETTER,
      objectId: id,
    });
    return { version: l.version + 1, status: next };
  });
}

/** The recipient answers (落实情况). */
export const answerLetter = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; answer: string; answeredOn?: DateString }) =>
  move(db, actor, access, id, 'answer', { version: input.version, text: input.answer, on: input.answeredOn });

/** The issuer sends the answer back (落实不到位). */
export const returnLetter = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; opinion: string }) =>
  move(db, actor, access, id, 'return', { version: input.version, text: input.opinion });

/** The issuer accepts the answer (办结). */
export const closeLetter = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; opinion: string }) =>
  move(db, actor, access, id, 'close', { version: input.version, text: input.opinion });

function present(l: Omit<LetterRow, 'file'>, today: DateString) {
  const overdue = l.status === 'issued' && !!l.deadline && toDayNumber(today) > toDayNumber(l.deadline);
  const late = !!l.answered_on && !!l.deadline && toDayNumber(l.answered_on) > toDayNumber(l.deadline);
  return { ...l, kind_label: LETTER_KIND_DEFS[l.kind].label, status_label: LETTER_STATE_LABELS[l.status], overdue, answered_late: late };
}

const COLUMNS = [
  'id', 'kind', 'round_id', 'target_id', 'issuer_org_id', 'issuer_mark', 'recipient_org_id', 'recipient_name', 'prefix', 'year', 'seq', 'doc_number', 'title', 'intro',
  'problems', 'recommendations', 'cc', 'answer_days', 'deadline', 'status', 'issued_on', 'issued_by', 'file_sm3', 'answer', 'answered_on', 'answered_by', 'close_opinion',
  'version', 'created_by', 'created_at',
] as const;

/** One letter (without the file), with what the user may do. An audited read. */
export async function getLetter(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  const l = await db.selectFrom('insp_letters').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!l || !mayOnLetter(who(access), 'view', facts(l))) throw notFound('建议书', 'Letter');
  const names = await loadOrgFacts(db, [l.issuer_org_id, l.recipient_org_id]);
  await recordAudit(db, actor, { action: 'inspection.letter.read', objectType: LETTER, objectId: id });
  const w = who(access);
  const actions = (['issue', 'answer', 'return', 'close'] as const).filter((e) => {
    try {
      nextLetterState(l.status, e);
    } catch {
      return false;
    }
    return mayOnLetter(w, e, facts(l));
  });
  return { ...present(l, todayInShanghai()), issuer_org_name: names.get(l.issuer_org_id)!.name, recipient_org_name: names.get(l.recipient_org_id)!.name, actions };
}

/** The issued .docx (the kept official copy, checked against its SM3). An audited read. */
export async function getLetterFile(db: Queryable, actor: Actor, access: AccessContext, id: number): Promise<{ fileName: string; bytes: Buffer }> {
  const l = await db.selectFrom('insp_letters').selectAll().where('id', '=', id).executeTakeFirst();
  if (!l || !mayOnLetter(who(access), 'view', facts(l))) throw notFound('建议书', 'Letter');
  if (!l.file) throw new AppError('not_issued', '建议书尚未印发', 'The letter has not been issued', 409);
  const bytes = Buffer.from(l.file);
  if (sm3Hex(bytes) !== l.file_sm3) throw new AppError('integrity', '文件校验失败（SM3 不符）', 'File integrity check failed (SM3 mismatch)', 500);
  await recordAudit(db, actor, { action: 'inspection.letter.download', objectType: LETTER, objectId: id, detail: { sm3: l.file_sm3 } });
  return { fileName: `${l.doc_number} ${l.title}.docx`, bytes };
}

/** A draft's document, generated on the fly for review (not numbered, not kept). */
export async function previewLetter(db: Queryable, access: AccessContext, id: number): Promise<{ fileName: string; bytes: Buffer }> {
  const l = await db.selectFrom('insp_letters').selectAll().where('id', '=', id).executeTakeFirst();
  if (!l || !mayOnLetter(who(access), 'view', facts(l))) throw notFound('建议书', 'Letter');
  if (!mayOnLetter(who(access), 'draft', facts(l))) throw forbidden('只有制发单位可以预览草稿', 'Only the issuing body may preview a draft');
  const issuer = await db.selectFrom('orgs').select('name').where('id', '=', l.issuer_org_id).executeTakeFirstOrThrow();
  const today = todayInShanghai();
  const calendar = await loadCalendar(db);
  const doc = letterDocument({ ...l, doc_number: l.doc_number ?? `${l.prefix}〔${today.slice(0, 4)}〕×号` }, issuer.name, l.issued_on ?? today, l.deadline ?? calendar.addWorkingDays(today, l.answer_days));
  return { fileName: `${l.title}（草稿）.docx`, bytes: await buildOfficialDocument(doc) };
}

export interface LetterQuery extends PageQuery {
  kind?: LetterKind;
  status?: string;
  round_id?: number;
  /** issued: by my body; received: to my body. */
  box?: 'issued' | 'received';
  overdue?: boolean;
}

export async function listLetters(db: Queryable, access: AccessContext, q: LetterQuery = {}, today: DateString = todayInShanghai()) {
  const { page, pageSize, offset } = paging(q);
  const path = sql.val(access.orgPath);
  let base = db.selectFrom('insp_letters');
  if (!access.scope.all) base = base.where(sql<boolean>`(insp_letters.issuer_org_id = ANY(${path}::int[]) OR insp_letters.recipient_org_id = ANY(${path}::int[]))`);
  if (q.box === 'issued') base = base.where(sql<boolean>`insp_letters.issuer_org_id = ANY(${path}::int[])`);
  if (q.box === 'received') base = base.where(sql<boolean>`insp_letters.recipient_org_id = ANY(${path}::int[])`);
  if (q.kind) base = base.where('insp_letters.kind', '=', q.kind);
  if (q.status) base = base.where('insp_letters.status', '=', q.status as never);
  if (q.round_id) base = base.where('insp_letters.round_id', '=', q.round_id);
  if (q.overdue) base = base.where('insp_letters.status', '=', 'issued').where('insp_letters.deadline', '<', today);
  const [rows, total] = await Promise.all([
    base.select(COLUMNS.map((c) => `insp_letters.${c}` as const)).orderBy('insp_letters.id', 'desc').limit(pageSize).offset(offset).execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => present(r, today)), total: Number(total.n), page, pageSize, as_of: today };
}
