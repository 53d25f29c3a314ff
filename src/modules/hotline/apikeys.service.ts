/**
 * API keys of machine clients of the hotline intake (Open311). The key is shown once; only its
 * SM3 hash is stored in the platform's `api_keys` table (which the HTTP layer checks).
 */
import { randomBytes } from 'node:crypto';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { sm3 } from '../../platform/crypto/sm3.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput } from '../../platform/errors.ts';
import { sql } from 'kysely';

export const INTAKE_PERMISSION = 'hotline:intake';

export async function createIntakeKey(db: Queryable, actor: Actor, input: { orgId?: number; orgName?: string; name: string; createdBy?: number | null }) {
  return inTx(db, async (tx) => {
    const org = input.orgId
      ? await tx.selectFrom('orgs').select(['id', 'name']).where('id', '=', input.orgId).executeTakeFirst()
      : await tx.selectFrom('orgs').select(['id', 'name']).where('name', '=', input.orgName ?? '').executeTakeFirst();
    if (!org) throw badInput(`单位不存在：${input.orgId ?? input.orgName}`, `No such organisation: ${input.orgId ?? input.orgName}`);
    const key = `gt_${randomBytes(24).toString('base64url')}`;
    const row = await tx
      .insertInto('api_keys')
      .values({ name: input.name, key_hash: sm3(key).toString('hex'), org_id: org.id, permissions: [INTAKE_PERMISSION], created_by: input.createdBy ?? null, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'apikey.create', objectType: 'api_key', objectId: row.id, detail: { name: input.name, org: org.name, permissions: [INTAKE_PERMISSION] } });
    return { id: row.id, key, org_id: org.id, org_name: org.name };
  });
}

export async function revokeIntakeKey(db: Queryable, actor: Actor, id: number) {
  return inTx(db, async (tx) => {
    const r = await tx.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw badInput(`接口密钥不存在或已作废：${id}`, `No such active API key: ${id}`);
    await recordAudit(tx, actor, { action: 'apikey.revoke', objectType: 'api_key', objectId: id });
    return { id, revoked: true };
  });
}

/** The intake keys (never their secret nor its hash): name, organisation, creator, created / revoked. */
export async function listIntakeKeys(db: Queryable, q: { revoked?: boolean } = {}) {
  let s = db
    .selectFrom('api_keys as k')
    .innerJoin('orgs as o', 'o.id', 'k.org_id')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.org_id', 'o.name as org_name', 'k.permissions', 'k.created_at', 'u.display_name as created_by_name', 'k.revoked_at'])
    .where(sql<boolean>`${INTAKE_PERMISSION} = ANY(k.permissions)`);
  if (q.revoked !== undefined) s = s.where('k.revoked_at', q.revoked ? 'is not' : 'is', null);
  return s.orderBy(sql`k.revoked_at IS NOT NULL`).orderBy('k.id', 'desc').execute();
}
