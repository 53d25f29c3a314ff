/**
 * The dashboard as files leaders take away: an Excel workbook (one sheet per section) and a Word
 * report in the official-document format (GB/T 9704, src/platform/docs/official.ts). Both are
 * built from the same `dashboard()` numbers the viewer sees, and both are audited.
 */
import ExcelJS from 'exceljs';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { type BodyBlock, buildOfficialDocument } from '../../platform/docs/official.ts';
import { type DashboardData, type Metric, dashboard } from './dashboard.service.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const yoy = (m: Metric) => (m.yoy_pct === null || m.yoy_pct === undefined ? '—' : `${m.yoy_pct > 0 ? '+' : ''}${m.yoy_pct.toFixed(1)}%`);

type Row = (string | number | null)[];

/** Rows per section (title, header, rows), shared by the workbook and the report. */
function tables(d: DashboardData): { name: string; head: string[]; rows: Row[] }[] {
  const head = ['指标', '本期', '上年同期', '同比', '单位'];
  const m = (x: Metric): Row => [x.label, x.value, x.last_year ?? null, yoy(x), x.unit ?? ''];
  const out: { name: string; head: string[]; rows: Row[] }[] = [];
  if (d.clues) out.push({ name: '问题线索', head, rows: [m(d.clues.total), m(d.clues.closed), ...d.clues.by_source.map(m), ...d.clues.by_outcome.map(m)] });
  if (d.transfers) {
    const t = d.transfers;
    out.push({ name: '移交协作', head, rows: [t.transfers, t.items, t.acknowledged, t.acknowledged_on_time, t.returned, t.fed_back, t.fed_back_on_time, t.ack_overdue].map(m) });
  }
  if (d.rectification) {
    const r = d.rectification;
    out.push({
      name: '整改与见底清零',
      head: ['责任单位', '问题总数', '已销号', '整改中', '逾期', '整改率', '见底清零'],
      rows: [
        ...r.by_unit.map((u): Row => [u.name, u.total, u.rectified, u.in_progress, u.overdue, pct(u.rate), u.cleared ? '是' : '否']),
        ['合计', r.found.value, r.rectified.value, r.in_progress.value, r.overdue.value, pct(r.clearance_rate), `${r.cleared_units}/${r.units}`],
      ],
    });
  }
  if (d.accountability) {
    const a = d.accountability;
    out.push({ name: '问责处分与关心关爱', head, rows: [a.total, ...a.forms, a.tolerance, a.clearing, a.false_accusation, a.revisit].map(m) });
  }
  if (d.hotline) {
    const h = d.hotline;
    out.push({
      name: '12345热线',
      head: ['月份/类别', '本期', '上年同期', '同比', '满意率'],
      rows: [
        ['诉求总量', h.received.value, h.received.last_year ?? null, yoy(h.received), ''],
        ...h.trend.map((t): Row => [t.month, t.received, t.last_year, t.yoy_pct === null ? '—' : `${t.yoy_pct.toFixed(1)}%`, pct(t.satisfaction_rate)]),
        ...h.top_categories.map((c): Row => [c.label, c.value, c.last_year ?? null, yoy(c), '']),
      ],
    });
  }
  if (d.models) {
    const s = d.models;
    out.push({
      name: '监督模型',
      head: ['模型', '命中', '已核查', '属实', '精确率'],
      rows: [
        ...s.by_model.map((x): Row => [x.title, x.hits, x.reviewed, x.confirmed, pct(x.precision)]),
        ['合计', s.hits.value, s.reviewed.value, s.confirmed.value, pct(s.precision)],
        ['本期新增命中', s.new_hits.value, null, null, yoy(s.new_hits)],
      ],
    });
  }
  const v = (x: number | null) => (x === null ? '—' : x);
  out.push({
    name: '各区县',
    head: ['区县', '问题线索', '整改问题', '已销号', '整改率', '四种形态（人次）', '12345诉求'],
    rows: d.districts.map((r): Row => [r.district, v(r.clues.value), v(r.rectification.total), v(r.rectification.rectified), pct(r.rectification.rate), v(r.forms.value), v(r.hotline.value)]),
  });
  return out;
}

async function audit(db: Queryable, actor: Actor, action: string, d: DashboardData) {
  await recordAudit(db, actor, { action, objectType: 'dashboard', detail: { from: d.period.from, to: d.period.to, hidden: d.hidden } });
}

