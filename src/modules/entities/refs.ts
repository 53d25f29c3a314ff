/**
 * The entity index (主体索引): where a person (normalised 身份证号), an enterprise (统一社会信用代码),
 * a phone number, an organisation name and a vehicle plate appear across the 16 datasets.
 *
 * It is a declaration, not a copy: every reference below is a column of a `ds_` table that
 * holds the entity's normalised key (the importer normalises ID numbers, USCCs, phones and
 * plates the same way everywhere) and is indexed (asserted by a test). Lookups are index scans;
 * the SQL view `entity_refs` (entities/schema.ts) is the same list as one relation, and
 * PostgreSQL pushes `WHERE kind = … AND key = …` into each branch. See docs/DECISIONS.md
 * ("Entity index") for why nothing is materialised at import time.
 */
import type { DatasetDef } from '../datasets/catalog.ts';
import { getDataset } from '../datasets/catalog.ts';
import { normalizeIdNumber, normalizePhone, normalizePlate, normalizeUscc } from '../datasets/normalize/index.ts';

export const ENTITY_KINDS = ['person', 'enterprise', 'phone', 'org', 'plate'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const KIND_LABELS: Record<EntityKind, string> = {
  person: '人员',
  enterprise: '企业',
  phone: '电话号码',
  org: '单位',
  plate: '车辆',
};

export interface EntityRef {
  kind: EntityKind;
  dataset: string;
  /** Column holding the entity's key. */
  column: string;
  /** What the entity is in that row (Chinese). */
  role: string;
  /** Column naming the entity in that row, if any. */
  nameColumn?: string;
}

export const ENTITY_REFS: readonly EntityRef[] = [
  { kind: 'person', dataset: 'persons', column: 'id_number', role: '公职人员', nameColumn: 'name' },
  { kind: 'person', dataset: 'relations', column: 'id_number', role: '公职人员（亲属关系登记）', nameColumn: 'name' },
  { kind: 'person', dataset: 'relations', column: 'relative_id_number', role: '公职人员的亲属', nameColumn: 'relative_name' },
  { kind: 'person', dataset: 'deaths', column: 'id_number', role: '死亡登记', nameColumn: 'name' },
  { kind: 'person', dataset: 'subsidies', column: 'id_number', role: '补贴领取人', nameColumn: 'name' },
  { kind: 'person', dataset: 'enterprises', column: 'legal_rep_id_number', role: '企业法定代表人', nameColumn: 'legal_rep_name' },
  { kind: 'person', dataset: 'shareholders', column: 'id_number', role: '企业股东及主要人员', nameColumn: 'name' },
  { kind: 'person', dataset: 'grain', column: 'id_number', role: '售粮人', nameColumn: 'name' },
  { kind: 'person', dataset: 'land', column: 'id_number', role: '土地承包户', nameColumn: 'name' },
  { kind: 'enterprise', dataset: 'enterprises', column: 'uscc', role: '企业登记', nameColumn: 'name' },
  { kind: 'enterprise', dataset: 'shareholders', column: 'uscc', role: '股东及主要人员登记' },
  { kind: 'enterprise', dataset: 'tenders', column: 'winner_uscc', role: '中标单位' },
  { kind: 'enterprise', dataset: 'bids', column: 'bidder_uscc', role: '投标单位', nameColumn: 'bidder_name' },
  { kind: 'phone', dataset: 'enterprises', column: 'phone', role: '企业联系电话' },
  { kind: 'phone', dataset: 'bids', column: 'phone', role: '投标联系电话' },
  { kind: 'phone', dataset: 'vouchers', column: 'user_phone', role: '消费券用户手机号' },
  { kind: 'phone', dataset: 'hotline', column: 'caller_phone', role: '12345诉求人电话' },
  { kind: 'org', dataset: 'persons', column: 'org', role: '工作单位' },
  { kind: 'org', dataset: 'tenders', column: 'buyer', role: '采购单位' },
  { kind: 'org', dataset: 'vehicles', column: 'org', role: '公务用车所属单位' },
  { kind: 'org', dataset: 'receptions', column: 'org', role: '接待单位' },
  { kind: 'org', dataset: 'hotline', column: 'handler_unit', role: '12345承办单位' },
  { kind: 'plate', dataset: 'vehicles', column: 'plate', role: '公务用车' },
  { kind: 'plate', dataset: 'trips', column: 'plate', role: '出车记录' },
  { kind: 'plate', dataset: 'fuel', column: 'plate', role: '加油记录' },
];

export function refsOf(kind: EntityKind): EntityRef[] {
  return ENTITY_REFS.filter((r) => r.kind === kind);
}

export function refDataset(r: EntityRef): DatasetDef {
  return getDataset(r.dataset);
}

/**
 * The entity key as stored by the importer: ID numbers and USCCs upper-cased and 15→18
 * upgraded, phones as digits, plates without `·`, organisation names trimmed. `valid` is false
 * for a key kept but marked invalid (still searchable: the importer stores those too).
 */
export function normalizeEntityKey(kind: EntityKind, raw: string): { key: string; valid: boolean } {
  const r: { ok: true; value: string; invalid?: boolean } | { ok: false; reason: string } =
    kind === 'person'
      ? normalizeIdNumber(raw)
      : kind === 'enterprise'
        ? normalizeUscc(raw)
        : kind === 'phone'
          ? normalizePhone(raw)
          : kind === 'plate'
            ? normalizePlate(raw)
            : { ok: true, value: raw.trim() };
  if (!r.ok) return { key: raw.trim(), valid: false };
  return { key: String(r.value), valid: !r.invalid };
}

/** SQL of the `entity_refs` view: one indexed branch per reference. */
export function entityRefsViewSql(): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'::text`;
  const branches = ENTITY_REFS.map(
    (r) =>
      `SELECT ${lit(r.kind)} AS kind, "${r.column}" AS key, ${lit(r.dataset)} AS dataset, _id AS row_id, ${lit(r.role)} AS role, ${
        r.nameColumn ? `"${r.nameColumn}"` : 'NULL::text'
      } AS name FROM "ds_${r.dataset}" WHERE "${r.column}" IS NOT NULL`,
  );
  return `CREATE VIEW entity_refs AS\n${branches.join('\nUNION ALL\n')};\nCOMMENT ON VIEW entity_refs IS '主体索引：人员/企业/电话/单位/车辆在各数据集中的出现位置（kind, key, dataset, row_id, role, name）';`;
}
