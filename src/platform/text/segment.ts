/**
 * Chinese word segmentation (分词) with jieba's dictionary and algorithm, a user dictionary,
 * text normalisation and a stop-word filter.
 *
 * The segmentation is that of jieba-rs (which `@node-rs/jieba` binds), computed in JavaScript
 * over typed arrays: a trie of jieba's bundled dictionary (`@node-rs/jieba/dict.txt`) plus the
 * user dictionary, the DAG of dictionary words at every character and the maximum-probability
 * route through it, with jieba-rs's frequencies, arithmetic and tie-breaking. What the route
 * leaves as unknown (runs of single characters that are no dictionary word) follows jieba-rs's
 * HMM rules; only the Viterbi step over stretches of two or more Chinese characters, which
 * needs the HMM's model, goes to jieba-rs itself, in one native call per text. The pieces equal
 * `Jieba.cut(text, hmm)` of `@node-rs/jieba` with the same dictionaries (`createNativeSegmenter`
 * keeps that path as the reference the tests compare against), with no native string per
 * piece, and `cutOffsets` gives the pieces as offsets without making any string at all (see
 * BENCHMARKS.md, "Hotline classification").
 *
 * This module knows no business words: a business area passes its own user dictionary
 * (one `word [frequency] [tag]` a line, jieba's format) and extra stop words. Building a
 * segmenter takes ~0.5 s (the trie of ~350,000 words; the last few tries are kept for reuse),
 * so segmenters are created once and reused; every method is synchronous.
 */
import { Jieba } from '@node-rs/jieba';
import { dict as defaultDict } from '@node-rs/jieba/dict.js';
import { AppError } from '../errors.ts';

export interface UserDictEntry {
  word: string;
  /** jieba frequency; higher makes the word win over its parts. */
  freq?: number;
  /** part-of-speech tag (optional). */
  tag?: string;
}

export interface SegmenterOptions {
  /**
   * User dictionary merged into jieba's bundled one: the text of a dictionary file
   * (`word [freq] [tag]` per line, `#` comments allowed) or a list of entries.
   */
  userDict?: string | readonly UserDictEntry[];
  /** Extra stop words, added to `DEFAULT_STOP_WORDS`. */
  stopWords?: Iterable<string>;
  /** Replace the default stop words instead of extending them. */
  replaceStopWords?: boolean;
  /** Use jieba's HMM to glue unknown words (names, places). Default true. */
  hmm?: boolean;
}

export interface TokenOptions {
  /** The text is already the output of `normalizeText` (skips normalising it again). */
  normalized?: boolean;
  /** Add character bigrams of every Chinese run (prefixed `#`) next to the words. */
  bigrams?: boolean;
  /** Keep single Chinese characters that are not stop words. Default true. */
  singleChars?: boolean;
  /** Keep tokens made only of digits. Default false. */
  numbers?: boolean;
}

export interface Segmenter {
  /**
   * Raw segmentation of the normalised text: every piece, punctuation and whitespace
   * included, so the pieces concatenate back to the normalised text.
   */
  cut(text: string, options?: { normalized?: boolean }): string[];
  /**
   * The pieces of `cut(normalized, { normalized: true })` as offsets, without making strings:
   * writes the end offset of every piece into `ends` (room for `normalized.length` entries is
   * always enough) and returns the number of pieces. `normalized` must already be the output
   * of `normalizeText`.
   */
  cutOffsets(normalized: string, ends: Int32Array): number;
  /** Content words: normalised, without punctuation, whitespace and stop words. */
  words(text: string, options?: TokenOptions): string[];
  /** Features for classification: content words and, optionally, character bigrams. */
  tokens(text: string, options?: TokenOptions): string[];
  /**
   * Calls `fn` with every content word of `text` and the offset where it starts in the
   * normalised text (in one segmentation pass; no intermediate array of words).
   */
  eachWord(text: string, fn: (word: string, start: number) => void, options?: TokenOptions): void;
  /** Whether a word is a stop word for this segmenter. */
  isStopWord(word: string): boolean;
}

// ---- normalisation ----------------------------------------------------------------------

/** How `normalizeText` treats a UTF-16 code unit on its fast path (see `foldTable`). */
const KEEP = 0;
const SPACE = 1;
const MAP = 2;
const SLOW = 3;

let foldKinds: Uint8Array | undefined;
let foldTargets: string[] = [];

/** Code units that can combine with what precedes them (marks, Hangul jamo and syllables). */
const COMBINING = /[\p{M}\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]/u;

