/**
 * 示范市 integrated data: realistic, deterministic rows for all 16 datasets of the interchange
 * spec, with planted problems for each supervision model M01–M15 and near-miss negatives
 * (docs/demo-city.md lists them; the models engineer asserts against that table).
 *
 * - `generateDemoData({ scale })`: the rows. `scale` multiplies the background (clean) rows for
 *   benchmarks; the planted problems stay the same, and the background is built so that it never
 *   fires a model (unique winners per tender, distinct bid phones/MACs/IPs, at most one payment
 *   per person/program/month, unapproved trips on working days only, …), so the expected hits do
 *   not depend on `scale`.
 * - `writeDemoFiles(data, dir)`: real files as partner bodies deliver them — CSV in UTF-8 (with
 *   and without BOM) and GB18030, XLSX with date cells; Chinese or English headers; mixed date,
 *   amount and phone formats; 15-digit legacy ID numbers; a few bad rows and invalid ID numbers.
 * - `datasetsDemoStep`: imports those files through the real import pipeline (so the demo
 *   exercises it), each with its supplying organisation, and shares the raw rows with the
 *   data administrator role.
 *
 * All business dates are in 2025 (official calendar data exists for it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { isWorkingDay } from '../../platform/calendar/calendar.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { wallClock } from '../../platform/files/cells.ts';
import { writeCsv } from '../../platform/files/csv.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import type { Db } from '../../platform/db/types.ts';
import { mapHeader, validateRow } from '../datasets/rows.ts';
import { DATASET_NAMES, getDataset } from '../datasets/catalog.ts';
import { importFile } from '../datasets/import.service.ts';
import { idCheckDigit, normalizeIdNumber } from '../datasets/normalize/id-number.ts';
import { normalizeUscc, USCC_CHARS, usccCheckChar } from '../datasets/normalize/uscc.ts';
import { COMMISSION, DEMO_ORGS } from './city.ts';
import type { DemoStep } from './demo.service.ts';
import { chineseName, Rng } from './random.ts';

export type Cell = string | number | boolean | Date | null;
export type Rec = Record<string, Cell>;
export type FileFormat = 'csv-utf8' | 'csv-utf8-bom' | 'csv-gb18030' | 'xlsx';

export interface DemoFile {
  dataset: string;
  fileName: string;
  format: FileFormat;
  /** Organisation (name) that supplies the file. */
  supplier: string;
  /** 'zh': Chinese column names; 'en': English keys. */
  header: 'zh' | 'en';
  /** Unknown columns kept with the rows (header → value per row). */
  extraColumns: string[];
  rows: Rec[];
  /** What the import report must say (bad rows and invalid ID/USCC values planted on purpose). */
  expectedRejected: number;
  expectedInvalidIds: number;
}

export interface PlantedHit {
  model: string;
  subject: Record<string, unknown>;
  what: string;
}

export interface NearMiss {
  model: string;
  what: string;
}

export interface DemoData {
  scale: number;
  files: DemoFile[];
  planted: PlantedHit[];
  nearMisses: NearMiss[];
}

/** Expected hits per model (any scale). */
export const EXPECTED_HITS: Readonly<Record<string, number>> = {
  M01: 3,
  M02: 2,
  M03: 3,
  M04: 3,
  M05: 4,
  M06: 2,
  M07: 2,
  M08: 2,
  M09: 4,
  M10: 2,
  M11: 6,
  M12: 2,
  M13: 8,
  M14: 3,
  M15: 4,
};

// ---------------------------------------------------------------------------------------------
// Geography and registers of 示范市

const AREA: Record<string, string> = { 东城区: '379901', 西城区: '379902', 南湖区: '379903', 北山县: '379921' };

const STREETS: Record<string, { street: string; villages: string[] }[]> = {
  东城区: [
    { street: '东华街道', villages: ['幸福社区', '光明社区', '朝阳社区'] },
    { street: '建设路街道', villages: ['建设社区', '文化社区'] },
  ],
  西城区: [
    { street: '西湖街道', villages: ['柳岸社区', '荷花社区'] },
    { street: '和平街道', villages: ['和平社区', '友谊社区'] },
  ],
  南湖区: [
    { street: '南湖镇', villages: ['南湖村', '渔港村', '芦苇村'] },
    { street: '湖滨街道', villages: ['湖滨社区', '新港社区'] },
  ],
  北山县: [
    { street: '北山镇', villages: ['青石村', '柳树村', '石门村'] },
    { street: '白云乡', villages: ['白云村', '山前村', '杏花村'] },
    { street: '松岭乡', villages: ['松岭村', '泉水村'] },
  ],
};
const DISTRICT_NAMES = Object.keys(AREA);
const RURAL = ['南湖区', '北山县'];

const UNITS = DEMO_ORGS.filter((o) => o.kind === 'unit').map((o) => o.name);
const HOSTING_UNITS = UNITS;

const POSITIONS = ['科员', '副主任科员', '主任科员', '副科长', '科长', '副局长', '办公室主任', '四级调研员', '一级主任科员', '工作人员'];
const CATEGORIES = ['公务员', '公务员', '公务员', '事业编制', '事业编制', '村（社区）干部', '国企管理人员'];
const PROGRAM_AMOUNT: Record<string, [number, number]> = {
  城乡低保: [620, 880],
  特困供养: [1050, 1200],
  高龄津贴: [100, 200],
  残疾人两项补贴: [90, 130],
  城乡居民养老保险: [160, 240],
};
const ENTERPRISE_WORDS = ['鸿达', '宏远', '盛世', '恒信', '金桥', '华建', '顺安', '通达', '瑞丰', '博远', '众诚', '嘉禾', '卓越', '新城', '东方', '天成', '汇通', '永固', '联创', '立信'];
const ENTERPRISE_KINDS = ['建筑工程有限公司', '市政工程有限公司', '建材有限公司', '信息技术有限公司', '物业服务有限公司', '园林绿化工程有限公司', '办公设备有限公司', '装饰工程有限公司'];
const TENDER_ITEMS = ['办公楼维修改造', '道路维修', '信息化系统运维', '办公设备采购', '绿化养护', '校舍维修', '污水管网改造', '视频监控系统建设', '物业服务', '农田水利设施维修', '农村公路养护', '公共卫生间改造'];
const METHODS_BIG = ['公开招标', '公开招标', '竞争性磋商', '竞争性谈判', '邀请招标'];
const METHODS_SMALL = ['询价', '直接采购', '竞争性磋商', '单一来源'];
const MERCHANT_KINDS = ['大酒店', '农家乐', '景区', '影城', '书店', '民宿', '美食城', '温泉度假村'];
const TRIP_PURPOSES = ['到乡镇督导检查', '参加市里会议', '送达公文', '调研走访', '项目现场勘查', '防汛检查', '安全生产检查', '接待上级检查'];
const STATIONS = ['中石化示范市东城加油站', '中石油西湖加油站', '中石化北山加油站', '中石油南湖服务区加油站'];
const DEPOTS = ['示范市北山粮库', '南湖国家粮食储备库', '白云乡粮站'];
const HANDLERS = [
  '示范市城市管理局',
  '示范市住房和城乡建设局',
  '示范市市场监督管理局',
  '示范市教育局',
  '示范市卫生健康委员会',
  '示范市农业农村局',
  '东城区人民政府',
  '西城区人民政府',
  '南湖区人民政府',
  '北山县人民政府',
];

/** Ordinary service requests (no misconduct): what most 12345 orders are. */
const SERVICE_REQUESTS: { category: string; text: (place: string) => string }[] = [
  { category: '城乡建设', text: (p) => `${p}门口的路灯已经不亮一个星期，晚上出行很不方便，希望安排人员尽快维修。` },
  { category: '城乡建设', text: (p) => `${p}附近下水道井盖松动，车辆经过时响声很大，担心有安全隐患，请求更换。` },
  { category: '环境保护', text: (p) => `${p}旁边的工地晚上十点以后还在施工，噪音很大影响休息，希望协调夜间停工。` },
  { category: '环境保护', text: (p) => `${p}周边垃圾桶满了好几天，气味很大，希望增加清运次数。` },
  { category: '交通运输', text: (p) => `${p}公交站台的遮雨棚破损，下雨天候车不便，建议修复。` },
  { category: '交通运输', text: (p) => `希望在${p}路口增设一处人行横道信号灯，学生上下学过马路比较危险。` },
  { category: '社会保障', text: (p) => `本人在${p}居住，想咨询城乡居民养老保险的缴费档次和补缴办法。` },
  { category: '社会保障', text: () => '咨询灵活就业人员医保参保需要准备哪些材料，在哪里办理。' },
  { category: '医疗卫生', text: (p) => `${p}社区卫生服务站周末不开门，老人看病不方便，建议周末安排值班。` },
  { category: '教育', text: (p) => `咨询${p}片区小学新生入学报名的时间和需要提供的材料。` },
  { category: '市场监管', text: (p) => `在${p}一家超市买到过期的牛奶，已保留购物小票，希望核实处理。` },
  { category: '物业管理', text: (p) => `${p}小区电梯经常停运，物业维修不及时，希望督促物业公司定期维保。` },
  { category: '物业管理', text: (p) => `${p}小区楼道堆放杂物较多，存在消防隐患，希望物业组织清理。` },
  { category: '城乡建设', text: (p) => `${p}的人行道地砖松动翘起，老人容易绊倒，请尽快修补。` },
  { category: '农业农村', text: (p) => `${p}的灌溉水渠有一段淤堵，马上要浇地了，希望组织清淤。` },
  { category: '农业农村', text: () => '咨询今年耕地地力保护补贴的发放时间和标准。' },
  { category: '文化旅游', text: (p) => `建议在${p}广场增加健身器材，方便周边居民锻炼。` },
  { category: '交通运输', text: (p) => `${p}路段路面坑洼较多，雨天积水严重，希望修补路面。` },
  { category: '环境保护', text: (p) => `${p}附近一家餐馆油烟直排，楼上住户受影响，希望督促安装净化设备。` },
  { category: '社会保障', text: () => '咨询高龄津贴的申请条件，家里老人今年满八十周岁。' },
];

