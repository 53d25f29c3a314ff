/**
 * Hotline classification benchmark:
 *   npx tsx bench/hotline-classify.ts [--quick] [--throughput-only] [--seconds N] [--rounds R]
 *
 * (a) Accuracy: stratified k-fold cross-validation (k = 5 and 10, repeated over fold seeds)
 *     on the 495 labelled TipDM messages (../shared/data/tipdm), in three set-ups:
 *       A. labelled messages only;
 *       B. A + the 7,142 unlabelled messages for document frequencies (what `hotline export`
 *          does with the orders that arrived without a category);
 *       C. B + category descriptions from the organisers' taxonomy (sub-category names).
 * (b) Throughput: one thread, a model trained as in C, classifying all 7,637 messages at full
 *     length (normalisation and segmentation included), measured as CPU time of this process
 *     and as wall time. The machine is shared, so the tasks run in R interleaved rounds of N/R
 *     seconds each and every figure is the median over the rounds (range in brackets).
 *     "reference" rows do the same work on jieba-rs's own segmentation (`@node-rs/jieba`, one
 *     native string per piece: what the platform used before its JavaScript segmenter), so the
 *     speed-up is a ratio within one run.
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
import { createNativeSegmenter, normalizeText } from '../src/platform/text/segment.ts';
import { readFileSync } from 'node:fs';
import { HOTLINE_STOP_WORDS, USER_DICT_URL } from '../src/modules/hotline/text/segmenter.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipCv = args.includes('--throughput-only');
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 3 : 10;
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 3 : 5;

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
const cvRows: string[] = [];
let best: RepeatedReport | undefined;
for (const [name, input] of skipCv ? [] : setups) {
  for (const [k, seeds] of [
    [5, seeds5],
    [10, seeds10],
  ] as const) {
    const t0 = performance.now();
    const r = crossValidate({ ...input, k, seeds: [...seeds] });
    cvRows.push(line(name, r));
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
// the reference: the same dictionaries and stop words on jieba-rs's own segmentation
const native = createNativeSegmenter({ userDict: readFileSync(USER_DICT_URL, 'utf8'), stopWords: HOTLINE_STOP_WORDS });
const onNative = HotlineClassifier.fromJSON(model.toJSON(), native);
const sameCut = texts.filter((t) => JSON.stringify(seg.cut(t)) === JSON.stringify(native.cut(t))).length;
const check = texts.slice(0, 2000);
const samePrediction = check.filter(
  (t) => JSON.stringify(model.predict(t, { explain: 8 })) === JSON.stringify(onNative.predict(t, { explain: 8 })),
).length;
console.log(
  `\nsegmentation identical to jieba-rs on ${sameCut}/${texts.length} messages; ` +
    `predictions (with explanation) identical on ${samePrediction}/${check.length}`,
);

// the same messages cut to their first 200 characters (the median message has 219)
const short = texts.map((t) => normalizeText(t).slice(0, 200));
const shortChars = short.reduce((a, t) => a + t.length, 0);
const ends = new Int32Array(Math.max(...texts.map((t) => t.length)) + 1);

interface Task {
  label: string;
  fn: (t: string) => unknown;
  set: string[];
  setChars: number;
  cpu: number[];
  wall: number[];
}
const task = (label: string, fn: (t: string) => unknown, set = texts, setChars = chars): Task => ({
  label,
  fn,
  set,
  setChars,
  cpu: [],
  wall: [],
});
const tasks = [
  task('segmentation: cut() → strings', (t) => seg.cut(t)),
  task('segmentation: cutOffsets() (no strings)', (t) => seg.cutOffsets(normalizeText(t), ends)),
  task('reference: jieba-rs cut() (native)', (t) => native.cut(t)),
  task('classify (category + confidence)', (t) => model.predict(t, { explain: 0 })),
  task('classify + explanation (8 terms)', (t) => model.predict(t, { explain: 8 })),
  task('reference: classify on jieba-rs segmentation', (t) => onNative.predict(t, { explain: 0 })),
  task(
    `classify, ≤200 chars (mean ${Math.round(shortChars / short.length)})`,
    (t) => model.predict(t, { explain: 0 }),
    short,
    shortChars,
  ),
];

/** One round of a task: whole passes over its messages for about `secs` seconds. */
function measure(t: Task, secs: number): void {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  do {
    for (const x of t.set) t.fn(x);
    n += t.set.length;
  } while (performance.now() - t0 < secs * 1000);
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  t.cpu.push(n / ((used.user + used.system) / 1e6));
  t.wall.push(n / wall);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x: number) => Math.round(x).toLocaleString('en');

console.log(
  `\nthroughput: ${texts.length} messages, mean ${Math.round(chars / texts.length)} characters; ` +
    `${rounds} interleaved rounds of ${(seconds / rounds).toFixed(1)} s per task`,
);
for (const t of tasks) for (const x of t.set.slice(0, 500)) t.fn(x); // warm-up
for (let r = 0; r < rounds; r++) for (const t of tasks) measure(t, seconds / rounds);
const rows = tasks.map((t) => {
  const cpu = median(t.cpu);
  return {
    label: t.label,
    cpu,
    range: `${fmt(Math.min(...t.cpu))}–${fmt(Math.max(...t.cpu))}`,
    wall: median(t.wall),
    chars: (cpu * t.setChars) / t.set.length,
  };
});
for (const r of rows) {
  console.log(
    `${r.label.padEnd(46)} ${fmt(r.cpu).padStart(7)} orders/CPU-s [${r.range}], ${fmt(r.wall)} orders/s wall, ` +
      `${(r.chars / 1e6).toFixed(2)} M chars/CPU-s`,
  );
}
const ratio = (a: number, b: number) => (rows[a].cpu / rows[b].cpu).toFixed(2);
console.log(
  `speed-up over the reference (same run, medians): segmentation ×${ratio(0, 2)} (strings), ×${ratio(1, 2)} (offsets); ` +
    `classification ×${ratio(3, 5)}`,
);

console.log('\n--- markdown ---');
console.log('| set-up | k | repeats | accuracy | macro-F1 | ECE |\n|---|---|---|---|---|---|');
for (const r of cvRows) console.log(r);
console.log(
  '\n| task (one thread, full-length messages unless said) | orders per CPU-second (median) | range over rounds | orders/s (wall) | M chars per CPU-second |\n|---|---|---|---|---|',
);
for (const r of rows) {
  console.log(`| ${r.label} | ${fmt(r.cpu)} | ${r.range} | ${fmt(r.wall)} | ${(r.chars / 1e6).toFixed(2)} |`);
}
console.log(
  `\nmean message length: ${Math.round(chars / texts.length)} characters; load average at end: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
