/**
 * Scheduled model runs (pg-boss): every enabled model, every night at 02:30 Asia/Shanghai, as the
 * system, with as_of = that day. `send('models-run', { models: ['M05'], as_of: '2025-06-30' })`
 * queues an extra run of some models.
 */
import { systemActor } from '../../platform/audit/audit.service.ts';
import type { JobDef } from '../../platform/jobs/jobs.ts';
import { runModels } from './runner.ts';

export const MODELS_RUN_JOB = 'models-run';

export const modelJobs: JobDef[] = [
  {
    name: MODELS_RUN_JOB,
    cron: '30 2 * * *',
    run: async (p, data) => {
      const d = (data ?? {}) as { models?: unknown; as_of?: unknown };
      const models = Array.isArray(d.models) ? d.models.filter((m): m is string => typeof m === 'string') : undefined;
      const asOf = typeof d.as_of === 'string' ? d.as_of : undefined;
      const r = await runModels(p.db, systemActor('jobs:models-run'), null, { models, asOf, trigger: 'schedule' });
      const failed = r.runs.filter((x) => x.status === 'failed');
      if (failed.length) {
        process.stderr.write(`定时模型运行有 ${failed.length} 个失败 / scheduled model run: ${failed.length} failed (${failed.map((f) => f.model_id).join(', ')})\n`);
      }
    },
  },
];
