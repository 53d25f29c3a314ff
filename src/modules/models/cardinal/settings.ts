/**
 * The settings file of `ocdscardinal` (INI), read the way the reference reads it
 * (`config` crate over `rust-ini`, then a strict deserialisation):
 *
 * - `key = value` or `key: value`; `;` or `#` starts a comment line; values may be quoted
 *   ("NPC" or 'NPC'); there are no inline comments (text after the value is part of it).
 * - `[R024]` enables an indicator, even when empty. `[R003.procurement_method_details]` is a
 *   nested table. Top-level keys hold global settings (`currency`, …).
 * - Unknown sections or keys, and values of the wrong type, are errors.
 * - The sections of the `prepare` command (`defaults`, `redactions`, `corrections`,
 *   `modifications`, `codelists.*`) are accepted and ignored, so one file serves both commands.
 */
import { AppError } from '../../../platform/errors.ts';

export interface Settings {
  currency?: string;
  no_price_comparison_procurement_methods?: string;
  price_comparison_procurement_methods?: string;
  exclusions?: { procurement_method_details?: string };
  R003?: { threshold?: number; procurement_methods?: string; procurement_method_details?: Record<string, number> };
  R018?: { procurement_methods?: string };
  R024?: { threshold?: number };
  R025?: { percentile?: number; threshold?: number };
  R028?: Record<string, never>;
  R030?: Record<string, never>;
  R035?: { threshold?: number };
  R036?: Record<string, never>;
  R038?: { threshold?: number; minimum_submitted_bids?: number; minimum_contracting_processes?: number };
  R048?: { digits?: number; threshold?: number; minimum_contracting_processes?: number };
  R058?: { threshold?: number };
}

const badSettings = (zh: string, en: string) => new AppError('bad_settings', `设置文件无效：${zh}`, `Invalid settings file: ${en}`);

// ---------------------------------------------------------------------------------------------
// INI syntax → nested tables of strings.

interface Table {
  [key: string]: string | Table;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  r: '\r',
  n: '\n',
  ';': ';',
  '#': '#',
  '=': '=',
  ':': ':',
};

function unescapeIni(text: string, lineNo: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) {
      out += '\\';
      break;
    }
    if (next === 'x') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw badSettings(`第 ${lineNo} 行的转义序列 \\x 不完整`, `incomplete \\x escape on line ${lineNo}`);
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ESCAPES[next] ?? `\\${next}`;
    i++;
  }
  return out;
}

function parseValue(raw: string, lineNo: number): string {
  const text = raw.trimStart();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end < 0) {
      throw badSettings(`第 ${lineNo} 行的引号没有闭合`, `unterminated quote on line ${lineNo}`);
    }
    return unescapeIni(text.slice(1, end), lineNo) + unescapeIni(text.slice(end + 1).trimEnd(), lineNo);
  }
  return unescapeIni(text.trimEnd(), lineNo);
}

/** Walk (creating) nested tables along `path`. */
function tableAt(root: Table, path: string[], lineNo: number): Table {
  let t = root;
  for (const part of path) {
    const existing = t[part];
    if (existing === undefined) {
      const child: Table = Object.create(null);
      t[part] = child;
      t = child;
    } else if (typeof existing === 'string') {
      throw badSettings(`第 ${lineNo} 行：“${path.join('.')}”既是设置项又是节`, `line ${lineNo}: "${path.join('.')}" is both a key and a section`);
    } else {
      t = existing;
    }
  }
  return t;
}

