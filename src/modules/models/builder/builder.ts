/**
 * The model builder (模型构建器): user-defined models without code. A JSON definition — base
 * dataset, joins on entity keys, conditions, a subject (the group key), an optional time window
 * and aggregations with thresholds — is validated against the dataset catalog and compiled to
 * the same five-column SQL as the catalogue models.
 *
 * Safety: every dataset, alias, column, operator and function is checked against whitelists
 * (vocabulary.ts) before anything is built; identifiers reach SQL only through Kysely's
 * identifier quoting; every value (condition values, thresholds, day counts, the score, the
 * Chinese description) is a bound parameter. Free-form SQL has no place in the format.
 *
 * Example — "the same phone redeems ≥ 5 vouchers of one merchant on one day" (= M07):
 *
 *   { "base": "vouchers",
 *     "conditions": [{ "column": "vouchers.user_phone", "op": "not_null" }],
 *     "subject": ["vouchers.merchant_id", "vouchers.user_phone"],
 *     "window": { "column": "vouchers.redeemed_at", "same": "day" },
 *     "aggregations": [{ "fn": "count", "op": ">=", "value": 5 }] }
 */
import { type RawBuilder, sql } from 'kysely';
import { badInput } from '../../../platform/errors.ts';
import { type ColumnDef, type DatasetDef, findDataset } from '../../datasets/catalog.ts';
import { normalizerFor } from '../../datasets/normalize/index.ts';
import type { ClueDraft, CompileContext, HitColumns, StoredHit } from '../definition.ts';
import { ds, evByIds, localDate, TZ } from '../sqlkit.ts';
import {
  AGG_FNS,
  AGG_LABELS,
  type AggFn,
  COMPARE_OPS,
  CONDITION_OPS,
  type ConditionOp,
  entityKindOf,
  ENTITY_LABELS,
  LIMITS,
  OP_LABELS,
  OPS_BY_CLASS,
  PERIOD_FIELD,
  PERIOD_LABELS,
  SAME_PERIODS,
  type SamePeriod,
  THRESHOLD_OPS,
  type ThresholdOp,
  type ValueClass,
  valueClassOf,
} from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// The definition format

export interface JoinDef {
  dataset: string;
  /** Alias (default: the dataset name). */
  as?: string;
  type?: 'inner' | 'left';
  /** Pairs of entity keys: `left` is "alias.column" of an earlier source, `right` a column of this dataset. */
  on: { left: string; right: string }[];
}

export interface ConditionDef {
  /** "alias.column" (or a bare column of the base dataset). */
  column: string;
  op: ConditionOp;
  /** A value (list for in/not_in); absent for is_null/not_null and when `ref` is given. */
  value?: unknown;
  /** Compare with another column instead of a value ("alias.column"; comparison operators only). */
  ref?: string;
  /** With `ref` on numbers: compare with ref × factor (e.g. liters > tank_liters × 1.05). */
  factor?: number;
}

export type WindowDef =
  | { column: string; same: SamePeriod }
  | { column: string; within_days: number; relative_to: 'as_of' | 'each_other' };

export interface AggregationDef {
  fn: AggFn;
  /** Required except for count. */
  column?: string;
  op: ThresholdOp;
  value: number;
}

export interface BuilderDefinition {
  base: string;
  base_as?: string;
  joins?: JoinDef[];
  conditions?: ConditionDef[];
  subject: string[];
  window?: WindowDef;
  aggregations?: AggregationDef[];
  /** 0…1, default 0.5. */
  score?: number;
}

/** JSON schema of the definition for the HTTP routes (structure only; meaning is checked by `validateDefinition`). */
export const definitionSchema = (() => {
  const s = (max = 100) => ({ type: 'string', maxLength: max });
  const o = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });
  const scalar = { anyOf: [{ type: 'string', maxLength: LIMITS.textValue }, { type: 'number' }, { type: 'boolean' }] };
  return o(
    {
      base: s(40),
      base_as: s(21),
      joins: {
        type: 'array',
        maxItems: LIMITS.joins,
        items: o(
          {
            dataset: s(40),
            as: s(21),
            type: { type: 'string', enum: ['inner', 'left'] },
            on: { type: 'array', minItems: 1, maxItems: 4, items: o({ left: s(), right: s() }, ['left', 'right']) },
          },
          ['dataset', 'on'],
        ),
      },
      conditions: {
        type: 'array',
        maxItems: LIMITS.conditions,
        items: o(
          {
            column: s(),
            op: { type: 'string', enum: [...CONDITION_OPS] },
            value: { anyOf: [scalar, { type: 'array', maxItems: LIMITS.listValues, items: scalar }] },
            ref: s(),
            factor: { type: 'number' },
          },
          ['column', 'op'],
        ),
      },
      subject: { type: 'array', minItems: 1, maxItems: LIMITS.subject, items: s() },
      window: o({
        column: s(),
        same: { type: 'string', enum: [...SAME_PERIODS] },
        within_days: { type: 'integer' },
        relative_to: { type: 'string', enum: ['as_of', 'each_other'] },
      }, ['column']),
      aggregations: {
        type: 'array',
        maxItems: LIMITS.aggregations,
        items: o({ fn: { type: 'string', enum: [...AGG_FNS] }, column: s(), op: { type: 'string', enum: [...THRESHOLD_OPS] }, value: { type: 'number' } }, ['fn', 'op', 'value']),
      },
      score: { type: 'number', minimum: 0, maximum: 1 },
    },
    ['base', 'subject'],
  );
})();