export async function dashboardWorkbook(db: Queryable, actor: Actor, access: AccessContext, q: { from?: string; to?: string }, today: DateString = todayInShanghai()): Promise<Buffer> {
  const d = await dashboard(db, actor, access, q, today);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guantong';
  const cover = wb.addWorksheet('说明');
  cover.addRows([['驾驶舱数据'], ['统计期间', `${d.period.from} 至 ${d.period.to}`], ['对比期间（上年同期）', `${d.compare_period.from} 至 ${d.compare_period.to}`], ['导出人', access.displayName], ['数据截至', d.as_of], ['说明', '仅含导出人有权查看的记录']]);
  for (const t of tables(d)) {
    const ws = wb.addWorksheet(t.name);
    ws.addRow(t.head).font = { bold: true };
    ws.addRows(t.rows);
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 40 : 14;
    });
  }
  await audit(db, actor, 'dashboard.export_xlsx', d);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A report of the period: one paragraph per section, the numbers a leader quotes. */
export async function dashboardReport(db: Queryable, actor: Actor, access: AccessContext, q: { from?: string; to?: string }, today: DateString = todayInShanghai()): Promise<Buffer> {
  const d = await dashboard(db, actor, access, q, today);
  const n = (m: Metric) => `${m.value ?? 0}${m.unit ?? ''}${m.yoy_pct === null || m.yoy_pct === undefined ? '' : `（同比${m.yoy_pct >= 0 ? '上升' : '下降'}${Math.abs(m.yoy_pct).toFixed(1)}%）`}`;
  const body: BodyBlock[] = [`本报告统计期间为${d.period.from}至${d.period.to}，与上年同期（${d.compare_period.from}至${d.compare_period.to}）对比。数据仅含报告生成人有权查看的记录。`];
  const heads = ['一', '二', '三', '四', '五', '六', '七'];
  let i = 0;
  const h = (title: string) => body.push({ level: 1, heading: `${heads[i++]}、${title}` });
  if (d.clues) {
    h('问题线索');
    const top = d.clues.by_source.filter((s) => (s.value ?? 0) > 0).map((s) => `${s.label}${s.value}件`);
    body.push(`共受理问题线索${n(d.clues.total)}，其中${top.join('、') || '暂无分来源数据'}；已办结${d.clues.closed.value}件。`);
  }
  if (d.transfers) {
    const t = d.transfers;
    h('移交协作');
    body.push(`移交${n(t.transfers)}，涉及事项${t.items.value}件；按时签收${t.acknowledged_on_time.value}次，退回${t.returned.value}次，已反馈${t.fed_back.value}次，逾期未签收${t.ack_overdue.value}次。`);
  }
  if (d.rectification) {
    const r = d.rectification;
    h('问题整改');
    body.push(`整改台账共有问题${r.found.value}个，已整改销号${r.rectified.value}个，整改中${r.in_progress.value}个，逾期${r.overdue.value}个，整改率${pct(r.clearance_rate)}；${r.cleared_units}个责任单位实现见底清零。`);
  }
  if (d.accountability) {
    const a = d.accountability;
    h('问责处分与关心关爱');
    body.push(`运用监督执纪“四种形态”处理${n(a.total)}，其中${a.forms.map((f) => `${f.label}${f.value}人次`).join('，')}。容错纠错${a.tolerance.value}人，澄清正名${a.clearing.value}人（查处诬告陷害${a.false_accusation.value}件），回访教育${a.revisit.value}人次。`);
  }
  if (d.hotline) {
    h('12345热线');
    body.push(`受理12345热线诉求${n(d.hotline.received)}。${d.hotline.sentence}。`);
  }
  if (d.models) {
    const s = d.models;
    h('监督模型');
    body.push(`${s.enabled}个监督模型在用，本期新增命中${n(s.new_hits)}；累计命中${s.hits.value}条，已核查${s.reviewed.value}条，属实${s.confirmed.value}条，实测精确率${pct(s.precision)}。`);
  }
  h('各区县情况');
  for (const r of d.districts) {
    const parts = [
      r.clues.value !== null ? `问题线索${r.clues.value}件` : null,
      r.rectification.total !== null ? `整改问题${r.rectification.total}个（已销号${r.rectification.rectified}个）` : null,
      r.forms.value !== null ? `运用“四种形态”${r.forms.value}人次` : null,
      r.hotline.value !== null ? `12345诉求${r.hotline.value}件` : null,
    ].filter(Boolean);
    body.push(`${r.district}：${parts.join('，') || '无可查看数据'}。`);
  }
  const year = Number(d.as_of.slice(0, 4));
  const bytes = await buildOfficialDocument({
    issuerMark: `${access.orgName}`,
    title: `监督贯通工作情况报告\n（${d.period.from}至${d.period.to}）`,
    body,
    signature: { org: access.orgName, date: d.as_of },
    creator: access.displayName,
    note: `${year}年 · 由贯通平台生成`,
  });
  await audit(db, actor, 'dashboard.export_docx', d);
  return bytes;
}
