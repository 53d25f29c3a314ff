/**
 * The server keeps running through a PostgreSQL outage: requests fail cleanly with 503 while the
 * database is away, nothing is half-written, and requests succeed again once it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DEMO_PASSWORD, demoTotpSecret } from '../src/modules/demo/city.ts';
import { loadDemoCity } from '../src/modules/demo/demo.service.ts';
import type { Platform } from '../src/platform/app.ts';
import { openDatabase } from '../src/platform/db/connection.ts';
import { buildServer, type App } from '../src/platform/http/server.ts';
import { ROUTES } from '../src/routes.ts';
import { type Client, signIn } from './support/http.ts';
import { type TestPlatform, testPlatform } from './support/platform.ts';
import { type TcpProxy, tcpProxy } from './support/tcp-proxy.ts';

const onPostgres = inject('backend') === 'postgres';

describe.runIf(onPostgres)('PostgreSQL outage', () => {
  let base: TestPlatform;
  let proxy: TcpProxy;
  let viaProxy: Platform;
  let app: App;
  let admin: Client;

  beforeAll(async () => {
    base = await testPlatform();
    await loadDemoCity(base, () => {}, { onlyCore: true });
    const target = new URL(base.url!);
    proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(base.url!);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const handle = await openDatabase({ databaseUrl: proxied.toString(), poolSize: 4 });
    viaProxy = { ...base, db: handle.db, handle, close: () => handle.close() };
    app = await buildServer(viaProxy, { routes: ROUTES });
    await app.ready();
    admin = await signIn(app, 'sysadmin', DEMO_PASSWORD, demoTotpSecret('sysadmin'));
  });
  afterAll(async () => {
    await app?.close();
    await viaProxy?.close();
    await proxy?.close();
    await base?.close();
  });

  it('answers 503 while the database is down and recovers after', async () => {
    expect((await admin.get('/api/admin/orgs')).status).toBe(200);
    await proxy.down();
    const read = await admin.get('/api/admin/orgs');
    expect(read.status).toBe(503);
    expect(read.json.code).toBe('db_unavailable');
    expect(read.json.message).toMatch(/数据库/);
    const write = await admin.post('/api/admin/orgs', { name: '停机期间新建的单位', kind: 'unit' });
    expect(write.status).toBe(503);
    await proxy.up();
    let back = await admin.get('/api/admin/orgs');
    for (let i = 0; i < 10 && back.status !== 200; i++) back = await admin.get('/api/admin/orgs');
    expect(back.status).toBe(200);
    // Nothing half-written: the org of the failed request does not exist, and no audit event for it.
    expect(back.json.items.some((o: { name: string }) => o.name === '停机期间新建的单位')).toBe(false);
    const ev = await base.db.selectFrom('audit_events').select('seq').where('action', '=', 'org.create').where('detail', '@>', JSON.stringify({ name: '停机期间新建的单位' }) as never).execute();
    expect(ev).toHaveLength(0);
    // And the same write succeeds now.
    expect((await admin.post('/api/admin/orgs', { name: '恢复后新建的单位', kind: 'unit' })).status).toBe(200);
  });
});