/** Parse INI text into nested tables; section names and top-level keys may be dotted paths. */
export function parseIni(text: string): Table {
  // Null-prototype tables: a key such as "__proto__" is just an (unknown) key.
  const root: Table = Object.create(null);
  let section: Table | undefined; // undefined: top level
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].replace(/\r$/, '').trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const close = line.indexOf(']');
      const rest = close >= 0 ? line.slice(close + 1).trim() : '';
      if (close < 0 || (rest !== '' && !rest.startsWith(';') && !rest.startsWith('#'))) {
        throw badSettings(`第 ${lineNo} 行的节名格式错误`, `malformed section header on line ${lineNo}`);
      }
      const name = line.slice(1, close).trim();
      if (name === '') throw badSettings(`第 ${lineNo} 行的节名为空`, `empty section name on line ${lineNo}`);
      section = tableAt(root, name.split('.'), lineNo);
      continue;
    }
    const sep = line.search(/[=:]/);
    if (sep < 0) {
      throw badSettings(
        `第 ${lineNo} 行应为“键 = 值”，实际为“${line}”`,
        `expected "key = value" on line ${lineNo}, found "${line}"`,
      );
    }
    const key = line.slice(0, sep).trim();
    if (key === '') throw badSettings(`第 ${lineNo} 行缺少键名`, `missing key on line ${lineNo}`);
    const value = parseValue(line.slice(sep + 1), lineNo);
    let target: Table;
    let leaf: string;
    if (section) {
      target = section;
      leaf = key;
    } else {
      const path = key.split('.');
      leaf = path.pop() as string;
      target = tableAt(root, path, lineNo);
    }
    if (typeof target[leaf] === 'object') {
      throw badSettings(`第 ${lineNo} 行：“${key}”已是一个节`, `line ${lineNo}: "${key}" is already a section`);
    }
    target[leaf] = value;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Tables → typed settings (strict, like serde's `deny_unknown_fields`).

type Kind = 'string' | 'int' | 'uint' | 'float' | 'bool';

const BOOL_WORDS: Record<string, number> = { true: 1, on: 1, yes: 1, false: 0, off: 0, no: 0 };

function convert(value: string | Table, kind: Kind, name: string): string | number | boolean {
  if (typeof value !== 'string') {
    throw badSettings(`“${name}”应为单个值，而不是节`, `"${name}" must be a value, not a section`);
  }
  if (kind === 'string') return value;
  const lower = value.toLowerCase();
  if (kind === 'bool') {
    if (Object.hasOwn(BOOL_WORDS, lower)) return BOOL_WORDS[lower] === 1;
    if (lower === '1' || lower === '0') return lower === '1';
    throw badSettings(`“${name}”的值“${value}”不是布尔值`, `"${name}" = "${value}" is not a boolean`);
  }
  if (Object.hasOwn(BOOL_WORDS, lower)) return BOOL_WORDS[lower];
  if (kind === 'float') {
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(lower);
    if (m) return m[2] === 'nan' ? Number.NaN : m[1] === '-' ? -Infinity : Infinity;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return Number(lower);
    throw badSettings(`“${name}”的值“${value}”不是数字`, `"${name}" = "${value}" is not a number`);
  }
  if (kind === 'int' ? /^[+-]?\d+$/.test(value) : /^\+?\d+$/.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  const zh = kind === 'int' ? '整数' : '非负整数';
  const en = kind === 'int' ? 'an integer' : 'a non-negative integer';
  throw badSettings(`“${name}”的值“${value}”不是${zh}`, `"${name}" = "${value}" is not ${en}`);
}

type Schema = { [key: string]: Kind | Schema | { map: Kind } };

const IGNORED_PREPARE_SECTIONS: Schema = {
  defaults: { currency: 'string', item_classification_scheme: 'string', bid_status: 'string', award_status: 'string', party_roles: 'bool' },
  redactions: { amount: 'string', organization_id: 'string' },
  corrections: { award_status_by_contract_status: 'bool' },
  modifications: {
    move_auctions: 'bool',
    prefix_buyer_or_procuring_entity_id: 'string',
    prefix_tenderer_or_supplier_id: 'string',
    split_procurement_method_details: 'string',
  },
  codelists: { bid_status: { map: 'string' }, award_status: { map: 'string' } },
};

const SCHEMA: Schema = {
  currency: 'string',
  no_price_comparison_procurement_methods: 'string',
  price_comparison_procurement_methods: 'string',
  exclusions: { procurement_method_details: 'string' },
  R003: { threshold: 'int', procurement_methods: 'string', procurement_method_details: { map: 'int' } },
  R018: { procurement_methods: 'string' },
  R024: { threshold: 'float' },
  R025: { percentile: 'uint', threshold: 'float' },
  R028: {},
  R030: {},
  R035: { threshold: 'uint' },
  R036: {},
  R038: { threshold: 'float', minimum_submitted_bids: 'uint', minimum_contracting_processes: 'uint' },
  R048: { digits: 'uint', threshold: 'uint', minimum_contracting_processes: 'uint' },
  R058: { threshold: 'float' },
  ...IGNORED_PREPARE_SECTIONS,
};

function validate(table: Table, schema: Schema, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    const name = prefix ? `${prefix}.${key}` : key;
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (spec === undefined) {
      throw badSettings(`未知的设置项“${name}”`, `unknown setting "${name}"`);
    }
    if (typeof spec === 'string') {
      out[key] = convert(value, spec as Kind, name);
    } else if (typeof value === 'string') {
      throw badSettings(`“${name}”应为一个节（[${name}]），而不是单个值`, `"${name}" must be a section ([${name}]), not a value`);
    } else if ('map' in spec && typeof spec.map === 'string') {
      const kind = spec.map as Kind;
      const map: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        Object.defineProperty(map, k, { value: convert(v, kind, `${name}.${k}`), enumerable: true, writable: true, configurable: true });
      }
      out[key] = map;
    } else {
      out[key] = validate(value, spec as Schema, name);
    }
  }
  return out;
}

/** Parse and validate a settings file; throws `AppError('bad_settings', …)` on any problem. */
export function parseSettings(text: string): Settings {
  const tree = validate(parseIni(text), SCHEMA, '');
  for (const key of Object.keys(IGNORED_PREPARE_SECTIONS)) delete tree[key];
  return tree as Settings;
}
