/**
 * `guantong models list [--json]` and
 * `guantong models run [--model ID]... [--as-of YYYY-MM-DD] [--format jsonl|table]`.
 *
 * `run --format jsonl` writes one JSON object per hit to stdout and nothing else there:
 * {"model":"M05","name":"bid_collusion","subject":{…},"reasons":[…],"evidence":[…],"score":0.9}.
 * Progress and the per-model summary go to stderr.
 */
import type { Command } from 'commander';
import { openPlatform, platformOptionsFrom } from '../../platform/app.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { badInput } from '../../platform/errors.ts';
import { forEachRunHit, listModels, runModels } from './models.service.ts';

type Flags = { data?: string; databaseUrl?: string };

const cliActor = () => systemActor(`cli:${process.env.USER ?? 'operator'}`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Write to stdout, waiting for the pipe to drain so large outputs never pile up in memory. */
function out(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (e) => (e ? reject(e) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}

const pad = (s: string, n: number) => {
  // East Asian characters take two columns.
  const width = [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, n - width));
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerModelCommands(program: Command) {
  const models = program.command('models').description('监督模型 / supervision models');

  models
    .command('list')
    .description('列出模型库（参数、实测准确率、最近运行）/ list the models (parameters, measured precision, last run)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const p = await openPlatform(platformOptionsFrom(cmd.optsWithGlobals() as Flags));
      try {
        const items = await listModels(p.db, null);
        if (o.json) {
          await out(`${JSON.stringify(items)}\n`);
          return;
        }
        await out(`${[pad('ID', 6), pad('名称 name', 22), pad('模型', 34), pad('等级', 6), pad('版本', 6), pad('启用', 6), pad('命中', 8), pad('已核查', 8), '准确率'].join('')}\n`);
        for (const m of items) {
          const prec = m.stats.precision === null ? '—' : `${(m.stats.precision * 100).toFixed(1)}%`;
          await out(
            `${[pad(m.id, 6), pad(m.name, 22), pad(m.title, 34), pad(m.severity_label, 6), pad(`v${m.current_version}`, 6), pad(m.enabled ? '是' : '否', 6), pad(String(m.stats.hits), 8), pad(String(m.stats.reviewed), 8), prec].join('')}\n`,
          );
        }
      } finally {
        await p.close();
      }
    });

  models
    .command('run')
    .description('运行模型（默认全部已启用模型）/ run models (default: every enabled model)')
    .option('--model <id>', '模型编号，可重复 / model id, repeatable', collect, [])
    .option('--as-of <date>', '运行日期（视为“今天”），YYYY-MM-DD / the date the run treats as today')
    .option('--format <format>', '输出格式 jsonl | table / output format', 'jsonl')
    .action(async (o: { model: string[]; asOf?: string; format: string }, cmd: Command) => {
      if (o.format !== 'jsonl' && o.format !== 'table') {
        throw badInput(`未知的输出格式：${o.format}（可用 jsonl、table）`, `Unknown format: ${o.format} (use jsonl or table)`);
      }
      const ids = o.model.map((m) => m.trim().toUpperCase());
      const bad = ids.filter((m) => !/^(M\d{2}|U\d{4})$/.test(m));
      if (bad.length) throw badInput(`模型编号无效：${bad.join('、')}`, `Invalid model id: ${bad.join(', ')}`);
      const p = await openPlatform(platformOptionsFrom(cmd.optsWithGlobals() as Flags));
      try {
        const result = await runModels(p.db, cliActor(), null, { models: ids, asOf: o.asOf, trigger: 'cli' }, (s) => {
          if (s.status === 'success') {
            err(`${s.model_id} ${s.name}: ${s.hits} 条命中 / hits（新增 new ${s.new_hits}），扫描 ${s.rows_scanned} 行 / rows，${s.duration_ms} ms`);
          } else err(`${s.model_id} ${s.name}: 运行失败 / run failed: ${s.error}`);
        });
        if (o.format === 'table') {
          await out(`${[pad('模型', 6), pad('名称 name', 22), pad('评分', 6), pad('主体 subject', 50), '原因 reasons'].join('')}\n`);
        }
        const n = await forEachRunHit(
          p.db,
          result.runs.filter((r) => r.status === 'success').map((r) => r.run_id),
          async (h) => {
            if (o.format === 'jsonl') {
              await out(`${JSON.stringify({ model: h.model, name: h.name, subject: h.subject, reasons: h.reasons, evidence: h.evidence, score: h.score })}\n`);
            } else {
              const subject = Object.entries(h.subject)
                .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
                .join(' ');
              await out(`${[pad(h.model, 6), pad(h.name, 22), pad(h.score.toFixed(2), 6), pad(subject, 50), h.reasons.join('；')].join('')}\n`);
            }
          },
        );
        const failed = result.runs.filter((r) => r.status === 'failed');
        err(`共 ${n} 条命中 / ${n} hits from ${result.runs.length} 个模型 / models（批次 batch ${result.batch_id}）`);
        if (failed.length) {
          err(`错误 / error: ${failed.length} 个模型运行失败 / model run(s) failed: ${failed.map((f) => f.model_id).join(', ')}`);
          process.exitCode = 1;
        }
      } finally {
        await p.close();
      }
    });
}
