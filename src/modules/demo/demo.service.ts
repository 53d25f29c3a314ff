/**
 * Loads (or refreshes) the demo city. Each area contributes a step; steps are idempotent,
 * so `guantong demo` can run again on a database that already has the city.
 */
import type { Platform } from '../../platform/app.ts';
import { type Actor, systemActor } from '../../platform/audit/audit.service.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { totpMandatory } from '../../platform/auth/auth.service.ts';
import { createOrg, createUser } from '../admin/users.service.ts';
import { DEMO_STEPS } from './steps.ts';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, demoTotpSecret } from './city.ts';

export interface DemoContext {
  platform: Platform;
  actor: Actor;
  log: (line: string) => void;
  /** Organisation ids by name. */
  orgs: Map<string, number>;
  /** User ids by user name. */
  users: Map<string, number>;
}

export type DemoStep = { name: string; run: (ctx: DemoContext) => Promise<void> };

async function orgsAndUsers(ctx: DemoContext) {
  const { db, cipher } = ctx.platform;
  for (const o of DEMO_ORGS) {
    const existing = await db.selectFrom('orgs').select('id').where('name', '=', o.name).executeTakeFirst();
    const id =
      existing?.id ??
      (await createOrg(db, ctx.actor, {
        name: o.name,
        kind: o.kind,
        parentId: o.parent ? ctx.orgs.get(o.parent) : null,
        district: o.district ?? null,
      }));
    ctx.orgs.set(o.name, id);
  }
  for (const u of DEMO_USERS) {
    const existing = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    const id =
      existing?.id ??
      (await createUser(db, ctx.actor, {
        username: u.username,
        displayName: u.displayName,
        orgId: ctx.orgs.get(u.org)!,
        password: DEMO_PASSWORD,
        roles: u.roles,
      }));
    ctx.users.set(u.username, id);
    if (!existing) {
      const access = await loadAccessContext(db, id);
      if (access && totpMandatory(access)) {
        await db
          .updateTable('users')
          .set({ totp_secret_enc: cipher.encrypt(demoTotpSecret(u.username)), totp_enabled: true })
          .where('id', '=', id)
          .execute();
      }
    }
  }
}


export async function loadDemoCity(
  platform: Platform,
  log: (line: string) => void = () => {},
  opts: { onlyCore?: boolean } = {},
): Promise<DemoContext> {
  const ctx: DemoContext = { platform, actor: systemActor('demo'), log, orgs: new Map(), users: new Map() };
  const steps = opts.onlyCore ? [] : DEMO_STEPS;
  for (const step of [{ name: '组织与用户 / organisations and users', run: orgsAndUsers }, ...steps]) {
    log(`示范市 / demo city: ${step.name}`);
    await step.run(ctx);
  }
  return ctx;
}

export async function demoLoaded(platform: Platform): Promise<boolean> {
  const u = await platform.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirst();
  return !!u;
}

export function demoCredentialsText(): string {
  const lines = [
    '示范市演示账号 / demo accounts (口令 password: ' + DEMO_PASSWORD + ')',
    ...DEMO_USERS.map((u) => `  ${u.username.padEnd(11)} ${u.note}  TOTP: ${demoTotpSecret(u.username)}`),
    '  （需要动态口令的账号用上面的密钥添加到认证器 App / add the TOTP key to an authenticator app）',
  ];
  return lines.join('\n');
}