// ---------------------------------------------------------------------------------------------
// Validation: definition → plan (every identifier resolved against the catalog)

interface Source {
  alias: string;
  dataset: DatasetDef;
}

interface Col {
  alias: string;
  dataset: DatasetDef;
  col: ColumnDef;
  cls: ValueClass;
}

type Cond =
  | { kind: 'value'; col: Col; op: ConditionOp; value: unknown }
  | { kind: 'ref'; col: Col; op: (typeof COMPARE_OPS)[number]; ref: Col; factor: number | null };

interface Agg {
  fn: AggFn;
  col: Col | null;
  op: ThresholdOp;
  value: number;
}

type Window = { kind: 'same'; col: Col; period: SamePeriod } | { kind: 'as_of' | 'sliding'; col: Col; days: number };

export interface Plan {
  base: Source;
  joins: { src: Source; type: 'inner' | 'left'; on: { left: Col; right: Col }[] }[];
  conds: Cond[];
  subject: { col: Col; field: string }[];
  window: Window | null;
  aggs: Agg[];
  score: number;
  datasets: string[];
  /** Chinese description of the rule (first reason of every hit). */
  description: string;
}

const ALIAS = /^[a-z][a-z0-9_]{0,20}$/;

class Problems {
  list: { path: string; message: string; message_en: string }[] = [];
  add(path: string, message: string, messageEn: string) {
    this.list.push({ path, message, message_en: messageEn });
  }
  throwIfAny() {
    if (!this.list.length) return;
    const zh = this.list.map((p) => `${p.path}：${p.message}`).join('；');
    const en = this.list.map((p) => `${p.path}: ${p.message_en}`).join('; ');
    throw badInput(`模型定义有误：${zh}`, `Invalid model definition: ${en}`, { problems: this.list });
  }
}

const colLabel = (c: Col) => `${c.dataset.title.replace(/（.*$/, '')}.${c.col.name}`;

