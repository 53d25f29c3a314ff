/**
 * Hotline classification benchmark:
 *   npx tsx bench/hotline-classify.ts [--quick] [--throughput-only] [--seconds N]
 *
 * (a) Accuracy: stratified k-fold cross-validation (k = 5 and 10, repeated over fold seeds)
 *     on the 495 labelled TipDM messages (../shared/data/tipdm), in three set-ups:
 *       A. labelled messages only;
 *       B. A + the 7,142 unlabelled messages for document frequencies (what `hotline export`
 *          does with the orders that arrived without a category);
 *       C. B + category descriptions from the organisers' taxonomy (sub-category names).
 * (b) Throughput: one thread, a model trained as in C, classifying all 7,637 messages
 *     (segmentation included), measured as wall time and as CPU time of this process.
 *
 * The messages are read at run time and never copied anywhere.
 */
import { HotlineClassifier } from '../src/modules/hotline/text/classifier.ts';
import { crossValidate, type RepeatedReport } from '../src/modules/hotline/text/evaluate.ts';
import { hotlineSegmenter } from '../src/modules/hotline/text/segmenter.ts';
import {
  readTipdm,
  readTipdmTaxonomy,
  TIPDM_DIR,
  TIPDM_FILES,
  tipdmAvailable,
} from '../src/modules/hotline/text/tipdm-data.ts';
import { normalizeText } from '../src/platform/text/segment.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipCv = args.includes('--throughput-only');
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 3 : 10;

if (!tipdmAvailable()) {
  console.error(`未找到 TipDM 数据 / TipDM data not found in ${TIPDM_DIR}`);
  process.exit(1);
}

const labelled = await readTipdm(TIPDM_FILES.labelled);
const unlabelledMessages = [...(await readTipdm(TIPDM_FILES.messages)), ...(await readTipdm(TIPDM_FILES.withReplies))];
const taxonomy = await readTipdmTaxonomy();
const examples = labelled.map((m) => ({ text: m.content, category: m.category as string }));
const unlabelled = unlabelledMessages.map((m) => m.content);
console.log(
  `labelled: ${examples.length} (${new Set(examples.map((e) => e.category)).size} categories), unlabelled: ${unlabelled.length}`,
);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, r: RepeatedReport) =>
  `| ${name} | ${r.k} | ${r.seeds.length} | ${pct(r.accuracy.mean)} ± ${(r.accuracy.sd * 100).toFixed(1)} | ` +
  `${r.macroF1.mean.toFixed(3)} ± ${r.macroF1.sd.toFixed(3)} | ${r.ece.toFixed(3)} |`;

// ---- (a) cross-validation --------------------------------------------------------------
const seeds5 = quick ? [1, 2] : [1, 2, 3, 4, 5];
const seeds10 = quick ? [1] : [1, 2, 3];
const setups: [string, Parameters<typeof crossValidate>[0]][] = [
  ['A. labelled only', { examples }],
  ['B. + unlabelled IDF', { examples, unlabelled }],
  ['C. + unlabelled IDF + taxonomy descriptions', { examples, unlabelled, descriptions: taxonomy }],
];
const rows: string[] = [];
let best: RepeatedReport | undefined;
for (const [name, input] of skipCv ? [] : setups) {
  for (const [k, seeds] of [
    [5, seeds5],
    [10, seeds10],
  ] as const) {
    const t0 = performance.now();
    const r = crossValidate({ ...input, k, seeds: [...seeds] });
    rows.push(line(name, r));
    console.log(
      `${name.padEnd(46)} k=${String(k).padEnd(2)} accuracy ${pct(r.accuracy.mean)}  macro-F1 ${r.macroF1.mean.toFixed(3)} ` +
        `(runs ${r.runs.map((x) => x.macroF1.toFixed(3)).join(' ')})  ECE ${r.ece.toFixed(3)}  ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    if (k === 5 && name.startsWith('C')) best = r;
  }
}
if (best) {
  console.log('\nper-category F1 (set-up C, k=5, first seed):');
  for (const c of best.runs[0].perClass) {
    console.log(
      `  ${c.category.padEnd(8, '　')} P ${c.precision.toFixed(2)}  R ${c.recall.toFixed(2)}  F1 ${c.f1.toFixed(2)}  n=${c.support}`,
    );
  }
}

// ---- (b) throughput --------------------------------------------------------------------
const texts = [...examples.map((e) => e.text), ...unlabelled];
const chars = texts.reduce((a, t) => a + normalizeText(t).length, 0);
const model = HotlineClassifier.train({ examples, unlabelled, descriptions: taxonomy });
const seg = hotlineSegmenter();

function measure(label: string, fn: (t: string) => unknown, set: string[] = texts, setChars = chars) {
  for (const t of set.slice(0, 500)) fn(t); // warm-up
  let n = 0;
  let c = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const t of set) fn(t);
    n += set.length;
    c += setChars;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpuUse = process.cpuUsage(cpu0);
  const cpu = (cpuUse.user + cpuUse.system) / 1e6;
  const r = { label, orders: n, wallPerSec: n / wall, cpuPerSec: n / cpu, charsPerCpuSec: c / cpu };
  console.log(
    `${label.padEnd(34)} ${Math.round(r.wallPerSec).toLocaleString('en')} orders/s wall, ` +
      `${Math.round(r.cpuPerSec).toLocaleString('en')} orders/CPU-s (${(r.charsPerCpuSec / 1e6).toFixed(2)} M chars/CPU-s)`,
  );
  return r;
}

console.log(`\nthroughput: ${texts.length} messages, mean ${Math.round(chars / texts.length)} characters, ${seconds} s each`);
// the same messages cut to their first 200 characters (the median message has 219)
const short = texts.map((t) => normalizeText(t).slice(0, 200));
const shortChars = short.reduce((a, t) => a + t.length, 0);
const tp = [
  measure('segmentation only (jieba cut)', (t) => seg.cut(t)),
  measure('classify (category + confidence)', (t) => model.predict(t, { explain: 0 })),
  measure('classify + explanation (8 terms)', (t) => model.predict(t, { explain: 8 })),
  measure(
    `classify, ≤200 chars (mean ${Math.round(shortChars / short.length)})`,
    (t) => model.predict(t, { explain: 0 }),
    short,
    shortChars,
  ),
];

console.log('\n--- markdown ---');
console.log('| set-up | k | repeats | accuracy | macro-F1 | ECE |\n|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('\n| task (one thread) | orders/s (wall) | orders per CPU-second | M chars per CPU-second |\n|---|---|---|---|');
for (const r of tp) {
  console.log(
    `| ${r.label} | ${Math.round(r.wallPerSec).toLocaleString('en')} | ${Math.round(r.cpuPerSec).toLocaleString('en')} | ${(r.charsPerCpuSec / 1e6).toFixed(2)} |`,
  );
}
console.log(`\nmean message length: ${Math.round(chars / texts.length)} characters; load average at end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
