/**
 * Demo city: run the model catalogue once over the demo data (after the datasets step), so the
 * hit lists, precision column and "turn into a clue" have something to show on first start.
 * Skipped when any model has run before (the demo can be loaded again without piling up runs).
 */
import type { DemoStep } from '../demo/demo.service.ts';
import { runModels } from './runner.ts';

export const modelsDemoStep: DemoStep = {
  name: '监督模型：运行模型库 M01–M15 / supervision models: run the catalogue once',
  async run(ctx) {
    const { platform, actor, log } = ctx;
    const ran = await platform.db.selectFrom('model_runs').select('id').limit(1).executeTakeFirst();
    if (ran) return;
    const r = await runModels(platform.db, actor, null, { trigger: 'cli' });
    const hits = r.runs.reduce((a, x) => a + (x.hits ?? 0), 0);
    log(`  ${r.runs.length} 个模型，${hits} 条命中 / ${r.runs.length} models, ${hits} hits`);
    for (const x of r.runs.filter((y) => y.status === 'failed')) log(`  ${x.model_id} 运行失败 / failed: ${x.error}`);
  },
};
