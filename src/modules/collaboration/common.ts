/** Small helpers shared by the collaboration and inspection services. */
import { type AccessContext, parseAncestors } from '../../platform/access/context.ts';
import type { DateString } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput, conflict, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import type { OrgFacts } from './collaboration.policy.ts';

export function requireText(value: string | undefined | null, what: string, whatEn: string): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`请填写${what}`, `${whatEn} is required`);
  return v;
}

export const stale = () => conflict('该记录已被他人修改，请刷新后重试', 'The record was changed by someone else; reload and retry');

export function paging(q: PageQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export const likePattern = (s: string) => `%${s.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Facts (kind, ancestry, root kind) of some organisations; 404 for an unknown id. */
export async function loadOrgFacts(db: Queryable, ids: number[]): Promise<Map<number, OrgFacts>> {
  const wanted = [...new Set(ids)];
  const rows = wanted.length ? await db.selectFrom('orgs').select(['id', 'name', 'kind', 'ancestors']).where('id', 'in', wanted).execute() : [];
  const missing = wanted.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw notFound(`单位（${missing.join('、')}）`, `Organisation ${missing.join(', ')}`);
  const paths = new Map(rows.map((r) => [r.id, [...parseAncestors(r.ancestors), r.id]]));
  const rootIds = [...new Set([...paths.values()].map((p) => p[0]))];
  const roots = rootIds.length ? await db.selectFrom('orgs').select(['id', 'kind']).where('id', 'in', rootIds).execute() : [];
  const out = new Map<number, OrgFacts>();
  for (const r of rows) {
    const path = paths.get(r.id)!;
    out.set(r.id, { id: r.id, name: r.name, kind: r.kind, path, rootKind: roots.find((x) => x.id === path[0])?.kind ?? r.kind });
  }
  return out;
}

export async function orgNames(db: Queryable, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function assertOrgsExist(db: Queryable, ids: (number | null | undefined)[]): Promise<void> {
  await loadOrgFacts(db, ids.filter((x): x is number => typeof x === 'number'));
}

/** How a problem put on the rectification ledger is to be fixed (责任领导、整改措施、时限). */
export interface RectificationPlan {
  responsibleLeaderName: string;
  responsibleLeaderTitle?: string | null;
  measures?: string;
  deadline?: DateString;
  timeLimitDays?: number;
  /** Default: the user's org (for a system caller: the body that found the problem). */
  supervisingOrgId?: number;
}

/** The plan's fields of a new ledger item (`createLedgerItem`), supervised as `RectificationPlan` says. */
export function ledgerPlanFields(plan: RectificationPlan, access: AccessContext | null, foundByOrgId: number) {
  return {
    responsibleLeaderName: plan.responsibleLeaderName,
    responsibleLeaderTitle: plan.responsibleLeaderTitle ?? null,
    supervisingOrgId: plan.supervisingOrgId ?? access?.orgId ?? foundByOrgId,
    measures: plan.measures,
    deadline: plan.deadline,
    timeLimitDays: plan.timeLimitDays,
  };
}

/** 138****5678 */
export function maskPhone(p: string): string {
  return p.length >= 7 ? `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}` : '****';
}
