/**
 * Sign-in, second factor, sessions and password changes. Every attempt goes to the login log
 * (登录日志); every change of credentials is audited.
 */
import { randomBytes } from 'node:crypto';
import { type AccessContext, loadAccessContext } from '../access/context.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import type { FieldCipher } from '../crypto/cipher.ts';
import { sm3 } from '../crypto/sm3.ts';
import { inTx } from '../db/tx.ts';
import type { Db, Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { PASSWORD_POLICY, checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

export const SESSION_IDLE_MINUTES = 30;

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  mfaRequired: boolean;
  mfaEnrolled: boolean;
  mustChangePassword: boolean;
}

export interface SessionState {
  sessionId: string;
  userId: number;
  csrfToken: string;
  mfaPassed: boolean;
  access: AccessContext;
}

const badCredentials = () => new AppError('bad_credentials', '用户名或口令错误', 'Wrong user name or password', 401);

export const sessionIdOf = (token: string) => sm3(token).toString('hex');

/** TOTP is mandatory for the three administrators and for anyone who can see clues. */
export function totpMandatory(access: AccessContext): boolean {
  return access.adminKind !== null || access.permissions.has('clue:read');
}

async function logLogin(
  db: Queryable,
  username: string,
  userId: number | null,
  outcome: 'success' | 'failure' | 'locked' | 'mfa_failure' | 'logout',
  client: ClientInfo,
  reason?: string,
) {
  await db
    .insertInto('login_log')
    .values({ username, user_id: userId, outcome, reason: reason ?? null, ip: client.ip ?? null, user_agent: client.userAgent ?? null })
    .execute();
}

/**
 * Count one more failed sign-in (wrong password or wrong one-time code). At the policy's limit the
 * account is locked for `lockMinutes` and the count starts again.
 */
async function countFailedSignIn(db: Queryable, userId: number, failedBefore: number): Promise<{ failures: number; lock: boolean }> {
  const failures = failedBefore + 1;
  const lock = failures >= PASSWORD_POLICY.maxFailures;
  await db
    .updateTable('users')
    .set({
      failed_logins: lock ? 0 : failures,
      locked_until: lock ? new Date(Date.now() + PASSWORD_POLICY.lockMinutes * 60_000) : null,
    })
    .where('id', '=', userId)
    .execute();
  return { failures, lock };
}

export async function login(db: Db, username: string, password: string, client: ClientInfo): Promise<LoginResult> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || user.status !== 'active') {
    await logLogin(db, username, user?.id ?? null, 'failure', client, user ? 'disabled' : 'unknown user');
    throw badCredentials();
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await logLogin(db, username, user.id, 'locked', client);
    const minutes = Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000);
    throw new AppError(
      'account_locked',
      `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系安全保密管理员`,
      `Too many failed sign-ins: the account is locked for ${minutes} more minute(s)`,
      423,
    );
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    const { failures, lock } = await countFailedSignIn(db, user.id, user.failed_logins);
    await logLogin(db, username, user.id, lock ? 'locked' : 'failure', client, `failure ${failures}`);
    throw badCredentials();
  }
  const access = await loadAccessContext(db, user.id);
  if (!access) throw badCredentials();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const mfaRequired = user.totp_enabled || totpMandatory(access);
  await inTx(db, async (tx) => {
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await tx
      .insertInto('sessions')
      .values({
        id: sessionIdOf(token),
        user_id: user.id,
        csrf_token: csrfToken,
        mfa_passed: !mfaRequired,
        ip: client.ip ?? null,
        user_agent: client.userAgent ?? null,
        ended_at: null,
      })
      .execute();
    await logLogin(tx, username, user.id, 'success', client, mfaRequired ? 'password ok, second factor pending' : undefined);
  });
  const expired = Date.now() - new Date(user.password_changed_at).getTime() > PASSWORD_POLICY.expiryDays * 86_400_000;
  return {
    token,
    csrfToken,
    mfaRequired,
    mfaEnrolled: user.totp_enabled,
    mustChangePassword: user.must_change_password || expired,
  };
}

/** The session behind a cookie token, or null when absent, ended or idle too long. */
export async function resolveSession(db: Db, token: string | undefined): Promise<SessionState | null> {
  if (!token) return null;
  const id = sessionIdOf(token);
  const s = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || s.ended_at) return null;
  const idleMs = Date.now() - new Date(s.last_seen_at).getTime();
  if (idleMs > SESSION_IDLE_MINUTES * 60_000) {
    await db.updateTable('sessions').set({ ended_at: new Date() }).where('id', '=', id).execute();
    return null;
  }
  const access = await loadAccessContext(db, s.user_id);
  if (!access) return null;
  if (idleMs > 30_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
  }
  return { sessionId: id, userId: s.user_id, csrfToken: s.csrf_token, mfaPassed: s.mfa_passed, access };
}

export async function logout(db: Db, state: SessionState, client: ClientInfo): Promise<void> {
  await inTx(db, async (tx) => {
    await tx.updateTable('sessions').set({ ended_at: new Date() }).where('id', '=', state.sessionId).execute();
    await logLogin(tx, state.access.username, state.userId, 'logout', client);
  });
}

