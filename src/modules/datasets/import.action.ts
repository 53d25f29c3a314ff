/**
 * The implementation of `guantong import` (declared in `import.command.ts`, which imports this
 * file only when the command runs): each file one batch in its own transaction, progress on
 * stderr, reports on stdout, the exit status as `import.command.ts` describes.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { progress } from '../../cli/output.ts';
import { cliActor, withPlatform } from '../../cli/with-platform.ts';
import { AppError } from '../../platform/errors.ts';
import { getDataset } from './catalog.ts';
import { EXIT_BAD_INPUT, EXIT_STRICT_REJECTED, type ImportOptions } from './import.command.ts';
import { auditFailedImport, type ImportReport, importFile } from './import.service.ts';

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

export async function importFiles(cmd: Command, dataset: string, files: string[], o: ImportOptions): Promise<void> {
  const def = getDataset(dataset); // unknown dataset: fail before touching the database
  const actor = cliActor();
  const exit = await withPlatform(cmd, async (platform) => {
    let worst = 0;
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
          worst = Math.max(worst, EXIT_STRICT_REJECTED);
        }
      } catch (e) {
        bar.stop();
        if (!(e instanceof AppError)) throw e;
        process.stderr.write(`错误 / error: ${file}: ${e.bilingual}\n`);
        await auditFailedImport(platform, actor, def.name, path.basename(file), e).catch(() => {});
        worst = Math.max(worst, EXIT_BAD_INPUT);
      }
    }
    return worst;
  });
  if (exit) process.exitCode = exit;
}
