/** 驾驶舱 HTTP API (numbers, Excel export, Word report) and, registered with it, 全局检索. */
import { attachmentDisposition, DOCX_MIME } from '../../platform/docs/official.ts';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { date, obj } from '../../platform/http/schema.ts';
import { searchRoutes } from '../search/search.routes.ts';
import { dashboardReport, dashboardWorkbook } from './dashboard.export.ts';
import { dashboard, resolvePeriod } from './dashboard.service.ts';
import { districtMapRoutes } from './district-map.routes.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function dashboardRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['dashboard'];
  const config = { access: { permission: 'dashboard:view' } };
  const querystring = obj({ from: date(), to: date() });
  type Q = { from?: string; to?: string };

  app.get('/api/dashboard', { config, schema: { tags, summary: '驾驶舱数据（期间、上年同期对比、下钻）', querystring } }, async (req) =>
    dashboard(db, actorOf(req), accessOf(req), req.query as Q),
  );

  app.get('/api/dashboard/export.xlsx', { config, schema: { tags, summary: '导出驾驶舱数据（Excel，每部分一页）', querystring } }, async (req, reply) => {
    const q = req.query as Q;
    const p = resolvePeriod(q);
    const bytes = await dashboardWorkbook(db, actorOf(req), accessOf(req), q);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentDisposition(`驾驶舱数据_${p.from}_${p.to}.xlsx`)).send(bytes);
  });

  app.get('/api/dashboard/report.docx', { config, schema: { tags, summary: '生成驾驶舱情况报告（Word）', querystring } }, async (req, reply) => {
    const q = req.query as Q;
    const p = resolvePeriod(q);
    const bytes = await dashboardReport(db, actorOf(req), accessOf(req), q);
    return reply.header('content-type', DOCX_MIME).header('content-disposition', attachmentDisposition(`监督贯通工作情况报告_${p.from}_${p.to}.docx`)).send(bytes);
  });

  await districtMapRoutes(app);
  await searchRoutes(app);
}
