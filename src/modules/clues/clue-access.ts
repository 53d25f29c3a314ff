/**
 * Loading a clue the way every use case must: only when it was given to the user (知悉范围),
 * with the facts the policy needs; granting it to someone; saving it under optimistic locking.
 */
import { type Updateable, sql } from 'kysely';
import { type AccessContext, parseAncestors } from '../../platform/access/context.ts';
import { needToKnowCondition } from '../../platform/access/scope.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { ClueFacts } from './clues.policy.ts';
import type { ClueTable } from './schema.ts';

export const CLUE = 'clue';

export type ClueRow = Awaited<ReturnType<typeof loadVisibleClue>>;

/** Clues visible to the user: granted to them or to their organisation, whatever their role. */
export function visibleClues(db: Queryable, access: AccessContext) {
  return db.selectFrom('clues').where(needToKnowCondition(access, CLUE, 'clues.id'));
}

/** The clue with its owning org's ancestry; 404 when it does not exist or was not given to the user. */
export async function loadVisibleClue(db: Queryable, access: AccessContext, id: number) {
  const row = await visibleClues(db, access)
    .innerJoin('orgs', 'orgs.id', 'clues.org_id')
    .selectAll('clues')
    .select(['orgs.ancestors as org_ancestors', 'orgs.name as org_name'])
    .where('clues.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('线索', 'Clue');
  return { ...row, org_path: [...parseAncestors(row.org_ancestors), row.org_id] };
}

/**
 * Before another record (a decision, a ledger item) is linked to a clue: the clue must exist and,
 * for a user, have been given to them — a link must not reveal or reach a clue beyond 知悉范围.
 * `access` null: a system job, which may link any existing clue.
 */
export async function assertClueLinkable(db: Queryable, access: AccessContext | null, clueId: number): Promise<void> {
  const q = access ? visibleClues(db, access) : db.selectFrom('clues');
  const row = await q.select('clues.id').where('clues.id', '=', clueId).executeTakeFirst();
  if (!row) throw notFound('线索', 'Clue');
}

export function factsOf(c: Pick<ClueRow, 'org_id' | 'org_path' | 'created_by' | 'handler_id' | 'approver_id' | 'cadre_level'>): ClueFacts {
  return {
    orgId: c.org_id,
    orgPath: c.org_path,
    createdBy: c.created_by,
    handlerId: c.handler_id,
    approverId: c.approver_id,
    cadreLevel: c.cadre_level,
  };
}

export type Grantee = { userId: number } | { orgId: number };

/** Add someone to the clue's need-to-know list (idempotent). */
export async function grantClue(tx: Queryable, clueId: number, to: Grantee, grantedBy: number | null): Promise<void> {
  await grant(tx, CLUE, String(clueId), to, grantedBy);
}

export async function grant(tx: Queryable, objectType: string, objectId: string, to: Grantee, grantedBy: number | null): Promise<void> {
  await tx
    .insertInto('record_access')
    .values({
      object_type: objectType,
      object_id: objectId,
      grantee_kind: 'userId' in to ? 'user' : 'org',
      grantee_id: 'userId' in to ? to.userId : to.orgId,
      granted_by: grantedBy,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const staleClue = () => conflict('该线索已被他人修改，请刷新后重试', 'The clue was changed by someone else; reload and retry');

/** Save changes to a clue read at `version`; 409 when someone else saved it in between. */
export async function saveClue(tx: Queryable, id: number, version: number, set: Updateable<ClueTable>): Promise<number> {
  const r = await tx
    .updateTable('clues')
    .set({ ...set, version: version + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw staleClue();
  return version + 1;
}

/** 110101********1234 */
export function maskIdNumber(id: string): string {
  return id.length <= 10 ? `${id.slice(0, 2)}****` : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Escape LIKE/ILIKE wildcards in user input. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
