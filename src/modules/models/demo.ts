/**
 * Demo city: run the model catalogue once over the demo data (after the datasets step), so the
 * hit lists, precision column and "turn into a clue" have something to show on first start.
 * Skipped when any model has run before (the demo can be loaded again without piling up runs).
 * The run is started by officer1 (第一监督检查室), as an officer would: the hits then belong to that
 * office's data scope (and to the units named in the evidence), so officer1 can review them.
 */
import type { DemoStep } from '../demo/demo.service.ts';
import { demoAs } from '../collaboration/demo.ts';
import { runModels } from './runner.ts';

export const modelsDemoStep: DemoStep = {
  name: '监督模型：运行模型库 M01–M15 / supervision models: run the catalogue once',
  async run(ctx) {
    const { platform, log } = ctx;
    const ran = await platform.db.selectFrom('model_runs').select('id').limit(1).executeTakeFirst();
    if (ran) return;
    const officer = await demoAs(ctx, 'officer1');
    const r = await runModels(platform.db, officer.actor, officer.access, { trigger: 'manual' });
    const hits = r.runs.reduce((a, x) => a + (x.hits ?? 0), 0);
    log(`  ${r.runs.length} 个模型，${hits} 条命中 / ${r.runs.length} models, ${hits} hits`);
    for (const x of r.runs.filter((y) => y.status === 'failed')) log(`  ${x.model_id} 运行失败 / failed: ${x.error}`);
  },
};