/** Check a definition and resolve every name in it. Throws AppError('bad_input') listing all problems. */
export function validateDefinition(def: BuilderDefinition): Plan {
  const p = new Problems();
  if (!def || typeof def !== 'object') throw badInput('模型定义须为 JSON 对象', 'The definition must be a JSON object');
  const sources = new Map<string, Source>();
  const baseDs = typeof def.base === 'string' ? findDataset(def.base) : undefined;
  if (!baseDs) {
    p.add('base', `未知的数据集“${String(def.base)}”`, `unknown dataset "${String(def.base)}"`);
    p.throwIfAny();
  }
  const addSource = (path: string, dataset: DatasetDef, alias: string | undefined): Source | null => {
    const a = alias ?? dataset.name;
    if (!ALIAS.test(a)) {
      p.add(path, `别名“${a}”须为小写字母开头的字母、数字、下划线（至多 21 个字符）`, `alias "${a}" must match ${ALIAS}`);
      return null;
    }
    if (sources.has(a)) {
      p.add(path, `别名“${a}”重复，同一数据集第二次出现时请用 as 另起别名`, `alias "${a}" is used twice; give the second occurrence another "as"`);
      return null;
    }
    const s = { alias: a, dataset };
    sources.set(a, s);
    return s;
  };
  const base = addSource('base_as', baseDs!, def.base_as)!;
  p.throwIfAny();

  const resolve = (path: string, ref: unknown, allowed: Map<string, Source> = sources): Col | null => {
    if (typeof ref !== 'string' || !ref) {
      p.add(path, '须为“别名.列名”', 'must be "alias.column"');
      return null;
    }
    const [a, c, extra] = ref.includes('.') ? ref.split('.') : [base.alias, ref];
    if (extra !== undefined) {
      p.add(path, `“${ref}”格式不对，须为“别名.列名”`, `"${ref}" must be "alias.column"`);
      return null;
    }
    const src = allowed.get(a);
    if (!src) {
      p.add(path, `未知的别名“${a}”`, `unknown alias "${a}"`);
      return null;
    }
    const col = src.dataset.columns.find((x) => x.key === c);
    if (!col) {
      p.add(path, `数据集 ${src.dataset.name} 没有列“${c}”`, `dataset ${src.dataset.name} has no column "${c}"`);
      return null;
    }
    return { alias: a, dataset: src.dataset, col, cls: valueClassOf(col.type) };
  };

  // Joins: entity keys only, each side identifying the same kind of entity.
  const joins: Plan['joins'] = [];
  const joinDefs = def.joins ?? [];
  if (!Array.isArray(joinDefs) || joinDefs.length > LIMITS.joins) p.add('joins', `至多 ${LIMITS.joins} 个关联`, `at most ${LIMITS.joins} joins`);
  for (const [i, j] of (Array.isArray(joinDefs) ? joinDefs.slice(0, LIMITS.joins) : []).entries()) {
    const path = `joins[${i}]`;
    const d = typeof j?.dataset === 'string' ? findDataset(j.dataset) : undefined;
    if (!d) {
      p.add(`${path}.dataset`, `未知的数据集“${String(j?.dataset)}”`, `unknown dataset "${String(j?.dataset)}"`);
      continue;
    }
    const earlier = new Map(sources);
    const src = addSource(`${path}.as`, d, j.as);
    if (!src) continue;
    const type = j.type ?? 'inner';
    if (type !== 'inner' && type !== 'left') p.add(`${path}.type`, '关联方式须为 inner 或 left', 'type must be inner or left');
    if (!Array.isArray(j.on) || !j.on.length) {
      p.add(`${path}.on`, '须至少有一对关联键', 'needs at least one key pair');
      continue;
    }
    const on: { left: Col; right: Col }[] = [];
    for (const [k, pair] of j.on.entries()) {
      const left = resolve(`${path}.on[${k}].left`, pair?.left, earlier);
      const right = resolve(`${path}.on[${k}].right`, typeof pair?.right === 'string' && !pair.right.includes('.') ? `${src.alias}.${pair.right}` : pair?.right, new Map([[src.alias, src]]));
      if (!left || !right) continue;
      const lk = entityKindOf(left.col);
      const rk = entityKindOf(right.col);
      if (!lk || !rk) {
        const which = !lk ? left : right;
        p.add(`${path}.on[${k}]`, `${colLabel(which)} 不是实体键（只能按身份证号、信用代码、车牌、电话、项目编号等关联）`, `${which.dataset.name}.${which.col.key} is not an entity key`);
        continue;
      }
      if (lk !== rk) {
        p.add(`${path}.on[${k}]`, `关联两侧不是同一类实体（${ENTITY_LABELS[lk]} ≠ ${ENTITY_LABELS[rk]}）`, `the two sides identify different entities (${lk} ≠ ${rk})`);
        continue;
      }
      on.push({ left, right });
    }
    joins.push({ src, type: type === 'left' ? 'left' : 'inner', on });
  }

  // Conditions.
  const conds: Cond[] = [];
  const condDefs = def.conditions ?? [];
  if (!Array.isArray(condDefs) || condDefs.length > LIMITS.conditions) p.add('conditions', `至多 ${LIMITS.conditions} 个条件`, `at most ${LIMITS.conditions} conditions`);
  for (const [i, c] of (Array.isArray(condDefs) ? condDefs.slice(0, LIMITS.conditions) : []).entries()) {
    const path = `conditions[${i}]`;
    const col = resolve(`${path}.column`, c?.column);
    if (!col) continue;
    if (!(CONDITION_OPS as readonly string[]).includes(c.op)) {
      p.add(`${path}.op`, `未知的运算符“${String(c.op)}”`, `unknown operator "${String(c.op)}"`);
      continue;
    }
    if (!OPS_BY_CLASS[col.cls].includes(c.op)) {
      p.add(`${path}.op`, `${colLabel(col)} 不能用“${OP_LABELS[c.op]}”`, `operator ${c.op} does not apply to ${col.col.key} (${col.cls})`);
      continue;
    }
    if (c.ref !== undefined) {
      const ref = resolve(`${path}.ref`, c.ref);
      if (!ref) continue;
      if (!(COMPARE_OPS as readonly string[]).includes(c.op)) {
        p.add(`${path}.op`, '与另一列比较只能用比较运算符', 'column comparisons take a comparison operator');
        continue;
      }
      const comparable = col.cls === ref.cls || (['date', 'datetime'].includes(col.cls) && ['date', 'datetime'].includes(ref.cls));
      if (!comparable) {
        p.add(`${path}.ref`, `${colLabel(col)} 与 ${colLabel(ref)} 类型不同，不能比较`, `${col.col.key} and ${ref.col.key} are not comparable`);
        continue;
      }
      let factor: number | null = null;
      if (c.factor !== undefined) {
        if (col.cls !== 'number' || typeof c.factor !== 'number' || !Number.isFinite(c.factor) || c.factor <= 0 || c.factor > 1e6) {
          p.add(`${path}.factor`, '倍数只用于数值列，须为正数', 'factor applies to numbers and must be positive');
          continue;
        }
        factor = c.factor;
      }
      conds.push({ kind: 'ref', col, op: c.op as (typeof COMPARE_OPS)[number], ref, factor });
      continue;
    }
    if (c.factor !== undefined) {
      p.add(`${path}.factor`, '倍数只能与 ref 一起用', 'factor needs ref');
      continue;
    }
    const value = checkValue(p, `${path}.value`, col, c.op, c.value);
    if (value !== INVALID) conds.push({ kind: 'value', col, op: c.op, value });
  }

  // Subject = group key.
  const subject: Plan['subject'] = [];
  if (!Array.isArray(def.subject) || !def.subject.length || def.subject.length > LIMITS.subject) {
    p.add('subject', `须列出 1–${LIMITS.subject} 个主体字段`, `must list 1–${LIMITS.subject} subject columns`);
  } else {
    def.subject.forEach((ref, i) => {
      const col = resolve(`subject[${i}]`, ref);
      if (!col) return;
      subject.push({ col, field: col.col.key });
    });
    // Same key twice (e.g. two id_number columns): qualify with the alias.
    const counts = new Map<string, number>();
    for (const s of subject) counts.set(s.field, (counts.get(s.field) ?? 0) + 1);
    for (const s of subject) if ((counts.get(s.field) ?? 0) > 1) s.field = `${s.col.alias}_${s.col.col.key}`;
    const fields = new Set<string>();
    for (const s of subject) {
      if (fields.has(s.field)) p.add('subject', `主体字段“${s.field}”重复`, `subject field "${s.field}" repeated`);
      fields.add(s.field);
    }
  }

  // Time window.
  let window: Window | null = null;
  if (def.window !== undefined) {
    const w = def.window as Record<string, unknown>;
    const col = resolve('window.column', w?.column);
    if (col && col.cls !== 'date' && col.cls !== 'datetime') p.add('window.column', `${colLabel(col)} 不是日期或时间列`, `${col.col.key} is not a date or date-time column`);
    else if (col) {
      if (w.same !== undefined && w.within_days !== undefined) p.add('window', 'same 与 within_days 只能选一个', 'give either same or within_days');
      else if (w.same !== undefined) {
        if (!(SAME_PERIODS as readonly string[]).includes(w.same as string)) p.add('window.same', 'same 须为 day、month 或 year', 'same must be day, month or year');
        else window = { kind: 'same', col, period: w.same as SamePeriod };
      } else if (w.within_days !== undefined) {
        const days = w.within_days;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3660) p.add('window.within_days', '天数须为 1–3660 的整数', 'within_days must be an integer 1–3660');
        else if (w.relative_to !== 'as_of' && w.relative_to !== 'each_other') p.add('window.relative_to', 'relative_to 须为 as_of 或 each_other', 'relative_to must be as_of or each_other');
        else window = { kind: w.relative_to === 'as_of' ? 'as_of' : 'sliding', col, days };
      } else p.add('window', '须给出 same 或 within_days', 'give same or within_days');
    }
    const chosen = window as Window | null;
    if (chosen?.kind === 'same') {
      const field = PERIOD_FIELD[chosen.period];
      if (subject.some((s) => s.field === field)) p.add('window', `主体已有字段“${field}”`, `the subject already has a field "${field}"`);
    }
  }

  // Aggregations with thresholds.
  const aggs: Agg[] = [];
  const aggDefs = def.aggregations ?? [];
  if (!Array.isArray(aggDefs) || aggDefs.length > LIMITS.aggregations) p.add('aggregations', `至多 ${LIMITS.aggregations} 个聚合`, `at most ${LIMITS.aggregations} aggregations`);
  for (const [i, a] of (Array.isArray(aggDefs) ? aggDefs.slice(0, LIMITS.aggregations) : []).entries()) {
    const path = `aggregations[${i}]`;
    if (!(AGG_FNS as readonly string[]).includes(a?.fn)) {
      p.add(`${path}.fn`, `未知的聚合“${String(a?.fn)}”`, `unknown aggregation "${String(a?.fn)}"`);
      continue;
    }
    if (!(THRESHOLD_OPS as readonly string[]).includes(a.op)) {
      p.add(`${path}.op`, `未知的阈值运算符“${String(a.op)}”`, `unknown threshold operator "${String(a.op)}"`);
      continue;
    }
    if (typeof a.value !== 'number' || !Number.isFinite(a.value)) {
      p.add(`${path}.value`, '阈值须为数字', 'the threshold must be a number');
      continue;
    }
    let col: Col | null = null;
    if (a.fn !== 'count' || a.column !== undefined) {
      col = resolve(`${path}.column`, a.column);
      if (!col) continue;
      if ((a.fn === 'sum' || a.fn === 'min' || a.fn === 'max') && col.cls !== 'number') {
        p.add(`${path}.column`, `${AGG_LABELS[a.fn]}只能用于数值列，${colLabel(col)} 不是`, `${a.fn} needs a numeric column`);
        continue;
      }
    }
    if (window?.kind === 'sliding' && a.fn === 'count_distinct') {
      p.add(`${path}.fn`, '滑动时间窗口内不能计算不同值个数', 'count_distinct is not available over a sliding window');
      continue;
    }
    aggs.push({ fn: a.fn, col, op: a.op, value: a.value });
  }
  if (window?.kind === 'sliding' && !aggs.length) p.add('window', '“彼此相距 N 天内”窗口须配合聚合阈值使用', 'a sliding window needs at least one aggregation');

  let score = 0.5;
  if (def.score !== undefined) {
    if (typeof def.score !== 'number' || !(def.score >= 0 && def.score <= 1)) p.add('score', '评分须在 0 与 1 之间', 'score must be within 0…1');
    else score = def.score;
  }
  p.throwIfAny();
  const plan: Plan = {
    base,
    joins,
    conds,
    subject,
    window,
    aggs,
    score,
    datasets: [...new Set([base.dataset.name, ...joins.map((j) => j.src.dataset.name)])],
    description: '',
  };
  plan.description = describe(plan);
  return plan;
}

