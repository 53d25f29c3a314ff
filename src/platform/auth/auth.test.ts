import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoTotpSecret } from '../../modules/demo/city.ts';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request, signIn } from '../../../test/support/http.ts';
import { currentTotp } from './totp.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

const login = (username: string, password: string) => request(w.app, 'POST', '/api/auth/login', { username, password });
const cookieOf = (r: { headers: Record<string, unknown> }) => String([r.headers['set-cookie']].flat()[0]).split(';')[0];

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Strict session cookie and answers me', async () => {
    const r = await login('dataadmin', DEMO_PASSWORD);
    expect(r.status).toBe(200);
    const setCookie = String([r.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await request(w.app, 'GET', '/api/auth/me', undefined, { cookie: cookieOf(r) });
    expect(me.status).toBe(200);
    expect(me.json.username).toBe('dataadmin');
    expect(me.json.menus.map((m: { key: string }) => m.key)).toContain('data');
    expect(me.json.menus.map((m: { key: string }) => m.key)).not.toContain('clue');
  });

  it('requires TOTP for anyone who can see clues, and refuses a wrong code', async () => {
    const r = await login('officer1', DEMO_PASSWORD);
    expect(r.json.mfa_required).toBe(true);
    const headers = { cookie: cookieOf(r), 'x-csrf-token': r.json.csrf_token };
    const blocked = await request(w.app, 'GET', '/api/admin/orgs', undefined, headers);
    expect(blocked.status).toBe(401);
    const wrong = await request(w.app, 'POST', '/api/auth/totp/verify', { code: '000000' }, headers);
    expect(wrong.status).toBe(401);
    expect(wrong.json.code).toBe('bad_totp');
    const ok = await request(w.app, 'POST', '/api/auth/totp/verify', { code: currentTotp(demoTotpSecret('officer1')) }, headers);
    expect(ok.status).toBe(200);
    const me = await request(w.app, 'GET', '/api/auth/me', undefined, headers);
    expect(me.json.mfa_passed).toBe(true);
  });

  it('refuses a mutating request without the CSRF token', async () => {
    const r = await login('dataadmin', DEMO_PASSWORD);
    const out = await request(w.app, 'POST', '/api/auth/logout', {}, { cookie: cookieOf(r) });
    expect(out.status).toBe(403);
    expect(out.json.code).toBe('csrf');
    expect(out.json.message_en).toMatch(/CSRF/);
  });

  it('locks the account after 5 failures for 10 minutes, and logs every attempt', async () => {
    for (let i = 0; i < 5; i++) expect((await login('finance', 'wrong-Password1')).status).toBe(401);
    const locked = await login('finance', DEMO_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.json.code).toBe('account_locked');
    const u = await w.platform.db.selectFrom('users').select(['locked_until']).where('username', '=', 'finance').executeTakeFirstOrThrow();
    const minutes = (u.locked_until!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    const logRows = await w.platform.db.selectFrom('login_log').select('outcome').where('username', '=', 'finance').execute();
    expect(logRows.filter((r) => r.outcome === 'failure')).toHaveLength(4);
    expect(logRows.filter((r) => r.outcome === 'locked').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses reuse of one of the last five passwords and weak passwords', async () => {
    const c = await signIn(w.app, 'auditor', DEMO_PASSWORD);
    const weak = await c.post('/api/auth/password', { old_password: DEMO_PASSWORD, new_password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.json.code).toBe('weak_password');
    const next = 'Another#Pass2026';
    expect((await c.post('/api/auth/password', { old_password: DEMO_PASSWORD, new_password: next })).status).toBe(200);
    const reuse = await c.post('/api/auth/password', { old_password: next, new_password: DEMO_PASSWORD });
    expect(reuse.status).toBe(400);
    expect(reuse.json.code).toBe('password_reused');
  });

  it('rejects unknown body fields (schemas refuse what they do not declare)', async () => {
    const r = await request(w.app, 'POST', '/api/auth/login', { username: 'x', password: 'y', admin: true });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('validation');
  });
});
