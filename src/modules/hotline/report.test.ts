import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { compare, refreshDaily } from './analysis.service.ts';
import { type OrderInput, writeOrders } from './orders.ts';
import { generateReport, lastMonth, lastWeek } from './report.service.ts';

let p: TestPlatform;
const actor = systemActor('test');
let n = 0;
const o = (at: string, category: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  order_id: `RP${++n}`,
  received_at: `${at} 10:00:00`,
  content: category === '城乡建设' ? '小区道路破损积水' : '学校食堂饭菜质量差，校园餐饮问题',
  category,
  district: '城关区',
  handler_unit: category === '城乡建设' ? '市住建局' : '市教育局',
  status: '已办结',
  closed_at: `${at} 18:00:00`,
  due_at: `${at} 20:00:00`,
  satisfaction: '满意',
  ...extra,
});

beforeAll(async () => {
  p = await testPlatform();
  await writeOrders(
    p,
    actor,
    [
      // the week 2026-05-04 (Mon) … 05-10 (Sun): 6 orders
      ...['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-10'].map((d) => o(d, '城乡建设')),
      o('2026-05-07', '教育', { satisfaction: '不满意' }),
      o('2026-05-08', '教育', { status: '办理中', closed_at: null, satisfaction: null }),
      // the week before: 4
      ...['2026-04-27', '2026-04-28', '2026-04-29', '2026-05-03'].map((d) => o(d, '城乡建设')),
      // a year before: 5
      ...['2025-05-04', '2025-05-05', '2025-05-06', '2025-05-07', '2025-05-08'].map((d) => o(d, '城乡建设')),
      // the day after the week: not counted
      o('2026-05-11', '城乡建设'),
    ],
    { fileName: 'report-orders.csv' },
  );
  await p.db.insertInto('hotline_topics').values({ name: '校园餐饮', keywords: ['校园餐饮', '食堂'], updated_by: null }).execute();
}, 120_000);
afterAll(async () => p?.close());

describe('periods', () => {
  it('takes the last full ISO week and calendar month', () => {
    expect(lastWeek('2026-05-13')).toEqual(['2026-05-04', '2026-05-10']);
    expect(lastWeek('2026-05-11')).toEqual(['2026-05-04', '2026-05-10']);
    expect(lastWeek('2026-05-10')).toEqual(['2026-04-27', '2026-05-03']);
    expect(lastMonth('2026-03-15')).toEqual(['2026-02-01', '2026-02-28']);
  });
});

describe('year-on-year and month-on-month', () => {
  it('compares with the previous period and the same period a year before', async () => {
    await refreshDaily(p.db, '2025-01-01', '2026-12-31');
    const c = await compare(p.db, '2026-05-04', '2026-05-10');
    expect(c.total).toMatchObject({ current: 6, previous: 4, last_year: 5, mom_pct: 50, yoy_pct: 20 });
    const city = c.rows.find((r) => r.key === '城乡建设')!;
    expect(city).toMatchObject({ current: 4, previous: 4, last_year: 5, mom_pct: 0, yoy_pct: -20 });
    expect(city.sentence).toBe('城乡建设类诉求同比下降20.0%，环比持平');
  });
});

describe('weekly report (周报)', () => {
  it('is a Word document with the numbers and an embedded chart, plus an Excel annex', async () => {
    const r = await generateReport(p.db, actor, { kind: 'weekly', asOf: '2026-05-13' });
    expect(r.title).toBe('12345热线监督分析周报（2026年第19周）');
    const { docx } = await p.db.selectFrom('hotline_reports').select(['docx', 'xlsx']).where('id', '=', r.id).executeTakeFirstOrThrow();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-report-'));
    try {
      const file = path.join(dir, 'r.docx');
      fs.writeFileSync(file, docx);
      const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
      expect(list.some((f) => /^word\/media\/.+\.svg$/.test(f))).toBe(true);
      expect(list.some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      expect(text).toContain('统计期间：2026-05-04 至 2026-05-10');
      expect(text).toContain('本期共受理群众诉求6件，诉求总量同比上升20.0%，环比上升50.0%');
      expect(text).toContain('已办结5件，其中按时办结5件，按时办结率100.0%');
      expect(text).toContain('回访5件，满意率（含基本满意）80.0%，不满意1件');
      expect(text).toContain('城乡建设4件');
      expect(text).toContain('“校园餐饮”专项（关键词：校园餐饮、食堂）受理2件');
      expect(xml).toContain('<a:blip');
      const svgName = list.find((f) => f.endsWith('.svg'))!;
      const svg = execFileSync('unzip', ['-p', file, svgName], { encoding: 'utf8' });
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('城乡建设');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const wb = new ExcelJS.Workbook();
    const { xlsx } = await p.db.selectFrom('hotline_reports').select('xlsx').where('id', '=', r.id).executeTakeFirstOrThrow();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('诉求类别')!;
    const rows = ws.getSheetValues().slice(2).map((v) => (v as unknown[]).slice(1, 5));
    expect(rows).toContainEqual(['城乡建设', 4, 4, 5]);
    expect(rows).toContainEqual(['教育', 2, 0, 0]);
  });
});
