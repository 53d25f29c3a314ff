import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatF64,
  formatIndicators,
  INDICATOR_CODES,
  indicatorsCommand,
  parseSettings,
  readLines,
  runIndicators,
  type Settings,
  type Warning,
} from './index.ts';
import { rawValueAt } from './raw-json.ts';
import { parseRfc3339, wholeDaysBetween } from './rfc3339.ts';
import { fma, quantile, round4 } from './stats.ts';

const CASES_DIR = '/work/shared/conformance/cardinal';

/**
 * Settings of a conformance case, per the cases' README: the indicator the name starts with is
 * enabled; `X-field-value` sets `[X] field = value`; `X-field-k1-v1-k2-v2` sets `[X.field] k1 = v1, …`;
 * `+` stands for `|`; every case also has the global NPC / EXC settings.
 */
function caseSettingsIni(name: string): string {
  const parts = name.replace(/\+/g, '|').split('-');
  const indicator = parts.shift() as string;
  const lines = [
    'no_price_comparison_procurement_methods = "NPC"',
    '[exclusions]',
    'procurement_method_details = "EXC"',
    `[${indicator}]`,
  ];
  if (parts.length === 2) {
    lines.push(`${parts[0]} = ${parts[1]}`);
  } else if (parts.length > 2) {
    const field = parts.shift() as string;
    lines.push(`[${indicator}.${field}]`);
    for (let i = 0; i + 1 < parts.length; i += 2) lines.push(`${parts[i]} = ${parts[i + 1]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The number tokens of a JSON text, in textual form, sorted (checks "1.0"-style formatting). */
const numberTokens = (json: string): string[] =>
  [...json.matchAll(/:(-?\d[\d.eE+-]*|null)/g)].map((m) => m[1]).sort();

const cases = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => f.slice(0, -'.jsonl'.length))
  .sort();

const tempDirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cardinal-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('conformance cases (open-contracting/cardinal-rs tests/fixtures/indicators)', () => {
  it('finds the cases', () => {
    const codes = new Set(cases.map((name) => name.split('-')[0]));
    expect([...codes].sort()).toEqual([...INDICATOR_CODES].sort());
    for (const name of cases) expect(readdirSync(CASES_DIR)).toContain(`${name}.expected`);
  });

  for (const name of cases) {
    it(`${name} — in memory and streamed`, async () => {
      const expectedText = readFileSync(join(CASES_DIR, `${name}.expected`), 'utf8').trim();
      const expected = JSON.parse(expectedText);
      const settings = parseSettings(caseSettingsIni(name));

      const fromText = formatIndicators(runIndicators(readFileSync(join(CASES_DIR, `${name}.jsonl`), 'utf8'), settings), {
        noMeta: true,
      });
      expect(JSON.parse(fromText)).toStrictEqual(expected);
      expect(numberTokens(fromText)).toEqual(numberTokens(expectedText));

      // Small chunks exercise line reassembly across chunk boundaries.
      const stream = createReadStream(join(CASES_DIR, `${name}.jsonl`), { highWaterMark: 7 });
      const fromStream = formatIndicators(await runIndicators(stream, settings), { noMeta: true });
      expect(fromStream).toBe(fromText);
    });
  }

  it('the command prints the expected line for every case', async () => {
    const dir = tempDir();
    for (const name of cases) {
      const ini = join(dir, `${name}.ini`);
      writeFileSync(ini, caseSettingsIni(name));
      const stdout = new Capture();
      const stderr = new Capture();
      const status = await indicatorsCommand(join(CASES_DIR, `${name}.jsonl`), { settings: ini, noMeta: true }, { stdout, stderr });
      expect(status).toBe(0);
      expect(stderr.text).toBe('');
      expect(stdout.text.endsWith('\n')).toBe(true);
      expect(stdout.text.trimEnd().includes('\n')).toBe(false);
      const expected = JSON.parse(readFileSync(join(CASES_DIR, `${name}.expected`), 'utf8'));
      expect(JSON.parse(stdout.text)).toStrictEqual(expected);
    }
  });
});

describe('output format', () => {
  it('formats floats like serde_json (ryu)', () => {
    expect(formatF64(1)).toBe('1.0');
    expect(formatF64(0)).toBe('0.0');
    expect(formatF64(-0)).toBe('-0.0');
    expect(formatF64(0.2)).toBe('0.2');
    expect(formatF64(100)).toBe('100.0');
    expect(formatF64(-2.5)).toBe('-2.5');
    expect(formatF64(16.666666666666664)).toBe('16.666666666666664');
    expect(formatF64(1e15)).toBe('1000000000000000.0');
    expect(formatF64(1e16)).toBe('1e16');
    expect(formatF64(1.5e17)).toBe('1.5e17');
    expect(formatF64(0.0001)).toBe('0.0001');
    expect(formatF64(0.00001)).toBe('0.00001');
    expect(formatF64(0.000001)).toBe('1e-6');
    expect(formatF64(1.25e-7)).toBe('1.25e-7');
    expect(formatF64(Number.NaN)).toBe('null');
    expect(formatF64(Number.POSITIVE_INFINITY)).toBe('null');
  });

  it('adds a Meta key unless --no-meta, rounded to 4 decimals (cardinal docs example for R024)', () => {
    const text = readFileSync(join(CASES_DIR, 'R024.jsonl'), 'utf8');
    const result = runIndicators(text, parseSettings(caseSettingsIni('R024')));
    const withMeta = JSON.parse(formatIndicators(result));
    expect(withMeta.Meta).toStrictEqual({ R024: { q1: 66.6667, q3: 100, lower_fence: 16.6667 } });
    expect(Object.keys(withMeta)).toEqual(['OCID', 'Tenderer', 'Meta']);
    expect(formatIndicators(result, { noMeta: true })).not.toContain('Meta');
  });

  it('prints an empty object when nothing is flagged, and empty Meta without statistical indicators', () => {
    const result = runIndicators('{"ocid":"a"}\n', { R003: {} });
    expect(formatIndicators(result, { noMeta: true })).toBe('{}');
    expect(formatIndicators(result)).toBe('{"Meta":{}}');
  });

  it('rounds meta half away from zero', () => {
    expect(round4(0.00005)).toBe(0.0001);
    expect(round4(-0.00005)).toBe(-0.0001);
    expect(round4(2 / 3)).toBe(0.6667);
  });
});

describe('numerics', () => {
  it('quantiles are Hyndman–Fan type 8 (statrs test data)', () => {
    const data = [-1.0, 5.0, 0.0, -3.0, 10.0, -0.5, 4.0, 0.2, 1.0, 6.0];
    expect(quantile(data, 0)).toBe(-3);
    expect(quantile(data, 1)).toBe(10);
    expect(quantile(data, 0.7)).toBe(137 / 30);
    expect(quantile(data, 0.01)).toBe(-3);
    expect(quantile(data, 0.99)).toBe(10);
    expect(quantile(data, 0.5)).toBeCloseTo(3 / 5, 15);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile(data, 1.5)).toBeNaN();
  });

  it('fma rounds once', () => {
    expect(0.1 * 10 - 1).toBe(0);
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(fma(2, 3, 4)).toBe(10);
    expect(1e308 * 2 - 1e308).toBe(Number.POSITIVE_INFINITY);
    expect(fma(1e308, 2, -1e308)).toBe(1e308); // no intermediate overflow
    expect(fma(0, -1.5, 0)).toBe(0);
    expect(Object.is(fma(-0, 1, -0), -0)).toBe(true);
    expect(fma(5e-324, 0.5, 0)).toBe(0);
    expect(fma(3, 5e-324, 0)).toBe(1.5e-323);
  });

  it('whole days truncate toward zero with nanosecond precision', () => {
    const parse = (text: string) => {
      const instant = parseRfc3339(text);
      if (!instant) throw new Error(`not RFC 3339: ${text}`);
      return instant;
    };
    const day = (a: string, b: string) => wholeDaysBetween(parse(a), parse(b));
    expect(day('2000-01-01T18:00:00Z', '2000-01-16T18:00:00Z')).toBe(15);
    expect(day('2000-01-01T18:00:00Z', '2000-01-16T17:59:59.999999999Z')).toBe(14);
    expect(day('2000-01-16T18:00:00Z', '2000-01-01T18:00:00.000000001Z')).toBe(-14);
    expect(day('2000-01-01T00:00:00+08:00', '2000-01-01T00:00:00Z')).toBe(0);
    expect(day('2000-01-01T00:00:00+08:00', '2000-01-02T16:00:00Z')).toBe(2);
    expect(parseRfc3339('2000-02-30T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2000-01-01')).toBeUndefined();
    expect(parseRfc3339('2000-01-01T00:00:00')).toBeUndefined();
  });

  it('finds the raw text of a nested value, last duplicate winning', () => {
    expect(rawValueAt('{"tender":{"numberOfTenderers":1.0}}', ['tender', 'numberOfTenderers'])).toBe('1.0');
    expect(rawValueAt('{"a":[{"numberOfTenderers":2}],"tender":{"x":"}","numberOfTenderers":1}}', ['tender', 'numberOfTenderers'])).toBe('1');
    expect(rawValueAt('{"tender":{"numberOfTenderers":1},"tender":{}}', ['tender', 'numberOfTenderers'])).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Threshold boundaries.

const lines = (...objects: object[]) => `${objects.map((o) => JSON.stringify(o)).join('\n')}\n`;
const resultsOf = (text: string, settings: Settings) =>
  JSON.parse(formatIndicators(runIndicators(text, settings), { noMeta: true }));

describe('R003 boundaries', () => {
  const release = (ocid: string, start: string, end: string, extra: object = {}) => ({
    ocid,
    tender: { tenderPeriod: { startDate: start, endDate: end }, ...extra },
  });

  it('flags periods shorter than the threshold, not equal to it', () => {
    const text = lines(
      release('9d23h', '2000-01-10T00:00:00Z', '2000-01-19T23:59:59Z'),
      release('10d', '2000-01-10T00:00:00Z', '2000-01-20T00:00:00Z'),
      release('negative', '2000-01-20T00:00:00Z', '2000-01-10T00:00:00Z'),
    );
    expect(resultsOf(text, { R003: { threshold: 10 } })).toStrictEqual({
      OCID: { '9d23h': { R003: 1 }, negative: { R003: 1 } },
    });
  });

  it('a procurementMethodDetails threshold overrides the default', () => {
    const text = lines(
      release('emergency-4d', '2000-01-01T00:00:00Z', '2000-01-05T00:00:00Z', { procurementMethodDetails: 'emergency' }),
      release('emergency-5d', '2000-01-01T00:00:00Z', '2000-01-06T00:00:00Z', { procurementMethodDetails: 'emergency' }),
      release('other-14d', '2000-01-01T00:00:00Z', '2000-01-15T00:00:00Z', { procurementMethodDetails: 'other' }),
    );
    const settings = parseSettings('[R003]\n[R003.procurement_method_details]\nemergency = 5\n');
    expect(resultsOf(text, settings)).toStrictEqual({ OCID: { 'emergency-4d': { R003: 1 }, 'other-14d': { R003: 1 } } });
  });
});

describe('R018', () => {
  it('needs the integer 1, not 1.0', () => {
    const text = '{"ocid":"int","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}\n{"ocid":"float","tender":{"numberOfTenderers":1.0,"procurementMethod":"open"}}\n';
    expect(resultsOf(text, { R018: {} })).toStrictEqual({ OCID: { int: { R018: 1 } } });
  });
});

describe('R024 / R058 with a threshold', () => {
  const process = (ocid: string, winner: number, second: number) => ({
    ocid,
    bids: {
      details: [
        { status: 'valid', tenderers: [{ id: `W-${ocid}` }], value: { amount: winner, currency: 'USD' } },
        { status: 'valid', tenderers: [{ id: `L-${ocid}` }], value: { amount: second, currency: 'USD' } },
      ],
    },
    awards: [{ status: 'active', suppliers: [{ id: `W-${ocid}` }] }],
  });
  // Ratios (second − winner) / winner: 0.25, 0.5, 0.75.
  const text = lines(process('a', 100, 125), process('b', 100, 150), process('c', 100, 175));

  it('R024 flags ratios at or below the threshold', () => {
    expect(resultsOf(text, { R024: { threshold: 0.5 } })).toStrictEqual({
      OCID: { a: { R024: 0.25 }, b: { R024: 0.5 } },
      Tenderer: { 'W-a': { R024: 0 }, 'L-a': { R024: 0 }, 'W-b': { R024: 0 }, 'L-b': { R024: 0 } },
    });
  });

  it('R058 flags ratios at or above the threshold, and only the winner', () => {
    expect(resultsOf(text, { R058: { threshold: 0.5 } })).toStrictEqual({
      OCID: { b: { R058: 0.5 }, c: { R058: 0.75 } },
      Tenderer: { 'W-b': { R058: 0 }, 'W-c': { R058: 0 } },
    });
  });

  it('uses the main currency setting', () => {
    const cad = lines({ ...process('cad', 100, 125), ocid: 'cad' });
    const warnings: Warning[] = [];
    const result = runIndicators(cad, { currency: 'CAD', R024: { threshold: 1 } }, { onWarning: (w) => warnings.push(w) });
    expect(formatIndicators(result, { noMeta: true })).toBe('{}');
    expect(warnings.map((w) => w.code)).toEqual(['other_currency']);
  });
});

describe('R035 boundaries', () => {
  const process = (ocid: string, disqualified: number) => ({
    ocid,
    bids: {
      details: [
        { status: 'valid', tenderers: [{ id: 'V' }] },
        ...Array.from({ length: disqualified }, (_, i) => ({ status: 'disqualified', tenderers: [{ id: `D${i}` }] })),
      ],
    },
    awards: [{ status: 'active', suppliers: [{ id: 'V' }] }],
  });

  it('flags when at least `threshold` other tenderers were disqualified', () => {
    const text = lines(process('one', 1), process('two', 2), process('three', 3));
    expect(resultsOf(text, { R035: { threshold: 2 } })).toStrictEqual({
      OCID: { two: { R035: 2 }, three: { R035: 3 } },
      Tenderer: { V: { R035: 0 } },
    });
  });

  it('a threshold of 0 behaves as 1', () => {
    const text = lines(process('zero', 0), process('one', 1));
    expect(resultsOf(text, { R035: { threshold: 0 } })).toStrictEqual({
      OCID: { one: { R035: 1 } },
      Tenderer: { V: { R035: 0 } },
    });
  });
});

describe('R038 boundaries', () => {
  const process = (ocid: string, buyer: string, statuses: string[]) => ({
    ocid,
    buyer: { id: buyer },
    bids: { details: statuses.map((status, i) => ({ status, tenderers: [{ id: `${buyer}-T${i}` }] })) },
  });

  it('flags ratios at or above the threshold, only with enough bids', () => {
    const text = lines(
      process('1', 'B-half', ['valid', 'disqualified']),
      process('2', 'B-third', ['valid', 'valid', 'disqualified']),
      process('3', 'B-single', ['disqualified']),
    );
    expect(resultsOf(text, { R038: { threshold: 0.5 } })).toStrictEqual({ Buyer: { 'B-half': { R038: 0.5 } } });
    expect(resultsOf(text, { R038: { threshold: 0.5, minimum_contracting_processes: 1 } })).toStrictEqual({
      Buyer: { 'B-half': { R038: 0.5 }, 'B-single': { R038: 1 } },
    });
  });
});

describe('R048 boundaries', () => {
  const award = (ocid: string, supplier: string, codes: string[]) => ({
    ocid,
    awards: [{ status: 'active', suppliers: [{ id: supplier }], items: codes.map((id) => ({ classification: { id } })) }],
  });

  it('counts classification prefixes of `digits` characters for suppliers with enough processes', () => {
    const text = lines(
      award('1', 'S', ['10110000', '10120000']),
      award('2', 'S', ['11000000']),
      award('3', 'T', ['10000000', '20000000', '30000000']),
    );
    // S: 2 processes, prefixes {10, 11} (2 digits) or {101, 110} (3 digits: 1011/1012 → 101).
    expect(resultsOf(text, { R048: { threshold: 2, minimum_contracting_processes: 2 } })).toStrictEqual({
      Tenderer: { S: { R048: 2 } },
    });
    expect(resultsOf(text, { R048: { threshold: 3, minimum_contracting_processes: 1 } })).toStrictEqual({
      Tenderer: { T: { R048: 3 } },
    });
    expect(resultsOf(text, { R048: { threshold: 3, digits: 4, minimum_contracting_processes: 2 } })).toStrictEqual({
      Tenderer: { S: { R048: 3 } },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Settings and input handling.

describe('settings (INI)', () => {
  it('reads globals, quoted values, comments, sections and nested sections', () => {
    const settings = parseSettings(
      [
        '; comment',
        '# another',
        'currency = USD',
        'no_price_comparison_procurement_methods = "Random Selection|NPC"',
        '[exclusions]',
        "procurement_method_details = 'EXC'",
        '[R003]',
        'threshold = 10',
        'procurement_methods = open|selective',
        '[R003.procurement_method_details]',
        'emergency = 5',
        '[R024]',
        '[R025]',
        'percentile = 90',
        'threshold: 0.05',
        '[defaults]',
        'currency = USD',
      ].join('\r\n'),
    );
    expect(settings).toStrictEqual({
      currency: 'USD',
      no_price_comparison_procurement_methods: 'Random Selection|NPC',
      exclusions: { procurement_method_details: 'EXC' },
      R003: { threshold: 10, procurement_methods: 'open|selective', procurement_method_details: { emergency: 5 } },
      R024: {},
      R025: { percentile: 90, threshold: 0.05 },
    });
  });

  it('rejects unknown sections and keys and wrong types, bilingually', () => {
    expect(() => parseSettings('[R999]\n')).toThrow(/未知的设置项“R999”/);
    expect(() => parseSettings('[R024]\nthreshhold = 1\n')).toThrow(/R024\.threshhold/);
    expect(() => parseSettings('[R024]\nthreshold = abc\n')).toThrow(/不是数字/);
    expect(() => parseSettings('[R035]\nthreshold = -1\n')).toThrow(/非负整数/);
    expect(() => parseSettings('[R024\n')).toThrow(/第 1 行/);
    expect(() => parseSettings('[R024]\njust text\n')).toThrow(/第 2 行/);
    expect(() => parseSettings('[R024]\nthreshold = constructor\n')).toThrow(/不是数字/);
    expect(() => parseSettings('[__proto__]\nx = 1\n')).toThrow(/未知的设置项/);
    try {
      parseSettings('[R024]\nthreshold = x\n');
    } catch (e) {
      expect((e as { bilingual: string }).bilingual).toMatch(/^设置文件无效：.* \/ Invalid settings file: /);
    }
  });
});

describe('JSONL input', () => {
  it('splits byte streams on \\n across chunks, keeps UTF-8 intact, reports bad lines', async () => {
    const good = Buffer.from('{"ocid":"中文","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}\r\n', 'utf8');
    const bad = Buffer.from([0x7b, 0xff, 0x7d, 0x0a]);
    const all = Buffer.concat([good, Buffer.from('\n   \nnot json\n'), bad, good.subarray(0, good.length - 2)]);
    // One byte per chunk: every multi-byte character is split across chunks.
    const chunks = [...all].map((b) => Buffer.from([b]));
    const seen = [];
    for await (const line of readLines(Readable.from(chunks))) seen.push(line);
    expect(seen.map((l) => l.lineNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen[0]).toStrictEqual({ lineNumber: 1, text: good.toString('utf8').trimEnd() });
    expect(seen[4]).toStrictEqual({ lineNumber: 5, invalidUtf8: true });

    const warnings: Warning[] = [];
    const result = await runIndicators(Readable.from(chunks), { R018: {} }, { onWarning: (w) => warnings.push(w) });
    expect(JSON.parse(formatIndicators(result, { noMeta: true }))).toStrictEqual({ OCID: { 中文: { R018: 1 } } });
    expect(warnings.map((w) => [w.code, w.lineNumber])).toEqual([
      ['invalid_json', 4],
      ['invalid_utf8', 5],
    ]);
  });

  it('skips releases without a string ocid, cancelled tenders and excluded procurement method details', () => {
    const open = { numberOfTenderers: 1, procurementMethod: 'open' };
    const text = lines(
      { ocid: 1, tender: open },
      { tender: open },
      { ocid: 'cancelled', tender: { ...open, status: 'cancelled' } },
      { ocid: 'excluded', tender: { ...open, procurementMethodDetails: 'EXC' } },
      { ocid: 'kept', tender: { ...open, procurementMethodDetails: 'other' } },
      [1, 2],
    );
    expect(resultsOf(text, { R018: {}, exclusions: { procurement_method_details: 'EXC|X2' } })).toStrictEqual({
      OCID: { kept: { R018: 1 } },
    });
  });
});

describe('indicatorsCommand', () => {
  it('reads standard input with "-" and prints Meta by default', async () => {
    const stdin = new PassThrough();
    stdin.end(readFileSync(join(CASES_DIR, 'R058.jsonl')));
    const stdout = new Capture();
    const stderr = new Capture();
    const status = await indicatorsCommand('-', {}, { stdin, stdout, stderr });
    expect(status).toBe(0);
    const printed = JSON.parse(stdout.text);
    expect(printed).toHaveProperty('Meta');
    expect(printed.Meta).toStrictEqual({});
  });

  it('exits 2 with one bilingual line for a missing file, a directory, or a bad settings file', async () => {
    const dir = tempDir();
    const badIni = join(dir, 'bad.ini');
    writeFileSync(badIni, '[R024]\nthreshold = high\n');
    const attempts: Array<[string, { settings?: string }]> = [
      [join(dir, 'missing.jsonl'), {}],
      [dir, {}],
      [join(CASES_DIR, 'R024.jsonl'), { settings: badIni }],
      [join(CASES_DIR, 'R024.jsonl'), { settings: join(dir, 'missing.ini') }],
    ];
    for (const [file, opts] of attempts) {
      const stdout = new Capture();
      const stderr = new Capture();
      expect(await indicatorsCommand(file, opts, { stdout, stderr })).toBe(2);
      expect(stdout.text).toBe('');
      expect(stderr.text.split('\n')).toHaveLength(2); // one line + final newline
      expect(stderr.text).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
    }
  });
});
