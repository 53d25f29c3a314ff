/**
 * Work-order category classifier (诉求类别自动分类).
 *
 * Model: complement naive Bayes (Rennie et al., 2003) over TF-IDF weighted, L2-normalised
 * term vectors. Terms are jieba words (with the hotline user dictionary) plus character
 * bigrams; the opening sentence of an order (the subject line or the operator's summary)
 * counts `leadWeight` extra times. Document frequencies come from every text the model has
 * seen, labelled or not, so the unlabelled orders of the city sharpen the IDF. The
 * vocabulary is the terms of the labelled orders (and category descriptions); terms seen
 * only in unlabelled orders keep just a document frequency ("pending") until a labelled
 * order brings them in.
 *
 * - Confidence is a calibrated probability: class scores go through a softmax whose
 *   temperature is fitted at training time on out-of-fold scores (minimum log-loss).
 * - Incremental: the state is count tables, so `learn()` (an officer's correction) and
 *   `observe()` (a new unlabelled order) update it in place, no retraining.
 * - `toJSON()` / `HotlineClassifier.fromJSON()` store it (e.g. in a jsonb column).
 */
import { AppError } from '../../../platform/errors.ts';
import {
  bigramFromKey,
  forEachBigramKey,
  HAN_CODES,
  hanIndex,
  normalizeText,
  type Segmenter,
} from '../../../platform/text/segment.ts';
import { hotlineSegmenter } from './segmenter.ts';

export interface ClassifierOptions {
  /** Additive smoothing of the complement counts. */
  alpha: number;
  /** Extra weight of the terms of the opening sentence (0 = no emphasis). */
  leadWeight: number;
  /** The opening sentence ends at the first whitespace or 。！？；, or after this many characters. */
  leadMaxChars: number;
  /** Weight of character bigrams relative to words (0 = words only). */
  bigramWeight: number;
  /**
   * Only the first `maxChars` characters of the normalised text are read (0 = all): a
   * speed/accuracy trade-off for very long orders (on the TipDM sample, 400 characters cut
   * the work by a third and cost about 1.5 points of macro-F1).
   */
  maxChars: number;
  /** Folds used to fit the confidence calibration at training time. */
  calibrationFolds: number;
  /** How many examples a category description counts as (see `TrainInput.descriptions`). */
  descriptionWeight: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: Readonly<ClassifierOptions> = Object.freeze({
  alpha: 0.03,
  leadWeight: 6,
  leadMaxChars: 40,
  bigramWeight: 1,
  maxChars: 0,
  calibrationFolds: 5,
  descriptionWeight: 3,
});

export interface LabelledText {
  text: string;
  category: string;
}

export interface Evidence {
  /** A word or a two-character string that occurs in the (normalised) text. */
  term: string;
  /** Its contribution, in log-odds, to the chosen category over the runner-up. */
  weight: number;
}

export interface Prediction {
  category: string;
  /** Calibrated probability of `category`. */
  confidence: number;
  /** Every category with its probability, most likely first. */
  probabilities: { category: string; probability: number }[];
  /** The terms that decided, strongest first. */
  explanation: Evidence[];
}

/** Weighted term counts of one text; character bigrams are keyed `#` + the two characters. */
export type Features = Map<string, number>;

const SENTENCE_END = /[\s。！？!?；;]/u;
/** Anonymised or coded places ("a3" from "A3区", "g2" from "G2栋"): no meaning for a category. */
const CODE = /^[a-z]\d*$/u;
const BIGRAM_PREFIX = '#';

type FeatureOptions = Pick<ClassifierOptions, 'leadWeight' | 'leadMaxChars' | 'bigramWeight' | 'maxChars'>;

/** The normalised text the classifier reads (truncated to `maxChars` when set). */
function classifierText(text: string, maxChars: number): string {
  const normalized = normalizeText(text);
  return maxChars > 0 && normalized.length > maxChars ? normalized.slice(0, maxChars) : normalized;
}

interface Sink {
  word(term: string, weight: number): void;
  /** A character bigram by its integer key (`forEachBigramKey`). */
  bigram(key: number, weight: number): void;
}

/** Whether a code unit matches SENTENCE_END (whitespace as `\s`, or 。！？!?；;). */
function isSentenceEnd(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x21 || c === 0x3f || c === 0x3b;
  return (
    c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
    c === 0x3000 || c === 0xfeff
  );
}

/** Length of the opening sentence of a normalised text (up to and including its end mark). */
function leadEnd(normalized: string, leadMaxChars: number): number {
  if (leadMaxChars < 0) {
    const end = normalized.slice(0, leadMaxChars + 1).search(SENTENCE_END);
    return end < 0 ? Math.min(leadMaxChars, normalized.length) : end + 1;
  }
  const stop = Math.min(normalized.length, leadMaxChars + 1);
  for (let i = 0; i < stop; i++) if (isSentenceEnd(normalized.charCodeAt(i))) return i + 1;
  return Math.min(leadMaxChars, normalized.length);
}

/**
 * The tokeniser behind `extractFeatures` (the prediction fast path in `predict` mirrors
 * it): words of the opening sentence (weight 1 + leadWeight), words of the rest (weight 1),
 * and the character bigrams of both (times bigramWeight). A bigram across the end of the
 * opening sentence is not counted.
 */

function tokenize(text: string, options: FeatureOptions, segmenter: Segmenter, sink: Sink): void {
  const normalized = classifierText(text, options.maxChars ?? 0);
  const end = leadEnd(normalized, options.leadMaxChars);
  const leadW = 1 + options.leadWeight;
  segmenter.eachWord(
    normalized,
    (t, at) => {
      const c = t.charCodeAt(0);
      if (c >= 0x61 && c <= 0x7a && CODE.test(t)) return;
      sink.word(t, at < end ? leadW : 1);
    },
    { normalized: true },
  );
  if (options.bigramWeight > 0) {
    const lw = leadW * options.bigramWeight;
    const bw = options.bigramWeight;
    forEachBigramKey(normalized.slice(0, end), (k) => sink.bigram(k, lw));
    forEachBigramKey(normalized.slice(end), (k) => sink.bigram(k, bw));
  }
}

/** Integer key of a `#xy` feature name, or −1 when it is not a Han bigram. */
function bigramKeyOf(name: string): number {
  if (name.length !== 3 || name[0] !== BIGRAM_PREFIX) return -1;
  const a = hanIndex(name.charCodeAt(1));
  const b = hanIndex(name.charCodeAt(2));
  return a < 0 || b < 0 ? -1 : a * HAN_CODES + b;
}

/** The features the classifier sees for one text. */
export function extractFeatures(
  text: string,
  options: FeatureOptions = DEFAULT_CLASSIFIER_OPTIONS,
  segmenter: Segmenter = hotlineSegmenter(),
): Features {
  const out: Features = new Map();
  const bigrams = new Map<number, number>();
  tokenize(text, options, segmenter, {
    word: (t, w) => out.set(t, (out.get(t) ?? 0) + w),
    bigram: (k, w) => bigrams.set(k, (bigrams.get(k) ?? 0) + w),
  });
  for (const [k, w] of bigrams) out.set(BIGRAM_PREFIX + bigramFromKey(k), w);
  return out;
}

/** What the model stores; plain JSON. */
export interface ClassifierJSON {
  kind: 'guantong.hotline.classifier';
  version: 1;
  options: ClassifierOptions;
  categories: string[];
  /** Documents counted in `df` (labelled and unlabelled). */
  docs: number;
  /** Softmax temperature (multiplies the scores). */
  temperature: number;
  /** Labelled examples (weighted) per category. */
  examples: number[];
  /** Sum of the term weights per category. */
  totals: number[];
  /** Terms; character bigrams are prefixed `#`. */
  terms: string[];
  df: number[];
  /** Per term: its weight per category. */
  counts: number[][];
  /**
   * Document frequencies of terms no labelled order has contained yet: they do not take
   * part in predictions, but a correction that brings one in starts from its true IDF.
   */
  pending: { terms: string[]; df: number[] };
}

const softmax = (scores: ArrayLike<number>, t: number): number[] => {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i] * t);
  const out = new Array<number>(scores.length);
  let z = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i] * t - max);
    z += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= z;
  return out;
};