// ---------------------------------------------------------------------------------------------
// Identity generators

class Ids {
  private used = new Set<string>();
  private phones = new Set<string>();
  private usccN = 0;
  private macN = 0;
  private ipN = 0;
  constructor(private rng: Rng) {}

  /** A valid 18-digit ID number in `district`, born `yyyy` (random date), unique. */
  person(district: string, yyyy: number): string {
    for (;;) {
      const mm = this.rng.int(1, 12);
      const dd = this.rng.int(1, 28);
      const seq = this.rng.int(1, 999);
      const first17 = `${AREA[district]}${yyyy}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckDigit(first17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  phone(): string {
    const prefixes = ['138', '139', '135', '136', '150', '151', '158', '187', '188', '137', '159', '183'];
    for (;;) {
      const p = this.rng.pick(prefixes) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  uscc(district: string): string {
    let n = ++this.usccN * 7919 + 104_729;
    let code = '';
    for (let i = 0; i < 9; i++) {
      code = USCC_CHARS[n % 31] + code;
      n = Math.floor(n / 31);
    }
    const first17 = `91${AREA[district]}${code}`;
    return first17 + usccCheckChar(first17);
  }

  mac(): string {
    const n = ++this.macN;
    const hex = (n * 2_654_435_761 + 0x1a2b3c).toString(16).padStart(12, '0').slice(-12).toUpperCase();
    return hex.match(/../g)!.join('-');
  }

  ip(): string {
    const n = ++this.ipN;
    const host = 1 + (n % 250);
    const net = Math.floor(n / 250);
    return `10.${20 + Math.floor(net / 250)}.${net % 250}.${host}`;
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const day = (m: number, d: number) => `2025-${pad2(m)}-${pad2(d)}`;
const at = (date: string, h: number, mi = 0, s = 0) => `${date} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
/** A wall-clock Date cell (XLSX) from 'YYYY-MM-DD[ HH:mm[:ss]]'. */
function cellDate(text: string): Date {
  const [d, t = '00:00:00'] = text.split(' ');
  const [y, m, dd] = d.split('-').map(Number);
  const [h, mi, s = 0] = t.split(':').map(Number);
  return wallClock(y, m, dd, h, mi, s);
}
const randomDay = (rng: Rng, fromMonth = 1, toMonth = 12) => day(rng.int(fromMonth, toMonth), rng.int(1, 28));
const money = (n: number) => Math.round(n * 100) / 100;

/** Legacy 15-digit form of an 18-digit ID number of someone born 19xx. */
export function legacy15(id18: string): string {
  if (id18.slice(6, 8) !== '19') throw new Error('only 19xx births have a 15-digit form');
  return id18.slice(0, 6) + id18.slice(8, 17);
}

// ---------------------------------------------------------------------------------------------

export function generateDemoData(opts: { scale?: number; seed?: number } = {}): DemoData {
  const scale = Math.max(opts.scale ?? 1, 0.01);
  const rng = new Rng(opts.seed ?? 20_250_101);
  const ids = new Ids(rng);
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  const planted: PlantedHit[] = [];
  const near: NearMiss[] = [];
  const plant = (model: string, subject: Record<string, unknown>, what: string) => planted.push({ model, subject, what });
  const miss = (model: string, what: string) => near.push({ model, what });

  const rows: Record<string, Rec[]> = Object.fromEntries(DATASET_NAMES.map((d) => [d, [] as Rec[]]));
  const place = (district = rng.pick(DISTRICT_NAMES)) => {
    const s = rng.pick(STREETS[district]);
    return { district, street: s.street, village: rng.pick(s.villages) };
  };
  const name = () => chineseName(rng);

  // ---- persons (公职人员) and relations (亲属) --------------------------------------------------
  const official = (org: string, opt: { status?: string; position?: string; category?: string; born?: number } = {}) => {
    const district = org.includes('北山县') ? '北山县' : org.includes('南湖区') ? '南湖区' : org.includes('西城区') ? '西城区' : '东城区';
    const r: Rec = {
      id_number: ids.person(district, opt.born ?? rng.int(1966, 1996)),
      name: name(),
      org,
      position: opt.position ?? rng.pick(POSITIONS),
      category: opt.category ?? rng.pick(CATEGORIES),
      status: opt.status ?? '在职',
    };
    rows.persons.push(r);
    return r;
  };
  const relative = (o: Rec, relation: string, born: number, district = '东城区') => {
    const r: Rec = { id_number: o.id_number, name: o.name, relative_id_number: ids.person(district, born), relative_name: name(), relation };
    rows.relations.push(r);
    return { id_number: r.relative_id_number as string, name: r.relative_name as string };
  };

  for (let i = 0; i < n(160); i++) {
    const o = official(rng.pick(UNITS), { status: rng.chance(0.1) ? '退休' : rng.chance(0.03) ? '离职' : '在职' });
    if (rng.chance(0.55)) relative(o, '配偶', rng.int(1966, 1996));
    if (rng.chance(0.3)) relative(o, '子女', rng.int(1990, 2005));
    if (rng.chance(0.08)) relative(o, '兄弟姐妹', rng.int(1960, 1995));
  }

  // planted officials
  const O1 = official('示范市教育局', { position: '科员', category: '事业编制', born: 1975 }); // written as 15 digits in the file
  O1.__legacy15 = true;
  const O2 = official('北山县人民政府', { position: '副科长', category: '公务员' });
  const S2 = relative(O2, '配偶', 1980, '北山县');
  const O3 = official('示范市农业农村局', { status: '退休', position: '主任科员', category: '公务员', born: 1962 });
  const O4 = official('示范市卫生健康委员会', { position: '科长', category: '公务员' });
  const C4 = relative(O4, '子女', 1998, '西城区');
  const SP4 = relative(O4, '配偶', 1944, '西城区'); // an older spouse on 高龄津贴 (not means-tested)
  const O5 = official('示范市住房和城乡建设局', { position: '副局长', category: '公务员' });
  const O6 = official('示范市农业农村局', { position: '科长', category: '公务员' });
  const R6 = relative(O6, '子女', 1992, '南湖区');
  const O7 = official('示范市卫生健康委员会', { status: '退休', position: '副主任科员', category: '公务员', born: 1960 });
  const B7 = relative(O7, '兄弟姐妹', 1963, '东城区');
  const O8 = official('示范市城市管理局', { position: '办公室主任', category: '公务员' });
  const S8 = relative(O8, '配偶', 1983, '东城区');
  const O9 = official('示范市教育局', { position: '科员', category: '公务员' });

  // ---- deaths and subsidies ------------------------------------------------------------------
  let payN = 0;
  const pay = (who: { id_number: string; name: string }, program: string, paidOn: string, where = place(rng.pick(RURAL)), amount?: number) => {
    const [lo, hi] = PROGRAM_AMOUNT[program] ?? [100, 300];
    const r: Rec = {
      payment_id: `FF2025${String(++payN).padStart(7, '0')}`,
      program,
      id_number: who.id_number,
      name: who.name,
      amount: amount ?? money(rng.int(lo, hi)),
      paid_on: paidOn,
      town: where.street,
      village: where.village,
    };
    rows.subsidies.push(r);
    return r;
  };
  const monthly = (who: { id_number: string; name: string }, program: string, fromM: number, toM: number, dd = 10) => {
    const where = place(rng.pick(RURAL));
    const amount = money(rng.int(...(PROGRAM_AMOUNT[program] ?? [100, 300])));
    for (let m = fromM; m <= toM; m++) pay(who, program, day(m, dd), where, amount);
  };
  const death = (who: { id_number: string; name: string }, date: string) => rows.deaths.push({ id_number: who.id_number, name: who.name, death_date: date });
  const resident = (district = rng.pick(RURAL), born = rng.int(1940, 1990)) => ({ id_number: ids.person(district, born), name: name() });

  // background recipients: one payment per program per month, January to June
  const recipients: { id_number: string; name: string }[] = [];
  for (let i = 0; i < n(260); i++) {
    const old = rng.chance(0.35);
    const who = resident(rng.pick(DISTRICT_NAMES), old ? rng.int(1930, 1945) : rng.int(1950, 1995));
    recipients.push(who);
    const program = old ? '高龄津贴' : rng.pick(['城乡低保', '城乡低保', '特困供养', '残疾人两项补贴', '城乡居民养老保险']);
    monthly(who, program, 1, 6, rng.int(5, 12));
    if (program !== '城乡居民养老保险' && rng.chance(0.15)) monthly(who, '城乡居民养老保险', 1, 6, 20);
  }
  // farmers' yearly 耕地地力保护补贴 (one payment)
  const farmers: { who: { id_number: string; name: string }; area: number; where: ReturnType<typeof place> }[] = [];
  for (let i = 0; i < n(150); i++) {
    const where = place(rng.pick(RURAL));
    const who = resident(where.district, rng.int(1950, 1985));
    const area = rng.int(30, 300) / 10;
    farmers.push({ who, area, where });
    pay(who, '耕地地力保护补贴', day(4, rng.int(10, 25)), where, money(area * 118.5));
  }
  // background deaths: recipients who died after their last payment, and others
  const diedLater = new Set<number>();
  for (let i = 0; i < n(10); i++) diedLater.add((i * 7) % recipients.length);
  for (const k of diedLater) death(recipients[k], day(rng.int(7, 12), rng.int(20, 28)));
  for (let i = 0; i < n(15); i++) death(resident(rng.pick(DISTRICT_NAMES), rng.int(1925, 1950)), randomDay(rng));

  // two recipients whose ID numbers were typed with a wrong check digit (kept, counted invalid)
  for (let i = 0; i < 2; i++) {
    const good = ids.person('北山县', 1950 + i);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    pay({ id_number: bad, name: name() }, '城乡居民养老保险', day(3, 20), undefined, 180);
  }

  // M01: paid after death
  const D1 = resident('北山县', 1931);
  death(D1, day(3, 10));
  monthly(D1, '高龄津贴', 1, 12, 15);
  plant('M01', { id_number: D1.id_number }, `${D1.name}：2025-03-10 死亡，高龄津贴仍发放至 12 月（死亡后 9 笔）`);
  const D2 = resident('南湖区', 1950);
  death(D2, day(7, 2));
  monthly(D2, '城乡低保', 1, 9, 15);
  plant('M01', { id_number: D2.id_number }, `${D2.name}：2025-07-02 死亡，城乡低保发放至 9 月（死亡后 3 笔）`);
  const D3 = resident('东城区', 1958);
  death(D3, day(1, 20));
  monthly(D3, '残疾人两项补贴', 1, 6, 25);
  plant('M01', { id_number: D3.id_number }, `${D3.name}：2025-01-20 死亡，残疾人两项补贴发放至 6 月（死亡后 5 笔）`);
  const D4 = resident('北山县', 1935);
  death(D4, day(6, 15));
  monthly(D4, '高龄津贴', 1, 6, 15);
  miss('M01', `${D4.name}：2025-06-15 死亡，最后一笔高龄津贴同日发放（同日不算）`);
  const D5 = resident('南湖区', 1940);
  death(D5, day(8, 20));
  monthly(D5, '城乡低保', 1, 8, 5);
  miss('M01', `${D5.name}：2025-08-20 死亡，最后一笔低保 2025-08-05 发放（死亡前）`);

  // M02: officials (or their spouses) on 低保/特困
  monthly({ id_number: O1.id_number as string, name: O1.name as string }, '城乡低保', 1, 3, 10);
  plant('M02', { id_number: O1.id_number }, `${O1.name}（示范市教育局在职，公职人员库中为 15 位旧身份证号）本人领取城乡低保 3 笔`);
  monthly(S2, '特困供养', 1, 6, 10);
  plant('M02', { id_number: S2.id_number }, `${S2.name}（北山县人民政府在职干部${O2.name}的配偶）领取特困供养 6 笔`);
  monthly({ id_number: O3.id_number as string, name: O3.name as string }, '城乡低保', 2, 4, 10);
  miss('M02', `${O3.name}：已退休公职人员领取城乡低保（只查在职）`);
  monthly(C4, '城乡低保', 1, 6, 10);
  miss('M02', `${C4.name}：在职干部${O4.name}的子女领取城乡低保（只查本人和配偶）`);
  monthly(SP4, '高龄津贴', 1, 6, 10);
  miss('M02', `${SP4.name}：在职干部${O4.name}的配偶领取高龄津贴（不是低保/特困）`);

  // M03: two or more payments of one program in one month
  const P31 = resident('北山县', 1962);
  monthly(P31, '城乡低保', 1, 6, 15);
  pay(P31, '城乡低保', day(5, 28));
  plant('M03', { id_number: P31.id_number, program: '城乡低保', month: '2025-05' }, `${P31.name}：2025 年 5 月城乡低保 2 笔（5 月 15 日、28 日）`);
  const P32 = resident('南湖区', 1958);
  for (let m = 7; m <= 10; m++) pay(P32, '城乡居民养老保险', day(m, 20), undefined, 180);
  pay(P32, '城乡居民养老保险', day(9, 3), undefined, 180);
  plant('M03', { id_number: P32.id_number, program: '城乡居民养老保险', month: '2025-09' }, `${P32.name}：2025 年 9 月城乡居民养老保险 2 笔`);
  const P33 = resident('东城区', 1938);
  pay(P33, '高龄津贴', day(11, 5), undefined, 200);
  pay(P33, '高龄津贴', day(11, 12), undefined, 200);
  pay(P33, '高龄津贴', day(11, 26), undefined, 200);
  plant('M03', { id_number: P33.id_number, program: '高龄津贴', month: '2025-11' }, `${P33.name}：2025 年 11 月高龄津贴 3 笔`);
  const P34 = resident('北山县', 1966);
  pay(P34, '城乡低保', day(5, 31));
  pay(P34, '城乡低保', day(6, 1));
  miss('M03', `${P34.name}：5 月 31 日和 6 月 1 日各一笔城乡低保（相邻月份）`);
  const P35 = resident('南湖区', 1970);
  pay(P35, '城乡低保', day(3, 10));
  pay(P35, '残疾人两项补贴', day(3, 10));
  miss('M03', `${P35.name}：同月领取两个不同项目各一笔`);

  // ---- enterprises, shareholders, tenders, bids -----------------------------------------------
  const entNames = new Set<string>();
  const enterprise = (opt: { rep?: { id_number: string; name: string }; district?: string; kind?: string } = {}) => {
    const district = opt.district ?? rng.pick(DISTRICT_NAMES);
    let nm = '';
    do nm = `示范市${rng.pick(ENTERPRISE_WORDS)}${rng.pick(ENTERPRISE_WORDS)}${opt.kind ?? rng.pick(ENTERPRISE_KINDS)}`;
    while (entNames.has(nm));
    entNames.add(nm);
    const rep = opt.rep ?? { id_number: ids.person(district, rng.int(1965, 1990)), name: name() };
    const p = place(district);
    const e: Rec = {
      uscc: ids.uscc(district),
      name: nm,
      legal_rep_name: rep.name,
      legal_rep_id_number: rep.id_number,
      phone: ids.phone(),
      address: `${district}${p.street}${rng.pick(['工业园', '创业大厦', '商贸城', '科技园'])}${rng.int(1, 30)}号`,
    };
    rows.enterprises.push(e);
    rows.shareholders.push({ uscc: e.uscc, id_number: rep.id_number, name: rep.name, role: '法定代表人' });
    const macs = { mac: ids.mac(), ip: ids.ip() };
    return { ...e, ...macs } as Rec & { mac: string; ip: string };
  };
  const shareholder = (e: Rec, who: { id_number: string; name: string }, role: string) =>
    rows.shareholders.push({ uscc: e.uscc, id_number: who.id_number, name: who.name, role });

  const background: (Rec & { mac: string; ip: string })[] = [];
  for (let i = 0; i < n(90); i++) {
    const e = enterprise();
    background.push(e);
    if (rng.chance(0.6)) shareholder(e, resident(rng.pick(DISTRICT_NAMES), rng.int(1960, 1995)), '股东');
    if (rng.chance(0.3)) shareholder(e, resident(rng.pick(DISTRICT_NAMES), rng.int(1960, 1995)), rng.pick(['监事', '高管']));
  }

  let tenderN = 0;
  const tender = (o: { buyer: string; winner: Rec; amount: number; awarded: string; method?: string; title?: string; id?: string }) => {
    const id = o.id ?? `SFZC2025-${String(10_000 + ++tenderN)}`;
    const published = addDays(o.awarded, -rng.int(20, 40));
    const r: Rec = {
      tender_id: id,
      title: o.title ?? `${o.buyer.replace(/^示范市/, '')}${rng.pick(TENDER_ITEMS)}项目`,
      buyer: o.buyer,
      method: o.method ?? (o.amount >= 400_000 ? rng.pick(METHODS_BIG) : rng.pick(METHODS_SMALL)),
      budget: money(o.amount * (1 + rng.int(2, 12) / 100)),
      published_on: published,
      winner_uscc: o.winner.uscc,
      award_amount: o.amount,
      awarded_on: o.awarded,
    };
    rows.tenders.push(r);
    return r;
  };
  const bid = (t: Rec, e: Rec & { mac: string; ip: string }, over: Partial<Record<'phone' | 'mac' | 'ip', string>> = {}, price?: number) =>
    rows.bids.push({
      tender_id: t.tender_id,
      bidder_uscc: e.uscc,
      bidder_name: e.name,
      price: price ?? money(Number(t.award_amount) * (1 + rng.int(0, 9) / 100)),
      phone: over.phone ?? (e.phone as string),
      mac: over.mac ?? e.mac,
      ip: over.ip ?? e.ip,
    });

  // background: every tender has its own winner (no pair of buyer and winner twice), 3–5 bidders
  const nTenders = Math.min(n(60), background.length);
  for (let i = 0; i < nTenders; i++) {
    const winner = background[i];
    const amount = rng.chance(0.5) ? rng.int(50, 390) * 1000 : rng.int(40, 300) * 10_000;
    const t = tender({ buyer: rng.pick(UNITS), winner, amount, awarded: randomDay(rng) });
    bid(t, winner, {}, amount);
    const others = new Set<number>();
    const k = rng.int(2, 4);
    while (others.size < k) {
      const j = rng.int(0, background.length - 1);
      if (j !== i) others.add(j);
    }
    for (const j of others) bid(t, background[j]);
  }

  // M04: a winner tied to an in-service official of the buying organisation
  const E5 = enterprise({ kind: '建筑工程有限公司', district: '东城区' });
  shareholder(E5, { id_number: O5.id_number as string, name: O5.name as string }, '股东');
  const T5 = tender({ id: 'SFZC2025-0401', buyer: '示范市住房和城乡建设局', winner: E5, amount: 1_280_000, awarded: day(4, 18), method: '公开招标', title: '市住建局机关办公楼节能改造项目' });
  bid(T5, E5, {}, 1_280_000);
  bid(T5, background[0]);
  bid(T5, background[1]);
  plant('M04', { tender_id: T5.tender_id }, `${E5.name}中标市住建局项目，其股东${O5.name}是市住建局在职副局长`);
  const E6 = enterprise({ rep: R6, kind: '信息技术有限公司', district: '南湖区' });
  const T6 = tender({ id: 'SFZC2025-0402', buyer: '示范市农业农村局', winner: E6, amount: 560_000, awarded: day(6, 9), method: '竞争性磋商', title: '高标准农田信息化监测平台项目' });
  bid(T6, E6, {}, 560_000);
  bid(T6, background[2]);
  plant('M04', { tender_id: T6.tender_id }, `${E6.name}（法定代表人${R6.name}）中标市农业农村局项目，${R6.name}是该局在职科长${O6.name}的子女`);
  const T6b = tender({ id: 'SFZC2025-0403', buyer: '示范市教育局', winner: E6, amount: 320_000, awarded: day(9, 2), method: '竞争性磋商', title: '中小学智慧教室运维项目' });
  bid(T6b, E6, {}, 320_000);
  miss('M04', `${E6.name}也中标了市教育局项目（亲属任职的是农业农村局，不是采购单位）`);
  const E7 = enterprise({ rep: B7, kind: '办公设备有限公司', district: '东城区' });
  const T7 = tender({ id: 'SFZC2025-0404', buyer: '示范市卫生健康委员会', winner: E7, amount: 450_000, awarded: day(5, 12), method: '公开招标', title: '基层医疗机构办公设备采购项目' });
  bid(T7, E7, {}, 450_000);
  miss('M04', `${E7.name}（法定代表人是市卫健委已退休干部${O7.name}的兄弟姐妹）中标市卫健委项目（只查在职）`);
  const E8 = enterprise({ kind: '园林绿化工程有限公司', district: '东城区' });
  shareholder(E8, S8, '监事');
  const T8 = tender({ id: 'SFZC2025-0405', buyer: '示范市城市管理局', winner: E8, amount: 880_000, awarded: day(8, 21), method: '公开招标', title: '城区主干道绿化养护项目' });
  bid(T8, E8, {}, 880_000);
  bid(T8, background[3]);
  plant('M04', { tender_id: T8.tender_id }, `${E8.name}中标市城管局项目，其监事${S8.name}是该局在职办公室主任${O8.name}的配偶`);
  const E9 = enterprise({ kind: '装饰工程有限公司', district: '西城区' });
  shareholder(E9, { id_number: O9.id_number as string, name: O9.name as string }, '股东');
  const T9 = tender({ id: 'SFZC2025-0406', buyer: '示范市文化和旅游局', winner: E9, amount: 380_000, awarded: day(10, 16), method: '询价', title: '博物馆展厅装饰改造项目' });
  bid(T9, E9, {}, 380_000);
  miss('M04', `${E9.name}的股东${O9.name}是市教育局在职干部，但中标的是市文旅局项目`);

  // M05: bidders of one tender sharing a phone, a MAC, an IP or a legal representative
  const col = Array.from({ length: 10 }, () => enterprise({ kind: rng.pick(['建筑工程有限公司', '市政工程有限公司']) }));
  const [E51, E52, E53, E54, E55, E56, E57, E58, E60] = col;
  const E59 = enterprise({ rep: { id_number: E58.legal_rep_id_number as string, name: E58.legal_rep_name as string }, kind: '市政工程有限公司' });
  const T51 = tender({ id: 'SFZC2025-0501', buyer: '示范市住房和城乡建设局', winner: E53, amount: 2_350_000, awarded: day(3, 26), method: '公开招标', title: '保障性住房小区配套道路工程' });
  bid(T51, E51, { phone: '13905310088' });
  bid(T51, E52, { phone: '139-0531-0088' });
  bid(T51, E53, {}, 2_350_000);
  plant('M05', { tender_id: T51.tender_id }, `${E51.name}与${E52.name}投标联系电话相同（13905310088，文件中写法不同）`);
  const T52 = tender({ id: 'SFZC2025-0502', buyer: '示范市城市管理局', winner: E54, amount: 1_760_000, awarded: day(6, 30), method: '公开招标', title: '城区排水管网清淤疏通工程' });
  bid(T52, E53);
  bid(T52, E54, { mac: 'A4-5E-60-C2-19-7B' }, 1_760_000);
  bid(T52, E55, { mac: 'a4:5e:60:c2:19:7b' });
  plant('M05', { tender_id: T52.tender_id }, `${E54.name}与${E55.name}投标文件 MAC 地址相同（A4-5E-60-C2-19-7B / a4:5e:60:c2:19:7b）`);
  const T53 = tender({ id: 'SFZC2025-0503', buyer: '北山县人民政府', winner: E56, amount: 980_000, awarded: day(9, 18), method: '竞争性谈判', title: '北山县乡村道路提升工程' });
  bid(T53, E56, { ip: '10.12.5.23' }, 980_000);
  bid(T53, E57, { ip: '010.012.005.023' });
  bid(T53, background[4]);
  plant('M05', { tender_id: T53.tender_id }, `${E56.name}与${E57.name}投标 IP 相同（10.12.5.23）`);
  const T54 = tender({ id: 'SFZC2025-0504', buyer: '南湖区人民政府', winner: E58, amount: 1_150_000, awarded: day(11, 7), method: '公开招标', title: '南湖滨水步道修缮工程' });
  bid(T54, E58, {}, 1_150_000);
  bid(T54, E59);
  bid(T54, background[5]);
  plant('M05', { tender_id: T54.tender_id }, `${E58.name}与${E59.name}的法定代表人为同一人（${E58.legal_rep_name}）`);
  const T55 = tender({ id: 'SFZC2025-0505', buyer: '西城区人民政府', winner: E60, amount: 760_000, awarded: day(10, 10), method: '公开招标', title: '西城区老旧小区屋面防水工程' });
  bid(T55, E60, { phone: '13905310088' }, 760_000);
  bid(T55, background[6]);
  miss('M05', `${E60.name}投标时用了 T51 项目中出现过的电话，但同一项目内无人共用`);

  // M06: the same buyer awarding the same winner several small tenders within 30 days
  const E61 = enterprise({ kind: '市政工程有限公司', district: '东城区' });
  const E62 = enterprise({ kind: '建筑工程有限公司', district: '北山县' });
  const E63 = enterprise({ kind: '办公设备有限公司', district: '西城区' });
  const E64 = enterprise({ kind: '物业服务有限公司', district: '南湖区' });
  const E65 = enterprise({ kind: '建筑工程有限公司', district: '东城区' });
  const split = (buyer: string, w: Rec & { mac: string; ip: string }, list: [string, number][], idBase: number) =>
    list.map(([d, amount], i) => {
      const t = tender({ id: `SFZC2025-0${idBase + i}`, buyer, winner: w, amount, awarded: d, method: amount < 400_000 ? '询价' : '公开招标' });
      bid(t, w, {}, amount);
      return t;
    });
  split('示范市城市管理局', E61, [[day(3, 3), 150_000], [day(3, 17), 180_000], [day(3, 28), 120_000]], 601);
  plant('M06', { buyer: '示范市城市管理局', winner_uscc: E61.uscc }, `市城管局 3 月 3 日至 28 日向${E61.name}授予 3 个项目（15 万、18 万、12 万，合计 45 万）`);
  split('北山县人民政府', E62, [[day(7, 1), 230_000], [day(7, 25), 190_000]], 611);
  plant('M06', { buyer: '北山县人民政府', winner_uscc: E62.uscc }, `北山县政府 7 月 1 日、25 日向${E62.name}授予 2 个项目（23 万、19 万，合计 42 万）`);
  split('示范市教育局', E63, [[day(5, 6), 150_000], [day(5, 20), 120_000]], 621);
  miss('M06', `市教育局 30 天内向${E63.name}授予 2 个小额项目，合计 27 万（未达 40 万）`);
  split('南湖区人民政府', E64, [[day(8, 1), 300_000], [day(9, 15), 250_000]], 631);
  miss('M06', `南湖区政府向${E64.name}授予 2 个项目合计 55 万，但相隔 45 天`);
  split('东城区人民政府', E65, [[day(4, 8), 350_000], [day(4, 22), 420_000]], 641);
  miss('M06', `东城区政府 14 天内向${E65.name}授予 35 万和 42 万两个项目（42 万的项目本身已达限额）`);

  // ---- vouchers (文旅消费券) ------------------------------------------------------------------
  const merchants = Array.from({ length: 30 }, (_, i) => ({
    id: `SH${String(1001 + i)}`,
    name: `${rng.pick(DISTRICT_NAMES)}${rng.pick(ENTERPRISE_WORDS)}${MERCHANT_KINDS[i % MERCHANT_KINDS.length]}`,
  }));
  let redN = 0;
  let voucherN = 0;
  const redeem = (m: { id: string; name: string }, phone: string, time: string, face = rng.pick([20, 30, 50, 100])) =>
    rows.vouchers.push({
      redemption_id: `HX2025${String(++redN).padStart(8, '0')}`,
      voucher_id: `QJ${String(++voucherN).padStart(9, '0')}`,
      merchant_id: m.id,
      merchant_name: m.name,
      user_phone: phone,
      voucher_amount: face,
      order_amount: money(face * (2 + rng.int(0, 30) / 10)),
      redeemed_at: time,
    });
  const plantedMerchants = new Set(['SH1001', 'SH1002', 'SH1005', 'SH1006', 'SH1007', 'SH1008']);
  const users = Array.from({ length: n(320) }, () => ids.phone());
  const perDay = new Map<string, number>();
  const nightPerDay = new Map<string, number>();
  for (let i = 0; i < n(900); i++) {
    const m = rng.pick(merchants);
    const phone = rng.pick(users);
    for (;;) {
      const d = randomDay(rng, 3, 11);
      const night = !plantedMerchants.has(m.id) && rng.chance(0.03);
      const k = `${phone}|${m.id}|${d}`;
      const nk = `${m.id}|${d}`;
      if ((perDay.get(k) ?? 0) >= 2) continue;
      if (night && (nightPerDay.get(nk) ?? 0) >= 3) continue;
      perDay.set(k, (perDay.get(k) ?? 0) + 1);
      if (night) nightPerDay.set(nk, (nightPerDay.get(nk) ?? 0) + 1);
      redeem(m, phone, night ? at(d, rng.int(0, 4), rng.int(0, 59)) : at(d, rng.int(9, 22), rng.int(0, 59)));
      break;
    }
  }
  const [M1, M2, M3, M4] = merchants;
  const M5 = merchants[4];
  const M6 = merchants[5];
  const M7 = merchants[6];
  const M8 = merchants[7];
  const U1 = ids.phone();
  for (let i = 0; i < 6; i++) redeem(M1, U1, at(day(5, 2), 11 + i, 5 * i));
  plant('M07', { merchant_id: M1.id, user_phone: U1, date: '2025-05-02' }, `手机号 ${U1} 5 月 2 日在${M1.name}核销 6 张券`);
  const U2 = ids.phone();
  for (let i = 0; i < 5; i++) redeem(M2, U2, at(day(10, 3), 14, 10 * i));
  plant('M07', { merchant_id: M2.id, user_phone: U2, date: '2025-10-03' }, `手机号 ${U2} 10 月 3 日在${M2.name}核销 5 张券（恰好达到 5 张）`);
  const U3 = ids.phone();
  for (let i = 0; i < 4; i++) redeem(M3, U3, at(day(8, 16), 12, 10 * i));
  miss('M07', `手机号 ${U3} 一天在同一商户核销 4 张`);
  const U4 = ids.phone();
  for (let i = 0; i < 3; i++) redeem(M4, U4, at(day(6, 1), 21 + i, 30));
  for (let i = 0; i < 2; i++) redeem(M4, U4, at(day(6, 2), 0, 10 + 20 * i));
  miss('M07', `手机号 ${U4} 在同一商户 5 张，但跨两天（6 月 1 日 3 张、6 月 2 日凌晨 2 张）`);
  const U5 = ids.phone();
  for (let i = 0; i < 3; i++) redeem(M1, U5, at(day(9, 9), 10 + i));
  for (let i = 0; i < 2; i++) redeem(M2, U5, at(day(9, 9), 15 + i));
  miss('M07', `手机号 ${U5} 一天 5 张，但分在两个商户（3 + 2）`);
  for (let i = 0; i < 12; i++) redeem(M5, ids.phone(), at(day(7, 19), Math.floor(i / 3), 5 + 15 * (i % 3)));
  plant('M08', { merchant_id: M5.id, date: '2025-07-19' }, `${M5.name} 7 月 19 日 0–5 时核销 12 笔`);
  for (let i = 0; i < 10; i++) redeem(M6, ids.phone(), at(day(9, 6), 1 + Math.floor(i / 4), 10 * (i % 4)));
  plant('M08', { merchant_id: M6.id, date: '2025-09-06' }, `${M6.name} 9 月 6 日 1–4 时核销 10 笔（恰好达到 10 笔）`);
  for (let i = 0; i < 9; i++) redeem(M7, ids.phone(), at(day(8, 8), 1 + Math.floor(i / 3), 10 * (i % 3)));
  miss('M08', `${M7.name} 8 月 8 日凌晨核销 9 笔`);
  for (let i = 0; i < 10; i++) redeem(M8, ids.phone(), at(day(8, 9), 5, 5 * i));
  miss('M08', `${M8.name} 8 月 9 日 5:00–5:45 核销 10 笔（5 点整起不算深夜）`);

  // ---- vehicles, trips, fuel --------------------------------------------------------------------
  const letters = 'ABCDEFGHJK';
  const vehicles: { plate: string; org: string; tank: number }[] = [];
  for (let i = 0; i < n(40); i++) {
    const plate = `鲁X${letters[i % letters.length]}${String(1000 + ((i * 37) % 9000) + Math.floor(i / 9000)).padStart(4, '0')}`;
    // the first four vehicles carry the M10 cases: their tanks are fixed
    const v = { plate, org: rng.pick(UNITS), tank: i < 4 ? [55, 60, 60, 55][i] : rng.pick([50, 55, 60, 65, 70]) };
    vehicles.push(v);
    rows.vehicles.push({ plate: rng.chance(0.5) ? `${plate.slice(0, 2)}·${plate.slice(2)}` : plate, org: v.org, tank_liters: v.tank });
  }
  let tripN = 0;
  const trip = (v: { plate: string }, date: string, approved: boolean, purpose = rng.pick(TRIP_PURPOSES), hour = rng.int(7, 15)) => {
    const km = rng.int(8, 180);
    rows.trips.push({
      trip_id: `CC2025${String(++tripN).padStart(6, '0')}`,
      plate: v.plate,
      start_at: at(date, hour, rng.int(0, 59)),
      end_at: at(date, Math.min(hour + rng.int(1, 5), 22), rng.int(0, 59)),
      km,
      purpose,
      approved,
    });
  };
  for (let i = 0; i < n(500); i++) {
    const v = rng.pick(vehicles);
    const approved = rng.chance(0.7);
    let d = randomDay(rng);
    if (!approved) while (!isWorkingDay(d)) d = randomDay(rng);
    trip(v, d, approved);
  }
  const [VA, VB, VC, VD, VE] = vehicles;
  const t9 = (v: typeof VA, d: string, purpose: string, approved = false) => {
    trip(v, d, approved, purpose, 9);
    return rows.trips[rows.trips.length - 1];
  };
  for (const [d, what] of [
    [day(10, 3), '国庆节假期（周五）'],
    [day(5, 3), '劳动节假期（周六）'],
    [day(6, 15), '普通周日'],
    [day(1, 29), '春节假期（周三）'],
  ] as const) {
    const r = t9(VA, d, rng.pick(['送孩子上学', '去郊区钓鱼', '接亲戚', '办私事']));
    plant('M09', { trip_id: r.trip_id }, `${VA.plate} ${d} ${what}未经审批出车（${r.purpose}）`);
  }
  t9(VB, day(9, 28), '参加市里会议');
  miss('M09', `${VB.plate} 2025-09-28（周日，但为国庆调休上班日）未审批出车`);
  t9(VB, day(10, 2), '防汛检查', true);
  miss('M09', `${VB.plate} 2025-10-02 国庆假期出车，已审批`);
  t9(VB, day(10, 9), '送达公文');
  miss('M09', `${VB.plate} 2025-10-09（周四，工作日）未审批出车`);

  let fuelN = 0;
  const fuel = (v: { plate: string }, time: string, liters: number, plateText = v.plate) =>
    rows.fuel.push({
      txn_id: `JY2025${String(++fuelN).padStart(7, '0')}`,
      card_no: `9100${String(1_000_000 + vehicles.findIndex((x) => x.plate === v.plate)).padStart(8, '0')}`,
      plate: plateText,
      fueled_at: time,
      liters,
      amount: money(liters * 7.86),
      station: rng.pick(STATIONS),
    });
  for (let i = 0; i < n(300); i++) {
    const v = rng.pick(vehicles);
    fuel(v, at(randomDay(rng), rng.int(7, 20), rng.int(0, 59)), Math.round(v.tank * (0.3 + rng.next() * 0.65) * 10) / 10);
  }
  void VE;
  fuel(VA, at(day(4, 12), 18, 40), 68, `${VA.plate.slice(0, 2)}·${VA.plate.slice(2)}`);
  plant('M10', { txn_id: rows.fuel[rows.fuel.length - 1].txn_id }, `${VA.plate}（油箱 55 升）一次加油 68 升`);
  fuel(VB, at(day(7, 30), 7, 15), 80.5);
  plant('M10', { txn_id: rows.fuel[rows.fuel.length - 1].txn_id }, `${VB.plate}（油箱 60 升）一次加油 80.5 升`);
  fuel(VC, at(day(8, 3), 9, 0), 62);
  miss('M10', `${VC.plate}（油箱 60 升）加油 62 升（未超过 63 升）`);
  fuel(VD, at(day(8, 4), 9, 0), 57.75);
  miss('M10', `${VD.plate}（油箱 55 升）加油 57.75 升（恰好 1.05 倍，不算超出）`);

  // ---- receptions (公务接待) -------------------------------------------------------------------
  let recN = 0;
  const reception = (r: { org?: string; date?: string; guests: number; hosts: number; amount: number; alcohol?: boolean; letter?: boolean }) => {
    rows.receptions.push({
      reception_id: `JD2025${String(++recN).padStart(5, '0')}`,
      org: r.org ?? rng.pick(HOSTING_UNITS),
      date: r.date ?? randomDay(rng),
      guests: r.guests,
      hosts: r.hosts,
      amount: r.amount,
      alcohol: r.alcohol ?? false,
      letter: r.letter ?? true,
    });
    return rows.receptions[rows.receptions.length - 1];
  };
  for (let i = 0; i < n(150); i++) {
    const guests = rng.int(2, 10);
    const hosts = rng.int(1, 3);
    reception({ guests, hosts, amount: money((guests + hosts) * rng.int(60, 130)) });
  }
  const r11 = (what: string, r: Parameters<typeof reception>[0]) => plant('M11', { reception_id: reception(r).reception_id }, what);
  r11('接待 4 人、陪同 5 人（10 人以内陪同超过 3 人）', { guests: 4, hosts: 5, amount: 900 });
  r11('接待 12 人、陪同 6 人（超过 ⌈12/3⌉ = 4 人）', { guests: 12, hosts: 6, amount: 2160 });
  r11('接待 5 人、陪同 2 人，餐费 1,400 元（人均 200 元）', { guests: 5, hosts: 2, amount: 1400 });
  r11('含酒水', { guests: 6, hosts: 2, amount: 900, alcohol: true });
  r11('无公函', { guests: 3, hosts: 2, amount: 500, letter: false });
  r11('陪同 4 人接待 3 人、含酒水、人均 214 元（三条同时触发）', { guests: 3, hosts: 4, amount: 1500, alcohol: true });
  reception({ guests: 10, hosts: 3, amount: 1950 });
  miss('M11', '接待 10 人、陪同 3 人、人均恰好 150 元');
  reception({ guests: 15, hosts: 5, amount: 2600 });
  miss('M11', '接待 15 人、陪同 5 人（恰好 ⌈15/3⌉）');

  // ---- grain (粮食收购) and land (土地承包) -----------------------------------------------------
  let grainN = 0;
  const sell = (who: { id_number: string; name: string }, date: string, jin: number) =>
    rows.grain.push({ purchase_id: `SG${date.replace(/-/g, '')}${String(++grainN).padStart(5, '0')}`, id_number: who.id_number, name: who.name, quantity_jin: jin, purchased_on: date, depot: rng.pick(DEPOTS) });
  const land = (who: { id_number: string; name: string }, area: number, village: string) => rows.land.push({ id_number: who.id_number, name: who.name, area_mu: area, village });
  for (const f of farmers) {
    land(f.who, f.area, f.where.village);
    if (rng.chance(0.85)) {
      const total = Math.floor(f.area * rng.int(1300, 2200));
      const wheat = Math.floor(total * 0.45);
      sell(f.who, day(6, rng.int(8, 28)), wheat);
      sell(f.who, day(10, rng.int(5, 28)), total - wheat);
    }
  }
  for (let i = 0; i < n(30); i++) land(resident(rng.pick(RURAL), rng.int(1950, 1980)), rng.int(20, 150) / 10, rng.pick(STREETS.北山县).villages[0]);
  const G1 = resident('北山县', 1968);
  land(G1, 10, '青石村');
  sell(G1, day(6, 12), 12_000);
  sell(G1, day(10, 9), 16_000);
  plant('M12', { id_number: G1.id_number, year: 2025 }, `${G1.name}：承包 10 亩，2025 年售粮 28,000 斤（上限 25,000 斤）`);
  const G2 = resident('南湖区', 1972);
  land(G2, 5.5, '渔港村');
  sell(G2, day(6, 20), 7000);
  sell(G2, day(10, 18), 8000);
  plant('M12', { id_number: G2.id_number, year: 2025 }, `${G2.name}：承包 5.5 亩，2025 年售粮 15,000 斤（上限 13,750 斤）`);
  const G3 = resident('北山县', 1965);
  land(G3, 8, '柳树村');
  sell(G3, '2024-10-15', 12_000);
  sell(G3, day(6, 16), 12_000);
  miss('M12', `${G3.name}：承包 8 亩，2024 年 10 月和 2025 年 6 月各售 12,000 斤（按自然年分别计算未超）`);
  const G4 = resident('北山县', 1970);
  land(G4, 6, '白云村');
  sell(G4, day(6, 22), 6000);
  sell(G4, day(10, 22), 9000);
  miss('M12', `${G4.name}：承包 6 亩，售粮恰好 15,000 斤（= 6 × 2,500，不算超出）`);
  const G5 = resident('南湖区', 1975);
  sell(G5, day(10, 25), 30_000);
  miss('M12', `${G5.name}：售粮 30,000 斤但土地承包库中没有其承包记录（规则以承包面积为准，不命中）`);

  // ---- hotline (12345) -------------------------------------------------------------------------
  let orderN = 0;
  const order = (o: {
    received: string;
    phone?: string;
    caller?: string;
    district?: string;
    street?: string;
    address?: string;
    content: string;
    category?: string | null;
    handler?: string;
    dueDays?: number;
    due?: string;
    closed?: string | null;
    status?: string;
    satisfaction?: string | null;
    supervised?: boolean;
  }) => {
    const p = place(o.district);
    const due = o.due ?? at(addDays(o.received.slice(0, 10), o.dueDays ?? 7), 18, 0);
    const r: Rec = {
      order_id: `GD${o.received.slice(0, 10).replace(/-/g, '')}${String(++orderN).padStart(5, '0')}`,
      received_at: o.received,
      caller_name: o.caller ?? `${rng.pick([...'王李张刘陈杨黄赵吴周'])}${rng.pick(['先生', '女士'])}`,
      caller_phone: o.phone ?? ids.phone(),
      address: o.address ?? `${p.district}${o.street ?? p.street}${p.village}`,
      district: o.district ?? p.district,
      street: o.street ?? p.street,
      content: o.content,
      category: o.category === undefined ? null : o.category,
      handler_unit: o.handler ?? rng.pick(HANDLERS),
      due_at: due,
      closed_at: o.closed === undefined ? null : o.closed,
      status: o.status ?? (o.closed ? '已办结' : '办理中'),
      satisfaction: o.satisfaction === undefined ? (o.closed ? rng.pick(['满意', '满意', '基本满意', '未回访']) : null) : o.satisfaction,
      supervised: o.supervised ?? false,
    };
    rows.hotline.push(r);
    return r;
  };
  for (let i = 0; i < n(500); i++) {
    const d = randomDay(rng, 1, 11);
    const p = place();
    const req = rng.pick(SERVICE_REQUESTS);
    const received = at(d, rng.int(8, 21), rng.int(0, 59));
    const supervised = rng.chance(0.05);
    const open = !supervised && rng.chance(0.08);
    const closed = open ? null : at(addDays(d, rng.int(1, 5)), rng.int(9, 17), rng.int(0, 59));
    order({
      received,
      district: p.district,
      street: p.street,
      content: req.text(`${p.street}${p.village}`),
      category: rng.chance(0.6) ? req.category : null,
      closed,
      status: open ? rng.pick(['办理中', '办理中', '已退回']) : '已办结',
      supervised,
    });
  }

  // M13: the citizen reports misconduct of officials or public staff
  const conduct: [string, string][] = [
    ['推诿扯皮', '为办理营业执照变更跑了四趟，窗口说要去社区开证明，社区又说归街道管，几个部门互相推脱，到现在也没办成。'],
    ['不作为/慢作为', '去年十月就向镇政府反映村里桥梁护栏断了，工作人员答应尽快处理，结果一拖再拖，半年过去护栏还是断的。'],
    ['吃拿卡要/索要好处', '办理宅基地审批时，村干部暗示要给好处费才肯签字盖章，不给钱就一直压着材料。'],
    ['态度恶劣/刁难', '到区政务服务中心办理社保转移，窗口工作人员态度恶劣，材料齐全还故意为难，让我回去重新复印三遍。'],
    ['乱收费/乱罚款', '城管执法人员在早市对摆摊老人乱罚款，罚了两百元也不开收据，希望核查。'],
    ['优亲厚友/违规分配', '我们村的低保名额被村主任给了自己的亲戚，他们家有楼房有车，真正困难的人却评不上，这是优亲厚友。'],
    ['违规吃喝/公车私用', '周六看到一辆公务车停在西湖边的农家乐门口，几名干部模样的人中午在里面喝酒，怀疑公款吃喝。'],
    ['弄虚作假', '我反映的小区积水问题根本没有解决，承办单位却在系统里办结了，还打电话让我给好评，这是弄虚作假。'],
  ];
  for (const [kind, text] of conduct) {
    const d = randomDay(rng, 2, 10);
    const r = order({ received: at(d, rng.int(9, 17), rng.int(0, 59)), content: text, category: null, closed: at(addDays(d, 3), 16, 0) });
    plant('M13', { order_id: r.order_id }, `${kind}：${text.slice(0, 24)}…`);
  }
  const ordinary = order({
    received: at(day(6, 18), 10, 12),
    content: '表扬东华街道便民服务中心工作人员，帮助我母亲办理高龄津贴申请，全程耐心细致，特此致谢。',
    category: '社会保障',
    closed: at(day(6, 19), 9, 0),
  });
  miss('M13', `工单 ${ordinary.order_id}：表扬工作人员（不是作风问题）`);
  const shopFee = order({
    received: at(day(7, 6), 15, 40),
    content: '南湖景区附近一家私人停车场乱收费，停车不到一小时收了三十元，希望查一查。',
    category: '市场监管',
    closed: at(day(7, 8), 11, 0),
  });
  miss('M13', `工单 ${shopFee.order_id}：私人停车场乱收费（未涉及公职人员或公共部门）`);

  // M14: the same caller, the same matter, again within 30 days after 办结
  const repeat = (phone: string, items: { d: string; content: string; closed: string | null; address: string; street: string; district: string }[]) =>
    items.map((x) =>
      order({ received: x.d, phone, content: x.content, address: x.address, street: x.street, district: x.district, category: '城乡建设', closed: x.closed, status: x.closed ? '已办结' : '办理中', caller: '周女士' }),
    );
  const C1 = ids.phone();
  const m14a = repeat(C1, [
    { d: at(day(4, 2), 9, 30), content: '东华街道幸福社区3号楼门前下水道堵塞，污水漫到楼道里，气味很大，请尽快疏通下水道。', closed: at(day(4, 4), 17, 0), address: '东城区东华街道幸福社区3号楼', street: '东华街道', district: '东城区' },
    { d: at(day(4, 20), 8, 50), content: '幸福社区3号楼门前下水道又堵塞了，污水还是漫到楼道里，上次疏通后没几天就这样，请彻底疏通。', closed: at(day(4, 23), 16, 0), address: '东城区东华街道幸福社区3号楼', street: '东华街道', district: '东城区' },
  ]);
  plant('M14', { order_ids: m14a.map((r) => r.order_id) }, `诉求人 ${C1}：幸福社区 3 号楼下水道堵塞，4 月 2 日反映、4 日办结，4 月 20 日再次反映`);
  const C2 = ids.phone();
  const m14b = repeat(C2, [
    { d: at(day(9, 1), 20, 10), content: '和平街道友谊社区南门外的路灯坏了三盏，晚上一片漆黑，请维修路灯。', closed: at(day(9, 3), 11, 0), address: '西城区和平街道友谊社区南门', street: '和平街道', district: '西城区' },
    { d: at(day(9, 12), 21, 0), content: '友谊社区南门外的路灯又坏了，晚上还是一片漆黑，老人孩子出门不安全，请再维修路灯。', closed: at(day(9, 15), 10, 0), address: '西城区和平街道友谊社区南门', street: '和平街道', district: '西城区' },
    { d: at(day(9, 25), 19, 45), content: '还是友谊社区南门外的路灯，修好没两天又坏了，晚上一片漆黑，请彻底维修路灯线路。', closed: null, address: '西城区和平街道友谊社区南门', street: '和平街道', district: '西城区' },
  ]);
  plant('M14', { order_ids: m14b.map((r) => r.order_id) }, `诉求人 ${C2}：友谊社区南门路灯，9 月内反映 3 次，前两次均已办结`);
  const C3 = ids.phone();
  const m14c = repeat(C3, [
    { d: at(day(11, 3), 23, 15), content: '湖滨街道新港社区东侧工地每天夜里施工到凌晨，噪音很大无法睡觉，请制止夜间施工。', closed: at(day(11, 5), 15, 0), address: '南湖区湖滨街道新港社区东侧工地', street: '湖滨街道', district: '南湖区' },
    { d: at(day(11, 18), 23, 40), content: '新港社区东侧工地夜里又施工到凌晨，噪音大得无法睡觉，上次反映后只停了两天，请再次制止夜间施工。', closed: at(day(11, 20), 12, 0), address: '南湖区湖滨街道新港社区东侧工地', street: '湖滨街道', district: '南湖区' },
  ]);
  plant('M14', { order_ids: m14c.map((r) => r.order_id) }, `诉求人 ${C3}：新港社区工地夜间施工噪音，11 月 3 日反映、5 日办结，18 日再次反映`);
  const C4p = ids.phone();
  repeat(C4p, [
    { d: at(day(5, 6), 10, 0), content: '北山县北山镇青石村村口的自来水管破裂漏水，路面结冰，请尽快维修水管。', closed: null, address: '北山县北山镇青石村村口', street: '北山镇', district: '北山县' },
    { d: at(day(5, 16), 9, 30), content: '青石村村口自来水管破裂还在漏水，请尽快派人维修水管。', closed: at(day(5, 18), 15, 0), address: '北山县北山镇青石村村口', street: '北山镇', district: '北山县' },
  ]);
  miss('M14', `诉求人 ${C4p}：同一事项 10 天内 2 次，但第一次反映时工单尚未办结（办理中）`);
  const C5 = ids.phone();
  repeat(C5, [
    { d: at(day(2, 10), 10, 0), content: '西城区西湖街道柳岸社区5号楼楼顶漏水，雨天屋里滴水，请维修楼顶防水。', closed: at(day(2, 13), 16, 0), address: '西城区西湖街道柳岸社区5号楼', street: '西湖街道', district: '西城区' },
    { d: at(day(3, 27), 9, 0), content: '柳岸社区5号楼楼顶又漏水了，雨天屋里滴水，请再维修楼顶防水。', closed: at(day(3, 30), 16, 0), address: '西城区西湖街道柳岸社区5号楼', street: '西湖街道', district: '西城区' },
  ]);
  miss('M14', `诉求人 ${C5}：同一事项再次反映，但相隔 45 天（超过 30 天）`);
  const C6 = ids.phone();
  repeat(C6, [
    { d: at(day(8, 5), 10, 0), content: '东城区建设路街道文化社区2号楼前的路灯不亮，晚上出行不便，请维修。', closed: at(day(8, 6), 16, 0), address: '东城区建设路街道文化社区2号楼', street: '建设路街道', district: '东城区' },
    { d: at(day(8, 14), 15, 0), content: '咨询灵活就业人员参加职工医保的缴费基数和每月缴费金额。', closed: at(day(8, 14), 17, 0), address: '东城区建设路街道文化社区2号楼', street: '建设路街道', district: '东城区' },
  ]);
  miss('M14', `诉求人 ${C6}：10 天内两次来电，但是两件不同的事（路灯、医保咨询）`);

  // M15: supervised orders closed late or still open after their deadline
  const sup = (what: string, o: Parameters<typeof order>[0], hit: boolean) => {
    const r = order({ ...o, supervised: true, category: o.category ?? '城乡建设' });
    if (hit) plant('M15', { order_id: r.order_id }, what);
    else miss('M15', `工单 ${r.order_id}：${what}`);
  };
  sup('督办工单，时限 5 月 10 日，5 月 14 日才办结', { received: at(day(5, 5), 9, 0), due: at(day(5, 10), 18, 0), closed: at(day(5, 14), 10, 0), content: '北山县白云乡杏花村的饮水井水质浑浊，村民反映喝了拉肚子，请检测水质。', district: '北山县', street: '白云乡' }, true);
  sup('督办工单，时限 8 月 1 日 18 时，8 月 2 日办结', { received: at(day(7, 25), 14, 0), due: at(day(8, 1), 18, 0), closed: at(day(8, 2), 9, 30), content: '西城区和平街道和平社区老旧小区改造施工围挡占用消防通道，请协调整改。', district: '西城区', street: '和平街道' }, true);
  sup('督办工单，时限 11 月 20 日，至今仍在办理中', { received: at(day(11, 10), 10, 0), due: at(day(11, 20), 18, 0), closed: null, status: '办理中', content: '南湖区南湖镇芦苇村通往镇上的道路塌陷一处，车辆无法通行，请修复。', district: '南湖区', street: '南湖镇' }, true);
  sup('督办工单，时限 12 月 1 日，状态“超期”、未办结', { received: at(day(11, 20), 11, 0), due: at(day(12, 1), 18, 0), closed: null, status: '超期', content: '东城区东华街道光明社区供暖温度不达标，室内只有十四度，请协调供热公司。', district: '东城区', street: '东华街道' }, true);
  sup('督办工单，在时限前办结', { received: at(day(3, 3), 9, 0), due: at(day(3, 10), 18, 0), closed: at(day(3, 8), 15, 0), content: '北山县松岭乡泉水村小学门前缺少减速带，请设置。', district: '北山县', street: '松岭乡' }, false);
  order({ received: at(day(4, 1), 9, 0), due: at(day(4, 8), 18, 0), closed: at(day(4, 12), 15, 0), content: '西城区西湖街道荷花社区的健身器材损坏，请维修。', district: '西城区', street: '西湖街道', category: '文化旅游' });
  miss('M15', '非督办工单超期办结（不是督办件）');

  // one enterprise registered with a wrong check character: the typo propagates to every
  // dataset that names it (kept and counted as invalid, never rejected)
  const typo = background[Math.min(7, background.length - 1)].uscc as string;
  const badUscc = typo.slice(0, 17) + (typo[17] === 'A' ? 'B' : 'A');
  for (const list of [rows.enterprises, rows.shareholders, rows.tenders, rows.bids]) {
    for (const r of list) for (const key of ['uscc', 'winner_uscc', 'bidder_uscc']) if (r[key] === typo) r[key] = badUscc;
  }

  return { scale, files: buildFiles(rng, rows), planted, nearMisses: near };
}

// ---------------------------------------------------------------------------------------------
// Files as partner bodies deliver them

interface FileSpec {
  dataset: string;
  fileName: string;
  format: FileFormat;
  supplier: string;
  header: 'zh' | 'en';
  extra?: { name: string; value: (r: Rec, i: number) => Cell }[];
}

const FILES: FileSpec[] = [
  { dataset: 'persons', fileName: '公职人员库（2025年12月）.xlsx', format: 'xlsx', supplier: COMMISSION, header: 'zh', extra: [{ name: '备注', value: () => null }] },
  { dataset: 'relations', fileName: '公职人员亲属关系.csv', format: 'csv-utf8-bom', supplier: COMMISSION, header: 'zh' },
  { dataset: 'deaths', fileName: '死亡人员登记（公安民政卫健）.csv', format: 'csv-gb18030', supplier: '示范市公安局', header: 'zh' },
  { dataset: 'subsidies', fileName: '惠民惠农补贴一卡通发放明细.csv', format: 'csv-gb18030', supplier: '示范市财政局', header: 'zh', extra: [{ name: '发放渠道', value: () => '社保卡' }] },
  { dataset: 'enterprises', fileName: 'enterprises.csv', format: 'csv-utf8', supplier: '示范市市场监督管理局', header: 'en' },
  { dataset: 'shareholders', fileName: '企业股东及主要人员.xlsx', format: 'xlsx', supplier: '示范市市场监督管理局', header: 'zh' },
  { dataset: 'tenders', fileName: '政府采购项目2025.xlsx', format: 'xlsx', supplier: '示范市财政局', header: 'zh' },
  { dataset: 'bids', fileName: '电子招投标投标记录.csv', format: 'csv-utf8-bom', supplier: '示范市财政局', header: 'zh' },
  { dataset: 'vouchers', fileName: '文旅惠民消费券核销流水.csv', format: 'csv-utf8', supplier: '示范市文化和旅游局', header: 'zh' },
  { dataset: 'vehicles', fileName: '公务用车台账.xlsx', format: 'xlsx', supplier: '示范市机关事务管理局', header: 'zh' },
  { dataset: 'trips', fileName: '公务用车出车记录.csv', format: 'csv-gb18030', supplier: '示范市机关事务管理局', header: 'zh' },
  { dataset: 'fuel', fileName: 'fuel-card-transactions.csv', format: 'csv-utf8', supplier: '示范市机关事务管理局', header: 'en' },
  { dataset: 'receptions', fileName: '公务接待清单.xlsx', format: 'xlsx', supplier: '示范市审计局', header: 'zh' },
  { dataset: 'grain', fileName: '粮食收购台账.csv', format: 'csv-gb18030', supplier: '示范市粮食和物资储备局', header: 'zh' },
  { dataset: 'land', fileName: '土地承包经营权登记.xlsx', format: 'xlsx', supplier: '示范市农业农村局', header: 'zh' },
  { dataset: 'hotline', fileName: '12345工单导出.csv', format: 'csv-utf8-bom', supplier: '示范市12345政务服务便民热线办公室', header: 'zh', extra: [{ name: '工单来源', value: (_r, i) => (i % 3 === 0 ? '网站' : '电话') }] },
];

/** Spread realistic format variety over the values (all of it accepted by the importer). */
function formatValue(spec: FileSpec, key: string, type: string, v: Cell, i: number, rng: Rng, rec: Rec): Cell {
  if (v === null || v === undefined) return null;
  const xlsx = spec.format === 'xlsx';
  if (type === 'date') {
    if (xlsx) return cellDate(String(v));
    const [y, m, d] = String(v).split('-').map(Number);
    const s = i % 7;
    return s === 0 ? `${y}/${m}/${d}` : s === 1 ? `${y}年${m}月${d}日` : String(v);
  }
  if (type === 'datetime') {
    if (xlsx) return cellDate(String(v));
    const t = String(v);
    return i % 5 === 0 ? t.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})/, '$1/$2/$3').slice(0, -3) : t;
  }
  if (type === 'amount') {
    if (xlsx) return Number(v);
    const x = Number(v);
    const s = i % 6;
    if (s === 0 && x >= 1000) return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (s === 1) return `${x}元`;
    return x.toFixed(2);
  }
  if (type === 'bool') {
    if (key === 'letter') return v ? '有' : '无';
    return v ? '是' : '否';
  }
  if (type === 'phone' && typeof v === 'string' && /^1\d{10}$/.test(v)) {
    const s = i % 8;
    if (s === 0) return `+86 ${v.slice(0, 3)} ${v.slice(3, 7)} ${v.slice(7)}`;
    if (s === 1) return `${v.slice(0, 3)}-${v.slice(3, 7)}-${v.slice(7)}`;
    return v;
  }
  if (type === 'id_number' && key === 'id_number' && rec.__legacy15) return legacy15(String(v));
  if (type === 'id_number' && typeof v === 'string' && i % 11 === 3 && v.endsWith('X')) return `${v.slice(0, 17)}x`;
  if ((type === 'number' || type === 'integer') && !xlsx) return String(v);
  void rng;
  return v;
}