/**
 * Per code unit, what `text.normalize('NFKC').toLowerCase()` does to it when it stands among
 * "inert" characters: KEEP (itself), SPACE (whitespace), MAP (`foldTargets[c]`, no whitespace),
 * or SLOW. A character is inert when neither it nor the first character of its mapping can
 * combine with a preceding one (marks, jamo) and its mapping is context-free (no Σ, whose lower
 * case depends on the next letter; no surrogates; not empty). For a text of inert characters,
 * NFKC and lower-casing work character by character, so the fast path below gives exactly the
 * result of the full functions; any other text takes them.
 */
function foldTable(): Uint8Array {
  if (foldKinds) return foldKinds;
  const kinds = new Uint8Array(65536);
  const targets: string[] = [];
  const blank = /^\s+$/u;
  const hasBlank = /\s/u;
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    if ((c >= 0xd800 && c <= 0xdfff) || COMBINING.test(ch)) {
      kinds[c] = SLOW;
      continue;
    }
    const nfkc = ch.normalize('NFKC');
    const out = nfkc.toLowerCase();
    if (out === ch) kinds[c] = hasBlank.test(ch) ? SPACE : KEEP;
    else if (blank.test(out)) kinds[c] = SPACE;
    else if (
      out.length === 0 ||
      hasBlank.test(out) ||
      nfkc.includes('\u03a3') ||
      /[\ud800-\udfff]/.test(out) ||
      COMBINING.test(out[0])
    ) {
      kinds[c] = SLOW;
    } else {
      kinds[c] = MAP;
      targets[c] = out;
    }
  }
  foldTargets = targets;
  foldKinds = kinds;
  return kinds;
}

/**
 * Normalises text before segmentation: Unicode NFKC (full-width letters and digits become
 * ASCII, compatibility ideographs are folded), lower case, and every run of whitespace
 * (including the `\n\t\t…` layout of exported web forms) folded into one space.
 *
 * Equals `text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()`; ordinary text
 * (Chinese, ASCII, full-width forms, common punctuation) takes a table-driven single pass.
 */
export function normalizeText(text: string): string {
  const kinds = foldTable();
  const n = text.length;
  let out = '';
  let from = 0; // start of the run of KEEP characters not copied yet
  let blank = false; // whitespace seen since the last character written
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = kinds[c];
    if (kind === KEEP) continue;
    if (kind === SLOW) return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
    if (i > from) {
      if (blank && out.length > 0) out += ' ';
      blank = false;
      out += text.slice(from, i);
    }
    if (kind === SPACE) blank = true;
    else {
      if (blank && out.length > 0) out += ' ';
      blank = false;
      out += foldTargets[c];
    }
    from = i + 1;
  }
  if (from === 0) return text;
  if (n > from) {
    if (blank && out.length > 0) out += ' ';
    out += text.slice(from);
  }
  return out;
}

/** A token worth keeping: has a letter, a digit or a Han character. */
const CONTENT = /[\p{L}\p{N}]/u;
const DIGITS_ONLY = /^[\p{N}.,%]+$/u;

/**
 * Whether a UTF-16 code unit is a CJK ideograph of the Basic Multilingual Plane (URO,
 * extension A, compatibility ideographs) — every character of ordinary Chinese text.
 */
