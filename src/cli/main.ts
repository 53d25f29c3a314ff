/**
 * `guantong` — the command line. Each command is a thin wrapper over services; modules add their
 * commands in `commands.ts`, where declaring a command loads only its help text (the
 * implementation is imported when it runs). Bad input exits non-zero with one line
 * "中文 / English" on stderr.
 */
import { Command, CommanderError } from 'commander';
import { AppError } from '../platform/errors.ts';
import { registerCommands } from './commands.ts';

/** The program for `argv` (process.argv form): every command declared, the invoked one ready to run. */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('guantong')
    .description('贯通 · 监督贯通协同平台命令行 / Guantong supervision integration platform CLI')
    .option('--data <dir>', '嵌入式数据库数据目录 / data directory of the embedded database', process.env.GUANTONG_DATA ?? 'data')
    .option('--database-url <url>', 'PostgreSQL 连接串（或环境变量 DATABASE_URL）/ PostgreSQL URL (or DATABASE_URL)')
    .helpOption('-h, --help', '显示帮助 / show help')
    .helpCommand('help [command]', '显示命令帮助 / help for a command')
    .showHelpAfterError()
    .exitOverride();
  await registerCommands(program, argv.slice(2));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof AppError) {
      process.stderr.write(`错误 / error: ${e.bilingual}\n`);
      return 2;
    }
    process.stderr.write(`错误 / error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