function buildFiles(rng: Rng, rows: Record<string, Rec[]>): DemoFile[] {
  return FILES.map((spec) => {
    const d = getDataset(spec.dataset);
    let expectedRejected = 0;
    let expectedInvalidIds = 0;
    const out: Rec[] = rows[spec.dataset].map((r, i) => {
      const f: Rec = {};
      for (const c of d.columns) f[c.key] = formatValue(spec, c.key, c.type, r[c.key] ?? null, i, rng, r);
      for (const x of spec.extra ?? []) f[`extra:${x.name}`] = x.value(r, i);
      return f;
    });
    // a few bad rows and invalid codes, as real deliveries have
    if (spec.dataset === 'subsidies') {
      const a = { ...out[0], payment_id: 'FF2025X000001', amount: '待核实' };
      const b = { ...out[0], payment_id: 'FF2025X000002', paid_on: '2025-02-30' };
      out.splice(Math.min(20, out.length), 0, a);
      out.splice(Math.min(40, out.length), 0, b);
      expectedRejected = 2;
    }
    if (spec.dataset === 'hotline') {
      out.splice(Math.min(30, out.length), 0, { ...out[0], order_id: 'GD20251301X', received_at: '2025-13-05 10:00' });
      expectedRejected = 1;
    }
    // ID numbers / USCCs kept but invalid (wrong check character), in the rows that are imported
    const rejectedIds = new Set(['FF2025X000001', 'FF2025X000002', 'GD20251301X']);
    for (const r of out) {
      if (rejectedIds.has(String(r.payment_id ?? r.order_id ?? ''))) continue;
      for (const c of d.columns) {
        const v = r[c.key];
        if (v === null || v === undefined || v === '') continue;
        const res = c.type === 'id_number' ? normalizeIdNumber(v) : c.type === 'uscc' ? normalizeUscc(v) : null;
        if (res?.ok && res.invalid) expectedInvalidIds++;
      }
    }
    return {
      dataset: spec.dataset,
      fileName: spec.fileName,
      format: spec.format,
      supplier: spec.supplier,
      header: spec.header,
      extraColumns: (spec.extra ?? []).map((x) => x.name),
      rows: out,
      expectedRejected,
      expectedInvalidIds,
    };
  });
}

