import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('HTTP platform', () => {
  it('publishes an OpenAPI document with every route', async () => {
    const r = await request(w.app, 'GET', '/api/docs/json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toMatch(/^3\./);
    expect(Object.keys(r.json.paths)).toContain('/api/auth/login');
    expect(Object.keys(r.json.paths).length).toBeGreaterThan(10);
  });

  it('sends security headers and a request id', async () => {
    const r = await request(w.app, 'GET', '/api/admin/orgs');
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBeDefined();
  });

  it('answers unknown API paths with the error shape', async () => {
    const r = await request(w.app, 'GET', '/api/nope');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'not_found', message: expect.any(String), message_en: expect.any(String) });
  });

  it('bounds request sizes', async () => {
    const c = await w.as('sysadmin');
    const r = await c.post('/api/admin/orgs', { name: 'x'.repeat(2_000_000), kind: 'unit' });
    expect(r.status).toBe(413);
  });
});
