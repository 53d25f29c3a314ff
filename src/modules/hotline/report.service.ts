/**
 * 周报 / 月报 / 专报 of the hotline: a Word document (docx; charts as SVG with a PNG fallback)
 * and an Excel annex (exceljs), from the daily pre-aggregates. Generated on demand (route, CLI)
 * and by the weekly / monthly jobs; stored in `hotline_reports`.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { addDays, type DateString, isValidDate, isoWeekday, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput, notFound } from '../../platform/errors.ts';
import { FONTS } from '../../platform/docs/official.ts';
import { breakdown, compare, hotTopics, lastYear, previousPeriod, refreshDaily, topicNumbers } from './analysis.service.ts';
import { barChartPng, barChartSvg, lineChartSvg } from './charts.ts';
import { SCREEN_KIND_LABELS } from './screening.service.ts';

export type ReportKind = 'weekly' | 'monthly' | 'special';

/** The last full ISO week (Mon–Sun) before `asOf`. */
export function lastWeek(asOf: DateString): [DateString, DateString] {
  const monday = addDays(asOf, -(isoWeekday(asOf) - 1));
  return [addDays(monday, -7), addDays(monday, -1)];
}

/** The last full calendar month before `asOf`. */
export function lastMonth(asOf: DateString): [DateString, DateString] {
  const first = `${asOf.slice(0, 7)}-01`;
  const end = addDays(first, -1);
  return [`${end.slice(0, 7)}-01`, end];
}

function isoWeekNumber(d: DateString): { year: number; week: number } {
  const t = new Date(`${d}T00:00:00Z`);
  const day = (t.getUTCDay() + 6) % 7;
  t.setUTCDate(t.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((t.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return { year: t.getUTCFullYear(), week };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const chg = (v: number | null, up = '上升', down = '下降') => (v === null ? '无可比数据' : v === 0 ? '持平' : `${v > 0 ? up : down}${Math.abs(v).toFixed(1)}%`);

export interface ReportData {
  kind: ReportKind;
  title: string;
  from: DateString;
  to: DateString;
  total: { received: number; closed: number; closed_on_time: number; visited: number; unsatisfied: number; satisfaction_rate: number | null; on_time_rate: number | null };
  comparison: Awaited<ReturnType<typeof compare>>;
  categories: Awaited<ReturnType<typeof breakdown>>;
  districts: Awaited<ReturnType<typeof breakdown>>;
  units: Awaited<ReturnType<typeof breakdown>>;
  days: Awaited<ReturnType<typeof breakdown>>;
  topics: Awaited<ReturnType<typeof topicNumbers>>;
  hot: Awaited<ReturnType<typeof hotTopics>>;
  screened: { kind: string; hits: number; transferred: number }[];
  topic?: { id: number; name: string; keywords: string[] };
}

/** Collects the numbers of a report (refreshing the aggregates of the compared periods first). */
export async function reportData(db: Queryable, kind: ReportKind, from: DateString, to: DateString, topicId?: number): Promise<ReportData> {
  if (!isValidDate(from) || !isValidDate(to) || from > to) throw badInput(`报告期间无效：${from} ~ ${to}`, `Invalid report period: ${from} ~ ${to}`);
  const [pf, pt] = previousPeriod(from, to);
  await refreshDaily(db, from, to);
  await refreshDaily(db, pf, pt);
  await refreshDaily(db, lastYear(from), lastYear(to));
  let topic: ReportData['topic'];
  if (kind === 'special') {
    if (!topicId) throw badInput('专报须指定专项（topic）', 'A special report needs a topic');
    const t = await db.selectFrom('hotline_topics').select(['id', 'name', 'keywords']).where('id', '=', topicId).executeTakeFirst();
    if (!t) throw notFound('专项', 'Topic');
    topic = t;
  }
  const [categories, districts, units, days, comparison, topics, hot] = await Promise.all([
    breakdown(db, 'category', from, to, {}, 20),
    breakdown(db, 'district', from, to, {}, 30),
    breakdown(db, 'unit', from, to, {}, 30),
    breakdown(db, 'day', from, to, {}, 400),
    compare(db, from, to),
    topicNumbers(db, from, to),
    hotTopics(db, from, to, { limit: 8 }),
  ]);
  const all = await breakdown(db, 'month', from, to, {}, 100);
  const tot = (k: 'received' | 'closed' | 'closed_on_time' | 'visited' | 'unsatisfied') => all.reduce((s, r) => s + r[k], 0);
  const satisfiedEtc = await sql<{ s: string | null }>`SELECT sum(satisfied + basic) AS s FROM hotline_daily WHERE day BETWEEN ${from}::date AND ${to}::date`.execute(db);
  const visited = tot('visited');
  const closed = tot('closed');
  const screened = (await sql<{ kind: string; hits: string; transferred: string }>`
      SELECT kind, count(*) AS hits, count(transfer_id) AS transferred FROM hotline_screen_hits
      WHERE found_at >= ((${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai') AND found_at < ((${addDays(to, 1)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
      GROUP BY kind ORDER BY kind`.execute(db)).rows.map((r) => ({ kind: r.kind, hits: Number(r.hits), transferred: Number(r.transferred) }));
  const title =
    kind === 'weekly'
      ? `12345热线监督分析周报（${isoWeekNumber(from).year}年第${isoWeekNumber(from).week}周）`
      : kind === 'monthly'
        ? `12345热线监督分析月报（${Number(from.slice(0, 4))}年${Number(from.slice(5, 7))}月）`
        : `12345热线专项监督专报（${topic!.name}）`;
  return {
    kind,
    title,
    from,
    to,
    total: {
      received: tot('received'),
      closed,
      closed_on_time: tot('closed_on_time'),
      visited,
      unsatisfied: tot('unsatisfied'),
      satisfaction_rate: visited ? Number(satisfiedEtc.rows[0].s ?? 0) / visited : null,
      on_time_rate: closed ? tot('closed_on_time') / closed : null,
    },
    comparison,
    categories,
    districts,
    units,
    days,
    topics: topic ? topics.filter((t) => t.id === topic.id) : topics,
    hot,
    screened,
    topic,
  };
}


const body = (text: string) =>
  new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text, font: FONTS.fangsong, size: 32 })] });