export interface TrainInput {
  /** Labelled orders (text + category) of the city's own history. */
  examples: readonly LabelledText[];
  /** Orders without a category: used only for document frequencies. */
  unlabelled?: Iterable<string>;
  /**
   * Optional description of categories from the category dictionary (诉求分类字典), e.g.
   * the names of a category's sub-categories: `{ 劳动和社会保障: '工资发放 劳动合同纠纷 …' }`.
   * Each is learned as a pseudo-example weighing `options.descriptionWeight` examples.
   * Descriptions of categories without any labelled example are ignored.
   */
  descriptions?: Readonly<Record<string, string>>;
  options?: Partial<ClassifierOptions>;
  segmenter?: Segmenter;
}

/**
 * Open-addressing hash map from non-negative int32 keys to non-negative int32 values
 * (bigram key → term id), keys and values interleaved so a probe touches one cache line.
 * 3–5× faster than `Map<number, number>` at this size.
 */
class IntMap {
  private table = new Int32Array(2 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  /** 32 − log2(slots): the slot is the top bits of the multiplicative hash. */
  private shift = 20;
  size = 0;

  get(k: number): number {
    const t = this.table;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const kk = t[2 * i];
      if (kk === k) return t[2 * i + 1];
      if (kk === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  set(k: number, v: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    const t = this.table;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const kk = t[2 * i];
      if (kk === k) {
        t[2 * i + 1] = v;
        return;
      }
      if (kk === -1) {
        t[2 * i] = k;
        t[2 * i + 1] = v;
        this.size += 1;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.mask = old.length - 1;
    this.shift -= 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== -1) this.set(old[i], old[i + 1]);
  }
}

/**
 * Open-addressing hash map from word to term id. A slot is four int32 — [FNV-1a hash, id,
 * offset and length of the word's characters in a flat pool] — so a lookup reads one slot
 * and the pool, never a string object; `getRange` looks up a piece of a text by offsets.
 * Faster than `Map<string, number>` for the pieces of a segmentation.
 */
class WordMap {
  private table = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private pool = new Uint16Array(1 << 14);
  private poolSize = 0;
  /** 1 for every code unit some word starts with: most other pieces are rejected unhashed */
  private readonly firsts = new Uint8Array(65536);
  private readonly words: string[] = [];
  size = 0;

  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h | 1; // never 0: 0 marks an empty slot
  }

  get(s: string): number {
    const h = WordMap.hash(s);
    const t = this.table;
    let i = (h >>> 0) & this.mask;
    for (;;) {
      const k = t[4 * i];
      if (k === 0) return -1;
      if (k === h && this.words[t[4 * i + 1]] === s) return t[4 * i + 1];
      i = (i + 1) & this.mask;
    }
  }

  /** `get(text.slice(start, end))` without making the string. */
  getRange(text: string, start: number, end: number): number {
    if (this.firsts[text.charCodeAt(start)] === 0) return -1;
    let h = 0x811c9dc5;
    for (let j = start; j < end; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    h |= 1;
    const t = this.table;
    const pool = this.pool;
    const len = end - start;
    let i = (h >>> 0) & this.mask;
    for (;;) {
      const k = t[4 * i];
      if (k === 0) return -1;
      if (k === h && t[4 * i + 3] === len) {
        const at = t[4 * i + 2] - start;
        let j = start;
        while (j < end && pool[at + j] === text.charCodeAt(j)) j++;
        if (j === end) return t[4 * i + 1];
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Adds a word that is not in the map yet. */
  add(s: string, id: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    if (this.poolSize + s.length > this.pool.length) {
      const pool = new Uint16Array(Math.max(this.pool.length * 2, this.poolSize + s.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    const at = this.poolSize;
    for (let i = 0; i < s.length; i++) this.pool[at + i] = s.charCodeAt(i);
    this.poolSize += s.length;
    this.firsts[s.charCodeAt(0)] = 1;
    this.words[id] = s;
    this.insert(WordMap.hash(s), id, at, s.length);
    this.size += 1;
  }

  private insert(h: number, id: number, at: number, len: number): void {
    const t = this.table;
    let i = (h >>> 0) & this.mask;
    while (t[4 * i] !== 0) i = (i + 1) & this.mask;
    t[4 * i] = h;
    t[4 * i + 1] = id;
    t[4 * i + 2] = at;
    t[4 * i + 3] = len;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    for (let i = 0; i < old.length; i += 4) if (old[i] !== 0) this.insert(old[i], old[i + 1], old[i + 2], old[i + 3]);
  }
}

/**
 * Weighted counts of the terms of one text, in first-seen order: a small open-addressing
 * table (id → slot) that stays in the processor's cache while a text is read.
 */
class TermCounts {
  private keys = new Int32Array(1024).fill(-1);
  private sums = new Float64Array(1024);
  /** slot of the i-th term added */
  private order = new Int32Array(512);
  private shift = 22;
  private count = 0;

  /** Empties the table, sized for up to `maxTerms` terms. */
  reset(maxTerms: number): void {
    const keys = this.keys;
    for (let i = 0; i < this.count; i++) keys[this.order[i]] = -1;
    this.count = 0;
    if (keys.length < 2 * maxTerms) {
      let size = keys.length;
      while (size < 2 * maxTerms) size *= 2;
      this.keys = new Int32Array(size).fill(-1);
      this.sums = new Float64Array(size);
      this.order = new Int32Array(size / 2);
      this.shift = 32 - Math.log2(size);
    }
  }

  /** Adds `w` to term `id`; true when the term is new in this text. */
  add(id: number, w: number): boolean {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i];
      if (k === id) {
        this.sums[i] += w;
        return false;
      }
      if (k === -1) {
        keys[i] = id;
        this.sums[i] = 0 + w;
        this.order[this.count++] = i;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** The sums in first-seen order. */
  values(out: Float64Array): void {
    for (let i = 0; i < this.count; i++) out[i] = this.sums[this.order[i]];
  }
}

/** A sparse TF-IDF vector over term ids (the first `n` entries of the arrays). */
interface Vec {
  ids: ArrayLike<number>;
  values: ArrayLike<number>;
  n: number;
}

/** Per-term record layout in `rec` (see HotlineClassifier). */
const MARK = 0;
const DF = 1;
const ROWSUM = 2;
const IDF = 3;
const IDF_DOCS = 4;
const LOGS = 5;

export class HotlineClassifier {
  readonly options: ClassifierOptions;
  private readonly segmenter: Segmenter;
  private categoriesList: string[] = [];
  private readonly categoryIndex = new Map<string, number>();
  private docs = 0;
  // ---- vocabulary: term → id ----
  private readonly wordIds = new WordMap();
  private readonly bigramIds = new IntMap();
  private names: string[] = [];
  /** The other id with the same explanation term (`#xy` ↔ `xy`), or −1. */
  private twins: number[] = [];
  private size = 0;
  private capacity = 0;
  /** Category slots per term (≥ number of categories; grows by doubling). */
  private slots = 0;
  /** counts[id·slots + c]: summed TF-IDF weight of term `id` in category c. */
  private counts = new Float64Array(0);
  /**
   * One record of `slots + 5` numbers per term, so the prediction path touches one place
   * per term: [MARK] scratch mark of `explainVec` (0 between calls), [DF] document frequency,
   * [ROWSUM] Σ counts (0 ⇒ no opinion), [IDF] the IDF weight as last computed, for
   * [IDF_DOCS] documents (−1 = stale), [LOGS + c] log(rowSum − counts[c] + α).
   */
  private rec = new Float64Array(0);
  private width = 0;
  /** Number of terms with class counts (V of complement NB). */
  private vocab = 0;
  private totals: number[] = [];
  private examples: number[] = [];
  private temperature = 1;
  /** While training in bulk, per-term logs are refreshed once at the end. */
  private bulk = false;
  private readonly dirty = new Set<number>();
  /** Document frequency of terms outside the vocabulary (key as in `Features`). */
  private readonly pending = new Map<string, number>();
  // scratch space of the prediction path
  private touched: number[] = [];
  private scratch = new Float64Array(256);
  private ends = new Int32Array(1024);
  private readonly acc = new TermCounts();
  /** keeps the prefetching reads of `tfidf` from being optimised away */
  private touchSink = 0;
  private weights = new Float64Array(256);

  constructor(options: Partial<ClassifierOptions> = {}, segmenter: Segmenter = hotlineSegmenter()) {
    this.options = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    if (!(this.options.alpha > 0)) {
      throw new AppError('bad_classifier_options', '平滑参数 alpha 必须大于 0', 'alpha must be > 0');
    }
    this.segmenter = segmenter;
  }

  /** Trains a model from labelled orders (and, optionally, unlabelled ones for the IDF). */
  static train(input: TrainInput): HotlineClassifier {
    const model = new HotlineClassifier(input.options, input.segmenter);
    const labelled = input.examples.map((e) => ({ features: model.features(e.text), category: e.category }));
    const unlabelled = [...(input.unlabelled ?? [])].map((t) => model.features(t));
    const descriptions = Object.entries(input.descriptions ?? {}).map(([category, text]) => ({
      features: model.descriptionFeatures(text),
      category,
    }));
    model.fit(labelled, unlabelled, descriptions);
    return model;
  }

  /** Trains from features already extracted with `extractFeatures` (cross-validation reuses them). */
  static fromFeatures(
    labelled: readonly { features: Features; category: string }[],
    unlabelled: readonly Features[] = [],
    options: Partial<ClassifierOptions> = {},
    segmenter?: Segmenter,
    descriptions: readonly { features: Features; category: string }[] = [],
  ): HotlineClassifier {
    const model = new HotlineClassifier(options, segmenter);
    model.fit(labelled, unlabelled, descriptions);
    return model;
  }

  static fromJSON(json: ClassifierJSON, segmenter?: Segmenter): HotlineClassifier {
    if (
      json?.kind !== 'guantong.hotline.classifier' ||
      json.version !== 1 ||
      !Array.isArray(json.terms) ||
      json.terms.length !== json.df?.length ||
      json.terms.length !== json.counts?.length ||
      !Array.isArray(json.pending?.terms) ||
      json.pending.terms.length !== json.pending.df?.length
    ) {
      throw new AppError(
        'bad_classifier_json',
        '分类模型数据格式不正确或版本不受支持',
        'Classifier JSON has an unknown format or version',
      );
    }
    const model = new HotlineClassifier(json.options, segmenter);
    model.bulk = true;
    for (const c of json.categories) model.classOf(c);
    model.docs = json.docs;
    model.temperature = json.temperature;
    model.examples = [...json.examples];
    model.totals = [...json.totals];
    json.terms.forEach((t, i) => {
      const id = model.intern(t);
      model.rec[id * model.width + DF] = json.df[i];
      model.rec[id * model.width + IDF_DOCS] = -1;
      const c = json.counts[i];
      for (let k = 0; k < c.length; k++) model.counts[id * model.slots + k] = c[k];
      model.dirty.add(id);
    });
    json.pending.terms.forEach((t, i) => {
      model.pending.set(t, json.pending.df[i]);
    });
    model.endBulk();
    return model;
  }

  toJSON(): ClassifierJSON {
    return this.serialize();
  }

  /**
   * The model as plain JSON. `minPendingDf` drops out-of-vocabulary terms seen in fewer
   * documents (they never change a prediction; they only seed the IDF of future terms).
   */
  serialize(opts: { minPendingDf?: number } = {}): ClassifierJSON {
    const C = this.categoriesList.length;
    const counts: number[][] = [];
    const df: number[] = [];
    for (let id = 0; id < this.size; id++) {
      df.push(this.rec[id * this.width + DF]);
      const row = new Array<number>(C);
      for (let c = 0; c < C; c++) row[c] = this.counts[id * this.slots + c];
      counts.push(row);
    }
    const min = opts.minPendingDf ?? 1;
    const pending = [...this.pending].filter(([, d]) => d >= min);
    return {
      kind: 'guantong.hotline.classifier',
      version: 1,
      options: { ...this.options },
      categories: [...this.categoriesList],
      docs: this.docs,
      temperature: this.temperature,
      examples: [...this.examples],
      totals: [...this.totals],
      terms: this.names.slice(0, this.size),
      df,
      counts,
      pending: { terms: pending.map(([t]) => t), df: pending.map(([, d]) => d) },
    };
  }

  get categories(): readonly string[] {
    return this.categoriesList;
  }

  /** Labelled examples seen per category (corrections included, by weight). */
  get exampleCounts(): Record<string, number> {
    return Object.fromEntries(this.categoriesList.map((c, i) => [c, this.examples[i] ?? 0]));
  }

  get calibrationTemperature(): number {
    return this.temperature;
  }

  /** Documents counted in the document frequencies. */
  get documentCount(): number {
    return this.docs;
  }

  /** Vocabulary size: distinct terms (words and bigrams) of the labelled orders. */
  get termCount(): number {
    return this.size;
  }

  /** Terms only known by their document frequency (seen in unlabelled orders only). */
  get pendingTermCount(): number {
    return this.pending.size;
  }

  features(text: string): Features {
    return extractFeatures(text, this.options, this.segmenter);
  }

  /** Features of a category description: a list of terms, no opening-sentence emphasis. */
  descriptionFeatures(text: string): Features {
    return extractFeatures(text, { ...this.options, leadWeight: 0, leadMaxChars: 0 }, this.segmenter);
  }

  /**
   * Adds (or strengthens) the description of a category: its terms count as a
   * pseudo-example of `weight` examples (default `options.descriptionWeight`). Terms that
   * no order ever contained are ignored (they have no document frequency).
   */
  describe(category: string, text: string, weight = this.options.descriptionWeight): void {
    const cls = this.categoryIndex.get(this.checkCategory(category));
    if (cls === undefined) {
      throw new AppError(
        'unknown_category',
        `类别“${category}”还没有任何已分类工单，不能只凭描述学习`,
        `Category "${category}" has no labelled order yet; a description alone cannot define it`,
      );
    }
    this.checkWeight(weight);
    const f = this.descriptionFeatures(text);
    this.promote(f);
    this.addExample(this.vectorOf(f), cls, weight, false);
  }

  /** Counts an unlabelled order in the document frequencies. */
  observe(text: string): void {
    this.observeFeatures(this.features(text));
  }

  /**
   * Learns one labelled order without retraining — e.g. an officer's correction of a
   * predicted category. `weight` > 1 makes a correction count as several examples;
   * pass `observed: true` when the text was already counted by `observe()` or training.
   */
  learn(text: string, category: string, opts: { weight?: number; observed?: boolean } = {}): void {
    const name = this.checkCategory(category);
    const weight = opts.weight ?? 1;
    this.checkWeight(weight);
    const f = this.features(text);
    if (!opts.observed) this.observeFeatures(f);
    this.promote(f);
    this.addExample(this.vectorOf(f), this.classOf(name), weight);
  }

  /** Predicts the category of one order. `explain` = how many deciding terms to return. */
  predict(text: string, opts: { explain?: number } = {}): Prediction {
    this.requireTrained();
    // Fast path, equivalent to predictFeatures(extractFeatures(text)): the raw pieces of
    // the segmenter are looked up directly, as offsets into the text (no strings) — stop
    // words, punctuation, numbers and codes never got an id (extractFeatures drops them), so
    // the lookup is the filter. Only vocabulary terms count, for the scores and for the L2
    // norm alike.
    const normalized = classifierText(text, this.options.maxChars);
    const end = leadEnd(normalized, this.options.leadMaxChars);
    const leadW = 1 + this.options.leadWeight;
    const touched = this.touched;
    touched.length = 0;
    if (this.ends.length < normalized.length) this.ends = new Int32Array(normalized.length * 2);
    const ends = this.ends;
    const pieces = normalized ? this.segmenter.cutOffsets(normalized, ends) : 0;
    // term frequencies gather in a small table of this text's terms (it stays in the
    // processor's cache), not in the records of the whole vocabulary
    const acc = this.acc;
    acc.reset(pieces + normalized.length);
    const words = this.wordIds;
    let at = 0;
    for (let p = 0; p < pieces; p++) {
      const next = ends[p];
      const id = words.getRange(normalized, at, next);
      if (id >= 0 && acc.add(id, at < end ? leadW : 1)) touched.push(id);
      at = next;
    }
    const bw = this.options.bigramWeight;
    if (bw > 0) {
      const lw = leadW * bw;
      const bigrams = this.bigramIds;
      let prev = -1;
      for (let i = 0; i < normalized.length; i++) {
        const cur = hanIndex(normalized.charCodeAt(i));
        if (cur >= 0 && prev >= 0) {
          const id = bigrams.get(prev * HAN_CODES + cur);
          // a bigram belongs to the opening sentence when both characters do
          if (id >= 0 && acc.add(id, i < end ? lw : bw)) touched.push(id);
        }
        prev = i === end - 1 ? -1 : cur;
      }
    }
    const n = touched.length;
    if (this.scratch.length < n) this.scratch = new Float64Array(n * 2);
    const tfs = this.scratch;
    acc.values(tfs);
    return this.predictVec(this.tfidf(touched, tfs, n), opts.explain ?? 8);
  }

  /** Prediction from features made by `extractFeatures` (same result as `predict(text)`). */
  predictFeatures(features: Features, opts: { explain?: number } = {}): Prediction {
    this.requireTrained();
    return this.predictVec(this.vectorOf(features), opts.explain ?? 8);
  }

  // ---- internals -------------------------------------------------------------------

  private checkCategory(category: string): string {
    const name = typeof category === 'string' ? category.trim() : '';
    if (!name) throw new AppError('bad_category', '类别不能为空', 'Category must not be empty');
    return name;
  }

  private checkWeight(weight: number): void {
    if (!(weight > 0) || !Number.isFinite(weight)) {
      throw new AppError('bad_weight', '样本权重必须是大于 0 的数', 'Example weight must be a number > 0');
    }
  }

  private requireTrained(): void {
    if (this.categoriesList.length === 0) {
      throw new AppError(
        'classifier_untrained',
        '分类模型尚未训练：没有带类别的工单',
        'Classifier is not trained: no labelled orders',
        409,
      );
    }
  }

  private predictVec(vec: Vec, explain: number): Prediction {
    const C = this.categoriesList.length;
    const rec = this.rec;
    const W = this.width;
    const scores = new Float64Array(C);
    let known = 0;
    for (let i = 0; i < vec.n; i++) {
      const o = vec.ids[i] * W;
      if (!(rec[o + ROWSUM] > 0)) continue;
      const v = vec.values[i];
      known += v;
      for (let c = 0; c < C; c++) scores[c] -= v * rec[o + LOGS + c];
    }
    const k = this.classConstants();
    for (let c = 0; c < C; c++) scores[c] += known * k[c];
    const probs = softmax(scores, this.temperature);
    const order = probs.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
    const best = order[0][1];
    const runner = order.length > 1 ? order[1][1] : best;
    const explanation = explain > 0 && runner !== best ? this.explainVec(vec, best, runner, explain) : [];
    return {
      category: this.categoriesList[best],
      confidence: probs[best],
      probabilities: order.map(([p, i]) => ({ category: this.categoriesList[i], probability: p })),
      explanation,
    };
  }

  /**
   * The `explain` terms that pushed `best` over `runner` most: per term (a bigram `#xy` and
   * the word `xy` count as one term `xy`, their weights summed) its contribution in log-odds,
   * positive ones only, strongest first; ties keep the order of the text's terms.
   */
  private explainVec(vec: Vec, best: number, runner: number, explain: number): Evidence[] {
    const rec = this.rec;
    const W = this.width;
    const n = vec.n;
    if (this.weights.length < n) this.weights = new Float64Array(n * 2);
    const ws = this.weights;
    // contributions; the record's mark holds the term's index meanwhile
    for (let i = 0; i < n; i++) {
      const o = vec.ids[i] * W;
      if (!(rec[o + ROWSUM] > 0)) {
        ws[i] = Number.NaN;
        continue;
      }
      ws[i] = vec.values[i] * (rec[o + LOGS + runner] - rec[o + LOGS + best]) * this.temperature;
      rec[o + MARK] = i + 1;
    }
    const k = Math.min(explain, n);
    const topW = new Float64Array(k);
    const topId = new Int32Array(k);
    let count = 0;
    for (let i = 0; i < n; i++) {
      let w = ws[i];
      if (Number.isNaN(w)) continue;
      const twin = this.twins[vec.ids[i]];
      if (twin >= 0) {
        const j = rec[twin * W + MARK] - 1;
        if (j >= 0) {
          if (j < i) continue; // summed at the twin's place
          w += ws[j];
        }
      }
      if (!(w > 0) || (count === k && !(w > topW[k - 1]))) continue;
      let pos = count < k ? count++ : k - 1;
      while (pos > 0 && topW[pos - 1] < w) {
        topW[pos] = topW[pos - 1];
        topId[pos] = topId[pos - 1];
        pos--;
      }
      topW[pos] = w;
      topId[pos] = vec.ids[i];
    }
    for (let i = 0; i < n; i++) rec[vec.ids[i] * W + MARK] = 0;
    const out: Evidence[] = [];
    for (let i = 0; i < count; i++) {
      const name = this.names[topId[i]];
      const term = name.startsWith(BIGRAM_PREFIX) ? name.slice(1) : name;
      out.push({ term, weight: Math.round(topW[i] * 1000) / 1000 });
    }
    return out;
  }

  private fit(
    labelled: readonly { features: Features; category: string }[],
    unlabelled: readonly Features[],
    descriptions: readonly { features: Features; category: string }[],
  ): void {
    if (labelled.length === 0) {
      throw new AppError('no_training_data', '没有带类别的工单，无法训练分类模型', 'No labelled orders to train on');
    }
    this.bulk = true;
    for (const e of labelled) this.observeFeatures(e.features);
    for (const f of unlabelled) this.observeFeatures(f);
    for (const e of labelled) this.promote(e.features);
    const rows = labelled.map((e) => ({ vec: this.vectorOf(e.features), cls: this.classOf(this.checkCategory(e.category)) }));
    for (const r of rows) this.addExample(r.vec, r.cls, 1);
    // Descriptions are in every calibration fold: they are configuration, not examples.
    // A category no order ever had stays unknown: a description alone does not create it.
    for (const d of this.options.descriptionWeight > 0 ? descriptions : []) {
      const cls = this.categoryIndex.get(d.category.trim());
      if (cls === undefined) continue;
      this.promote(d.features);
      this.addExample(this.vectorOf(d.features), cls, this.options.descriptionWeight, false);
    }
    this.endBulk();
    this.temperature = this.fitTemperature(rows);
  }

  private lookup(key: string): number | undefined {
    const b = bigramKeyOf(key);
    const id = b < 0 ? this.wordIds.get(key) : this.bigramIds.get(b);
    return id < 0 ? undefined : id;
  }

  private intern(key: string): number {
    let id = this.lookup(key);
    if (id !== undefined) return id;
    id = this.size++;
    const b = bigramKeyOf(key);
    if (b >= 0) this.bigramIds.set(b, id);
    else this.wordIds.add(key, id);
    if (id >= this.capacity) this.grow(Math.max(1024, this.capacity * 2), Math.max(this.slots, 4));
    this.names[id] = key;
    this.rec[id * this.width + IDF_DOCS] = -1;
    // `#xy` (a bigram) and `xy` (a word) are one term in explanations
    const twin = this.lookup(key.startsWith(BIGRAM_PREFIX) ? key.slice(1) : BIGRAM_PREFIX + key);
    this.twins[id] = twin ?? -1;
    if (twin !== undefined) this.twins[twin] = id;
    return id;
  }

  /** Re-allocates the per-term arrays for `capacity` terms and `slots` categories. */
  private grow(capacity: number, slots: number): void {
    const width = slots + LOGS;
    const counts = new Float64Array(capacity * slots);
    const rec = new Float64Array(capacity * width);
    for (let id = 0; id < this.size && id < this.capacity; id++) {
      for (let c = 0; c < this.slots; c++) counts[id * slots + c] = this.counts[id * this.slots + c];
      for (let j = 0; j < LOGS + Math.min(this.slots, slots); j++) rec[id * width + j] = this.rec[id * this.width + j];
    }
    const relog = slots !== this.slots;
    this.counts = counts;
    this.rec = rec;
    this.capacity = capacity;
    this.slots = slots;
    this.width = width;
    if (relog) this.refreshAll();
  }

  private observeFeatures(f: Features): void {
    this.docs += 1;
    for (const t of f.keys()) {
      const id = this.lookup(t);
      if (id !== undefined) {
        this.rec[id * this.width + DF] += 1;
        this.rec[id * this.width + IDF_DOCS] = -1;
      }
      else this.pending.set(t, (this.pending.get(t) ?? 0) + 1);
    }
  }

  /** Moves the terms of a labelled text into the vocabulary (those seen in any document). */
  private promote(f: Features): void {
    for (const t of f.keys()) {
      if (this.lookup(t) !== undefined) continue;
      const d = this.pending.get(t);
      if (!d) continue; // never observed: no IDF, ignored
      const o = this.intern(t) * this.width;
      this.rec[o + DF] = d;
      this.rec[o + IDF_DOCS] = -1;
      this.pending.delete(t);
    }
  }

  private classOf(category: string): number {
    let i = this.categoryIndex.get(category);
    if (i !== undefined) return i;
    i = this.categoriesList.length;
    this.categoryIndex.set(category, i);
    this.categoriesList.push(category);
    this.totals.push(0);
    this.examples.push(0);
    if (i >= this.slots) this.grow(Math.max(this.capacity, 1024), Math.max(4, this.slots * 2));
    else this.refreshAll();
    return i;
  }

  private tfidf(ids: ArrayLike<number>, tfs: Float64Array | number[], n: number): Vec {
    const docs = this.docs;
    const rec = this.rec;
    const W = this.width;
    let norm = 0;
    const last = LOGS + this.categoriesList.length - 1;
    let touch = 0;
    for (let i = 0; i < n; i++) {
      const o = ids[i] * W;
      // reads the far end of the record too: its cache line is fetched now, in parallel with
      // the other terms', rather than one term at a time when the scores are summed
      touch += rec[o + last];
      let idf = rec[o + IDF];
      if (rec[o + IDF_DOCS] !== docs) {
        idf = Math.log((1 + docs) / (1 + rec[o + DF])) + 1;
        rec[o + IDF] = idf;
        rec[o + IDF_DOCS] = docs;
      }
      const v = tfs[i] * idf;
      tfs[i] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) tfs[i] /= norm;
    this.touchSink = touch;
    return { ids, values: tfs, n };
  }

  /** TF-IDF weights, L2-normalised, over the vocabulary terms of the text. */
  private vectorOf(f: Features): Vec {
    const ids: number[] = [];
    const tfs: number[] = [];
    for (const [key, tf] of f) {
      const id = this.lookup(key);
      if (id === undefined) continue;
      ids.push(id);
      tfs.push(tf);
    }
    return this.tfidf(ids, tfs, ids.length);
  }

  private addExample(vec: Vec, cls: number, weight: number, isExample = true): void {
    for (let i = 0; i < vec.n; i++) {
      const id = vec.ids[i];
      const v = vec.values[i] * weight;
      this.counts[id * this.slots + cls] += v;
      this.totals[cls] += v;
      if (this.bulk) this.dirty.add(id);
      else this.refresh(id);
    }
    if (isExample) this.examples[cls] += weight;
  }

  private endBulk(): void {
    this.bulk = false;
    for (const id of this.dirty) this.refresh(id);
    this.dirty.clear();
  }

  /** Recomputes a term's row sum and logs from its counts (summed in category order). */
  private refresh(id: number): void {
    const C = this.categoriesList.length;
    const o = id * this.width;
    const base = id * this.slots;
    let s = 0;
    for (let c = 0; c < C; c++) s += this.counts[base + c];
    const was = this.rec[o + ROWSUM] > 0;
    this.rec[o + ROWSUM] = s;
    if (s > 0 && !was) this.vocab += 1;
    else if (!(s > 0) && was) this.vocab -= 1;
    for (let c = 0; c < C; c++) this.rec[o + LOGS + c] = Math.log(Math.max(s - this.counts[base + c], 0) + this.options.alpha);
  }

  private refreshAll(): void {
    if (this.bulk) {
      for (let id = 0; id < this.size; id++) if (this.rec[id * this.width + ROWSUM] > 0) this.dirty.add(id);
      return;
    }
    for (let id = 0; id < this.size; id++) if (this.rec[id * this.width + ROWSUM] > 0) this.refresh(id);
  }

  /** log(Σ complement weight + α·V) per class: the normaliser of complement NB. */
  private classConstants(): Float64Array {
    const C = this.categoriesList.length;
    let all = 0;
    for (const v of this.totals) all += v;
    const av = this.options.alpha * this.vocab;
    const k = new Float64Array(C);
    for (let c = 0; c < C; c++) k[c] = Math.log(Math.max(all - this.totals[c], 0) + av);
    return k;
  }

  /**
   * Fits the softmax temperature on out-of-fold scores: each fold is scored by the
   * counts minus that fold's own examples. Falls back to 1 with too little data.
   */
  private fitTemperature(rows: readonly { vec: Vec; cls: number }[]): number {
    const C = this.categoriesList.length;
    const k = Math.min(this.options.calibrationFolds, rows.length);
    if (C < 2 || k < 2) return 1;
    const fold = stratifiedFolds(
      rows.map((r) => r.cls),
      k,
      0x5eed,
    );
    const alpha = this.options.alpha;
    const V = this.vocab;
    const S = this.slots;
    const oof: { scores: Float64Array; cls: number }[] = [];
    for (let f = 0; f < k; f++) {
      const minus = new Map<number, Float64Array>();
      const minusTotals = new Float64Array(C);
      for (let i = 0; i < rows.length; i++) {
        if (fold[i] !== f) continue;
        const { vec, cls } = rows[i];
        for (let j = 0; j < vec.n; j++) {
          let m = minus.get(vec.ids[j]);
          if (!m) {
            m = new Float64Array(C);
            minus.set(vec.ids[j], m);
          }
          m[cls] += vec.values[j];
          minusTotals[cls] += vec.values[j];
        }
      }
      let all = 0;
      const tot = new Float64Array(C);
      for (let c = 0; c < C; c++) {
        tot[c] = this.totals[c] - minusTotals[c];
        all += tot[c];
      }
      const K = tot.map((v) => Math.log(Math.max(all - v, 0) + alpha * V));
      for (let i = 0; i < rows.length; i++) {
        if (fold[i] !== f) continue;
        const { vec, cls } = rows[i];
        const scores = new Float64Array(C);
        let known = 0;
        let keptSq = 0;
        for (let j = 0; j < vec.n; j++) {
          const id = vec.ids[j];
          const m = minus.get(id) as Float64Array;
          let s = 0;
          for (let c = 0; c < C; c++) s += this.counts[id * S + c] - m[c];
          if (s <= 1e-12) continue; // the term only occurs in this fold: unknown to its model
          const v = vec.values[j];
          known += v;
          keptSq += v * v;
          for (let c = 0; c < C; c++) {
            const ac = this.counts[id * S + c] - m[c];
            scores[c] -= v * Math.log(Math.max(s - ac, 0) + alpha);
          }
        }
        // as at prediction time, the L2 norm runs over the terms the fold's model knows
        const renorm = keptSq > 0 ? 1 / Math.sqrt(keptSq) : 1;
        for (let c = 0; c < C; c++) scores[c] = (scores[c] + known * K[c]) * renorm;
        oof.push({ scores, cls });
      }
    }
    const nll = (t: number) => {
      let sum = 0;
      for (const o of oof) sum -= Math.log(Math.max(softmax(o.scores, t)[o.cls], 1e-300));
      return sum;
    };
    // golden-section search on log(t): the log-loss is convex in t
    let lo = Math.log(1e-3);
    let hi = Math.log(1e4);
    const g = (Math.sqrt(5) - 1) / 2;
    let x1 = hi - g * (hi - lo);
    let x2 = lo + g * (hi - lo);
    let f1 = nll(Math.exp(x1));
    let f2 = nll(Math.exp(x2));
    for (let it = 0; it < 60; it++) {
      if (f1 < f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - g * (hi - lo);
        f1 = nll(Math.exp(x1));
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + g * (hi - lo);
        f2 = nll(Math.exp(x2));
      }
    }
    return Math.exp((lo + hi) / 2);
  }
}

/** Deterministic pseudo-random numbers (LCG) for reproducible folds. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Stratified fold assignment: each class is shuffled (seeded) and dealt round-robin. */
export function stratifiedFolds<L>(labels: readonly L[], k: number, seed = 1): number[] {
  const rnd = lcg(seed);
  const byClass = new Map<L, number[]>();
  labels.forEach((l, i) => {
    const list = byClass.get(l);
    if (list) list.push(i);
    else byClass.set(l, [i]);
  });
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const idx of byClass.values()) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    // continue the round-robin across classes so small classes do not all start in fold 0
    idx.forEach((i, n) => {
      fold[i] = (n + offset) % k;
    });
    offset += idx.length;
  }
  return fold;
}