export function isHanCode(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/**
 * Common Chinese function words, pronouns, particles and filler words (general language,
 * no domain words). A business area adds its own through `SegmenterOptions.stopWords`.
 */
export const DEFAULT_STOP_WORDS: ReadonlySet<string> = new Set(
  `的 了 和 与 及 或 而 且 并 并且 以及 还是 或者 是 为 在 于 对 对于 把 被 让 给 向 从 自 到 由 以 因 因为 所以 因此
  但 但是 然而 而且 不过 可是 只是 如果 假如 即使 虽然 尽管 既然 那么 就 才 都 也 还 又 再 很 太 更 最 非常 十分
  极 已 已经 曾 曾经 正 正在 将 将要 会 能 能够 可 可以 要 应 应该 该 得 地 着 过 吗 呢 吧 啊 呀 哦 嘛 么 啦 哈
  我 我们 你 你们 您 他 他们 她 她们 它 它们 咱 咱们 自己 本人 大家 人家 别人 其 其他 其它 其中 这 这个 这些 这样 这种
  这里 这边 那 那个 那些 那样 那种 那里 那边 哪 哪个 哪些 哪里 什么 怎么 怎样 怎么样 如何 为什么 为何 多少 几 谁
  之 之后 之前 之间 以后 以前 以上 以下 以来 之一 一个 一些 一直 一下 一种 一样 一般 一定 一起 一次 有 没 没有
  无 不 不是 不会 不能 不要 不得 个 些 位 等 等等 各 各位 每 某 某些 所 所有 只 只有 只要 仅 仅仅 就是 还有 然后
  接着 另外 此外 同时 其实 确实 比如 例如 通过 根据 按照 关于 随着 作为 进行 进一步 相关 有关 这么 那么 如此
  里 上 下 中 内 外 前 后 时 时候 现在 目前 当时 今天 今年 去年 明年 年 月 日 号 点 分 请 请问 谢谢 您好 你好
  感谢 希望 麻烦 尊敬 领导 问题 情况 方面 事情 东西 一点 有点 有些 还是 可能 需要 得到 出现 造成 导致 存在 表示
  认为 觉得 知道 看到 说 讲 问 想 做 去 来 用 使 使得 让 成 成为 属于 包括 具有 的话 来说 而言 上述 如下 如上
  即 则 便 乃 之所以 以便 以免 甚至 还要 总是 经常 常常 往往 已然 依然 仍然 仍 究竟 到底 难道 是否 能否 可否
  多 少 大 小 好 很多 许多 较 比较 相当 特别 尤其 十分 相对 另 同 共 总 又是 再次 一再 多次 上面 下面 左右`.split(/\s+/u).filter(Boolean),
);

/** Parses a jieba user dictionary (`word [freq] [tag]` per line; `#` starts a comment). */
export function parseUserDict(text: string): UserDictEntry[] {
  const entries: UserDictEntry[] = [];
  const lines = text.split(/\r?\n/u);
  lines.forEach((raw, index) => {
    const line = raw.replace(/#.*$/u, '').trim();
    if (!line) return;
    const [word, freqText, tag, ...rest] = line.split(/\s+/u);
    const freq = freqText === undefined ? undefined : Number(freqText);
    if (rest.length > 0 || (freq !== undefined && (!Number.isInteger(freq) || freq <= 0))) {
      throw new AppError(
        'bad_user_dict',
        `用户词典第 ${index + 1} 行格式错误：${raw}`,
        `User dictionary line ${index + 1} is malformed: ${raw}`,
      );
    }
    entries.push({ word: word.normalize('NFKC').toLowerCase(), freq, tag });
  });
  return entries;
}

/** Number of distinct codes `hanIndex` returns (so `a * HAN_CODES + b` identifies a bigram). */
export const HAN_CODES = 28_096;

/**
 * Dense index of a BMP Han code unit (see `isHanCode`) in [0, HAN_CODES), or −1. Lets a
 * character bigram be keyed by a small integer `hanIndex(a) * HAN_CODES + hanIndex(b)`
 * (< 2^30, a V8 small integer) instead of a new string.
 */
export function hanIndex(code: number): number {
  if (code >= 0x4e00 && code <= 0x9fff) return code - 0x4e00;
  if (code >= 0x3400 && code <= 0x4dbf) return 20_992 + code - 0x3400;
  if (code >= 0xf900 && code <= 0xfaff) return 27_584 + code - 0xf900;
  return -1;
}

/** The two characters of a bigram key made from `hanIndex` values. */
export function bigramFromKey(key: number): string {
  const back = (i: number) => (i < 20_992 ? 0x4e00 + i : i < 27_584 ? 0x3400 + i - 20_992 : 0xf900 + i - 27_584);
  return String.fromCharCode(back(Math.floor(key / HAN_CODES)), back(key % HAN_CODES));
}

/** Calls `fn` with the integer key of every pair of adjacent Han characters of `text`. */
export function forEachBigramKey(text: string, fn: (key: number) => void): void {
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const cur = hanIndex(text.charCodeAt(i));
    if (cur >= 0 && prev >= 0) fn(prev * HAN_CODES + cur);
    prev = cur;
  }
}

/** Calls `fn` with every pair of adjacent Han characters of `text` (already normalised). */
export function forEachCharBigram(text: string, fn: (bigram: string) => void): void {
  let prev = false;
  for (let i = 0; i < text.length; i++) {
    const han = isHanCode(text.charCodeAt(i));
    if (han && prev) fn(text.slice(i - 1, i + 1));
    prev = han;
  }
}

/** Character bigrams of every Han run of `text` (already normalised), each prefixed `#`. */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  forEachCharBigram(text, (b) => out.push(`#${b}`));
  return out;
}

// ---- the dictionary --------------------------------------------------------------------

/** Dictionary words sorted by UTF-16 code units (no duplicates) and their frequencies. */
interface WordList {
  words: string[];
  freqs: number[];
}

const isDictSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Reads jieba dictionary text (`word [freq] [tag]` per line) into `words` / `freqs`. */
function readDictText(text: string, words: string[], freqs: number[]): void {
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let a = pos;
    while (a < nl && isDictSpace(text.charCodeAt(a))) a++;
    let b = a;
    while (b < nl && !isDictSpace(text.charCodeAt(b))) b++;
    if (b > a) {
      let f = 0;
      let i = b;
      while (i < nl && isDictSpace(text.charCodeAt(i))) i++;
      for (; i < nl && !isDictSpace(text.charCodeAt(i)); i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) throw new AppError('bad_dict', `词典第 ${words.length + 1} 个词的词频不是整数`, 'Dictionary frequency is not an integer');
        f = f * 10 + d;
      }
      words.push(text.slice(a, b));
      freqs.push(f);
    }
    pos = nl + 1;
  }
}

/**
 * Sorts by word (UTF-16 code units) and drops duplicates; as in jieba, the last entry of a
 * word gives its frequency. Input already sorted and unique is returned as is.
 */
function sortUnique(list: WordList): WordList {
  const { words, freqs } = list;
  let sorted = true;
  for (let i = 1; i < words.length && sorted; i++) sorted = words[i - 1] < words[i];
  if (sorted) return list;
  const order = words.map((_, i) => i);
  order.sort((x, y) => (words[x] < words[y] ? -1 : words[x] > words[y] ? 1 : x - y));
  const out: WordList = { words: [], freqs: [] };
  for (let i = 0; i < order.length; i++) {
    const j = order[i];
    if (i + 1 < order.length && words[order[i + 1]] === words[j]) continue;
    out.words.push(words[j]);
    out.freqs.push(freqs[j]);
  }
  return out;
}

let bundled: WordList | undefined;

/** jieba's bundled dictionary (`@node-rs/jieba/dict.txt`), read once per process. */
function bundledWords(): WordList {
  if (!bundled) {
    const list: WordList = { words: [], freqs: [] };
    readDictText(new TextDecoder().decode(defaultDict), list.words, list.freqs);
    bundled = sortUnique(list);
  }
  return bundled;
}

/** The bundled dictionary with the user entries merged in (a user entry replaces a bundled one). */
function mergedWords(entries: readonly UserDictEntry[]): WordList {
  const base = bundledWords();
  if (entries.length === 0) return base;
  const user = sortUnique({ words: entries.map((e) => e.word), freqs: entries.map((e) => e.freq ?? 10_000) });
  const out: WordList = { words: [], freqs: [] };
  let i = 0;
  let j = 0;
  while (i < base.words.length || j < user.words.length) {
    if (j >= user.words.length || (i < base.words.length && base.words[i] < user.words[j])) {
      out.words.push(base.words[i]);
      out.freqs.push(base.freqs[i++]);
    } else {
      if (i < base.words.length && base.words[i] === user.words[j]) i++;
      out.words.push(user.words[j]);
      out.freqs.push(user.freqs[j++]);
    }
  }
  return out;
}

/** Bits of the edge filter (2^22 bits = 512 KB, ~10 % false positives). */
const FILTER_BITS = 22;

/**
 * jieba's dictionary as a trie over UTF-16 code units, in flat arrays. Nodes are numbered
 * breadth-first, so the children of node `n` are the nodes `first[n] … first[n+1]-1`, sorted
 * by `code`. `logp[n]` is ln(freq) − ln(total) of the word ending at `n` (NaN when no word
 * ends there): the very terms of jieba-rs's route (`log_freq − log_total + route[end]`).
 * A bit set over (node, code) answers most "no such child" questions without touching the
 * node arrays: from almost every character the walk ends on a miss.
 */
class DictTrie {
  readonly root = new Int32Array(65536);
  readonly first: Int32Array;
  readonly code: Uint16Array;
  readonly logp: Float64Array;
  readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  /** ln(1) − ln(total): a character that starts no word counts as a word of frequency 1. */
  readonly logOne: number;