const h1 = (text: string) => new Paragraph({ spacing: { line: 560 }, indent: { firstLine: 640 }, children: [new TextRun({ text, font: FONTS.heiti, size: 32 })] });

function table(header: string[], rows: (string | number)[][]): Table {
  const cell = (v: string | number, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(v), font: FONTS.fangsong, size: 24, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

function chart(svg: string, values: number[], width = 600, height = 320): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(svg, 'utf8'),
        fallback: { type: 'png', data: barChartPng(values, width, height) },
        transformation: { width: 560, height: Math.round((560 * height) / width) },
        altText: { title: '统计图', description: '统计图', name: 'chart' },
      }),
    ],
  });
}

/** The Word document of a report. */
export async function buildReportDocx(d: ReportData): Promise<Buffer> {
  const t = d.total;
  const top = d.comparison.rows.slice(0, 5);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, heading: HeadingLevel.TITLE, children: [new TextRun({ text: d.title, font: FONTS.xiaobiaosong, size: 44 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `统计期间：${d.from} 至 ${d.to}`, font: FONTS.kaiti, size: 32 })] }),
    h1('一、总体情况'),
    body(
      `本期共受理群众诉求${t.received}件，${d.comparison.total.sentence}。已办结${t.closed}件，其中按时办结${t.closed_on_time}件，按时办结率${pct(t.on_time_rate)}；回访${t.visited}件，满意率（含基本满意）${pct(t.satisfaction_rate)}，不满意${t.unsatisfied}件。`,
    ),
    h1('二、诉求分类情况'),
    body(top.length ? `受理量居前的诉求类别：${top.map((r) => `${r.key}${r.current}件（${r.sentence.replace(`${r.key}类诉求`, '')}）`).join('；')}。` : '本期无诉求。'),
    chart(barChartSvg({ title: '诉求类别分布（件）', labels: d.categories.slice(0, 10).map((r) => r.key), values: d.categories.slice(0, 10).map((r) => r.received) }), d.categories.slice(0, 10).map((r) => r.received)),
    table(
      ['诉求类别', '本期', '上期', '去年同期', '环比', '同比'],
      d.comparison.rows.slice(0, 15).map((r) => [r.key, r.current, r.previous, r.last_year, chg(r.mom_pct), chg(r.yoy_pct)]),
    ),
    h1('三、区域分布'),
    body(d.districts.length ? d.districts.map((r) => `${r.key || '未注明区县'}${r.received}件`).join('，') + '。' : '本期无诉求。'),
    chart(lineChartSvg({ title: '每日受理量（件）', labels: d.days.map((r) => r.key.slice(5)), values: d.days.map((r) => r.received) }), d.days.map((r) => r.received), 600, 280),
    h1('四、承办单位办理情况'),
    table(
      ['承办单位', '受理', '办结', '按时办结率', '满意率', '不满意率'],
      d.units.slice(0, 20).map((r) => [r.key || '未注明', r.received, r.closed, pct(r.on_time_rate), pct(r.satisfaction_rate), pct(r.unsatisfied_rate)]),
    ),
    h1('五、热点问题'),
    body(d.hot.length ? d.hot.map((h, i) => `${i + 1}.“${h.term}”相关诉求${h.orders}件（为前四周周均的${h.lift}倍）`).join('；') + '。' : '本期未发现新增热点问题。'),
    h1(d.kind === 'special' ? `六、专项深办：${d.topic?.name}` : '六、专项深办'),
    body(
      d.topics.length
        ? d.topics.map((x) => `“${x.name}”专项（关键词：${x.keywords.join('、')}）受理${x.received}件，办结${x.closed}件，不满意率${pct(x.unsatisfied_rate)}，环比${chg(x.mom_pct)}`).join('；') + '。'
        : '未设置专项。',
    ),
    h1('七、问题筛查与移送'),
    body(d.screened.length ? d.screened.map((s) => `${SCREEN_KIND_LABELS[s.kind] ?? s.kind}${s.hits}件，已移送${s.transferred}件`).join('；') + '。' : '本期未筛查出踢皮球、不满意率异常等问题。'),
  ];
  const doc = new Document({
    creator: '贯通·监督贯通协同平台',
    title: d.title,
    styles: { default: { document: { run: { font: FONTS.fangsong, size: 32 } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** The Excel annex: one sheet per table of the report. */
export async function buildReportXlsx(d: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '贯通·监督贯通协同平台';
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c) => {
      c.width = 16;
    });
  };
  sheet('诉求类别', ['诉求类别', '本期', '上期', '去年同期', '环比%', '同比%'], d.comparison.rows.map((r) => [r.key, r.current, r.previous, r.last_year, r.mom_pct, r.yoy_pct]));
  sheet('区域', ['区县', '受理', '办结', '按时办结率', '满意率'], d.districts.map((r) => [r.key, r.received, r.closed, r.on_time_rate, r.satisfaction_rate]));
  sheet('承办单位', ['承办单位', '受理', '办结', '按时办结率', '满意率', '不满意率'], d.units.map((r) => [r.key, r.received, r.closed, r.on_time_rate, r.satisfaction_rate, r.unsatisfied_rate]));
  sheet('每日受理', ['日期', '受理', '办结'], d.days.map((r) => [r.key, r.received, r.closed]));
  sheet('专项深办', ['专项', '关键词', '受理', '办结', '不满意率', '环比%'], d.topics.map((t) => [t.name, t.keywords.join('、'), t.received, t.closed, t.unsatisfied_rate, t.mom_pct]));
  sheet('热点问题', ['关键词', '工单数', '前四周周均', '倍数', '工单编号（前50）'], d.hot.map((h) => [h.term, h.orders, h.baseline_per_week, h.lift, h.order_ids.join(',')]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Generate, store and audit one report. `asOf` picks the last full week / month. */
export async function generateReport(
  db: Queryable,
  actor: Actor,
  input: { kind: ReportKind; asOf?: DateString; from?: DateString; to?: DateString; topicId?: number },
) {
  const asOf = input.asOf ?? todayInShanghai();
  const [from, to] =
    input.from && input.to ? [input.from, input.to] : input.kind === 'weekly' ? lastWeek(asOf) : input.kind === 'monthly' ? lastMonth(asOf) : lastMonth(asOf);
  const data = await reportData(db, input.kind, from, to, input.topicId);
  const [docx, xlsx] = await Promise.all([buildReportDocx(data), buildReportXlsx(data)]);
  return inTx(db, async (tx) => {
    const row = await tx
      .insertInto('hotline_reports')
      .values({ kind: input.kind, period_from: from, period_to: to, title: data.title, topic_id: input.topicId ?? null, generated_by: actor.name, docx, xlsx })
      .returning(['id', 'title', 'kind', 'period_from', 'period_to', 'generated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'hotline.report.generate', objectType: 'hotline_report', objectId: row.id, detail: { kind: input.kind, from, to, received: data.total.received } });
    return { ...row, data };
  });
}

export async function listReports(db: Queryable, limit = 50) {
  return db
    .selectFrom('hotline_reports')
    .select(['id', 'kind', 'title', sql<string>`to_char(period_from, 'YYYY-MM-DD')`.as('period_from'), sql<string>`to_char(period_to, 'YYYY-MM-DD')`.as('period_to'), 'generated_at', 'generated_by'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function reportFile(db: Queryable, id: number, format: 'docx' | 'xlsx') {
  const r = await db.selectFrom('hotline_reports').select(['title', format]).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('报告', 'Report');
  return { title: r.title, data: (r as unknown as Record<string, Buffer>)[format] };
}
