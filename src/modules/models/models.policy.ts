/**
 * Who may do what with models and hits, and which datasets a user may put into a model.
 *
 * Permissions (src/platform/access/permissions.ts):
 *   model:read  — the model list, parameters, versions, run history and measured precision
 *                 (no personal data: counts only);
 *   model:run   — run models on demand;
 *   model:edit  — change parameters, enable/disable, use the model builder;
 *   hit:review  — read hits (subjects and evidence are personal data, case content) and review
 *                 them; turning a hit into a clue also needs clue:create.
 *
 * Data permission rule of the builder (数据权限): a user may name a dataset in a builder
 * definition — to validate, preview or save it — only if they may use that dataset:
 *   - holders of 'data:read_raw' (data administrators) may use every dataset;
 *   - anyone else only the datasets shared with one of their roles or with their organisation
 *     in the datasets area's sharing list (`dataset_sharing`, maintained with 'data:share':
 *     "who may read the raw rows of a dataset") — the builder's preview shows raw rows, so it
 *     follows exactly the rule for reading them.
 * Running a builder model on demand needs the same right over each of its datasets, so a
 * model:run holder cannot get at a dataset through someone else's custom model. Catalogue
 * models are vetted by the commission and run with model:run alone; scheduled runs run as the
 * system.
 *
 * Data scope of hits (数据权限; a hit's subjects and evidence are case content). A hit belongs to
 *   - the org of every run that produced it (`model_runs.org_id`: the org of the user who asked
 *     for the run; the requester for 仅本人) — whoever runs a model is entitled to its result;
 *   - the units it concerns (`model_hits.org_ids`: orgs named in the unit columns `org`, `buyer`,
 *     `handler_unit` of its evidence rows) — e.g. the dispatched group whose custom scope covers
 *     a bureau sees the hits about that bureau.
 * A user sees a hit when their data scope covers one of these (全部 sees all). Hits of system
 * runs (schedule, CLI) with no unit in their evidence are thus visible to 全部 only, until
 * someone in scope runs the model. Lists, counts (model statistics), exports, reads, reviews,
 * clue drafts and hit → clue all apply it; an invisible hit answers 404.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { scopeCondition } from '../../platform/access/scope.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { forbidden } from '../../platform/errors.ts';
import { DATASET_NAMES, findDataset } from '../datasets/catalog.ts';

export type ModelAction = 'read' | 'run' | 'edit' | 'review';

const NEEDS: Record<ModelAction, string> = { read: 'model:read', run: 'model:run', edit: 'model:edit', review: 'hit:review' };

/** Pure: may the user do this? (null access = the system: CLI and scheduled jobs.) */
export function mayDo(access: Pick<AccessContext, 'permissions'> | null, action: ModelAction): boolean {
  return access === null || access.permissions.has(NEEDS[action]);
}

export function assertMay(access: Pick<AccessContext, 'permissions'> | null, action: ModelAction): void {
  if (!mayDo(access, action)) throw forbidden('无权执行此操作', `Needs permission ${NEEDS[action]}`);
}

/** Pure: the usable set from the user's permissions and the grants found for them. */
export function usableFrom(access: Pick<AccessContext, 'permissions'> | null, granted: readonly string[]): Set<string> {
  if (access === null || access.permissions.has('data:read_raw')) return new Set(DATASET_NAMES);
  return new Set(granted.filter((d) => findDataset(d)));
}

/** The datasets the user may use in models (see the rule above). */
export async function usableDatasets(db: Queryable, access: AccessContext | null): Promise<Set<string>> {
  if (access === null || access.permissions.has('data:read_raw')) return usableFrom(access, []);
  const { rows } = await sql<{ dataset: string }>`
    SELECT DISTINCT dataset FROM dataset_sharing
    WHERE (grantee_kind = 'role' AND grantee = ANY(${access.roles}::text[]))
       OR (grantee_kind = 'org' AND grantee = ${String(access.orgId)})`.execute(db);
  return usableFrom(access, rows.map((r) => r.dataset));
}

/** Refuse when any of `datasets` is not usable. */
export function assertDatasetsUsable(usable: ReadonlySet<string>, datasets: readonly string[]): void {
  const denied = datasets.filter((d) => !usable.has(d));
  if (denied.length) {
    throw forbidden(
      `无权使用数据集：${denied.map((d) => `${findDataset(d)?.title ?? d}（${d}）`).join('、')}`,
      `Not allowed to use dataset(s): ${denied.join(', ')}`,
    );
  }
}

/** SQL: the `model_hits` row is within the user's data scope (rule above). null access = the system. */
export function hitVisible(access: AccessContext | null, hitTable = 'model_hits'): Expression<SqlBool> {
  if (access === null || access.scope.all) return sql<SqlBool>`true`;
  const id = sql.ref(`${hitTable}.id`);
  const units = sql.ref(`${hitTable}.org_ids`);
  return sql<SqlBool>`(EXISTS (SELECT 1 FROM model_run_hits vrh JOIN model_runs vr ON vr.id = vrh.run_id
      WHERE vrh.hit_id = ${id} AND ${scopeCondition(access, 'vr.org_id', 'vr.requested_by')})
    OR EXISTS (SELECT 1 FROM unnest(${units}) AS vu(org_id) WHERE ${scopeCondition(access, 'vu.org_id')}))`;
}
