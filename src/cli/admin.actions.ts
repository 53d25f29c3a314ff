/**
 * The implementations of the platform's administration commands (migrate, user, audit, keys,
 * backup, restore). `commands.ts` declares them and imports this file only when one runs.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { createUser, resetPassword, userIdByName } from '../modules/admin/users.service.ts';
import { verifyAuditTrail, writeCheckpoint } from '../platform/audit/verify.ts';
import { unlockUser } from '../platform/auth/auth.service.ts';
import { rotateKeys } from '../platform/crypto/rotation.ts';
import { backupTo, restoreFrom } from '../platform/db/backup.ts';
import { AppError } from '../platform/errors.ts';
import { log } from './output.ts';
import { cliActor, withPlatform } from './with-platform.ts';

export async function migrate(cmd: Command) {
  await withPlatform(cmd, async () => log('数据库已是最新版本 / database is up to date'));
}

export async function createUserCommand(cmd: Command, username: string, o: { name: string; org: string; role: string[]; password: string }) {
  await withPlatform(cmd, async (p) => {
    const org = await p.db.selectFrom('orgs').select('id').where('name', '=', o.org).executeTakeFirst();
    if (!org) throw new AppError('not_found', `组织“${o.org}”不存在`, `Organisation "${o.org}" not found`, 404);
    const id = await createUser(p.db, cliActor(), {
      username,
      displayName: o.name,
      orgId: org.id,
      password: o.password,
      roles: o.role,
      mustChangePassword: true,
    });
    process.stdout.write(`已创建用户 / created user ${username} (id ${id})\n`);
  });
}

export async function resetPasswordCommand(cmd: Command, username: string, temp: string) {
  await withPlatform(cmd, async (p) => {
    await resetPassword(p.db, cliActor(), await userIdByName(p.db, username), temp);
    process.stdout.write(`已重置 / reset: ${username}\n`);
  });
}

export async function unlockUserCommand(cmd: Command, username: string) {
  await withPlatform(cmd, async (p) => {
    await unlockUser(p.db, await userIdByName(p.db, username), cliActor());
    process.stdout.write(`已解锁 / unlocked: ${username}\n`);
  });
}

export async function verifyAudit(cmd: Command, o: { json?: boolean }) {
  await withPlatform(cmd, async (p) => {
    const r = await verifyAuditTrail(p.db);
    if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else if (r.ok) process.stdout.write(`审计日志完整 / audit trail intact: ${r.events} 事件 events, ${r.checkpoints} 检查点 checkpoints\n`);
    else process.stdout.write(`审计日志被篡改 / audit trail TAMPERED: ${r.problem}\n`);
    if (!r.ok) process.exitCode = 3;
  });
}

export async function auditCheckpoint(cmd: Command) {
  await withPlatform(cmd, async (p) => {
    const r = await writeCheckpoint(p.db, p.dataDir, cliActor());
    process.stdout.write(r ? `检查点 / checkpoint: ${r.treeSize} ${r.root}\n` : '无新事件 / nothing new\n');
  });
}

export async function rotateKeysCommand(cmd: Command) {
  await withPlatform(cmd, async (p) => {
    const r = await rotateKeys(p.db, p.dataDir, cliActor());
    process.stdout.write(`当前密钥 / current key: ${r.currentKey}\n`);
    for (const [col, n] of Object.entries(r.counts)) process.stdout.write(`  ${col}: ${n}\n`);
  });
}

export async function backup(cmd: Command, file: string) {
  await withPlatform(cmd, async (p) => {
    const n = await backupTo(p, path.resolve(file));
    process.stdout.write(`已备份 / backed up ${n.tables} 表 tables, ${n.rows} 行 rows → ${file}\n`);
  });
}

export async function restore(cmd: Command, file: string) {
  await withPlatform(cmd, async (p) => {
    const n = await restoreFrom(p, path.resolve(file));
    process.stdout.write(`已恢复 / restored ${n.tables} 表 tables, ${n.rows} 行 rows\n`);
  });
}