  constructor(list: WordList) {
    const { words, freqs } = list;
    let total = 0;
    let chars = 0;
    for (let i = 0; i < words.length; i++) {
      total += freqs[i];
      chars += words[i].length;
    }
    const logTotal = Math.log(total);
    this.logOne = 0 - logTotal;
    const cap = chars + 1;
    const first = new Int32Array(cap + 1);
    const code = new Uint16Array(cap);
    const logp = new Float64Array(cap).fill(Number.NaN);
    // breadth-first over ranges of the sorted words sharing a prefix of length `depth`
    const lo = new Int32Array(cap);
    const hi = new Int32Array(cap);
    const depth = new Int32Array(cap);
    hi[0] = words.length;
    let n = 1;
    for (let q = 0; q < n; q++) {
      let a = lo[q];
      const b = hi[q];
      const d = depth[q];
      if (q > 0 && a < b && words[a].length === d) {
        logp[q] = Math.log(freqs[a]) - logTotal;
        a++;
      }
      first[q] = n;
      while (a < b) {
        const c = words[a].charCodeAt(d);
        let e = a + 1;
        while (e < b && words[e].charCodeAt(d) === c) e++;
        code[n] = c;
        lo[n] = a;
        hi[n] = e;
        depth[n] = d + 1;
        if (q === 0) this.root[c] = n;
        n++;
        a = e;
      }
    }
    first[n] = n;
    this.first = first.slice(0, n + 1);
    this.code = code.slice(0, n);
    this.logp = logp.slice(0, n);
    for (let node = 1; node < n; node++) {
      for (let e = first[node]; e < first[node + 1]; e++) {
        const h = edgeHash(node, code[e]);
        this.filter[h >>> 5] |= 1 << (h & 31);
      }
    }
  }