const INVALID = Symbol('invalid');

/** Check and normalise a condition value with the importer's own normalisers (so '+86 138…' matches). */
function checkValue(p: Problems, path: string, col: Col, op: ConditionOp, raw: unknown): unknown {
  if (op === 'is_null' || op === 'not_null') {
    if (raw !== undefined) p.add(path, '“为空/不为空”不需要值', 'is_null/not_null take no value');
    return raw === undefined ? null : INVALID;
  }
  const one = (v: unknown, at: string): unknown => {
    if (v === null || v === undefined || (typeof v === 'string' && !v.trim())) {
      p.add(at, '缺少值', 'value missing');
      return INVALID;
    }
    if (typeof v === 'object') {
      p.add(at, '值须为文本、数字或是/否', 'value must be a string, number or boolean');
      return INVALID;
    }
    if (op === 'contains' || op === 'not_contains' || op === 'starts_with') {
      const t = String(v);
      if (t.length > LIMITS.textValue) {
        p.add(at, `文本过长（至多 ${LIMITS.textValue} 字）`, `text too long (max ${LIMITS.textValue})`);
        return INVALID;
      }
      return t;
    }
    const r = normalizerFor(col.col.type)(typeof v === 'boolean' ? (v ? '是' : '否') : v);
    if (!r.ok) {
      p.add(at, `${colLabel(col)} 的值无效：${r.reason}`, `bad value for ${col.col.key}: ${r.reason}`);
      return INVALID;
    }
    if (typeof r.value === 'string' && r.value.length > LIMITS.textValue) {
      p.add(at, `文本过长（至多 ${LIMITS.textValue} 字）`, `text too long (max ${LIMITS.textValue})`);
      return INVALID;
    }
    return r.value;
  };
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(raw) || !raw.length || raw.length > LIMITS.listValues) {
      p.add(path, `“${OP_LABELS[op]}”须给出 1–${LIMITS.listValues} 个值的列表`, `${op} needs a list of 1–${LIMITS.listValues} values`);
      return INVALID;
    }
    const vals = raw.map((v, i) => one(v, `${path}[${i}]`));
    return vals.includes(INVALID) ? INVALID : vals;
  }
  if (Array.isArray(raw)) {
    p.add(path, `“${OP_LABELS[op]}”只接受一个值`, `${op} takes a single value`);
    return INVALID;
  }
  return one(raw, path);
}

