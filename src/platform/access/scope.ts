/**
 * Data-scope filtering (数据权限) as SQL: a record owned by an org (and optionally a user) is
 * visible when the user's scopes cover it. Used by every list, count, search and export.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { AccessContext } from './context.ts';

/**
 * Build the WHERE condition for `orgColumn` (and `ownerColumn` for 仅本人) under the user's scope.
 * Column names are SQL references such as 'clues.org_id'.
 */
export function scopeCondition(
  ctx: AccessContext,
  orgColumn: string,
  ownerColumn?: string,
): Expression<SqlBool> {
  if (ctx.scope.all) return sql<SqlBool>`true`;
  const parts: Expression<SqlBool>[] = [];
  const org = sql.ref(orgColumn);
  if (ctx.scope.orgIds.length) parts.push(sql<SqlBool>`${org} = ANY(${sql.val(ctx.scope.orgIds)}::int[])`);
  if (ctx.scope.self && ownerColumn) parts.push(sql<SqlBool>`${sql.ref(ownerColumn)} = ${ctx.userId}`);
  if (!parts.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** Need-to-know (知悉范围): the record is granted to the user or to the user's organisation. */
export function needToKnowCondition(ctx: AccessContext, objectType: string, idColumn: string): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM record_access ra WHERE ra.object_type = ${objectType}
    AND ra.object_id = ${sql.ref(idColumn)}::text
    AND ((ra.grantee_kind = 'user' AND ra.grantee_id = ${ctx.userId})
      OR (ra.grantee_kind = 'org' AND ra.grantee_id = ${ctx.orgId})))`;
}

export type { ExpressionBuilder };
