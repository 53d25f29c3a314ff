/**
 * Every route declares who may call it, in `config.access`:
 * - 'public'   anyone (the public disclosure page, health check, login itself)
 * - 'session'  signed in with a password, second factor possibly still pending (TOTP steps, me)
 * - 'user'     fully signed in (password + second factor when required)
 * - { permission }  fully signed in and holding that permission
 * - { apiKey }      a machine client with an API key holding that permission (e.g. Open311)
 * A route without a declaration is refused at start-up.
 */
export type RouteAccess = 'public' | 'session' | 'user' | { permission: string } | { apiKey: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function describeAccess(a: RouteAccess): string {
  if (typeof a === 'string') return a;
  return 'permission' in a ? `permission:${a.permission}` : `apiKey:${a.apiKey}`;
}
