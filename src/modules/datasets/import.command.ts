/**
 * `guantong import <dataset> <file>... [--strict] [--json] [--supplier ORGNAME]`
 *
 * Each file is one batch, imported in its own transaction. Progress goes to stderr (a bar on a
 * terminal, a line every 2 s otherwise); reports go to stdout: with `--json` exactly one JSON
 * object per file per line and nothing else.
 *
 * Exit status:
 * - 0 — every file was imported. Rows rejected in the default (non-strict) mode do NOT change
 *   the exit status: the import succeeded and the report lists them.
 * - 2 — bad input: unknown dataset or supplier, unreadable/empty file, legacy .xls, missing or
 *   duplicate column, undecodable encoding, CSV syntax error. One line "中文 / English" on
 *   stderr per failing file; the other files are still imported.
 * - 3 — `--strict` and a file had bad rows: nothing of that file was imported (its report is
 *   still printed; one line on stderr says why).
 */
import type { Command } from 'commander';

export const EXIT_BAD_INPUT = 2;
export const EXIT_STRICT_REJECTED = 3;

export interface ImportOptions {
  strict?: boolean;
  json?: boolean;
  supplier?: string;
}

/** Declares `import`; its implementation (`import.action.ts`) is loaded when the command runs. */
export function registerImportCommands(program: Command) {
  program
    .command('import <dataset> <files...>')
    .description('导入数据文件（CSV UTF-8/GB18030 或 XLSX）/ import data files (CSV in UTF-8/GB18030, or XLSX)')
    .option('--strict', '任一行有错误则整个文件不导入 / import nothing of a file if any row is bad')
    .option('--json', '每个文件在标准输出打印一行 JSON 报告 / print one JSON report per file on stdout')
    .option('--supplier <orgName>', '数据提供单位（组织机构名称）/ supplying organisation (its name)')
    .action(async (dataset: string, files: string[], o: ImportOptions, cmd: Command) => (await import('./import.action.ts')).importFiles(cmd, dataset, files, o));
}
