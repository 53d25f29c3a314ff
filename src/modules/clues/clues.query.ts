/**
 * Reading many clues — list, search (text, person's ID number), count, export — always over the
 * clues given to the user (知悉范围), whatever their role or data scope: one base query for all.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { orgInDistrict } from '../../platform/access/districts.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { formatCsvRow } from '../../platform/files/csv.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { CLUE, likeEscape, visibleClues } from './clue-access.ts';
import { idNumberHash } from './clues.service.ts';
import { SOURCE_LABELS, type SourceType } from './schema.ts';
import { type ClueState, type Form, METHOD_DEFS, type Method, OUTCOME_DEFS, type Outcome, STATE_LABELS } from './workflow.ts';

export interface ClueQuery extends PageQuery {
  status?: ClueState;
  source_type?: SourceType;
  domain_tag?: string;
  method?: Method;
  outcome?: Outcome;
  form?: number;
  from?: string;
  to?: string;
  /** Clues naming a person with this ID number (matched by its SM3, never decrypted). */
  id_number?: string;
  /** Only clues I handle. */
  mine?: boolean;
  /** Only clues whose org lies in this 区县 (its own district, else its nearest ancestor's; the dashboard's rule). */
  district?: string;
}

/** The clues the user may see (知悉范围), narrowed by the query: the one base of list, search, count and export. */
function filtered(db: Queryable, access: AccessContext, q: ClueQuery) {
  let s = visibleClues(db, access);
  if (q.status) s = s.where('clues.status', '=', q.status);
  else s = s.where('clues.status', '<>', 'merged');
  if (q.source_type) s = s.where('clues.source_type', '=', q.source_type);
  if (q.domain_tag) s = s.where(sql<boolean>`${q.domain_tag} = ANY(clues.domain_tags)`);
  if (q.method) s = s.where('clues.method', '=', q.method);
  if (q.outcome) s = s.where('clues.outcome', '=', q.outcome);
  if (q.form) s = s.where('clues.outcome_form', '=', q.form as Form);
  if (q.from) s = s.where('clues.received_on', '>=', q.from);
  if (q.to) s = s.where('clues.received_on', '<=', q.to);
  if (q.mine) s = s.where('clues.handler_id', '=', access.userId);
  if (q.district !== undefined) s = s.where(orgInDistrict('clues.org_id', q.district));
  if (q.id_number) {
    const hash = idNumberHash(q.id_number);
    s = s.where(sql<boolean>`EXISTS (SELECT 1 FROM clue_persons p WHERE p.clue_id = clues.id AND p.id_hash = ${hash})`);
  }
  if (q.q?.trim()) {
    const t = q.q.trim();
    const like = `%${likeEscape(t)}%`;
    s = s.where(
      sql<boolean>`(clues.code = ${t} OR clues.title ILIKE ${like} OR clues.summary ILIKE ${like}
        OR EXISTS (SELECT 1 FROM clue_persons p WHERE p.clue_id = clues.id AND (p.name = ${t} OR p.org_name ILIKE ${like})))`,
    );
  }
  return s;
}

const LIST_COLUMNS = [
  'clues.id',
  'clues.code',
  'clues.title',
  'clues.source_type',
  'clues.source_ref',
  'clues.status',
  'clues.method',
  'clues.outcome',
  'clues.outcome_form',
  'clues.cadre_level',
  'clues.domain_tags',
  'clues.received_on',
  'clues.org_id',
  'clues.handler_id',
  'clues.version',
] as const;

const SORTS = { received_on: 'clues.received_on', code: 'clues.code', status: 'clues.status', id: 'clues.id' } as const;

async function auditSearch(db: Queryable, actor: Actor, q: ClueQuery, action: string, extra: object = {}) {
  // A search by ID number is a read of personal data: keep who looked for whom (by hash only).
  if (q.id_number) await recordAudit(db, actor, { action, objectType: CLUE, detail: { id_hash: idNumberHash(q.id_number), ...extra } });
}