const showVal = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

function describe(plan: Plan): string {
  const parts: string[] = [];
  const src = [plan.base, ...plan.joins.map((j) => j.src)].map((s) => s.dataset.title.replace(/（.*$/, '')).join(' + ');
  parts.push(`数据：${src}`);
  for (const j of plan.joins) {
    parts.push(`关联：${j.on.map((o) => `${colLabel(o.left)} = ${colLabel(o.right)}`).join(' 且 ')}${j.type === 'left' ? '（保留无匹配记录）' : ''}`);
  }
  const conds = plan.conds.map((c) =>
    c.kind === 'ref'
      ? `${colLabel(c.col)} ${OP_LABELS[c.op]} ${colLabel(c.ref)}${c.factor !== null ? ` × ${c.factor}` : ''}`
      : `${colLabel(c.col)} ${OP_LABELS[c.op]}${c.value === null ? '' : ` ${showVal(c.value)}`}`,
  );
  if (conds.length) parts.push(`条件：${conds.join('；')}`);
  parts.push(`主体：${plan.subject.map((s) => colLabel(s.col)).join('、')}`);
  if (plan.window) {
    const w = plan.window;
    parts.push(
      w.kind === 'same'
        ? `时间：${PERIOD_LABELS[w.period]}（${colLabel(w.col)}）`
        : w.kind === 'as_of'
          ? `时间：运行日期前 ${w.days} 天内（${colLabel(w.col)}）`
          : `时间：彼此相距 ${w.days} 天内（${colLabel(w.col)}）`,
    );
  }
  return `自定义模型规则 — ${parts.join('；')}`;
}

