/**
 * The model builder's form state and its translation to and from the server's definition format
 * (src/modules/models/builder/builder.ts: base, joins on entity keys, conditions, subject, window,
 * aggregations, score). Pure functions: the page renders the state, these build the JSON.
 */

export type ValueClass = 'text' | 'number' | 'date' | 'datetime' | 'bool';

export interface VocabColumn {
  key: string;
  name: string;
  type: string;
  value_class: ValueClass;
  entity: string | null;
  ops: string[];
  values?: string[];
  description?: string;
}

export interface VocabDataset {
  name: string;
  title: string;
  columns: VocabColumn[];
}

export interface Vocabulary {
  datasets: VocabDataset[];
  entities: Record<string, string>;
  condition_ops: Record<string, string>;
  aggregations: Record<string, string>;
  threshold_ops: string[];
  same_periods: Record<string, string>;
  limits: { joins: number; conditions: number; aggregations: number; subject: number; listValues: number; textValue: number };
}

export interface JoinState {
  uid: number;
  dataset: string;
  alias: string;
  type: 'inner' | 'left';
  /** left: "alias.column" of an earlier source; right: a column key of this dataset. */
  on: { left: string; right: string }[];
}

export interface ConditionState {
  uid: number;
  column: string;
  op: string;
  mode: 'value' | 'ref';
  value: string | number | boolean | null;
  values: string[];
  ref: string;
  factor: number | null;
}

export interface AggState {
  uid: number;
  fn: string;
  column: string;
  op: string;
  value: number | null;
}

export type WindowKind = 'none' | 'day' | 'month' | 'year' | 'as_of' | 'each_other';

export interface RuleState {
  base: string;
  baseAlias: string;
  joins: JoinState[];
  conditions: ConditionState[];
  subject: string[];
  window: { kind: WindowKind; column: string; days: number | null };
  aggregations: AggState[];
  score: number;
}

/** The definition JSON the API takes (see docs/models.md “模型构建器”). */
export interface Definition {
  base: string;
  base_as?: string;
  joins?: { dataset: string; as?: string; type?: 'inner' | 'left'; on: { left: string; right: string }[] }[];
  conditions?: { column: string; op: string; value?: unknown; ref?: string; factor?: number }[];
  subject: string[];
  window?: { column: string; same: 'day' | 'month' | 'year' } | { column: string; within_days: number; relative_to: 'as_of' | 'each_other' };
  aggregations?: { fn: string; column?: string; op: string; value: number }[];
  score?: number;
}

let uidCounter = 1;
export const nextUid = () => uidCounter++;

export const emptyRule = (base = ''): RuleState => ({
  base,
  baseAlias: base,
  joins: [],
  conditions: [],
  subject: [],
  window: { kind: 'none', column: '', days: 30 },
  aggregations: [],
  score: 0.6,
});

export const NO_VALUE_OPS = ['is_null', 'not_null'];
export const LIST_OPS = ['in', 'not_in'];
export const COMPARE_OPS = ['=', '<>', '<', '<=', '>', '>='];

/** Short title of a dataset (without the parenthesised source list). */
export const shortTitle = (title: string) => title.replace(/（.*$/, '');

