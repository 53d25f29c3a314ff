/** Sign-in, TOTP, sign-out, password change and "who am I" (with the permission-filtered menu). */
import { MENUS } from '../access/permissions.ts';
import { type App, SESSION_COOKIE, accessOf, actorOf } from '../http/server.ts';
import { obj, str } from '../http/schema.ts';
import {
  SESSION_IDLE_MINUTES,
  beginTotpEnrolment,
  changeOwnPassword,
  confirmTotpEnrolment,
  login,
  logout,
  totpMandatory,
  verifySecondFactor,
} from './auth.service.ts';

const cookieOpts = {
  path: '/',
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: process.env.GUANTONG_SECURE_COOKIE === '1',
  maxAge: 12 * 3600,
};

export async function authRoutes(app: App) {
  const { db, cipher } = app.platform;
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
  });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录', body: obj({ username: str(64), password: str(200) }, ['username', 'password']) },
    },
    async (req, reply) => {
      const { username, password } = req.body as { username: string; password: string };
      const r = await login(db, username, password, client(req));
      reply.setCookie(SESSION_COOKIE, r.token, cookieOpts);
      return {
        csrf_token: r.csrfToken,
        mfa_required: r.mfaRequired,
        mfa_enrolled: r.mfaEnrolled,
        must_change_password: r.mustChangePassword,
      };
    },
  );

  app.post(
    '/api/auth/totp/verify',
    {
      config: { access: 'session', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '校验动态口令', body: obj({ code: str(6) }, ['code']) },
    },
    async (req) => {
      await verifySecondFactor(db, cipher, req.session!, (req.body as { code: string }).code, client(req));
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/totp/setup',
    { config: { access: 'session' }, schema: { tags: ['auth'], summary: '开始绑定动态口令' } },
    async (req) => {
      const r = await beginTotpEnrolment(db, cipher, req.session!);
      return { secret: r.secret, otpauth_uri: r.uri };
    },
  );

  app.post(
    '/api/auth/totp/enable',
    {
      config: { access: 'session', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '确认绑定动态口令', body: obj({ code: str(6) }, ['code']) },
    },
    async (req) => {
      await confirmTotpEnrolment(db, cipher, req.session!, (req.body as { code: string }).code, actorOf(req));
      return { ok: true };
    },
  );

  app.post('/api/auth/logout', { config: { access: 'session' }, schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    await logout(db, req.session!, client(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.post(
    '/api/auth/password',
    {
      config: { access: 'session', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '修改口令', body: obj({ old_password: str(200), new_password: str(200) }, ['old_password', 'new_password']) },
    },
    async (req) => {
      const b = req.body as { old_password: string; new_password: string };
      await changeOwnPassword(db, req.session!, b.old_password, b.new_password, actorOf(req));
      return { ok: true };
    },
  );

  app.get('/api/auth/me', { config: { access: 'session' }, schema: { tags: ['auth'], summary: '当前用户与菜单' } }, async (req) => {
    const s = req.session!;
    const a = accessOf(req);
    const menus = Object.entries(MENUS)
      .filter(([key]) => [...a.permissions].some((p) => p.startsWith(`${key}:`)))
      .map(([key, label]) => ({ key, label }));
    return {
      id: a.userId,
      username: a.username,
      display_name: a.displayName,
      org_id: a.orgId,
      org_name: a.orgName,
      roles: a.roles,
      admin_kind: a.adminKind,
      permissions: [...a.permissions].sort(),
      menus,
      csrf_token: s.csrfToken,
      mfa_passed: s.mfaPassed,
      mfa_mandatory: totpMandatory(a),
      idle_timeout_minutes: SESSION_IDLE_MINUTES,
    };
  });
}
