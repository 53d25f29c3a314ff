/**
 * The 16 datasets of the data interchange specification (/work/shared/spec/DATASETS.md) as data.
 * English keys, Chinese headers, key columns and required columns are exactly the spec's.
 *
 * The database tables are `ds_<dataset>` with one column per English key (SQL type from
 * {@link SQL_TYPES}) plus bookkeeping columns — generated from this catalog elsewhere.
 */
import { AppError } from '../../platform/errors.ts';

export type ColumnType =
  | 'text'
  | 'id_number'
  | 'uscc'
  | 'phone'
  | 'plate'
  | 'mac'
  | 'ip'
  | 'date'
  | 'datetime'
  | 'amount'
  | 'number'
  | 'integer'
  | 'bool'
  | 'enum';

/** PostgreSQL column type per column type. */
export const SQL_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'text',
  id_number: 'text',
  uscc: 'text',
  phone: 'text',
  plate: 'text',
  mac: 'text',
  ip: 'text',
  enum: 'text',
  date: 'date',
  datetime: 'timestamptz',
  amount: 'numeric(18,2)',
  number: 'numeric',
  integer: 'integer',
  bool: 'boolean',
};

export function sqlType(type: ColumnType): string {
  return SQL_TYPES[type];
}

/**
 * Types whose non-empty value must parse or the row is rejected (spec: "date, date-time, amount,
 * number, 是/否"). Other types never reject a non-empty value: ID numbers/USCC with a wrong check
 * character, and phones/plates/MACs/IPs that do not look right, are kept and marked invalid.
 */
export const REJECTING_TYPES: ReadonlySet<ColumnType> = new Set(['date', 'datetime', 'amount', 'number', 'integer', 'bool']);

/** Types whose invalid values are counted as `invalid_ids` in the import report. */
export const ID_TYPES: ReadonlySet<ColumnType> = new Set(['id_number', 'uscc']);

export interface ColumnDef {
  /** English key: the DB column name and the accepted English header. */
  key: string;
  /** Chinese header (列名) as in the spec. */
  name: string;
  type: ColumnType;
  /** Header must be present and the value non-empty. */
  required: boolean;
  /** Part of the dataset's key (★). */
  isKey: boolean;
  /** 说明 (Chinese), empty when the spec has none. */
  description: string;
  /** For enums: the values the spec lists (others are accepted and kept as written). */
  values?: readonly string[];
}

export interface DatasetDef {
  name: string;
  /** Chinese title of the dataset. */
  title: string;
  /** Key columns (★), in order. Upserts are by these. */
  key: readonly string[];
  columns: readonly ColumnDef[];
  /** Keys of the required columns. */
  required: readonly string[];
}

type Col = [key: string, name: string, type: ColumnType, description?: string, values?: readonly string[]];

function dataset(name: string, title: string, key: string[], required: string[], cols: Col[]): DatasetDef {
  const keys = new Set(cols.map((c) => c[0]));
  for (const k of [...key, ...required]) if (!keys.has(k)) throw new Error(`catalog: ${name}.${k} is not a column`);
  const columns = cols.map(
    ([k, n, type, description = '', values]): ColumnDef => ({
      key: k,
      name: n,
      type,
      required: required.includes(k),
      isKey: key.includes(k),
      description,
      ...(values ? { values } : {}),
    }),
  );
  return { name, title, key, columns, required };
}