/** Write the files into `dir`; returns their paths in FILES order. */
export async function writeDemoFiles(data: DemoData, dir: string): Promise<{ file: DemoFile; path: string }[]> {
  fs.mkdirSync(dir, { recursive: true });
  const out: { file: DemoFile; path: string }[] = [];
  for (const f of data.files) {
    const d = getDataset(f.dataset);
    const header = [...d.columns.map((c) => (f.header === 'zh' ? c.name : c.key)), ...f.extraColumns];
    const keys = [...d.columns.map((c) => c.key), ...f.extraColumns.map((x) => `extra:${x}`)];
    const rows = function* () {
      yield header;
      for (const r of f.rows) yield keys.map((k) => r[k] ?? null);
    };
    const p = path.join(dir, f.fileName);
    if (f.format === 'xlsx') await writeXlsx(p, rows(), { sharedStrings: true });
    else await writeCsv(p, rows(), { encoding: f.format === 'csv-gb18030' ? 'gb18030' : f.format === 'csv-utf8-bom' ? 'utf-8-bom' : 'utf-8', newline: f.format === 'csv-utf8' ? '\n' : '\r\n' });
    out.push({ file: f, path: p });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The demo step

export const datasetsDemoStep: DemoStep = {
  name: '数据整合：16 个数据集（经导入管道）/ integrated data: 16 datasets through the import pipeline',
  async run(ctx) {
    const { platform, actor, log } = ctx;
    const done = await platform.db.selectFrom('import_batches').select(['dataset', 'file_name']).where('status', '=', 'committed').execute();
    const have = new Set(done.map((b) => `${b.dataset}|${b.file_name}`));
    const data = generateDemoData();
    const todo = data.files.filter((f) => !have.has(`${f.dataset}|${f.fileName}`));
    if (todo.length > 0) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-demo-data-'));
      try {
        for (const { file, path: p } of await writeDemoFiles({ ...data, files: todo }, dir)) {
          const supplierOrgId = ctx.orgs.get(file.supplier) ?? null;
          const r = await importFile(platform, actor, { dataset: file.dataset, file: p, supplierOrgId });
          log(`  ${file.fileName}: 读取 ${r.report.rows_read} 行，新增 ${r.report.imported}，更新 ${r.report.updated}，拒绝 ${r.report.rejected.length}，无效证件号 ${r.report.invalid_ids}`);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    // the data administrator may browse the raw rows of every dataset in the demo
    for (const dataset of DATASET_NAMES) {
      await platform.db
        .insertInto('dataset_sharing')
        .values({ dataset, grantee_kind: 'role', grantee: 'data_admin', granted_by: null })
        .onConflict((oc) => oc.columns(['dataset', 'grantee_kind', 'grantee']).doNothing())
        .execute();
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Bulk fill for benchmarks (bench/models.ts): the same rows, normalised exactly as the importer
// would store them, inserted straight into the ds_ tables (one batch row per dataset).

/**
 * Fill the `ds_` tables of `db` with the demo data at `scale` without going through files:
 * every row is validated and normalised by the import rules (rows.ts), then inserted in
 * multi-row INSERTs. Rows the importer would reject are skipped. Returns rows per dataset.
 */
export async function generateDatasets(db: Db, opts: { scale?: number; seed?: number } = {}): Promise<Record<string, number>> {
  const data = generateDemoData(opts);
  const counts: Record<string, number> = {};
  for (const f of data.files) {
    const d = getDataset(f.dataset);
    const header = [...d.columns.map((c) => c.key), ...f.extraColumns];
    const map = mapHeader(d, header);
    const keys = [...d.columns.map((c) => c.key), ...f.extraColumns.map((x) => `extra:${x}`)];
    const batch = await db
      .insertInto('import_batches')
      .values({ dataset: d.name, file_name: f.fileName, file_size: 0, file_sm3: '', format: f.format === 'xlsx' ? 'xlsx' : 'csv', encoding: null, started_at: new Date(), finished_at: new Date(), status: 'committed', strict: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cols = [...d.columns.map((c) => c.key), '_extra', '_invalid', '_batch_id', '_row'];
    const perChunk = Math.floor(30_000 / cols.length);
    let pending: unknown[][] = [];
    let n = 0;
    const flush = async () => {
      if (!pending.length) return;
      const values = pending.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`);
      await sql`INSERT INTO ${sql.table(`ds_${d.name}`)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}`.execute(db);
      pending = [];
    };
    for (let i = 0; i < f.rows.length; i++) {
      const r = validateRow(map, keys.map((k) => f.rows[i][k] ?? null));
      if (!r.ok) continue;
      const extra = Object.keys(r.extra).length ? JSON.stringify(r.extra) : null;
      pending.push([...d.columns.map((c) => r.values[c.key]), extra, r.invalid.length ? r.invalid : null, batch.id, i + 2]);
      n++;
      if (pending.length >= perChunk) await flush();
    }
    await flush();
    await db.updateTable('import_batches').set({ rows_read: f.rows.length, imported: n }).where('id', '=', batch.id).execute();
    counts[d.name] = n;
  }
  return counts;
}
