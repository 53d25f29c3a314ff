import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigramFromKey,
  charBigrams,
  createSegmenter,
  defaultSegmenter,
  forEachBigramKey,
  HAN_CODES,
  hanIndex,
  normalizeText,
  parseUserDict,
} from './segment.ts';

describe('normalizeText', () => {
  it('folds full-width characters, case and layout whitespace', () => {
    expect(normalizeText('\n\t\t Ａ市Ａ３区\n\t\t １２３４５ 热线　ABC ')).toBe('a市a3区 12345 热线 abc');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeText(normalizeText(s)) === normalizeText(s)));
  });
});

describe('parseUserDict', () => {
  it('reads word, frequency and tag, skipping comments and blank lines', () => {
    expect(parseUserDict('# comment\n推诿扯皮 30000 i\n\n网格员 20000\n棚改\n')).toEqual([
      { word: '推诿扯皮', freq: 30000, tag: 'i' },
      { word: '网格员', freq: 20000, tag: undefined },
      { word: '棚改', freq: undefined, tag: undefined },
    ]);
  });

  it('rejects a malformed line with a bilingual error', () => {
    expect(() => parseUserDict('好词 abc')).toThrowError(/第 1 行/);
    expect(() => parseUserDict('好词 10 n extra')).toThrowError(/line 1|第 1 行/);
  });
});

describe('segmenter', () => {
  const plain = defaultSegmenter();
  const withDict = createSegmenter({ userDict: '推诿扯皮 30000\n网格员 30000\n噪音扰民 30000\n棚改 30000\n' });
  const text = '社区网格员推诿扯皮，楼上噪音扰民，棚改进度慢';

  it('keeps user-dictionary words whole', () => {
    expect(plain.cut(text)).not.toContain('推诿扯皮');
    const words = withDict.cut(text);
    for (const w of ['网格员', '推诿扯皮', '噪音扰民', '棚改']) expect(words).toContain(w);
  });

  it('cut() pieces concatenate back to the normalised text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', '楼上噪音扰民', 'Ａ市１２３'), (s, extra) => {
        const t = `${extra}${s}`;
        return withDict.cut(t).join('') === normalizeText(t);
      }),
      { numRuns: 200 },
    );
  });

  it('words() drops punctuation, whitespace, numbers and stop words', () => {
    const words = withDict.words('我们的小区，在 2024 年已经 停水了！');
    expect(words).not.toContain('我们');
    expect(words).not.toContain('的');
    expect(words).not.toContain('，');
    expect(words).not.toContain('2024');
    expect(words).toContain('小区');
    expect(words.join('')).not.toMatch(/\s/u);
  });

  it('extra stop words apply on top of the defaults', () => {
    const seg = createSegmenter({ stopWords: ['小区'] });
    expect(seg.words('小区停水')).not.toContain('小区');
    expect(seg.isStopWord('的')).toBe(true);
  });

  it('eachWord() reports offsets into the normalised text', () => {
    const t = normalizeText('Ａ市网格员，推诿扯皮');
    withDict.eachWord(t, (w, at) => expect(t.slice(at, at + w.length)).toBe(w), { normalized: true });
  });

  it('tokens() adds character bigrams marked with #', () => {
    const tokens = withDict.tokens('物业乱收费', { bigrams: true });
    expect(tokens).toContain('#物业');
    expect(tokens).toContain('#乱收');
    expect(tokens).toContain('#收费');
  });
});

describe('character bigrams', () => {
  it('charBigrams() only pairs adjacent Han characters', () => {
    expect(charBigrams('物业a乱收费')).toEqual(['#物业', '#乱收', '#收费']);
  });

  it('integer bigram keys round-trip to the same two characters', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(han, han, (a, b) => {
        const keys: number[] = [];
        forEachBigramKey(a + b, (k) => keys.push(k));
        return keys.length === 1 && keys[0] < 2 ** 30 && bigramFromKey(keys[0]) === a + b;
      }),
    );
    expect(hanIndex('a'.charCodeAt(0))).toBe(-1);
    expect(HAN_CODES * HAN_CODES).toBeLessThan(2 ** 30);
  });
});
