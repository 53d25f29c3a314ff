/** Lazy command registration: which command a command line runs, and what `--help` loads. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokedCommand } from './commands.ts';
import { buildProgram } from './main.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Run `guantong <args>` in a fresh process; report its exit code, stdout and the source files it loaded. */
function runAndTrace(args: string[]): { code: number; stdout: string; loaded: string[] } {
  const script = `
    import { register } from 'tsx/esm/api';
    const loaded = new Set();
    register({ onImport: (url) => { if (url.startsWith('file:')) loaded.add(url); } });
    const { main } = await import('./src/cli/main.ts');
    const code = await main(['node', 'guantong', ...JSON.parse(process.env.GT_ARGS)]);
    process.stderr.write('\\nTRACE ' + JSON.stringify({ code, loaded: [...loaded] }) + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GT_ARGS: JSON.stringify(args), DATABASE_URL: '' },
    timeout: 120_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('TRACE '));
  if (!line) throw new Error(`no trace: ${r.stderr}`);
  const { code, loaded } = JSON.parse(line.slice('TRACE '.length)) as { code: number; loaded: string[] };
  const src = loaded.filter((u) => u.startsWith(`file://${ROOT}/src/`)).map((u) => u.slice(`file://${ROOT}/`.length));
  return { code, stdout: r.stdout, loaded: src };
}

/** What declaring the commands needs: no implementation, no platform. */
const DECLARATIONS = ['src/cli/main.ts', 'src/cli/commands.ts', 'src/platform/errors.ts', 'src/modules/datasets/import.command.ts'];

describe('invokedCommand', () => {
  it('finds the command a command line runs, skipping the global options and their values', async () => {
    const program = await buildProgram(['node', 'guantong']);
    const cases: [string[], string | undefined][] = [
      [[], undefined],
      [['-h'], undefined],
      [['migrate'], 'migrate'],
      [['migrate', '--data', 'x'], 'migrate'],
      [['--data', 'models', 'hotline', 'export'], 'hotline'],
      [['--database-url', 'postgres://h/db', '--data', 'd', 'models', 'run'], 'models'],
      [['--data=models', 'import', 'subsidies', 'a.csv'], 'import'],
      [['help', 'hotline'], 'hotline'],
      [['--data', 'd', 'help', 'models'], 'models'],
      [['help'], undefined],
      [['--', 'models'], 'models'],
    ];
    for (const [args, want] of cases) expect(invokedCommand(program, args), args.join(' ')).toBe(want);
  });
});

describe('lazy registration', () => {
  it('prints the help of every command without loading any implementation', { timeout: 240_000 }, () => {
    for (const args of [['--help'], ['migrate', '--help'], ['import', '--help'], ['help', 'user']]) {
      const r = runAndTrace(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: guantong');
      expect(r.loaded.filter((f) => !DECLARATIONS.includes(f)), args.join(' ')).toEqual([]);
    }
  });

  it('loads a lazy group only when it is the command run, with its real subcommands', { timeout: 240_000 }, () => {
    const r = runAndTrace(['models', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\s+list \[options\]/);
    expect(r.stdout).toMatch(/\n\s+run \[options\]/);
    expect(r.loaded).toContain('src/modules/models/models.command.ts');
    expect(r.loaded).not.toContain('src/modules/hotline/hotline.command.ts');
  });
});