/** List and search (q, filters, ID number) over the clues given to the user. */
export async function listClues(db: Queryable, actor: Actor, access: AccessContext, q: ClueQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const base = filtered(db, access, q);
  const sortCol = SORTS[(q.sort ?? 'id') as keyof typeof SORTS] ?? 'clues.id';
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs', 'orgs.id', 'clues.org_id')
      .leftJoin('users as h', 'h.id', 'clues.handler_id')
      .select([...LIST_COLUMNS, 'orgs.name as org_name', 'h.display_name as handler_name'])
      .select(sql<string>`(SELECT string_agg(p.name, '、' ORDER BY p.seq) FROM clue_persons p WHERE p.clue_id = clues.id)`.as('persons'))
      .orderBy(sortCol, q.order ?? 'desc')
      .orderBy('clues.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await auditSearch(db, actor, q, 'clue.search_person', { results: Number(total.n) });
  const items = rows.map((r) => ({ ...r, status_label: STATE_LABELS[r.status], source_label: SOURCE_LABELS[r.source_type] }));
  return { items, total: Number(total.n), page, pageSize };
}

/**
 * Counts over the clues given to the user: total and by status, source, method and 四种形态.
 * (Other areas — accountability, reports — count the four forms through this.)
 */
export async function clueStats(db: Queryable, actor: Actor, access: AccessContext, q: ClueQuery = {}) {
  const by = async (col: 'status' | 'source_type' | 'method' | 'outcome_form') => {
    const rows = await filtered(db, access, q)
      .select([sql<string>`clues.${sql.raw(col)}::text`.as('k'), sql<number>`count(*)`.as('n')])
      .groupBy(`clues.${col}`)
      .execute();
    return Object.fromEntries(rows.filter((r) => r.k !== null).map((r) => [r.k, Number(r.n)]));
  };
  const [total, byStatus, bySource, byMethod, byForm] = await Promise.all([
    filtered(db, access, q).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    by('status'),
    by('source_type'),
    by('method'),
    by('outcome_form'),
  ]);
  await auditSearch(db, actor, q, 'clue.search_person');
  return { total: Number(total.n), by_status: byStatus, by_source: bySource, by_method: byMethod, by_form: byForm };
}

export const EXPORT_LIMIT = 50_000;

/** CSV (UTF-8 with BOM, opens in Excel) of the clues given to the user; the export is audited. */
export async function exportClues(db: Queryable, actor: Actor, access: AccessContext, q: ClueQuery): Promise<string> {
  const rows = await filtered(db, access, q)
    .innerJoin('orgs', 'orgs.id', 'clues.org_id')
    .select([...LIST_COLUMNS, 'orgs.name as org_name'])
    .select(sql<string>`(SELECT string_agg(p.name, '、' ORDER BY p.seq) FROM clue_persons p WHERE p.clue_id = clues.id)`.as('persons'))
    .orderBy('clues.id')
    .limit(EXPORT_LIMIT)
    .execute();
  await recordAudit(db, actor, {
    action: 'clue.export',
    objectType: CLUE,
    detail: { rows: rows.length, ids: rows.map((r) => r.id), filters: { ...q, id_number: q.id_number ? idNumberHash(q.id_number) : undefined } },
  });
  const head = ['线索编号', '标题', '来源', '来源编号', '被反映人', '干部管理权限', '领域', '状态', '处置方式', '处置结果', '四种形态', '受理日期', '承办部门'];
  return `\uFEFF${formatCsvRow(head)}${rows
    .map((r) =>
      formatCsvRow([
        r.code,
        r.title,
        SOURCE_LABELS[r.source_type],
        r.source_ref,
        r.persons,
        r.cadre_level,
        r.domain_tags.join('、'),
        STATE_LABELS[r.status],
        r.method ? METHOD_DEFS[r.method].label : '',
        r.outcome ? OUTCOME_DEFS[r.outcome].label : '',
        r.outcome_form ? `第${'一二三四'[r.outcome_form - 1]}种形态` : '',
        r.received_on,
        r.org_name,
      ]),
    )
    .join('')}`;
}

