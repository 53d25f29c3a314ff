/** A test platform with the demo city's organisations and users, and a server over it. */
import type { FastifyInstance } from 'fastify';
import { installDemoMechanisms } from '../../src/modules/collaboration/demo.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/modules/demo/city.ts';
import { type DemoContext, loadDemoCity } from '../../src/modules/demo/demo.service.ts';
import { buildServer } from '../../src/platform/http/server.ts';
import { ROUTES } from '../../src/routes.ts';
import { type Client, signIn } from './http.ts';
import { type TestPlatform, testPlatform } from './platform.ts';

export interface DemoWorld {
  platform: TestPlatform;
  demo: DemoContext;
  app: FastifyInstance;
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * `steps: false` loads only organisations and users; `mechanisms: true` adds the city's
 * collaboration mechanisms to such a world (transfers between bodies need them), in force
 * since 2020 so tests may back-date transfers.
 */
export async function demoWorld(opts: { steps?: boolean; mechanisms?: boolean } = {}): Promise<DemoWorld> {
  const platform = await testPlatform();
  const demo = await loadDemoCity(platform, () => {}, { onlyCore: opts.steps === false });
  if (opts.mechanisms) await installDemoMechanisms(demo, { inForceSince: '2020-01-01' });
  const app = await buildServer(platform, { routes: ROUTES });
  await app.ready();
  const clients = new Map<string, Client>();
  return {
    platform,
    demo,
    app,
    async as(username) {
      let c = clients.get(username);
      if (!c) {
        c = await signIn(app, username, DEMO_PASSWORD, demoTotpSecret(username));
        clients.set(username, c);
      }
      return c;
    },
    async close() {
      await app.close();
      await platform.close();
    },
  };
}
