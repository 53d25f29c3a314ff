/**
 * Test helpers of the models area: load rows into datasets through the real import pipeline
 * (a CSV file per call, imported with the datasets area's `importFile`), run models and collect
 * their hits. Used by the *.test.ts files here and by bench/models.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../../platform/app.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { importFile } from '../datasets/import.service.ts';
import { forEachRunHit, type HitOutput, runModels } from './runner.ts';

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

let fileNo = 0;

/** Import `rows` (objects keyed by the spec's English column keys) into `dataset`. Refuses rejected rows. */
export async function load(p: Platform, dataset: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = [keys.join(','), ...rows.map((r) => keys.map((k) => csvCell(r[k])).join(','))].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-models-'));
  const file = path.join(dir, `${dataset}-${++fileNo}.csv`);
  fs.writeFileSync(file, `${text}\n`);
  try {
    const r = await importFile(p, systemActor('test'), { dataset, file });
    if (r.report.rejected.length) throw new Error(`${dataset}: rejected rows ${JSON.stringify(r.report.rejected)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Run one model as the system and return its hits (the CLI output shape). */
export async function hitsOf(p: Platform, model: string, asOf = '2026-06-30'): Promise<HitOutput[]> {
  const r = await runModels(p.db, systemActor('test'), null, { models: [model], asOf, trigger: 'cli' });
  const run = r.runs[0];
  if (run.status !== 'success') throw new Error(`${model} failed: ${run.error}`);
  const out: HitOutput[] = [];
  await forEachRunHit(p.db, [run.run_id], (h) => {
    const { id: _id, ...rest } = h;
    out.push(rest);
  });
  return out;
}

/** The hit whose subject has these field values, if any. */
export function hitFor(hits: HitOutput[], subject: Record<string, unknown>): HitOutput | undefined {
  return hits.find((h) => Object.entries(subject).every(([k, v]) => JSON.stringify(h.subject[k]) === JSON.stringify(v)));
}

/** A valid 18-digit resident ID number built from a 17-digit body (GB 11643 check digit). */
export function idNo(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body17.split('').reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body17 + '10X98765432'[sum % 11];
}

/** A valid USCC from a 17-character body (GB 32100 check character). */
export function uscc(body17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = body17.split('').reduce((a, c, i) => a + chars.indexOf(c) * w[i], 0);
  return body17 + chars[(31 - (sum % 31)) % 31];
}