/** An alias for a new occurrence of `dataset` that no source uses yet (the server's alias rule). */
export function freshAlias(dataset: string, taken: readonly string[]): string {
  const base = dataset.slice(0, 18);
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

export interface Source {
  alias: string;
  dataset: VocabDataset;
}

/** The base dataset and every joined one, with their aliases (joins whose dataset is unknown are left out). */
export function sourcesOf(rule: RuleState, vocab: Vocabulary): Source[] {
  const out: Source[] = [];
  const base = vocab.datasets.find((d) => d.name === rule.base);
  if (base) out.push({ alias: rule.baseAlias || rule.base, dataset: base });
  for (const j of rule.joins) {
    const d = vocab.datasets.find((x) => x.name === j.dataset);
    if (d) out.push({ alias: j.alias, dataset: d });
  }
  return out;
}

export interface ColumnRef {
  ref: string;
  source: Source;
  column: VocabColumn;
  /** “数据集·列名” (with the alias when a dataset occurs twice). */
  label: string;
}

export function columnsOf(sources: Source[]): ColumnRef[] {
  const twice = new Set(sources.filter((s, i) => sources.findIndex((x) => x.dataset.name === s.dataset.name) !== i).map((s) => s.dataset.name));
  return sources.flatMap((s) =>
    s.dataset.columns.map((c) => ({
      ref: `${s.alias}.${c.key}`,
      source: s,
      column: c,
      label: `${shortTitle(s.dataset.title)}${twice.has(s.dataset.name) ? `（${s.alias}）` : ''}·${c.name}`,
    })),
  );
}

export function findColumn(cols: ColumnRef[], ref: string): ColumnRef | undefined {
  return cols.find((c) => c.ref === ref);
}

/** A condition value as the API takes it (numbers as numbers, 是/否 as booleans). */
function conditionValue(c: ConditionState, col: ColumnRef | undefined): unknown {
  const cls = col?.column.value_class ?? 'text';
  if (LIST_OPS.includes(c.op)) return c.values.map((v) => (cls === 'number' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v));
  if (c.value === null || c.value === '') return undefined;
  if (cls === 'number' && typeof c.value === 'string' && c.value.trim() !== '' && Number.isFinite(Number(c.value))) return Number(c.value);
  return c.value;
}

/** The form state as a definition. Incomplete rows are passed on as they are: the server names what is missing. */
export function toDefinition(rule: RuleState, vocab: Vocabulary): Definition {
  const cols = columnsOf(sourcesOf(rule, vocab));
  const def: Definition = { base: rule.base, subject: [...rule.subject] };
  if (rule.baseAlias && rule.baseAlias !== rule.base) def.base_as = rule.baseAlias;
  if (rule.joins.length) {
    def.joins = rule.joins.map((j) => ({
      dataset: j.dataset,
      ...(j.alias !== j.dataset ? { as: j.alias } : {}),
      type: j.type,
      on: j.on.map((p) => ({ left: p.left, right: p.right })),
    }));
  }
  if (rule.conditions.length) {
    def.conditions = rule.conditions.map((c) => {
      const out: NonNullable<Definition['conditions']>[number] = { column: c.column, op: c.op };
      if (NO_VALUE_OPS.includes(c.op)) return out;
      if (c.mode === 'ref') {
        out.ref = c.ref;
        if (c.factor !== null && c.factor !== undefined && findColumn(cols, c.column)?.column.value_class === 'number') out.factor = c.factor;
        return out;
      }
      const v = conditionValue(c, findColumn(cols, c.column));
      if (v !== undefined) out.value = v;
      return out;
    });
  }
  const w = rule.window;
  if (w.kind === 'day' || w.kind === 'month' || w.kind === 'year') def.window = { column: w.column, same: w.kind };
  else if (w.kind === 'as_of' || w.kind === 'each_other') def.window = { column: w.column, within_days: w.days ?? 0, relative_to: w.kind };
  if (rule.aggregations.length) {
    def.aggregations = rule.aggregations.map((a) => ({ fn: a.fn, ...(a.fn !== 'count' && a.column ? { column: a.column } : {}), op: a.op, value: a.value ?? Number.NaN }));
  }
  def.score = rule.score;
  return def;
}

/** Qualify a bare column of the base dataset ("amount" → "receptions.amount"). */
const qualify = (ref: string | undefined, baseAlias: string) => (!ref ? '' : ref.includes('.') ? ref : `${baseAlias}.${ref}`);

/** A saved definition as form state (the inverse of toDefinition). */
export function fromDefinition(def: Definition): RuleState {
  const baseAlias = def.base_as ?? def.base;
  const q = (r: string | undefined) => qualify(r, baseAlias);
  const w = def.window;
  let window: RuleState['window'] = { kind: 'none', column: '', days: 30 };
  if (w && 'same' in w) window = { kind: w.same, column: q(w.column), days: 30 };
  else if (w && 'within_days' in w) window = { kind: w.relative_to, column: q(w.column), days: w.within_days };
  return {
    base: def.base,
    baseAlias,
    joins: (def.joins ?? []).map((j) => ({
      uid: nextUid(),
      dataset: j.dataset,
      alias: j.as ?? j.dataset,
      type: j.type ?? 'inner',
      on: j.on.map((p) => ({ left: q(p.left), right: p.right.includes('.') ? p.right.split('.')[1] : p.right })),
    })),
    conditions: (def.conditions ?? []).map((c) => ({
      uid: nextUid(),
      column: q(c.column),
      op: c.op,
      mode: c.ref !== undefined ? 'ref' : 'value',
      value: Array.isArray(c.value) ? null : ((c.value as string | number | boolean | undefined) ?? null),
      values: Array.isArray(c.value) ? c.value.map(String) : [],
      ref: q(c.ref),
      factor: c.factor ?? null,
    })),
    subject: def.subject.map(q),
    window,
    aggregations: (def.aggregations ?? []).map((a) => ({ uid: nextUid(), fn: a.fn, column: q(a.column), op: a.op, value: a.value })),
    score: def.score ?? 0.5,
  };
}

/** Where a problem the server reports sits in the form ("conditions[1].value" → “条件 2”). */
export function problemPlace(path: string): string {
  const m = /^(\w+)(?:\[(\d+)\])?/.exec(path);
  if (!m) return path;
  const n = m[2] !== undefined ? ` ${Number(m[2]) + 1}` : '';
  switch (m[1]) {
    case 'base':
    case 'base_as':
      return '基础数据';
    case 'joins':
      return `关联${n}`;
    case 'conditions':
      return `条件${n}`;
    case 'subject':
      return '命中主体';
    case 'window':
      return '时间范围';
    case 'aggregations':
      return `阈值${n}`;
    case 'score':
      return '命中评分';
    default:
      return path;
  }
}

/**
 * What the form can tell is missing before asking the server (the request's JSON schema would
 * refuse these as a whole, without saying where): paths in the server's own notation.
 */
export function localProblems(rule: RuleState): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!rule.base) out.push({ path: 'base', message: '请选择基础数据' });
  if (!rule.subject.length) out.push({ path: 'subject', message: '请至少选择一个字段，作为一条命中的主体' });
  rule.aggregations.forEach((a, i) => {
    if (a.value === null || a.value === undefined || !Number.isFinite(a.value)) out.push({ path: `aggregations[${i}].value`, message: '请填写阈值' });
  });
  if ((rule.window.kind === 'as_of' || rule.window.kind === 'each_other') && !rule.window.days) out.push({ path: 'window.within_days', message: '请填写天数' });
  return out;
}

/** A suggested English identifier for a new model (the user may change it). */
export function suggestName(): string {
  return `custom_${Date.now().toString(36)}`;
}
