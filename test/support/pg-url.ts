/** Where the PostgreSQL test server is, and which backend this test run uses. */
export function testBackend(): 'pglite' | 'postgres' {
  const b = process.env.GUANTONG_TEST_DB ?? 'pglite';
  if (b !== 'pglite' && b !== 'postgres') throw new Error(`GUANTONG_TEST_DB must be pglite or postgres, not ${b}`);
  return b;
}

/** A connection string to a maintenance database on the test server. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function withDatabase(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}
