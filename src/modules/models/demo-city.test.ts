/**
 * All 15 models over the demo city (docs/demo-city.md): the 16 datasets imported as files
 * through the real pipeline, then every model run once. Each model must find exactly the
 * problems planted for it — every planted subject, and nothing else (the near misses and the
 * background must not fire).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { datasetsDemoStep, EXPECTED_HITS, generateDemoData } from '../demo/datasets.ts';
import { loadDemoCity } from '../demo/demo.service.ts';
import { forEachRunHit, type HitOutput, runModels } from './runner.ts';

let p: TestPlatform;
const hits = new Map<string, HitOutput[]>();
const planted = generateDemoData().planted;

beforeAll(async () => {
  p = await testPlatform();
  const ctx = await loadDemoCity(p, () => {}, { onlyCore: true });
  await datasetsDemoStep.run(ctx);
  // as_of: M15 needs a day after the last planted deadline (2025-12-01); see docs/demo-city.md.
  const r = await runModels(p.db, systemActor('demo-city-test'), null, { asOf: '2026-01-15', trigger: 'cli' });
  for (const run of r.runs) expect(run.status, `${run.model_id}: ${run.error}`).toBe('success');
  await forEachRunHit(
    p.db,
    r.runs.map((x) => x.run_id),
    (h) => {
      hits.set(h.model, [...(hits.get(h.model) ?? []), h]);
    },
  );
}, 600_000);
afterAll(() => p?.close());

describe('the catalogue over the demo city', () => {
  it.each(Object.keys(EXPECTED_HITS))('%s finds exactly the planted problems', (model) => {
    const found = (hits.get(model) ?? []).map((h) => JSON.stringify(h.subject)).sort();
    // subjects in the catalogue's field order, as the CLI prints them (the planted ones are written that way too)
    const expected = planted
      .filter((x) => x.model === model)
      .map((x) => JSON.stringify(x.subject))
      .sort();
    expect(found).toEqual(expected);
    expect(found).toHaveLength(EXPECTED_HITS[model]);
    for (const h of hits.get(model) ?? []) {
      expect(h.reasons.length).toBeGreaterThan(0);
      expect(h.evidence.length).toBeGreaterThan(0);
      for (const e of h.evidence) {
        expect(typeof e.dataset).toBe('string');
        expect(e._batch_id).toBeGreaterThan(0);
        expect(e._row).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