export const DATASETS: readonly DatasetDef[] = [
  dataset('persons', '公职人员（财政供养人员）库', ['id_number'], ['id_number', 'name'], [
    ['id_number', '身份证号', 'id_number'],
    ['name', '姓名', 'text'],
    ['org', '单位', 'text', '工作单位，如“示范县农业农村局”'],
    ['position', '职务', 'text'],
    ['category', '人员类别', 'enum', '公务员 / 事业编制 / 村（社区）干部 / 国企管理人员', ['公务员', '事业编制', '村（社区）干部', '国企管理人员']],
    ['status', '在职状态', 'enum', '在职 / 退休 / 离职', ['在职', '退休', '离职']],
  ]),
  dataset('relations', '亲属关系', ['id_number', 'relative_id_number'], ['id_number', 'relative_id_number', 'relation'], [
    ['id_number', '身份证号', 'id_number', '公职人员本人'],
    ['name', '姓名', 'text'],
    ['relative_id_number', '亲属身份证号', 'id_number'],
    ['relative_name', '亲属姓名', 'text'],
    ['relation', '关系', 'enum', '配偶 / 子女 / 父母 / 兄弟姐妹 / 其他', ['配偶', '子女', '父母', '兄弟姐妹', '其他']],
  ]),
  dataset('deaths', '死亡登记（公安户籍注销、民政殡葬、卫健死亡医学证明）', ['id_number'], ['id_number', 'death_date'], [
    ['id_number', '身份证号', 'id_number'],
    ['name', '姓名', 'text'],
    ['death_date', '死亡日期', 'date'],
  ]),
  dataset('subsidies', '惠民惠农补贴发放（“一卡通”）', ['payment_id'], ['payment_id', 'program', 'id_number', 'amount', 'paid_on'], [
    ['payment_id', '发放编号', 'text'],
    [
      'program',
      '项目名称',
      'enum',
      '如 城乡低保、特困供养、高龄津贴、残疾人两项补贴、耕地地力保护补贴、城乡居民养老保险',
      ['城乡低保', '特困供养', '高龄津贴', '残疾人两项补贴', '耕地地力保护补贴', '城乡居民养老保险'],
    ],
    ['id_number', '身份证号', 'id_number', '领取人'],
    ['name', '姓名', 'text'],
    ['amount', '金额', 'amount'],
    ['paid_on', '发放日期', 'date'],
    ['town', '乡镇', 'text'],
    ['village', '村居', 'text'],
  ]),
  dataset('enterprises', '企业登记', ['uscc'], ['uscc', 'name'], [
    ['uscc', '统一社会信用代码', 'uscc'],
    ['name', '企业名称', 'text'],
    ['legal_rep_name', '法定代表人', 'text'],
    ['legal_rep_id_number', '法定代表人身份证号', 'id_number'],
    ['phone', '联系电话', 'phone'],
    ['address', '注册地址', 'text'],
  ]),
  dataset('shareholders', '企业股东及主要人员', ['uscc', 'id_number'], ['uscc', 'id_number'], [
    ['uscc', '统一社会信用代码', 'uscc'],
    ['id_number', '身份证号', 'id_number'],
    ['name', '姓名', 'text'],
    ['role', '角色', 'enum', '股东 / 监事 / 高管 / 法定代表人', ['股东', '监事', '高管', '法定代表人']],
  ]),
  dataset('tenders', '招标采购项目', ['tender_id'], ['tender_id', 'buyer'], [
    ['tender_id', '项目编号', 'text'],
    ['title', '项目名称', 'text'],
    ['buyer', '采购单位', 'text', '单位名称，与公职人员库“单位”的写法一致'],
    [
      'method',
      '采购方式',
      'enum',
      '公开招标 / 邀请招标 / 竞争性谈判 / 竞争性磋商 / 询价 / 单一来源 / 直接采购',
      ['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '询价', '单一来源', '直接采购'],
    ],
    ['budget', '预算金额', 'amount'],
    ['published_on', '发布日期', 'date'],
    ['winner_uscc', '中标单位信用代码', 'uscc'],
    ['award_amount', '中标金额', 'amount'],
    ['awarded_on', '中标日期', 'date'],
  ]),
  dataset('bids', '投标记录', ['tender_id', 'bidder_uscc'], ['tender_id', 'bidder_uscc'], [
    ['tender_id', '项目编号', 'text'],
    ['bidder_uscc', '投标单位信用代码', 'uscc'],
    ['bidder_name', '投标单位', 'text'],
    ['price', '投标报价', 'amount'],
    ['phone', '联系电话', 'phone', '投标文件上的联系电话'],
    ['mac', '投标文件MAC', 'mac', '电子招投标系统记录的 MAC 地址，如 AA-BB-CC-DD-EE-FF 或 aa:bb:…'],
    ['ip', '投标IP', 'ip'],
  ]),
  dataset('vouchers', '文旅惠民消费券核销', ['redemption_id'], ['redemption_id', 'merchant_id', 'redeemed_at'], [
    ['redemption_id', '核销流水号', 'text'],
    ['voucher_id', '券编号', 'text'],
    ['merchant_id', '商户编号', 'text'],
    ['merchant_name', '商户名称', 'text'],
    ['user_phone', '用户手机号', 'phone'],
    ['voucher_amount', '券面金额', 'amount'],
    ['order_amount', '订单金额', 'amount'],
    ['redeemed_at', '核销时间', 'datetime'],
  ]),
  dataset('vehicles', '公务用车', ['plate'], ['plate'], [
    ['plate', '车牌号', 'plate', '如“鲁A·12345”或“鲁A12345”（去掉“·”和空格，字母大写）'],
    ['org', '所属单位', 'text'],
    ['tank_liters', '油箱容积', 'number', '升'],
  ]),
  dataset('trips', '公务用车使用记录', ['trip_id'], ['trip_id', 'plate', 'start_at'], [
    ['trip_id', '出车编号', 'text'],
    ['plate', '车牌号', 'plate'],
    ['start_at', '出车时间', 'datetime'],
    ['end_at', '收车时间', 'datetime'],
    ['km', '里程', 'number', '公里'],
    ['purpose', '事由', 'text'],
    ['approved', '是否审批', 'bool', '是 / 否'],
  ]),
  dataset('fuel', '加油卡交易', ['txn_id'], ['txn_id', 'plate', 'fueled_at', 'liters'], [
    ['txn_id', '交易流水号', 'text'],
    ['card_no', '加油卡号', 'text'],
    ['plate', '车牌号', 'plate'],
    ['fueled_at', '加油时间', 'datetime'],
    ['liters', '加油量', 'number', '升'],
    ['amount', '金额', 'amount'],
    ['station', '加油站', 'text'],
  ]),
  dataset('receptions', '公务接待', ['reception_id'], ['reception_id', 'org', 'date', 'guests', 'hosts', 'amount'], [
    ['reception_id', '接待编号', 'text'],
    ['org', '接待单位', 'text'],
    ['date', '接待日期', 'date'],
    ['guests', '接待对象人数', 'integer'],
    ['hosts', '陪同人数', 'integer'],
    ['amount', '金额', 'amount', '餐费总额'],
    ['alcohol', '含酒水', 'bool', '是 / 否'],
    ['letter', '公函', 'bool', '有 / 无（也可填 是 / 否）'],
  ]),
  dataset('grain', '粮食收购', ['purchase_id'], ['purchase_id', 'id_number', 'quantity_jin', 'purchased_on'], [
    ['purchase_id', '收购单号', 'text'],
    ['id_number', '售粮人身份证号', 'id_number'],
    ['name', '售粮人', 'text'],
    ['quantity_jin', '收购数量', 'number', '斤'],
    ['purchased_on', '收购日期', 'date'],
    ['depot', '粮库', 'text'],
  ]),
  dataset('land', '土地承包经营权', ['id_number'], ['id_number', 'area_mu'], [
    ['id_number', '身份证号', 'id_number', '承包户主'],
    ['name', '姓名', 'text'],
    ['area_mu', '承包面积', 'number', '亩'],
    ['village', '村居', 'text'],
  ]),
  dataset('hotline', '12345 政务服务便民热线工单', ['order_id'], ['order_id', 'received_at', 'content'], [
    ['order_id', '工单编号', 'text'],
    ['received_at', '受理时间', 'datetime'],
    ['caller_name', '诉求人', 'text'],
    ['caller_phone', '联系电话', 'phone'],
    ['address', '诉求地址', 'text'],
    ['district', '区县', 'text'],
    ['street', '乡镇街道', 'text'],
    ['content', '诉求内容', 'text', '群众诉求原文（话务员记录的中文文本）'],
    ['category', '诉求类别', 'text', '可为空：许多导出文件不填，由平台自动分类'],
    ['handler_unit', '承办单位', 'text'],
    ['due_at', '办理时限', 'datetime'],
    ['closed_at', '办结时间', 'datetime', '未办结时为空'],
    ['status', '办理状态', 'enum', '已办结 / 办理中 / 已退回 / 超期', ['已办结', '办理中', '已退回', '超期']],
    ['satisfaction', '回访满意度', 'enum', '满意 / 基本满意 / 不满意 / 未回访', ['满意', '基本满意', '不满意', '未回访']],
    ['supervised', '是否督办', 'bool', '是 / 否'],
  ]),
];

const BY_NAME = new Map(DATASETS.map((d) => [d.name, d]));

export const DATASET_NAMES: readonly string[] = DATASETS.map((d) => d.name);

export function findDataset(name: string): DatasetDef | undefined {
  return BY_NAME.get(name);
}

/** The dataset by its English name; AppError('unknown_dataset') otherwise. */
export function getDataset(name: string): DatasetDef {
  const d = BY_NAME.get(name);
  if (!d) {
    throw new AppError(
      'unknown_dataset',
      `未知的数据集：${name}（可用：${DATASET_NAMES.join('、')}）`,
      `Unknown dataset: ${name} (known: ${DATASET_NAMES.join(', ')})`,
    );
  }
  return d;
}

/** The DB table of a dataset. */
export const tableName = (d: DatasetDef | string) => `ds_${typeof d === 'string' ? d : d.name}`;
