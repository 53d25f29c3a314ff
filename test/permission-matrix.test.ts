/**
 * Every route × every demo role: a route that needs a permission answers 403 to everyone who
 * lacks it and 401 to anyone not signed in; GET routes answer something other than 401/403 to
 * those who hold it. The table is the server's own route list, so new routes are covered as added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../src/platform/access/roles.ts';
import { DEMO_USERS } from '../src/modules/demo/city.ts';
import { type DemoWorld, demoWorld } from './support/demo.ts';
import { request } from './support/http.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

const fill = (url: string) => url.replace(/:[a-zA-Z_]+/g, '1').replace(/\*$/, 'x');
const permsOf = (username: string) => {
  const u = DEMO_USERS.find((d) => d.username === username)!;
  return new Set(BUILTIN_ROLES.filter((r) => u.roles.includes(r.code)).flatMap((r) => r.permissions));
};

describe('permission matrix', () => {
  it('has routes and every one declares access', () => {
    expect(w.app.routeTable.length).toBeGreaterThan(20);
    for (const r of w.app.routeTable) expect(r.access).toBeTruthy();
  });

  it('answers 401 to the anonymous on every non-public route', async () => {
    for (const r of w.app.routeTable) {
      if (r.access === 'public' || (typeof r.access === 'object' && 'apiKey' in r.access)) continue;
      const res = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('answers 403 to every role lacking the permission, and lets holders through on GET', { timeout: 900_000 }, async () => {
    let denied = 0;
    let allowed = 0;
    for (const user of DEMO_USERS) {
      const client = await w.as(user.username);
      const perms = permsOf(user.username);
      for (const r of w.app.routeTable) {
        if (typeof r.access !== 'object' || !('permission' in r.access)) continue;
        const holds = perms.has(r.access.permission);
        if (!holds) {
          const res = r.method === 'GET' ? await client.get(fill(r.url)) : await request(w.app, r.method, fill(r.url), {}, { cookie: client.cookie, 'x-csrf-token': client.csrf });
          expect(res.status, `${user.username} ${r.method} ${r.url}`).toBe(403);
          denied++;
        } else if (r.method === 'GET') {
          const res = await client.get(fill(r.url));
          expect([401, 403], `${user.username} ${r.method} ${r.url} → ${res.status} ${res.body.slice(0, 200)}`).not.toContain(res.status);
          allowed++;
        }
      }
    }
    expect(denied).toBeGreaterThan(50);
    expect(allowed).toBeGreaterThan(0);
  });
});
