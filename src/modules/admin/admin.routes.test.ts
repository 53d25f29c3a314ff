import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('roles API', () => {
  it('accepts an explicit null for an optional enum (admin_kind) and rejects a value outside it', async () => {
    const sec = await w.as('secadmin');
    const ok = await sec.post('/api/admin/roles', { code: 'reader', name: '只读', data_scope: 'dept', admin_kind: null, permissions: ['todo:view'] });
    expect(ok.status, ok.body).toBe(200);
    const bad = await sec.post('/api/admin/roles', { code: 'reader2', name: '只读2', data_scope: 'dept', admin_kind: 'root', permissions: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('validation');
  });

  it('refuses a role that breaks 三员分立, with a bilingual reason', async () => {
    const sec = await w.as('secadmin');
    const r = await sec.post('/api/admin/roles', { code: 'mixed', name: '混合', data_scope: 'all', admin_kind: 'audit', permissions: ['audit:read', 'clue:read'] });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('admin_separation');
    expect(r.json.message_en).toMatch(/Separation of administrators/);
  });
});