  /** The child of `node` by code unit `c`, or 0. */
  child(node: number, c: number): number {
    if (node === 0) return this.root[c];
    const code = this.code;
    let lo = this.first[node];
    let hi = this.first[node + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = code[mid];
      if (m === c) return mid;
      if (m < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Whether `s.slice(a, b)` is a dictionary word. */
  has(s: string, a: number, b: number): boolean {
    let node = 0;
    for (let i = a; i < b; i++) {
      node = this.child(node, s.charCodeAt(i));
      if (node === 0) return false;
    }
    return node > 0 && !Number.isNaN(this.logp[node]);
  }
}

const edgeHash = (node: number, c: number) =>
  Math.imul(node ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> (32 - FILTER_BITS);

const tries = new Map<string, DictTrie>();

/** The trie of the bundled dictionary plus `entries`; the last few are kept for reuse. */
function dictTrie(entries: readonly UserDictEntry[]): DictTrie {
  const key = JSON.stringify(entries.map((e) => [e.word, e.freq ?? 10_000]));
  let trie = tries.get(key);
  if (!trie) {
    // jieba cannot load a word with a lone surrogate either (it reads UTF-8)
    const valid = entries.filter((e) => e.word.length > 0 && !/\s/u.test(e.word) && !/[\ud800-\udfff]/u.test(e.word));
    trie = new DictTrie(mergedWords(valid));
    if (tries.size >= 4) tries.delete(tries.keys().next().value as string);
    tries.set(key, trie);
  }
  return trie;
}

/**
 * Character classes of jieba-rs's "Han" blocks (the text between them is cut character by
 * character): 1 = CJK ideograph (BMP), ASCII letter or digit, or one of `+#&._%-`;
 * 2 = high surrogate (a block character when the pair is a CJK ideograph of the
 * supplementary planes); 0 = anything else.
 */
const BLOCK = new Uint8Array(65536);
for (let c = 0x4e00; c <= 0x9fff; c++) BLOCK[c] = 1;
for (let c = 0x3400; c <= 0x4dbf; c++) BLOCK[c] = 1;
for (let c = 0xf900; c <= 0xfaff; c++) BLOCK[c] = 1;
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-') BLOCK[ch.charCodeAt(0)] = 1;
for (let c = 0xd800; c <= 0xdbff; c++) BLOCK[c] = 2;

/** Whether the surrogate pair `hi lo` is a CJK ideograph of the supplementary planes. */
function astralHan(hi: number, lo: number): boolean {
  if (lo < 0xdc00 || lo > 0xdfff) return false;
  const cp = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  return (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2ebef) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** The characters jieba-rs's HMM runs Viterbi on (its `is_hmm_han`). */
const isHmmHan = (c: number) => c >= 0x4e00 && c <= 0x9fd5;
const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

let hmmJieba: Jieba | undefined;
/** jieba-rs with an empty dictionary: `cut(run, true)` of a run of block characters is its HMM cut. */
const hmmCutter = () => {
  hmmJieba ??= new Jieba();
  return hmmJieba;
};

/**
 * jieba's segmentation (jieba-rs `cut`) in JavaScript; see the head of this file. Offsets are
 * UTF-16 code units of the normalised text; "character" below means a Unicode scalar.
 */
/**
 * What every segmenter derives from its offsets (`cutOffsets`): the pieces as strings, the content
 * words and the classification tokens; stop words come from the options.
 */
abstract class OffsetSegmenter implements Segmenter {
  protected readonly stop: Set<string>;

  constructor(options: SegmenterOptions) {
    this.stop = stopSet(options);
  }

  abstract cutOffsets(normalized: string, ends: Int32Array): number;

  isStopWord(word: string): boolean {
    return this.stop.has(word);
  }

  cut(text: string, options: { normalized?: boolean } = {}): string[] {
    const normalized = options.normalized ? text : normalizeText(text);
    if (!normalized) return [];
    const ends = new Int32Array(normalized.length);
    const n = this.cutOffsets(normalized, ends);
    const out = new Array<string>(n);
    let start = 0;
    for (let i = 0; i < n; i++) {
      out[i] = normalized.slice(start, ends[i]);
      start = ends[i];
    }
    return out;
  }

  words(text: string, options: TokenOptions = {}): string[] {
    const out: string[] = [];
    this.eachWord(text, (w) => out.push(w), options);
    return out;
  }

  tokens(text: string, options: TokenOptions = {}): string[] {
    const normalized = options.normalized ? text : normalizeText(text);
    if (!normalized) return [];
    const words = this.words(normalized, { ...options, normalized: true });
    if (!options.bigrams) return words;
    for (const b of charBigrams(normalized)) words.push(b);
    return words;
  }

  eachWord(text: string, fn: (word: string, start: number) => void, options: TokenOptions = {}): void {
    const normalized = options.normalized ? text : normalizeText(text);
    if (!normalized) return;
    const ends = new Int32Array(normalized.length);
    const n = this.cutOffsets(normalized, ends);
    let start = 0;
    for (let i = 0; i < n; i++) {
      const piece = normalized.slice(start, ends[i]);
      if (keepWord(piece, this.stop, options)) fn(piece, start);
      start = ends[i];
    }
  }
}

class DictSegmenter extends OffsetSegmenter {
  private readonly trie: DictTrie;
  private readonly hmm: boolean;
  /** route: best log-probability from each offset of the block, and the end of its first word */
  private prob = new Float64Array(512);
  private next = new Int32Array(512);
  /** unexpanded pieces while HMM runs are resolved */
  private pending = new Int32Array(512);
  private hmmRuns = 0;

  constructor(options: SegmenterOptions) {
    super(options);
    const entries = typeof options.userDict === 'string' ? parseUserDict(options.userDict) : (options.userDict ?? []);
    this.trie = dictTrie(entries);
    this.hmm = options.hmm ?? true;
  }

  cutOffsets(s: string, ends: Int32Array): number {
    const n = s.length;
    let k = 0;
    let i = 0;
    this.hmmRuns = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      let cls = BLOCK[c];
      if (cls === 2) cls = astralHan(c, s.charCodeAt(i + 1)) ? 1 : 0;
      if (cls === 1) {
        let j = i + (isHigh(c) ? 2 : 1);
        while (j < n) {
          const d = s.charCodeAt(j);
          const cd = BLOCK[d];
          if (cd === 1) j++;
          else if (cd === 2 && astralHan(d, s.charCodeAt(j + 1))) j += 2;
          else break;
        }
        k = this.block(s, i, j, ends, k);
        i = j;
      } else {
        // outside the blocks every character is a piece of its own, `\r\n` one piece
        let j = i + 1;
        if (isHigh(c) && isLow(s.charCodeAt(j))) j++;
        else if (c === 13 && s.charCodeAt(j) === 10) j++;
        ends[k++] = j;
        i = j;
      }
    }
    return this.hmmRuns > 0 ? this.expandHmmRuns(s, ends, k) : k;
  }

  /**
   * Segments the block `s[a, b)` into `ends` from index `k`: DAG and route as jieba-rs's
   * `calc`, then its `cut_dag_hmm` / `cut_dag_no_hmm` walk. A run left for the HMM is
   * written as its negated end. Returns the new count.
   */
  private block(s: string, a: number, b: number, ends: Int32Array, k: number): number {
    const len = b - a;
    if (this.prob.length <= len) {
      this.prob = new Float64Array(2 * len + 2);
      this.next = new Int32Array(2 * len + 2);
    }
    const prob = this.prob;
    const next = this.next;
    const { root, first, code, logp, filter, logOne } = this.trie;
    prob[len] = 0;
    next[len] = len;
    let following = len; // offset of the character after the current one
    for (let x = len - 1; x >= 0; x--) {
      const c = s.charCodeAt(a + x);
      if (isLow(c) && x > 0 && isHigh(s.charCodeAt(a + x - 1))) continue; // inside a pair
      let best = 0;
      let bestEnd = -1;
      let node = root[c];
      let j = x + 1;
      while (node > 0) {
        const lp = logp[node];
        // edges in increasing end order; on a tie the longer word wins, as in jieba-rs
        if (!Number.isNaN(lp)) {
          const p = lp + prob[j];
          if (bestEnd < 0 || p >= best) {
            best = p;
            bestEnd = j;
          }
        }
        if (j >= len) break;
        const cc = s.charCodeAt(a + j);
        const h = Math.imul(node ^ Math.imul(cc, 0x85ebca6b), 0x9e3779b1) >>> (32 - FILTER_BITS);
        if ((filter[h >>> 5] & (1 << (h & 31))) === 0) break;
        let lo = first[node];
        let hi = first[node + 1] - 1;
        node = 0;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const m = code[mid];
          if (m === cc) {
            node = mid;
            break;
          }
          if (m < cc) lo = mid + 1;
          else hi = mid - 1;
        }
        j++;
      }
      if (bestEnd < 0) {
        best = logOne + prob[following];
        bestEnd = following;
      }
      prob[x] = best;
      next[x] = bestEnd;
      following = x;
    }
    let x = 0;
    let left = -1; // start of the current run of single characters
    const hmm = this.hmm;
    while (x < len) {
      const y = next[x];
      const c = s.charCodeAt(a + x);
      const single = y - x === 1 || (y - x === 2 && isHigh(c));
      if (single && (hmm || isAsciiAlnum(c))) {
        if (left < 0) left = x;
      } else {
        if (left >= 0) k = this.run(s, a, left, x, ends, k);
        left = -1;
        ends[k++] = a + y;
      }
      x = y;
    }
    if (left >= 0) k = this.run(s, a, left, len, ends, k);
    return k;
  }

  /** A run `[x, y)` of single characters of the route in the block at `a`. */
  private run(s: string, a: number, x: number, y: number, ends: Int32Array, k: number): number {
    const next = this.next;
    if (!this.hmm || next[x] === y) {
      // without HMM: a run of ASCII letters and digits is one piece; a single character is one
      ends[k++] = a + y;
    } else if (this.trie.has(s, a + x, a + y)) {
      // a dictionary word the route preferred to split: its characters
      for (let i = x; i < y; i = next[i]) ends[k++] = a + next[i];
    } else {
      k = this.hmmRun(s, a + x, a + y, ends, k);
    }
    return k;
  }

  /**
   * jieba-rs's HMM cut of the run `s[x, y)`, as far as it needs no model: the HMM splits a
   * run into stretches of U+4E00–U+9FD5 and the rest, keeps a stretch of one character
   * whole, cuts the rest by `[a-zA-Z0-9]+(\.\d+)?%?` — so a rest of plain ASCII letters and
   * digits is one piece — and only runs Viterbi on stretches of two characters or more. Those
   * stretches are marked (negated end) for `expandHmmRuns`; so is a whole run whose rest
   * holds anything else.
   */
  private hmmRun(s: string, x: number, y: number, ends: Int32Array, k: number): number {
    for (let i = x; i < y; i++) {
      const c = s.charCodeAt(i);
      if (!(isHmmHan(c) || isAsciiAlnum(c))) {
        ends[k++] = -y;
        this.hmmRuns += 1;
        return k;
      }
    }
    for (let i = x; i < y; ) {
      const han = isHmmHan(s.charCodeAt(i));
      let j = i + 1;
      while (j < y && isHmmHan(s.charCodeAt(j)) === han) j++;
      if (han && j - i > 1) {
        ends[k++] = -j;
        this.hmmRuns += 1;
      } else {
        ends[k++] = j;
      }
      i = j;
    }
    return k;
  }

  /** Replaces the HMM runs (negated ends) by their HMM cut: one native call for all. */
  private expandHmmRuns(s: string, ends: Int32Array, k: number): number {
    if (this.pending.length < k) this.pending = new Int32Array(2 * k);
    const pending = this.pending;
    pending.set(ends.subarray(0, k));
    const runs: string[] = [];
    let start = 0;
    for (let i = 0; i < k; i++) {
      const e = pending[i];
      if (e < 0) runs.push(s.slice(start, -e));
      start = e < 0 ? -e : e;
    }
    // the runs are made of block characters only, so the space between them keeps them apart
    const pieces = hmmCutter().cut(runs.join(' '), true);
    let out = 0;
    let p = 0;
    start = 0;
    for (let i = 0; i < k; i++) {
      const e = pending[i];
      if (e >= 0) {
        ends[out++] = e;
        start = e;
        continue;
      }
      const end = -e;
      let at = start;
      while (at < end && p < pieces.length && pieces[p] !== ' ') {
        at += pieces[p++].length;
        ends[out++] = at;
      }
      if (at !== end) return this.expandEachRun(s, ends, k);
      if (p < pieces.length && pieces[p] === ' ') p++;
      start = end;
    }
    return out;
  }

  /** Fallback of `expandHmmRuns`: one native call per run (never needed for valid text). */
  private expandEachRun(s: string, ends: Int32Array, k: number): number {
    const pending = this.pending;
    let out = 0;
    let start = 0;
    for (let i = 0; i < k; i++) {
      const e = pending[i];
      if (e >= 0) {
        ends[out++] = e;
        start = e;
        continue;
      }
      const end = -e;
      const mark = out;
      let at = start;
      for (const piece of hmmCutter().cut(s.slice(start, end), true)) {
        at += piece.length;
        ends[out++] = at;
      }
      if (at !== end) {
        out = mark;
        ends[out++] = end;
      }
      start = end;
    }
    return out;
  }
}

function stopSet(options: SegmenterOptions): Set<string> {
  const stop = new Set(options.replaceStopWords ? [] : DEFAULT_STOP_WORDS);
  for (const w of options.stopWords ?? []) stop.add(w.normalize('NFKC').toLowerCase());
  return stop;
}

/** Whether a piece of `cut` is a content word under `options` (see `Segmenter.words`). */
function keepWord(piece: string, stop: ReadonlySet<string>, options: TokenOptions): boolean {
  if (stop.has(piece)) return false;
  // fast path: most pieces are Han words (no whitespace, no digits)
  if (isHanCode(piece.charCodeAt(0))) return (options.singleChars ?? true) || piece.length > 1;
  if (!CONTENT.test(piece)) return false;
  return (options.numbers ?? false) || !DIGITS_ONLY.test(piece);
}

function dictBuffer(entries: readonly UserDictEntry[]): Buffer {
  const lines = entries.map((e) => [e.word, e.freq ?? 10_000, e.tag].filter((x) => x !== undefined).join(' '));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/**
 * The reference: jieba-rs through `@node-rs/jieba`, every piece a native string. Kept to
 * check `DictSegmenter` against (tests) and to measure it (bench/hotline-classify.ts).
 */
class NativeJiebaSegmenter extends OffsetSegmenter {
  private readonly jieba: Jieba;
  private readonly hmm: boolean;

  constructor(options: SegmenterOptions) {
    super(options);
    this.jieba = Jieba.withDict(defaultDict);
    const entries = typeof options.userDict === 'string' ? parseUserDict(options.userDict) : options.userDict;
    if (entries && entries.length > 0) this.jieba.loadDict(dictBuffer(entries));
    this.hmm = options.hmm ?? true;
  }

  /** The native strings themselves (what the reference measures), not slices of offsets. */
  override cut(text: string, options: { normalized?: boolean } = {}): string[] {
    const normalized = options.normalized ? text : normalizeText(text);
    return normalized ? this.jieba.cut(normalized, this.hmm) : [];
  }

  cutOffsets(normalized: string, ends: Int32Array): number {
    let k = 0;
    let at = 0;
    for (const piece of normalized ? this.jieba.cut(normalized, this.hmm) : []) {
      at += piece.length;
      ends[k++] = at;
    }
    return k;
  }

  override eachWord(text: string, fn: (word: string, start: number) => void, options: TokenOptions = {}): void {
    let start = 0;
    for (const piece of this.cut(text, options)) {
      if (keepWord(piece, this.stop, options)) fn(piece, start);
      start += piece.length;
    }
  }
}

/** Creates a segmenter; expensive (builds the dictionary trie, ~0.3 s), so create once and reuse. */
export function createSegmenter(options: SegmenterOptions = {}): Segmenter {
  return new DictSegmenter(options);
}

/**
 * The same segmenter on jieba-rs's own segmentation (`@node-rs/jieba`, a native string per
 * piece): the reference `createSegmenter` is tested and measured against. Not for production.
 */
export function createNativeSegmenter(options: SegmenterOptions = {}): Segmenter {
  return new NativeJiebaSegmenter(options);
}

let shared: Segmenter | undefined;
/** A process-wide segmenter with jieba's dictionary only (no user dictionary). */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter();
  return shared;
}
