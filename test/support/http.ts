/**
 * A signed-in HTTP client over Fastify's inject (the real server, no sockets): logs in with
 * password and, when required, the demo TOTP code; carries the cookie and CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { currentTotp } from '../../src/platform/auth/totp.ts';

export interface Client {
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  patch(url: string, body?: unknown): Promise<Res>;
  del(url: string): Promise<Res>;
  cookie: string;
  csrf: string;
}

export interface Res {
  status: number;
  json: any;
  body: string;
  headers: Record<string, unknown>;
}

export async function request(app: FastifyInstance, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const r = await app.inject({ method: method as 'GET', url, payload: body as never, headers });
  let json: unknown;
  try {
    json = r.json();
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, json, body: r.body, headers: r.headers };
}

export async function signIn(app: FastifyInstance, username: string, password: string, totpSecret?: string): Promise<Client> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
  const setCookie = [r.headers['set-cookie']].flat()[0] as string;
  const cookie = setCookie.split(';')[0];
  const { csrf_token: csrf, mfa_required } = r.json();
  const headers = () => ({ cookie, 'x-csrf-token': csrf });
  if (mfa_required) {
    if (!totpSecret) throw new Error(`${username} needs TOTP`);
    const v = await request(app, 'POST', '/api/auth/totp/verify', { code: currentTotp(totpSecret) }, headers());
    if (v.status !== 200) throw new Error(`totp ${username} failed: ${v.status} ${v.body}`);
  }
  return {
    cookie,
    csrf,
    get: (url) => request(app, 'GET', url, undefined, headers()),
    post: (url, body) => request(app, 'POST', url, body ?? {}, headers()),
    put: (url, body) => request(app, 'PUT', url, body ?? {}, headers()),
    patch: (url, body) => request(app, 'PATCH', url, body ?? {}, headers()),
    del: (url) => request(app, 'DELETE', url, undefined, headers()),
  };
}
