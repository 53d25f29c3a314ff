/**
 * The platform's commands. Declaring a command (name, arguments, options, help text) loads
 * nothing but commander: each action imports its implementation when it runs, so `--help` and
 * every command start without loading the whole application.
 *
 * An area adds its commands with a `register<Area>Commands(program)` that declares them the same
 * way (`src/modules/datasets/import.command.ts`). A group whose declarations still sit in one file
 * with its implementation is listed in `LAZY_GROUPS`: registered only when it is the command run.
 */
import type { Command } from 'commander';
import { registerImportCommands } from '../modules/datasets/import.command.ts';

type Register = (program: Command) => void;

/** A command group declared together with its implementation: loaded only when it is run (or its help is asked for). */
interface LazyGroup {
  name: string;
  /** Shown in the command list without loading the group; keep it equal to the group's own description. */
  description: string;
  load: () => Promise<Register>;
}

const LAZY_GROUPS: LazyGroup[] = [
  {
    name: 'models',
    description: '监督模型 / supervision models',
    load: async () => (await import('../modules/models/models.command.ts')).registerModelCommands,
  },
  {
    name: 'hotline',
    description: '12345 热线 / 12345 hotline',
    load: async () => (await import('../modules/hotline/hotline.command.ts')).registerHotlineCommands,
  },
];

/**
 * The name of the top-level command that `args` (argv without node and script) runs, or whose
 * help `help <command>` asks for; undefined when there is none. Options of the program itself
 * are skipped, with their values.
 */
export function invokedCommand(program: Command, args: readonly string[]): string | undefined {
  const withValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)));
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-')) {
      if (withValue.has(a)) i++;
      continue;
    }
    operands.push(a);
    if (a !== 'help' || operands.length > 1) break;
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/** Declare every command on `program`; `args` (argv without node and script) picks the lazy group to load. */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  registerImportCommands(program);
  const invoked = invokedCommand(program, args);
  for (const group of LAZY_GROUPS) {
    if (group.name === invoked) (await group.load())(program);
    else program.command(group.name).description(group.description);
  }
  registerPlatformCommands(program);
}

function registerPlatformCommands(program: Command) {
  const admin = () => import('./admin.actions.ts');

  program
    .command('serve')
    .description('启动平台（HTTP 服务与网页）/ start the platform (HTTP API and web UI)')
    .option('--port <port>', '端口 / port', process.env.PORT ?? '8080')
    .option('--host <host>', '监听地址 / listen address', process.env.HOST ?? '127.0.0.1')
    .option('--demo', '数据库为空时载入示范市 / load the demo city when the database is empty')
    .action(async (o, cmd: Command) => (await import('./serve.ts')).serve(cmd, o));

  program
    .command('migrate')
    .description('执行数据库迁移 / run database migrations')
    .action(async (_o, cmd: Command) => (await admin()).migrate(cmd));

  program
    .command('demo')
    .description('载入或刷新示范市演示数据 / load or refresh the demo city')
    .action(async (_o, cmd: Command) => (await import('./demo.action.ts')).loadDemo(cmd));

  const user = program.command('user').description('用户管理 / user administration');
  user
    .command('create <username>')
    .description('新建用户 / create a user')
    .requiredOption('--name <displayName>', '姓名 / display name')
    .requiredOption('--org <orgName>', '所属组织名称 / organisation name')
    .requiredOption('--role <code...>', '角色代码 / role codes')
    .requiredOption('--password <password>', '初始口令（首次登录须修改）/ initial password (must change at first sign-in)')
    .action(async (username: string, o, cmd: Command) => (await admin()).createUserCommand(cmd, username, o));
  user
    .command('reset-password <username> <tempPassword>')
    .description('重置口令（首次登录须修改）/ reset a password (must change at next sign-in)')
    .action(async (username: string, temp: string, _o, cmd: Command) => (await admin()).resetPasswordCommand(cmd, username, temp));
  user
    .command('unlock <username>')
    .description('解锁账号 / unlock an account')
    .action(async (username: string, _o, cmd: Command) => (await admin()).unlockUserCommand(cmd, username));

  const audit = program.command('audit').description('审计日志 / audit trail');
  audit
    .command('verify')
    .description('校验审计日志哈希链与签名检查点 / verify the audit hash chain and signed checkpoints')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o, cmd: Command) => (await admin()).verifyAudit(cmd, o));
  audit
    .command('checkpoint')
    .description('写入 SM2 签名检查点 / write an SM2-signed checkpoint')
    .action(async (_o, cmd: Command) => (await admin()).auditCheckpoint(cmd));

  program
    .command('keys')
    .description('密钥管理 / key management')
    .command('rotate')
    .description('轮换字段加密主密钥并重新加密全部加密字段 / rotate the field-encryption master key and re-encrypt every encrypted field')
    .action(async (_o, cmd: Command) => (await admin()).rotateKeysCommand(cmd));

  program
    .command('backup <file>')
    .description('备份全部数据与密钥到文件 / back up all data and keys to a file')
    .action(async (file: string, _o, cmd: Command) => (await admin()).backup(cmd, file));
  program
    .command('restore <file>')
    .description('从备份恢复到空数据库 / restore a backup into an empty database')
    .action(async (file: string, _o, cmd: Command) => (await admin()).restore(cmd, file));

  program
    .command('indicators <file>')
    .description('计算采购风险指标（OCDS JSONL，兼容 ocdscardinal）/ procurement red-flag indicators (OCDS JSONL, ocdscardinal-compatible)')
    .option('-s, --settings <file>', '设置文件（INI）/ settings file (INI)')
    .option('--no-meta', '不输出 Meta（四分位数与阈值）/ omit the "Meta" key (quartiles and fences)')
    .action(async (file: string, o: { settings?: string; meta: boolean }) => {
      const { indicatorsCommand } = await import('../modules/models/cardinal/command.ts');
      process.exitCode = await indicatorsCommand(file, { settings: o.settings, noMeta: !o.meta });
    });
}
