/**
 * What the model builder may name, derived from the dataset catalog: datasets, columns, the
 * entity keys joins may use, the operators of conditions and aggregations. Nothing outside these
 * lists ever reaches SQL.
 */
import { type ColumnDef, type ColumnType, DATASETS, type DatasetDef } from '../../datasets/catalog.ts';

/** Entity a column identifies; joins need both sides to identify the same kind of entity. */
export type EntityKind = 'person' | 'enterprise' | 'vehicle' | 'phone' | 'mac' | 'ip' | 'tender' | 'merchant' | 'voucher' | 'organisation';

export const ENTITY_LABELS: Record<EntityKind, string> = {
  person: '自然人（身份证号）',
  enterprise: '企业（统一社会信用代码）',
  vehicle: '车辆（车牌号）',
  phone: '电话号码',
  mac: 'MAC 地址',
  ip: 'IP 地址',
  tender: '招标项目（项目编号）',
  merchant: '商户（商户编号）',
  voucher: '消费券（券编号）',
  organisation: '单位名称',
};

const BY_TYPE: Partial<Record<ColumnType, EntityKind>> = {
  id_number: 'person',
  uscc: 'enterprise',
  plate: 'vehicle',
  phone: 'phone',
  mac: 'mac',
  ip: 'ip',
};

/** Text columns that are entity keys by their meaning in the spec. */
const BY_KEY: Record<string, EntityKind> = {
  tender_id: 'tender',
  merchant_id: 'merchant',
  voucher_id: 'voucher',
  org: 'organisation',
  buyer: 'organisation',
  handler_unit: 'organisation',
};

export function entityKindOf(c: ColumnDef): EntityKind | null {
  return BY_TYPE[c.type] ?? BY_KEY[c.key] ?? null;
}

/** Every (dataset, column) a join may use, by entity kind. */
export function entityKeys(): Record<EntityKind, { dataset: string; column: string }[]> {
  const out = Object.fromEntries(Object.keys(ENTITY_LABELS).map((k) => [k, [] as { dataset: string; column: string }[]])) as Record<
    EntityKind,
    { dataset: string; column: string }[]
  >;
  for (const d of DATASETS) for (const c of d.columns) {
    const k = entityKindOf(c);
    if (k) out[k].push({ dataset: d.name, column: c.key });
  }
  return out;
}

export type ValueClass = 'text' | 'number' | 'date' | 'datetime' | 'bool';

export function valueClassOf(t: ColumnType): ValueClass {
  switch (t) {
    case 'amount':
    case 'number':
    case 'integer':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'bool':
      return 'bool';
    default:
      return 'text';
  }
}

export const COMPARE_OPS = ['=', '<>', '<', '<=', '>', '>='] as const;
export const CONDITION_OPS = [...COMPARE_OPS, 'in', 'not_in', 'is_null', 'not_null', 'contains', 'not_contains', 'starts_with'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const OP_LABELS: Record<ConditionOp, string> = {
  '=': '等于',
  '<>': '不等于',
  '<': '小于',
  '<=': '小于等于',
  '>': '大于',
  '>=': '大于等于',
  in: '属于',
  not_in: '不属于',
  is_null: '为空',
  not_null: '不为空',
  contains: '包含',
  not_contains: '不包含',
  starts_with: '开头是',
};

/** Which operators each value class allows. */
export const OPS_BY_CLASS: Record<ValueClass, readonly ConditionOp[]> = {
  text: ['=', '<>', 'in', 'not_in', 'is_null', 'not_null', 'contains', 'not_contains', 'starts_with'],
  number: ['=', '<>', '<', '<=', '>', '>=', 'in', 'not_in', 'is_null', 'not_null'],
  date: ['=', '<>', '<', '<=', '>', '>=', 'is_null', 'not_null'],
  datetime: ['<', '<=', '>', '>=', 'is_null', 'not_null'],
  bool: ['=', '<>', 'is_null', 'not_null'],
};

export const AGG_FNS = ['count', 'count_distinct', 'sum', 'min', 'max'] as const;
export type AggFn = (typeof AGG_FNS)[number];
export const AGG_LABELS: Record<AggFn, string> = { count: '记录数', count_distinct: '不同值个数', sum: '合计', min: '最小值', max: '最大值' };
export const THRESHOLD_OPS = ['>=', '>', '<=', '<', '='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export const SAME_PERIODS = ['day', 'month', 'year'] as const;
export type SamePeriod = (typeof SAME_PERIODS)[number];
/** Subject field added for a "same calendar …" window (`date` as in M07). */
export const PERIOD_FIELD: Record<SamePeriod, string> = { day: 'date', month: 'month', year: 'year' };
export const PERIOD_LABELS: Record<SamePeriod, string> = { day: '同一自然日', month: '同一自然月', year: '同一自然年' };

export const LIMITS = { joins: 4, conditions: 30, aggregations: 6, subject: 6, listValues: 200, textValue: 200 } as const;

/** The vocabulary as the builder UI and API callers see it (for the datasets they may use). */
export function vocabulary(usable: ReadonlySet<string>) {
  const datasets = DATASETS.filter((d: DatasetDef) => usable.has(d.name)).map((d) => ({
    name: d.name,
    title: d.title,
    columns: d.columns.map((c) => ({
      key: c.key,
      name: c.name,
      type: c.type,
      value_class: valueClassOf(c.type),
      entity: entityKindOf(c),
      ops: OPS_BY_CLASS[valueClassOf(c.type)],
      /** The allowed values of an enumeration column (the builder offers them as choices). */
      ...(c.values ? { values: [...c.values] } : {}),
      description: c.description,
    })),
  }));
  return {
    datasets,
    entities: ENTITY_LABELS,
    condition_ops: OP_LABELS,
    aggregations: AGG_LABELS,
    threshold_ops: THRESHOLD_OPS,
    same_periods: PERIOD_LABELS,
    limits: LIMITS,
  };
}
