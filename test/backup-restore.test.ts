/** `backup` then `restore` into an empty database gives back every row and a verifying audit chain. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotpSecret } from '../src/modules/demo/city.ts';
import { loadDemoCity } from '../src/modules/demo/demo.service.ts';
import { systemActor } from '../src/platform/audit/audit.service.ts';
import { verifyAuditTrail, writeCheckpoint } from '../src/platform/audit/verify.ts';
import { openFieldCipher } from '../src/platform/crypto/fields.ts';
import { rotateKeys } from '../src/platform/crypto/rotation.ts';
import { backupTo, restoreFrom } from '../src/platform/db/backup.ts';
import type { Db } from '../src/platform/db/types.ts';
import { type TestPlatform, testPlatform } from './support/platform.ts';

let source: TestPlatform;
let target: TestPlatform;
const file = path.join(os.tmpdir(), `gt-backup-${process.pid}.jsonl.gz`);

async function counts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'schema_migrations%' ORDER BY 1`.execute(db);
  const out: Record<string, number> = {};
  for (const r of rows) out[r.t] = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(r.t)}`.execute(db)).rows[0].n);
  return out;
}

beforeAll(async () => {
  source = await testPlatform();
  await loadDemoCity(source, () => {}, { onlyCore: true });
  await writeCheckpoint(source.db, source.dataDir, systemActor('t'));
  target = await testPlatform();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
  fs.rmSync(file, { force: true });
});

describe('backup and restore', () => {
  it('restores every row, the keys, and an audit chain that still verifies', async () => {
    const before = await counts(source.db);
    expect(before.users).toBeGreaterThan(10);
    const b = await backupTo(source, file);
    expect(b.rows).toBeGreaterThan(100);
    await restoreFrom(target, file);
    expect(await counts(target.db)).toEqual(before);
    const v = await verifyAuditTrail(target.db);
    expect(v.ok).toBe(true);
    expect(v.checkpoints).toBe(1);
    // Encrypted TOTP secrets still decrypt with the restored key file.
    const u = await target.db.selectFrom('users').select('totp_secret_enc').where('username', '=', 'officer1').executeTakeFirstOrThrow();
    expect(openFieldCipher(target.dataDir).decrypt(u.totp_secret_enc!)).toBe(demoTotpSecret('officer1'));
  });

  it('refuses to restore over a database that has data', async () => {
    await expect(restoreFrom(source, file)).rejects.toMatchObject({ code: 'restore_not_empty' });
  });

  it('rotates the master key and re-encrypts every *_enc column', async () => {
    const r = await rotateKeys(target.db, target.dataDir, systemActor('t'));
    expect(r.counts['users.totp_secret_enc']).toBeGreaterThan(3);
    const u = await target.db.selectFrom('users').select('totp_secret_enc').where('username', '=', 'officer1').executeTakeFirstOrThrow();
    expect(u.totp_secret_enc!.split('.')[1]).toBe(r.currentKey);
    expect(openFieldCipher(target.dataDir).decrypt(u.totp_secret_enc!)).toBe(demoTotpSecret('officer1'));
  });
});
