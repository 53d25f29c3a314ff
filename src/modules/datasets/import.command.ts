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
import path from 'node:path';
import type { Command } from 'commander';
import { progress } from '../../cli/output.ts';
import { openPlatform, platformOptionsFrom } from '../../platform/app.ts';
import { type Actor, systemActor } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/errors.ts';
import { getDataset } from './catalog.ts';
import { auditFailedImport, type ImportReport, importFile } from './import.service.ts';

export const EXIT_BAD_INPUT = 2;
export const EXIT_STRICT_REJECTED = 3;

const cliActor = (): Actor => systemActor(`cli:${process.env.USER ?? 'operator'}`);

/** The human-readable report (stdout, without --json). */
export function formatReport(r: ImportReport, title: string): string {
  const lines = [
    `${r.file} → ${r.dataset}（${title}）${r.encoding ? `  编码 encoding: ${r.encoding}` : ''}`,
    `  读取 rows read: ${r.rows_read}  新增 imported: ${r.imported}  更新 updated: ${r.updated}  拒绝 rejected: ${r.rejected.length}  无效证件号 invalid IDs: ${r.invalid_ids}`,
  ];
  if (r.rejected.length > 0) {
    lines.push('  拒绝的行 / rejected rows:');
    for (const x of r.rejected) lines.push(`    第 ${x.row} 行 row ${x.row}  ${x.column}: ${x.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerImportCommands(program: Command) {
  program
    .command('import <dataset> <files...>')
    .description('导入数据文件（CSV UTF-8/GB18030 或 XLSX）/ import data files (CSV in UTF-8/GB18030, or XLSX)')
    .option('--strict', '任一行有错误则整个文件不导入 / import nothing of a file if any row is bad')
    .option('--json', '每个文件在标准输出打印一行 JSON 报告 / print one JSON report per file on stdout')
    .option('--supplier <orgName>', '数据提供单位（组织机构名称）/ supplying organisation (its name)')
    .action(async (dataset: string, files: string[], o: { strict?: boolean; json?: boolean; supplier?: string }, cmd: Command) => {
      const def = getDataset(dataset); // unknown dataset: fail before touching the database
      const flags = cmd.optsWithGlobals() as { data?: string; databaseUrl?: string };
      const platform = await openPlatform(platformOptionsFrom(flags));
      const actor = cliActor();
      let exit = 0;
      try {
        let supplierOrgId: number | null = null;
        if (o.supplier) {
          const org = await platform.db.selectFrom('orgs').select('id').where('name', '=', o.supplier).executeTakeFirst();
          if (!org) throw new AppError('unknown_org', `数据提供单位“${o.supplier}”不存在`, `Supplier organisation "${o.supplier}" not found`, 400);
          supplierOrgId = org.id;
        }
        for (const file of files) {
          const label = `导入 / importing ${path.basename(file)}`;
          const bar = progress(label, 0);
          try {
            const result = await importFile(platform, actor, {
              dataset: def.name,
              file,
              strict: !!o.strict,
              supplierOrgId,
              onProgress: (p) => {
                if (p.phase !== 'reading') return;
                const total = p.bytesRead > 0 && p.totalBytes > 0 ? Math.max(p.rowsRead, Math.round((p.rowsRead * p.totalBytes) / p.bytesRead)) : p.rowsRead;
                bar.update(p.rowsRead, total);
              },
            });
            bar.stop();
            process.stdout.write(o.json ? `${JSON.stringify(result.report)}\n` : formatReport(result.report, def.title));
            if (result.status === 'rejected') {
              process.stderr.write(
                `错误 / error: 严格模式：${file} 有 ${result.report.rejected.length} 行错误，未导入任何数据 / strict mode: ${file} has ${result.report.rejected.length} bad rows, nothing was imported\n`,
              );
              exit = Math.max(exit, EXIT_STRICT_REJECTED);
            }
          } catch (e) {
            bar.stop();
            if (!(e instanceof AppError)) throw e;
            process.stderr.write(`错误 / error: ${file}: ${e.bilingual}\n`);
            await auditFailedImport(platform, actor, def.name, path.basename(file), e).catch(() => {});
            exit = Math.max(exit, EXIT_BAD_INPUT);
          }
        }
      } finally {
        await platform.close();
      }
      if (exit) process.exitCode = exit;
    });
}
