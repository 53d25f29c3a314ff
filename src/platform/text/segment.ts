/**
 * Chinese word segmentation (分词) on top of `@node-rs/jieba` 2 (jieba-rs), with a user
 * dictionary, text normalisation and a stop-word filter.
 *
 * This module knows no business words: a business area passes its own user dictionary
 * (one `word [frequency] [tag]` a line, jieba's format) and extra stop words.
 *
 * Loading jieba's bundled dictionary takes ~0.3 s, so segmenters are created once and reused;
 * `cut`/`words`/`tokens` are synchronous (a few million characters per second on one core;
 * see BENCHMARKS.md, "Hotline classification").
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

/**
 * Normalises text before segmentation: Unicode NFKC (full-width letters and digits become
 * ASCII, compatibility ideographs are folded), lower case, and every run of whitespace
 * (including the `\n\t\t…` layout of exported web forms) folded into one space.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
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

function dictBuffer(entries: readonly UserDictEntry[]): Buffer {
  const lines = entries.map((e) => [e.word, e.freq ?? 10_000, e.tag].filter((x) => x !== undefined).join(' '));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
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

class JiebaSegmenter implements Segmenter {
  private readonly jieba: Jieba;
  private readonly stop: Set<string>;
  private readonly hmm: boolean;

  constructor(options: SegmenterOptions) {
    this.jieba = Jieba.withDict(defaultDict);
    const entries = typeof options.userDict === 'string' ? parseUserDict(options.userDict) : options.userDict;
    if (entries && entries.length > 0) this.jieba.loadDict(dictBuffer(entries));
    this.stop = new Set(options.replaceStopWords ? [] : DEFAULT_STOP_WORDS);
    for (const w of options.stopWords ?? []) this.stop.add(w.normalize('NFKC').toLowerCase());
    this.hmm = options.hmm ?? true;
  }

  isStopWord(word: string): boolean {
    return this.stop.has(word);
  }

  cut(text: string, options: { normalized?: boolean } = {}): string[] {
    const normalized = options.normalized ? text : normalizeText(text);
    return normalized ? this.jieba.cut(normalized, this.hmm) : [];
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
    const singles = options.singleChars ?? true;
    const numbers = options.numbers ?? false;
    // jieba's pieces cover the input exactly, so offsets are running sums of their lengths
    let start = 0;
    for (const piece of this.jieba.cut(normalized, this.hmm)) {
      const at = start;
      start += piece.length;
      // fast path: most pieces are Han words (no whitespace, no digits)
      const han = isHanCode(piece.charCodeAt(0));
      if (this.stop.has(piece)) continue;
      if (han) {
        if (!singles && piece.length === 1) continue;
      } else {
        if (!CONTENT.test(piece)) continue;
        if (!numbers && DIGITS_ONLY.test(piece)) continue;
      }
      fn(piece, at);
    }
  }
}

/** Creates a segmenter; expensive (loads jieba's dictionary), so create once and reuse. */
export function createSegmenter(options: SegmenterOptions = {}): Segmenter {
  return new JiebaSegmenter(options);
}

let shared: Segmenter | undefined;
/** A process-wide segmenter with jieba's dictionary only (no user dictionary). */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter();
  return shared;
}