// ---------------------------------------------------------------------------------------------
// Compilation: plan → SQL with the five hit columns

const ref = (c: Col) => sql.ref(`${c.alias}.${c.col.key}`);

/** A column as a value of its class, for comparisons (datetimes compared as instants or local dates). */
function castValue(c: Col, v: unknown): RawBuilder<unknown> {
  switch (c.cls) {
    case 'number':
      return sql`${String(v)}::numeric`;
    case 'date':
      return sql`${String(v)}::date`;
    case 'datetime':
      return sql`${String(v)}::timestamptz`;
    case 'bool':
      return sql`${v}::boolean`;
    default:
      return sql`${String(v)}::text`;
  }
}

const SQL_OPS: Record<(typeof COMPARE_OPS)[number], RawBuilder<unknown>> = {
  '=': sql.raw('='),
  '<>': sql.raw('<>'),
  '<': sql.raw('<'),
  '<=': sql.raw('<='),
  '>': sql.raw('>'),
  '>=': sql.raw('>='),
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function condSql(c: Cond): RawBuilder<unknown> {
  const col = ref(c.col);
  if (c.kind === 'ref') {
    let left: RawBuilder<unknown> = col;
    let right: RawBuilder<unknown> = ref(c.ref);
    // date vs datetime: compare Asia/Shanghai calendar dates.
    if (c.col.cls !== c.ref.cls) {
      if (c.col.cls === 'datetime') left = localDate(col);
      if (c.ref.cls === 'datetime') right = localDate(right);
    }
    if (c.factor !== null) right = sql`(${right} * ${String(c.factor)}::numeric)`;
    return sql`${left} ${SQL_OPS[c.op]} ${right}`;
  }
  switch (c.op) {
    case 'is_null':
      return c.col.cls === 'text' ? sql`coalesce(${col}, '') = ''` : sql`${col} IS NULL`;
    case 'not_null':
      return c.col.cls === 'text' ? sql`coalesce(${col}, '') <> ''` : sql`${col} IS NOT NULL`;
    case 'contains':
      return sql`${col} LIKE ${`%${likeEscape(String(c.value))}%`}::text`;
    case 'not_contains':
      return sql`coalesce(${col}, '') NOT LIKE ${`%${likeEscape(String(c.value))}%`}::text`;
    case 'starts_with':
      return sql`${col} LIKE ${`${likeEscape(String(c.value))}%`}::text`;
    case 'in':
    case 'not_in': {
      const arr = c.col.cls === 'number' ? sql`${(c.value as unknown[]).map(String)}::numeric[]` : sql`${(c.value as unknown[]).map(String)}::text[]`;
      return c.op === 'in' ? sql`${col} = ANY(${arr})` : sql`NOT (${col} = ANY(${arr}))`;
    }
    case '<>':
      return sql`${col} IS DISTINCT FROM ${castValue(c.col, c.value)}`;
    default:
      return sql`${col} ${SQL_OPS[c.op]} ${castValue(c.col, c.value)}`;
  }
}

/** Aggregate over j's projected input column v<i> (plain GROUP BY, or OVER win for sliding windows). */
function aggSql(a: Agg, i: number, over: boolean): RawBuilder<unknown> {
  const v = sql.ref(`j.v${i}`);
  const w = over ? sql` OVER win` : sql``;
  switch (a.fn) {
    case 'count':
      return a.col ? sql`count(${v})${w}` : sql`count(*)${w}`;
    case 'count_distinct':
      if (over) throw new Error('count_distinct over a window');
      return sql`count(DISTINCT ${v})`;
    case 'sum':
      return sql`sum(${v})${w}`;
    case 'min':
      return sql`min(${v})${w}`;
    case 'max':
      return sql`max(${v})${w}`;
  }
}

const thresholdSql = (expr: RawBuilder<unknown>, a: Agg) => sql`${expr} ${sql.raw(a.op)} ${String(a.value)}::numeric`;

function periodSql(w: Extract<Window, { kind: 'same' }>): RawBuilder<unknown> {
  const day = w.col.cls === 'datetime' ? localDate(ref(w.col)) : sql`${ref(w.col)}`;
  return w.period === 'day' ? sql`to_char(${day}, 'YYYY-MM-DD')` : w.period === 'month' ? sql`to_char(${day}, 'YYYY-MM')` : sql`extract(year FROM ${day})::int`;
}

const EVIDENCE_CAP = 200;

/** Compile a validated plan. */
export function compilePlan(plan: Plan, ctx: Pick<CompileContext, 'asOf'>): RawBuilder<HitColumns> {
  const sources = [plan.base, ...plan.joins.map((j) => j.src)];
  const k = plan.subject.map((_, i) => sql.ref(`k${i}`));
  const where: RawBuilder<unknown>[] = plan.conds.map(condSql);
  for (const s of plan.subject) where.push(s.col.cls === 'text' ? sql`coalesce(${ref(s.col)}, '') <> ''` : sql`${ref(s.col)} IS NOT NULL`);
  const w = plan.window;
  if (w) where.push(sql`${ref(w.col)} IS NOT NULL`);
  if (w?.kind === 'as_of') {
    // The last N days up to and including as_of.
    const from = sql`(${ctx.asOf}::date - ${w.days - 1}::int)`;
    const to = sql`(${ctx.asOf}::date + 1)`;
    where.push(
      w.col.cls === 'datetime'
        ? sql`${ref(w.col)} >= (${from}::timestamp AT TIME ZONE ${sql.lit(TZ)}) AND ${ref(w.col)} < (${to}::timestamp AT TIME ZONE ${sql.lit(TZ)})`
        : sql`${ref(w.col)} >= ${from} AND ${ref(w.col)} < ${to}`,
    );
  }
  const select: RawBuilder<unknown>[] = plan.subject.map((s, i) => sql`${ref(s.col)} AS ${sql.id(`k${i}`)}`);
  if (w?.kind === 'same') select.push(sql`${periodSql(w)} AS p`);
  if (w?.kind === 'sliding') select.push(sql`${w.col.cls === 'datetime' ? localDate(ref(w.col)) : ref(w.col)} AS td`);
  for (const [i, a] of plan.aggs.entries()) if (a.col) select.push(sql`${ref(a.col)} AS ${sql.id(`v${i}`)}`);
  // Evidence: the row id of each source (null for an unmatched left join); the rows themselves are
  // read back only for the groups that fire, by primary key.
  for (const [i, s] of sources.entries()) select.push(sql`${sql.ref(`${s.alias}._id`)} AS ${sql.id(`r${i}`)}`);
  const from = [sql`${ds(plan.base.dataset.name)} AS ${sql.id(plan.base.alias)}`];
  for (const j of plan.joins) {
    const on = sql.join(
      j.on.map((o) => sql`${ref(o.right)} = ${ref(o.left)}`),
      sql` AND `,
    );
    from.push(sql`${sql.raw(j.type === 'left' ? 'LEFT JOIN' : 'JOIN')} ${ds(j.src.dataset.name)} AS ${sql.id(j.src.alias)} ON ${on}`);
  }
  const j = sql`SELECT ${sql.join(select)} FROM ${sql.join(from, sql` `)} WHERE ${where.length ? sql.join(where, sql` AND `) : sql`true`}`;

  const idsAgg = sources.map(
    (_, i) => sql`(array_agg(DISTINCT ${sql.ref(`j.r${i}`)}) FILTER (WHERE ${sql.ref(`j.r${i}`)} IS NOT NULL))[1:${sql.lit(EVIDENCE_CAP)}] AS ${sql.id(`ids${i}`)}`,
  );
  const idCols = (t: string) => sources.map((_, i) => sql.ref(`${t}.ids${i}`));
  const fields = plan.subject.map((s, i) => sql`${s.field}::text, ${sql.ref(`g.k${i}`)}`);
  if (w?.kind === 'same') fields.push(sql`${PERIOD_FIELD[w.period]}::text, g.p`);
  const subject = sql`jsonb_build_object(${sql.join(fields)})`;
  const aggReasons = plan.aggs.map(
    (a, i) => sql`format('%s：%s（阈值 %s %s）', ${`${AGG_LABELS[a.fn]}${a.col ? `（${colLabel(a.col)}）` : ''}`}::text, trim_scale(${sql.ref(`g.a${i}`)}::numeric), ${a.op}::text, ${String(a.value)}::text)`,
  );
  const reasons = sql`jsonb_build_array(${plan.description}::text${aggReasons.length ? sql`, ${sql.join(aggReasons)}` : sql``})`;
  const evidence = sql.join(
    sources.map((src, i) => evByIds(src.dataset.name, sql.ref(`g.ids${i}`), `_e${i}`)),
    sql` || `,
  );
  const outer = (gsql: RawBuilder<unknown>) => sql<HitColumns>`
    SELECT ${subject} AS subject, ${subject} AS hit_key, ${reasons} AS reasons, ${evidence} AS evidence, ${plan.score}::float8 AS score
    FROM (${gsql}) g`;

  const groupKeys = [...k, ...(w?.kind === 'same' ? [sql.ref('p')] : [])];
  if (w?.kind !== 'sliding') {
    const aggCols = plan.aggs.map((a, i) => sql`${aggSql(a, i, false)} AS ${sql.id(`a${i}`)}`);
    const having = plan.aggs.map((a, i) => thresholdSql(aggSql(a, i, false), a));
    return outer(sql`
      WITH j AS (${j})
      SELECT ${sql.join([...groupKeys, ...aggCols, ...idsAgg])}
      FROM j
      GROUP BY ${sql.join(groupKeys)}
      ${having.length ? sql`HAVING ${sql.join(having, sql` AND `)}` : sql``}`);
  }

  // Sliding window: thresholds over every N-day window [d, d+N-1] of each group; a group is a hit
  // when one of its windows fires; its evidence is every row inside a firing window.
  const span = w.days - 1;
  const over = plan.aggs.map((a, i) => sql`${aggSql(a, i, true)} AS ${sql.id(`a${i}`)}`);
  const fired = plan.aggs.map((a, i) => thresholdSql(sql.ref(`a${i}`), a));
  const kOf = (t: string) => plan.subject.map((_, i) => sql.ref(`${t}.k${i}`));
  const match = (a: string, b: string) => sql.join(plan.subject.map((_, i) => sql`${sql.ref(`${a}.k${i}`)} = ${sql.ref(`${b}.k${i}`)}`), sql` AND `);
  return outer(sql`
    WITH j AS (${j}),
    w AS (
      SELECT ${sql.join([...k, sql.ref('td'), ...over])} FROM j
      WINDOW win AS (PARTITION BY ${sql.join(k)} ORDER BY td RANGE BETWEEN CURRENT ROW AND make_interval(days => ${span}::int) FOLLOWING)
    ),
    f AS (SELECT * FROM w WHERE ${sql.join(fired, sql` AND `)}),
    b AS (SELECT DISTINCT ON (${sql.join(k)}) * FROM f ORDER BY ${sql.join(k)}, a0 DESC, td),
    r AS (
      SELECT ${sql.join([...kOf('j'), ...idsAgg])}
      FROM j
      WHERE EXISTS (SELECT 1 FROM f WHERE ${match('f', 'j')} AND j.td BETWEEN f.td AND f.td + ${span}::int)
      GROUP BY ${sql.join(kOf('j'))}
    )
    SELECT ${sql.join([...kOf('b'), ...plan.aggs.map((_, i) => sql.ref(`b.a${i}`)), ...idCols('r')])}
    FROM b JOIN r ON ${match('r', 'b')}`);
}

/** A clue draft for a hit of a builder model: the subject and reasons, no guessed person. */
export function builderClue(title: string, hit: StoredHit): ClueDraft {
  const subject = Object.entries(hit.subject)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('，');
  return {
    title: `${title}命中（${subject}）问题线索`,
    summary: `自定义监督模型“${title}”（${hit.model_id}）命中 #${hit.id}：\n${hit.reasons.map((r, i) => `${i + 1}. ${r}`).join('\n')}\n证据 ${hit.evidence.length} 条，详见模型命中记录。`,
    domainTags: [],
    persons: [{ name: `主体 ${subject}（待核实）` }],
  };
}
