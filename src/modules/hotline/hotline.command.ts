/**
 * `guantong hotline …`:
 *   export [--format jsonl] [--retrain]   one JSON object per work order on stdout (the spec's contract)
 *   train | classify                       train the classifier / classify orders without a category
 *   api-key create --org ORG [--name N]    create an Open311 intake key (shown once) | api-key revoke ID
 *   screen [--as-of D] [--send immediate|periodic]   踢皮球 / 不满意率 screening, then transfers
 *   aggregate [--from D --to D]            refresh the daily pre-aggregates (default: all days)
 *   report --kind weekly|monthly|special [--as-of D] [--from D --to D] [--topic ID] [--out DIR]
 * Progress and logs go to stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openPlatform, platformOptionsFrom, type Platform } from '../../platform/app.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { badInput } from '../../platform/errors.ts';
import { refreshAll, refreshDaily } from './analysis.service.ts';
import { createIntakeKey, revokeIntakeKey } from './apikeys.service.ts';
import { classifyPending, trainModel } from './classify.service.ts';
import { forEachExportRow, prepareExport } from './export.service.ts';
import { generateReport, type ReportKind } from './report.service.ts';
import { runScreening, sendScreenedTransfers } from './screening.service.ts';

type Flags = { data?: string; databaseUrl?: string };
const cliActor = () => systemActor(`cli:${process.env.USER ?? 'operator'}`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function out(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (e) => (e ? reject(e) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function withP<T>(cmd: Command, fn: (p: Platform) => Promise<T>): Promise<T> {
  const p = await openPlatform(platformOptionsFrom(cmd.optsWithGlobals() as Flags));
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

export function registerHotlineCommands(program: Command) {
  const h = program.command('hotline').description('12345 热线 / 12345 hotline');

  h.command('export')
    .description('导出工单分类结果（每行一个 JSON）/ export the category of every work order (JSON lines)')
    .option('--format <format>', '输出格式 / output format (jsonl)', 'jsonl')
    .option('--retrain', '先重新训练分类模型 / retrain the classifier first')
    .action(async (o: { format: string; retrain?: boolean }, cmd: Command) => {
      if (o.format !== 'jsonl') throw badInput(`不支持的格式：${o.format}（只支持 jsonl）`, `Unsupported format: ${o.format} (only jsonl)`);
      await withP(cmd, async (p) => {
        const prep = await prepareExport(p.db, cliActor(), { retrain: o.retrain });
        if (prep.classified) err(`已分类 ${prep.classified} 件未分类工单 / classified ${prep.classified} orders`);
        const n = await forEachExportRow(p.db, (r) => out(`${JSON.stringify(r)}\n`));
        err(`共导出 ${n} 件工单 / exported ${n} work orders`);
      });
    });

  h.command('train')
    .description('用已分类工单训练分类模型 / train the classifier from orders with a category')
    .action(async (_o, cmd: Command) =>
      withP(cmd, async (p) => {
        const r = await trainModel(p.db, cliActor());
        err(`模型 #${r.id}：${r.examples} 件样本，${r.categories.length} 个类别 / model #${r.id}: ${r.examples} examples, ${r.categories.length} categories`);
      }),
    );

  h.command('classify')
    .description('对未分类工单自动分类 / classify orders without a category')
    .action(async (_o, cmd: Command) =>
      withP(cmd, async (p) => {
        const r = await classifyPending(p.db, cliActor());
        err(`已分类 ${r.classified} 件 / classified ${r.classified}`);
      }),
    );

  const key = h.command('api-key').description('Open311 接口密钥 / Open311 intake API keys');
  key
    .command('create')
    .requiredOption('--org <org>', '所属单位（名称或 id）/ organisation (name or id)')
    .option('--name <name>', '密钥名称 / key name', '12345 热线系统')
    .description('创建接口密钥（只显示一次）/ create a key (shown once)')
    .action(async (o: { org: string; name: string }, cmd: Command) =>
      withP(cmd, async (p) => {
        const r = await createIntakeKey(p.db, cliActor(), /^\d+$/.test(o.org) ? { orgId: Number(o.org), name: o.name } : { orgName: o.org, name: o.name });
        err(`接口密钥 #${r.id}（${r.org_name}），请妥善保存，此后不再显示 / API key #${r.id} (${r.org_name}); store it now, it is not shown again`);
        await out(`${r.key}\n`);
      }),
    );
  key
    .command('revoke <id>')
    .description('作废接口密钥 / revoke a key')
    .action(async (id: string, _o, cmd: Command) =>
      withP(cmd, async (p) => {
        await revokeIntakeKey(p.db, cliActor(), Number(id));
        err(`已作废 #${id} / revoked #${id}`);
      }),
    );

  h.command('screen')
    .description('筛查踢皮球、不满意率异常、作风问题、重复诉求、督办超期并按规则移送 / screen (incl. M13–M15) and transfer per the rules')
    .option('--as-of <date>', '筛查日期 / as-of date (YYYY-MM-DD)')
    .option('--send <mode>', '移送：immediate（随时）或 periodic（定期）/ send: immediate or periodic')
    .action(async (o: { asOf?: string; send?: string }, cmd: Command) =>
      withP(cmd, async (p) => {
        const r = await runScreening(p.db, cliActor(), o.asOf, 'cli');
        const m = r.model_hits;
        err(
          `踢皮球 ${r.kickball} 件，不满意率异常单位 ${r.unsatisfied_units} 个，作风问题 ${m.hotline_conduct ?? 0} 件，重复诉求 ${m.hotline_repeat ?? 0} 件，督办超期 ${m.hotline_overdue ?? 0} 件，新增 ${r.new_hits.length} 条 / ` +
            `kickball ${r.kickball}, abnormal units ${r.unsatisfied_units}, M13 ${m.hotline_conduct ?? 0}, M14 ${m.hotline_repeat ?? 0}, M15 ${m.hotline_overdue ?? 0}, new ${r.new_hits.length}`,
        );
        if (o.send) {
          if (o.send !== 'immediate' && o.send !== 'periodic') throw badInput('--send 只能为 immediate 或 periodic', '--send must be immediate or periodic');
          const s = await sendScreenedTransfers(p.db, cliActor(), null, o.send, o.asOf);
          await out(`${JSON.stringify(s)}\n`);
        }
      }),
    );

  h.command('aggregate')
    .description('刷新每日统计 / refresh the daily aggregates')
    .option('--from <date>')
    .option('--to <date>')
    .action(async (o: { from?: string; to?: string }, cmd: Command) =>
      withP(cmd, async (p) => {
        const r = o.from && o.to ? { from: o.from, to: o.to, ...(await refreshDaily(p.db, o.from, o.to)) } : await refreshAll(p.db);
        err(`已刷新 ${r.from} ~ ${r.to}，${r.rows} 行 / refreshed ${r.from} ~ ${r.to}, ${r.rows} rows`);
      }),
    );

  h.command('report')
    .description('生成周报/月报/专报（Word + Excel）/ generate a weekly, monthly or special report')
    .requiredOption('--kind <kind>', 'weekly | monthly | special')
    .option('--as-of <date>')
    .option('--from <date>')
    .option('--to <date>')
    .option('--topic <id>', '专项 id（专报）/ topic id (special)')
    .option('--out <dir>', '输出目录 / output folder', '.')
    .action(async (o: { kind: string; asOf?: string; from?: string; to?: string; topic?: string; out: string }, cmd: Command) =>
      withP(cmd, async (p) => {
        if (!['weekly', 'monthly', 'special'].includes(o.kind)) throw badInput(`报告类型无效：${o.kind}`, `Invalid report kind: ${o.kind}`);
        const r = await generateReport(p.db, cliActor(), { kind: o.kind as ReportKind, asOf: o.asOf, from: o.from, to: o.to, topicId: o.topic ? Number(o.topic) : undefined });
        const row = await p.db.selectFrom('hotline_reports').select(['docx', 'xlsx']).where('id', '=', r.id).executeTakeFirstOrThrow();
        fs.mkdirSync(o.out, { recursive: true });
        const base = path.join(o.out, r.title.replace(/[\\/:*?"<>|]/g, '_'));
        fs.writeFileSync(`${base}.docx`, row.docx);
        fs.writeFileSync(`${base}（附件）.xlsx`, row.xlsx);
        err(`已生成 ${base}.docx / written`);
      }),
    );
}
