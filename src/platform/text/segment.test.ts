import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigramFromKey,
  charBigrams,
  createNativeSegmenter,
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

  // the table-driven fast path must give exactly what the definition gives
  const definition = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

  it('equals NFKC + lower case + folded whitespace on tricky text', () => {
    for (const s of [
      '', '   ', ' \u3000\t ', 'ＡＢＣ，：！？；（１２）', '…—“引号”《书名》', 'ΑΣ Σ σς', 'e\u0301 é', 'ㄱㅏ 가', 'İstanbul',
      '①②⑩ ﬁ ㈱ ㎡ ℃', '\ufeff开头 结尾\u00a0', '𠀀𪚥 👪 \ud800 \udc00', 'ﾊﾝｶｸ ｶﾞ', '\r\n\r\n 市民来电 \n\t\t反映',
    ]) {
      expect(normalizeText(s)).toBe(definition(s));
    }
  });

  it('equals the definition on random text (any UTF-16, and Chinese-like text)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => normalizeText(s) === definition(s)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (s) => normalizeText(s) === definition(s)), { numRuns: 500 });
    const cjk = fc.oneof(
      fc.integer({ min: 0x4e00, max: 0x9fff }),
      fc.integer({ min: 0x3000, max: 0x30ff }),
      fc.integer({ min: 0xff00, max: 0xffef }),
      fc.integer({ min: 0x2000, max: 0x2bff }),
      fc.integer({ min: 0x20, max: 0x7e }),
    );
    fc.assert(
      fc.property(fc.array(cjk, { maxLength: 40 }), (codes) => {
        const s = String.fromCharCode(...codes);
        return normalizeText(s) === definition(s);
      }),
      { numRuns: 2000 },
    );
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

describe('segmenter = jieba-rs (the native reference)', () => {
  const userDict = '推诿扯皮 30000\n网格员 30000\n噪音扰民 30000\n棚改 30000\n12345热线 30000 n\n小区 5\n';
  const js = createSegmenter({ userDict });
  const native = createNativeSegmenter({ userDict });
  const jsNoHmm = createSegmenter({ userDict, hmm: false });
  const nativeNoHmm = createNativeSegmenter({ userDict, hmm: false });
  const samples = [
    '我来到北京清华大学',
    '他来到了网易杭研大厦',
    '小明硕士毕业于中国科学院计算所，后在日本京都大学深造',
    '社区网格员推诿扯皮，楼上噪音扰民，棚改进度慢',
    '市民来电反映：A3区G2栋楼下的烧烤店每晚营业到凌晨2点，油烟和噪音严重扰民，已向12345热线投诉3次',
    '我们中出了一个叛徒👪 and abc123 def4.5% e-mail a+b c#d x_y',
    '请问五一路与人民路交叉口的红绿灯什么时候修？\r\n谢谢！',
    '𠀀𠀁的𪚥字，康熙字典里的䶯䶰、兀',
    '﨎﨏，﨑a﨓﨔。隆 﨟',
    '   ',
    '',
  ];

  it('cuts sample sentences exactly as jieba-rs does, with and without HMM', () => {
    for (const s of samples) {
      expect(js.cut(s)).toEqual(native.cut(s));
      expect(jsNoHmm.cut(s)).toEqual(nativeNoHmm.cut(s));
    }
    expect(js.cut('我来到北京清华大学')).toEqual(['我', '来到', '北京', '清华大学']);
    expect(js.cut('他来到了网易杭研大厦')).toContain('杭研'); // HMM: an unknown word glued
  });

  it('cuts random Chinese-like text exactly as jieba-rs does', () => {
    // characters of the samples (dictionary words appear often) plus digits, letters, punctuation
    const pool = [...new Set([...samples.join(''), ...'0123456789abcXYZ.,-%，。！？ 的了是在有不']).values()].filter(
      (c) => c.trim() !== '' || c === ' ',
    );
    const text = fc.array(fc.constantFrom(...pool), { maxLength: 80 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(js.cut(t)).toEqual(native.cut(t));
        expect(jsNoHmm.cut(t)).toEqual(nativeNoHmm.cut(t));
      }),
      { numRuns: 300 },
    );
  });

  it('cutOffsets() gives the ends of the pieces of cut()', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', '楼上噪音扰民', '他来到了网易杭研大厦'), (s, extra) => {
        const t = normalizeText(`${extra}${s}`);
        const ends = new Int32Array(t.length);
        const n = js.cutOffsets(t, ends);
        let at = 0;
        const pieces = [...ends.subarray(0, n)].map((e) => {
          const p = t.slice(at, e);
          at = e;
          return p;
        });
        return at === t.length && JSON.stringify(pieces) === JSON.stringify(js.cut(t, { normalized: true }));
      }),
      { numRuns: 200 },
    );
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
