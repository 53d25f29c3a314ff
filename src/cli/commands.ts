/** The platform's commands; each area adds its own with a `registerXCommands(program)` call here. */
import path from 'node:path';
import type { Command } from 'commander';
import { openPlatform, platformOptionsFrom, type Platform } from '../platform/app.ts';
import { systemActor } from '../platform/audit/audit.service.ts';
import { verifyAuditTrail, writeCheckpoint } from '../platform/audit/verify.ts';
import { unlockUser } from '../platform/auth/auth.service.ts';
import { rotateKeys } from '../platform/crypto/rotation.ts';
import { backupTo, restoreFrom } from '../platform/db/backup.ts';
import { AppError } from '../platform/errors.ts';
import { createUser, resetPassword, userIdByName } from '../modules/admin/users.service.ts';
import { indicatorsCommand } from '../modules/models/cardinal/command.ts';
import { demoCredentialsText, demoLoaded, loadDemoCity } from '../modules/demo/demo.service.ts';
import { registerImportCommands } from '../modules/datasets/import.command.ts';
import { registerModelCommands } from '../modules/models/models.command.ts';
import { registerHotlineCommands } from '../modules/hotline/hotline.command.ts';
import { log } from './output.ts';
import { startServer } from './serve.ts';

export type GlobalFlags = { data: string; databaseUrl?: string };

/** Open the platform from the global flags, run `fn`, always close. */
export async function withPlatform<T>(cmd: Command, fn: (p: Platform) => Promise<T>): Promise<T> {
  const flags = cmd.optsWithGlobals() as GlobalFlags;
  const p = await openPlatform(platformOptionsFrom(flags));
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

const cliActor = () => systemActor(`cli:${process.env.USER ?? 'operator'}`);

export function registerCommands(program: Command) {
  registerImportCommands(program);
  registerModelCommands(program);
  registerHotlineCommands(program);
  program
    .command('serve')
    .description('启动平台（HTTP 服务与网页）/ start the platform (HTTP API and web UI)')
    .option('--port <port>', '端口 / port', process.env.PORT ?? '8080')
    .option('--host <host>', '监听地址 / listen address', process.env.HOST ?? '127.0.0.1')
    .option('--demo', '数据库为空时载入示范市 / load the demo city when the database is empty')
    .action(async (opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as GlobalFlags;
      await startServer({ ...platformOptionsFrom(flags), port: Number(opts.port), host: opts.host, demo: !!opts.demo });
      await new Promise(() => {}); // run until signalled
    });

  program
    .command('migrate')
    .description('执行数据库迁移 / run database migrations')
    .action(async (_o, cmd: Command) => {
      await withPlatform(cmd, async () => log('数据库已是最新版本 / database is up to date'));
    });

  program
    .command('demo')
    .description('载入或刷新示范市演示数据 / load or refresh the demo city')
    .action(async (_o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const first = !(await demoLoaded(p));
        await loadDemoCity(p, log);
        if (first) log(demoCredentialsText());
      });
    });

  const user = program.command('user').description('用户管理 / user administration');
  user
    .command('create <username>')
    .description('新建用户 / create a user')
    .requiredOption('--name <displayName>', '姓名 / display name')
    .requiredOption('--org <orgName>', '所属组织名称 / organisation name')
    .requiredOption('--role <code...>', '角色代码 / role codes')
    .requiredOption('--password <password>', '初始口令（首次登录须修改）/ initial password (must change at first sign-in)')
    .action(async (username: string, o, cmd: Command) => {
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
    });
  user
    .command('reset-password <username> <tempPassword>')
    .description('重置口令（首次登录须修改）/ reset a password (must change at next sign-in)')
    .action(async (username: string, temp: string, _o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        await resetPassword(p.db, cliActor(), await userIdByName(p.db, username), temp);
        process.stdout.write(`已重置 / reset: ${username}\n`);
      });
    });
  user
    .command('unlock <username>')
    .description('解锁账号 / unlock an account')
    .action(async (username: string, _o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        await unlockUser(p.db, await userIdByName(p.db, username), cliActor());
        process.stdout.write(`已解锁 / unlocked: ${username}\n`);
      });
    });

  const audit = program.command('audit').description('审计日志 / audit trail');
  audit
    .command('verify')
    .description('校验审计日志哈希链与签名检查点 / verify the audit hash chain and signed checkpoints')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const r = await verifyAuditTrail(p.db);
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else if (r.ok) process.stdout.write(`审计日志完整 / audit trail intact: ${r.events} 事件 events, ${r.checkpoints} 检查点 checkpoints\n`);
        else process.stdout.write(`审计日志被篡改 / audit trail TAMPERED: ${r.problem}\n`);
        if (!r.ok) process.exitCode = 3;
      });
    });
  audit
    .command('checkpoint')
    .description('写入 SM2 签名检查点 / write an SM2-signed checkpoint')
    .action(async (_o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const r = await writeCheckpoint(p.db, p.dataDir, cliActor());
        process.stdout.write(r ? `检查点 / checkpoint: ${r.treeSize} ${r.root}\n` : '无新事件 / nothing new\n');
      });
    });

  program
    .command('keys')
    .description('密钥管理 / key management')
    .command('rotate')
    .description('轮换字段加密主密钥并重新加密全部加密字段 / rotate the field-encryption master key and re-encrypt every encrypted field')
    .action(async (_o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const r = await rotateKeys(p.db, p.dataDir, cliActor());
        process.stdout.write(`当前密钥 / current key: ${r.currentKey}\n`);
        for (const [col, n] of Object.entries(r.counts)) process.stdout.write(`  ${col}: ${n}\n`);
      });
    });

  program
    .command('backup <file>')
    .description('备份全部数据与密钥到文件 / back up all data and keys to a file')
    .action(async (file: string, _o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const n = await backupTo(p, path.resolve(file));
        process.stdout.write(`已备份 / backed up ${n.tables} 表 tables, ${n.rows} 行 rows → ${file}\n`);
      });
    });
  program
    .command('restore <file>')
    .description('从备份恢复到空数据库 / restore a backup into an empty database')
    .action(async (file: string, _o, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const n = await restoreFrom(p, path.resolve(file));
        process.stdout.write(`已恢复 / restored ${n.tables} 表 tables, ${n.rows} 行 rows\n`);
      });
    });

  program
    .command('indicators <file>')
    .description('计算采购风险指标（OCDS JSONL，兼容 ocdscardinal）/ procurement red-flag indicators (OCDS JSONL, ocdscardinal-compatible)')
    .option('-s, --settings <file>', '设置文件（INI）/ settings file (INI)')
    .option('--no-meta', '不输出 Meta（四分位数与阈值）/ omit the "Meta" key (quartiles and fences)')
    .action(async (file: string, o: { settings?: string; meta: boolean }) => {
      process.exitCode = await indicatorsCommand(file, { settings: o.settings, noMeta: !o.meta });
    });
}