async function userTotpSecret(db: Queryable, cipher: FieldCipher, userId: number): Promise<string | null> {
  const u = await db.selectFrom('users').select('totp_secret_enc').where('id', '=', userId).executeTakeFirstOrThrow();
  return u.totp_secret_enc ? cipher.decrypt(u.totp_secret_enc) : null;
}

/** Second step of sign-in. Failures count toward the same lockout as passwords. */
export async function verifySecondFactor(
  db: Db,
  cipher: FieldCipher,
  state: SessionState,
  code: string,
  client: ClientInfo,
): Promise<void> {
  const user = await db.selectFrom('users').select(['totp_enabled', 'failed_logins']).where('id', '=', state.userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled) {
    throw new AppError('totp_not_enrolled', '尚未绑定动态口令，请先绑定', 'No TOTP enrolled yet: enrol first', 409);
  }
  const secret = await userTotpSecret(db, cipher, state.userId);
  if (!secret || !checkTotp(secret, code)) {
    const { lock } = await countFailedSignIn(db, state.userId, user.failed_logins);
    if (lock) await db.updateTable('sessions').set({ ended_at: new Date() }).where('id', '=', state.sessionId).execute();
    await logLogin(db, state.access.username, state.userId, 'mfa_failure', client);
    throw new AppError('bad_totp', '动态口令错误', 'Wrong one-time code', 401);
  }
  await inTx(db, async (tx) => {
    await tx.updateTable('sessions').set({ mfa_passed: true }).where('id', '=', state.sessionId).execute();
    await tx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', state.userId).execute();
    await logLogin(tx, state.access.username, state.userId, 'success', client, 'second factor ok');
  });
}

/** Start TOTP enrolment: a new secret, stored encrypted, active once a code confirms it. */
export async function beginTotpEnrolment(db: Db, cipher: FieldCipher, state: SessionState) {
  const user = await db.selectFrom('users').select(['totp_enabled']).where('id', '=', state.userId).executeTakeFirstOrThrow();
  if (user.totp_enabled) {
    throw new AppError('totp_already_enrolled', '已绑定动态口令；如需更换请联系安全保密管理员重置', 'TOTP already enrolled', 409);
  }
  const secret = newTotpSecret();
  await db.updateTable('users').set({ totp_secret_enc: cipher.encrypt(secret) }).where('id', '=', state.userId).execute();
  return { secret, uri: totpUri(secret, state.access.username) };
}

export async function confirmTotpEnrolment(db: Db, cipher: FieldCipher, state: SessionState, code: string, actor: Actor) {
  const secret = await userTotpSecret(db, cipher, state.userId);
  if (!secret || !checkTotp(secret, code)) throw new AppError('bad_totp', '动态口令错误', 'Wrong one-time code', 401);
  await inTx(db, async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: true }).where('id', '=', state.userId).execute();
    await tx.updateTable('sessions').set({ mfa_passed: true }).where('id', '=', state.sessionId).execute();
    await recordAudit(tx, actor, { action: 'auth.totp_enrol', objectType: 'user', objectId: state.userId });
  });
}

/** Set a new password, refusing the last N used (口令不得与最近 5 次相同). */
export async function setPassword(
  db: Queryable,
  userId: number,
  password: string,
  opts: { actor: Actor; mustChange?: boolean; username?: string },
): Promise<void> {
  checkPasswordPolicy(password, opts.username);
  const history = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PASSWORD_POLICY.historySize)
    .execute();
  for (const h of history) {
    if (await verifyPassword(h.password_hash, password)) {
      throw new AppError(
        'password_reused',
        `新口令不能与最近 ${PASSWORD_POLICY.historySize} 次使用过的口令相同`,
        `The new password must differ from the last ${PASSWORD_POLICY.historySize} passwords`,
      );
    }
  }
  const hashed = await hashPassword(password);
  await inTx(db, async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hashed, password_changed_at: new Date(), must_change_password: opts.mustChange ?? false })
      .where('id', '=', userId)
      .execute();
    await tx.insertInto('password_history').values({ user_id: userId, password_hash: hashed }).execute();
    await recordAudit(tx, opts.actor, { action: 'auth.password_set', objectType: 'user', objectId: userId });
  });
}

export async function changeOwnPassword(db: Db, state: SessionState, oldPassword: string, newPassword: string, actor: Actor) {
  const u = await db.selectFrom('users').select(['password_hash', 'username']).where('id', '=', state.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, oldPassword))) {
    throw new AppError('bad_credentials', '原口令错误', 'Wrong current password', 400);
  }
  await setPassword(db, state.userId, newPassword, { actor, username: u.username });
}

export async function unlockUser(db: Db, userId: number, actor: Actor) {
  await inTx(db, async (tx) => {
    const r = await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).executeTakeFirst();
    if (!r.numUpdatedRows) throw new AppError('not_found', '用户不存在', 'User not found', 404);
    await recordAudit(tx, actor, { action: 'user.unlock', objectType: 'user', objectId: userId });
  });
}

/** Reset a user's TOTP so they enrol again at next sign-in. */
export async function resetTotp(db: Db, userId: number, actor: Actor) {
  await inTx(db, async (tx) => {
    await tx.updateTable('users').set({ totp_enabled: false, totp_secret_enc: null }).where('id', '=', userId).execute();
    await recordAudit(tx, actor, { action: 'user.totp_reset', objectType: 'user', objectId: userId });
  });
}

