/** 12345 热线 HTTP API: Open311 intake, classification, screening & transfers, routing list, disclosure, analysis, reports. */
import { attachmentDisposition, DOCX_MIME } from '../../platform/docs/official.ts';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { anyObject, bool, date, int, nullable, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { breakdown, compare, DIMENSIONS, type Dimension, hotTopics, topicNumbers } from './analysis.service.ts';
import { createIntakeKey, listIntakeKeys, revokeIntakeKey } from './apikeys.service.ts';
import { classifyPending, correctCategory, explainText, orderCategory, trainModel } from './classify.service.ts';
import { open311Routes } from './open311.routes.ts';
import { approvePublication, listPublications, publicationDraft, publicSupervised, revokePublication } from './publish.service.ts';
import { listOrders, ORDER_SORTS, ORDER_STATUSES, type OrderListQuery, orderFacets } from './orderlist.service.ts';
import { createTopic, deleteTopic, listTopics, updateTopic } from './topics.service.ts';
import { generateReport, listReports, type ReportKind, reportFile } from './report.service.ts';
import { createRouting, deleteRouting, listRouting, settleDispute, updateRouting } from './routing.service.ts';
import { listScreenHits, listTransferRules, runScreening, sendScreenedTransfers, updateTransferRule } from './screening.service.ts';
import { getOrderOr404 } from './orders.ts';
import { forbidden } from '../../platform/errors.ts';

const tags = ['12345热线'];
const perm = (permission: string) => ({ access: { permission } });
const orderParams = obj({ id: str(64, { pattern: '^[A-Za-z0-9_-]+$' }) }, ['id']);
const idParams = obj({ id: int({ minimum: 1 }) }, ['id']);
const range = { from: date(), to: date() };
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function hotlineRoutes(app: App) {
  await open311Routes(app);
  const db = () => app.platform.db;

  // ---- work orders (工单列表) ---------------------------------------------------------------------
  app.get(
    '/api/hotline/orders',
    {
      config: perm('hotline:read'),
      schema: {
        tags,
        summary: '工单列表（分页、排序、筛选；限数据权限；读取个人信息留痕）',
        querystring: pageQuery({
          sort: oneOf(ORDER_SORTS),
          district: str(100),
          street: str(100),
          category: str(100),
          category_source: oneOf(['given', 'predicted', 'corrected', 'none']),
          unit: str(200),
          status: oneOf(ORDER_STATUSES),
          ...range,
          supervised: bool(),
          published: bool(),
        }),
      },
    },
    async (req) => listOrders(db(), actorOf(req), accessOf(req), req.query as OrderListQuery),
  );
  app.get('/api/hotline/order-filters', { config: perm('hotline:read'), schema: { tags, summary: '工单列表筛选项（区县、街道、类别、承办单位、状态）' } }, async () => orderFacets(db()));

  // ---- classification ------------------------------------------------------------------------
  app.get('/api/hotline/orders/:id/category', { config: perm('hotline:read'), schema: { tags, summary: '工单诉求类别（给定/自动分类及依据词）', params: orderParams } }, async (req) =>
    orderCategory(db(), (req.params as { id: string }).id),
  );
  app.post(
    '/api/hotline/orders/:id/category',
    { config: perm('hotline:classify'), schema: { tags, summary: '修正诉求类别（模型随即学习）', params: orderParams, body: obj({ category: str(100, { minLength: 1 }), note: nullable(text(2000)), version: int({ minimum: 1 }) }, ['category']) } },
    async (req) => {
      const b = req.body as { category: string; note?: string | null; version?: number };
      return correctCategory(db(), actorOf(req), accessOf(req), { orderId: (req.params as { id: string }).id, ...b });
    },
  );
  app.post('/api/hotline/classifier/train', { config: perm('hotline:classify'), schema: { tags, summary: '用已分类工单训练分类模型' } }, async (req) => trainModel(db(), actorOf(req)));
  app.post('/api/hotline/classifier/classify', { config: perm('hotline:classify'), schema: { tags, summary: '对未分类工单自动分类' } }, async (req) => classifyPending(db(), actorOf(req)));
  app.post('/api/hotline/classifier/explain', { config: perm('hotline:read'), schema: { tags, summary: '试分类一段文字（类别、置信度、依据词）', body: obj({ text: text(20_000) }, ['text']) } }, async (req) =>
    explainText(db(), (req.body as { text: string }).text),
  );
  app.get('/api/hotline/orders/:id/corrections', { config: perm('hotline:read'), schema: { tags, summary: '工单的分类修正记录', params: orderParams } }, async (req) =>
    db().selectFrom('hotline_corrections').selectAll().where('order_id', '=', (req.params as { id: string }).id).orderBy('id').execute(),
  );

  // ---- routing list (分类处置清单) --------------------------------------------------------------
  const routingBody = obj({ category: nullable(str(100)), keyword: nullable(str(100)), unit: str(200, { minLength: 1 }), note: nullable(text(2000)), priority: int({ minimum: 0, maximum: 10_000 }) }, ['unit']);
  app.get('/api/hotline/routing', { config: perm('hotline:read'), schema: { tags, summary: '分类处置清单' } }, async () => listRouting(db()));
  app.post('/api/hotline/routing', { config: perm('hotline:routing'), schema: { tags, summary: '新增处置清单条目', body: routingBody } }, async (req) =>
    createRouting(db(), actorOf(req), accessOf(req), req.body as never),
  );
  app.put(
    '/api/hotline/routing/:id',
    { config: perm('hotline:routing'), schema: { tags, summary: '修改处置清单条目', params: idParams, body: { ...routingBody, properties: { ...(routingBody.properties as object), version: int({ minimum: 1 }) }, required: ['unit', 'version'] } } },
    async (req) => updateRouting(db(), actorOf(req), accessOf(req), (req.params as { id: number }).id, req.body as never),
  );
  app.delete('/api/hotline/routing/:id', { config: perm('hotline:routing'), schema: { tags, summary: '删除处置清单条目', params: idParams } }, async (req) =>
    deleteRouting(db(), actorOf(req), accessOf(req), (req.params as { id: number }).id),
  );
  app.get('/api/hotline/orders/:id/responsible', { config: perm('hotline:read'), schema: { tags, summary: '按处置清单认定责任单位（踢皮球争议）', params: orderParams } }, async (req) => {
    const o = await getOrderOr404(db(), (req.params as { id: string }).id);
    const c = await orderCategory(db(), o.order_id);
    return { order_id: o.order_id, handler_unit: o.handler_unit, category: c.category, responsible: await settleDispute(db(), { category: c.category, content: o.content }) };
  });

  // ---- screening & transfers ---------------------------------------------------------------------
  app.get('/api/hotline/transfer-rules', { config: perm('hotline:read'), schema: { tags, summary: '移送规则（按类型）' } }, async () => listTransferRules(db()));
  app.put(
    '/api/hotline/transfer-rules/:kind',
    {
      config: perm('hotline:transfer'),
      schema: {
        tags,
        summary: '设置移送规则',
        params: obj({ kind: str(40) }, ['kind']),
        body: obj({ mode: oneOf(['immediate', 'periodic', 'off']), receiver_org_id: nullable(int({ minimum: 1 })), sender_org_id: nullable(int({ minimum: 1 })), params: anyObject(), version: int({ minimum: 1 }) }, ['version']),
      },
    },
    async (req) => {
      const b = req.body as { mode?: 'immediate' | 'periodic' | 'off'; receiver_org_id?: number | null; sender_org_id?: number | null; params?: Record<string, unknown>; version: number };
      return updateTransferRule(db(), actorOf(req), accessOf(req), (req.params as { kind: string }).kind, {
        mode: b.mode,
        receiverOrgId: b.receiver_org_id,
        senderOrgId: b.sender_org_id,
        params: b.params,
        version: b.version,
      });
    },
  );
  app.post('/api/hotline/screening/run', { config: perm('hotline:transfer'), schema: { tags, summary: '筛查踢皮球、不满意率异常、作风问题、重复诉求、督办超期', body: obj({ as_of: date() }) } }, async (req) =>
    runScreening(db(), actorOf(req), (req.body as { as_of?: string } | undefined)?.as_of),
  );
  app.get('/api/hotline/screening/hits', { config: perm('hotline:read'), schema: { tags, summary: '筛查结果', querystring: obj({ kind: str(40), pending: bool() }) } }, async (req) =>
    listScreenHits(db(), req.query as { kind?: string; pending?: boolean }),
  );
  app.post('/api/hotline/screening/send', { config: perm('hotline:transfer'), schema: { tags, summary: '移送筛查结果（随时/定期）', body: obj({ mode: oneOf(['immediate', 'periodic']) }, ['mode']) } }, async (req) => {
    const access = accessOf(req);
    if (!access.permissions.has('transfer:send')) throw forbidden('无移交权限', 'You may not send transfers');
    return sendScreenedTransfers(db(), actorOf(req), access, (req.body as { mode: 'immediate' | 'periodic' }).mode);
  });

  // ---- public disclosure (督办情况向社会公开) -----------------------------------------------------
  app.post(
    '/api/hotline/publications',
    { config: perm('hotline:publish'), schema: { tags, summary: '审核同意公开督办工单（去除个人信息）', body: obj({ order_id: str(64, { minLength: 1 }), summary: nullable(text(2000)), resolution: nullable(text(2000)) }, ['order_id']) } },
    async (req) => {
      const b = req.body as { order_id: string; summary?: string | null; resolution?: string | null };
      return approvePublication(db(), actorOf(req), accessOf(req), { orderId: b.order_id, summary: b.summary, resolution: b.resolution });
    },
  );
  app.get(
    '/api/hotline/publications',
    { config: perm('hotline:publish'), schema: { tags, summary: '已审核公开的督办工单（含已撤回）', querystring: obj({ page: int({ minimum: 1, default: 1 }), pageSize: int({ minimum: 1, maximum: 100, default: 20 }), state: oneOf(['published', 'revoked']) }) } },
    async (req) => listPublications(db(), req.query as { page?: number; pageSize?: number; state?: 'published' | 'revoked' }),
  );
  app.get('/api/hotline/orders/:id/publication', { config: perm('hotline:publish'), schema: { tags, summary: '督办公开：当前公开内容及去除个人信息后的拟公开文本', params: orderParams } }, async (req) =>
    publicationDraft(db(), accessOf(req), (req.params as { id: string }).id),
  );
  app.delete('/api/hotline/publications/:id', { config: perm('hotline:publish'), schema: { tags, summary: '撤回公开', params: orderParams } }, async (req) =>
    revokePublication(db(), actorOf(req), accessOf(req), (req.params as { id: string }).id),
  );
  app.get(
    '/api/public/hotline/supervised',
    { config: { access: 'public' }, schema: { tags: ['公开'], summary: '12345督办工单办理情况公开（无需登录）', querystring: obj({ page: int({ minimum: 1, default: 1 }), pageSize: int({ minimum: 1, maximum: 100, default: 20 }) }) } },
    async (req) => publicSupervised(db(), req.query as { page?: number; pageSize?: number }),
  );

  // ---- analysis ------------------------------------------------------------------------------------
  const filters = { district: str(100), category: str(100), unit: str(200) };
  app.get(
    '/api/hotline/analysis/breakdown',
    { config: perm('hotline:read'), schema: { tags, summary: '按区县/街道/类别/单位/日/月统计', querystring: obj({ dim: oneOf(Object.keys(DIMENSIONS)), ...range, ...filters, limit: int({ minimum: 1, maximum: 1000 }) }, ['dim', 'from', 'to']) } },
    async (req) => {
      const q = req.query as { dim: Dimension; from: string; to: string; district?: string; category?: string; unit?: string; limit?: number };
      return breakdown(db(), q.dim, q.from, q.to, q, q.limit);
    },
  );
  app.get(
    '/api/hotline/analysis/compare',
    { config: perm('hotline:read'), schema: { tags, summary: '同比、环比', querystring: obj({ dim: oneOf(['district', 'street', 'category', 'unit']), ...range, ...filters }, ['from', 'to']) } },
    async (req) => {
      const q = req.query as { dim?: 'category'; from: string; to: string; district?: string; category?: string; unit?: string };
      return compare(db(), q.from, q.to, q.dim ?? 'category', q);
    },
  );
  app.get('/api/hotline/analysis/hot-topics', { config: perm('hotline:read'), schema: { tags, summary: '新出现的热点问题', querystring: obj({ ...range, min_orders: int({ minimum: 1 }) }, ['from', 'to']) } }, async (req) => {
    const q = req.query as { from: string; to: string; min_orders?: number };
    return hotTopics(db(), q.from, q.to, { minOrders: q.min_orders });
  });
  app.get('/api/hotline/analysis/topics', { config: perm('hotline:read'), schema: { tags, summary: '专项深办清单及数据', querystring: obj(range, ['from', 'to']) } }, async (req) => {
    const q = req.query as { from: string; to: string };
    return topicNumbers(db(), q.from, q.to);
  });
  const topicBody = { name: str(100, { minLength: 1 }), keywords: { type: 'array', items: str(50, { minLength: 1 }), minItems: 1, maxItems: 100 }, active: bool() };
  app.get('/api/hotline/topics', { config: perm('hotline:read'), schema: { tags, summary: '专项深办清单' } }, async () => listTopics(db()));
  app.post('/api/hotline/topics', { config: perm('hotline:routing'), schema: { tags, summary: '新增专项深办（关键词清单）', body: obj(topicBody, ['name', 'keywords']) } }, async (req) =>
    createTopic(db(), actorOf(req), accessOf(req), req.body as { name: string; keywords: string[]; active?: boolean }),
  );
  app.put(
    '/api/hotline/topics/:id',
    { config: perm('hotline:routing'), schema: { tags, summary: '修改专项深办', params: idParams, body: obj({ ...topicBody, version: int({ minimum: 1 }) }, ['name', 'keywords', 'version']) } },
    async (req) => updateTopic(db(), actorOf(req), accessOf(req), (req.params as { id: number }).id, req.body as { name: string; keywords: string[]; active?: boolean; version: number }),
  );
  app.delete('/api/hotline/topics/:id', { config: perm('hotline:routing'), schema: { tags, summary: '删除专项深办', params: idParams } }, async (req) =>
    deleteTopic(db(), actorOf(req), accessOf(req), (req.params as { id: number }).id),
  );

  // ---- reports ---------------------------------------------------------------------------------------
  app.post(
    '/api/hotline/reports',
    { config: perm('report:read'), schema: { tags, summary: '生成周报/月报/专报', body: obj({ kind: oneOf(['weekly', 'monthly', 'special']), as_of: date(), ...range, topic_id: int({ minimum: 1 }) }, ['kind']) } },
    async (req) => {
      const b = req.body as { kind: ReportKind; as_of?: string; from?: string; to?: string; topic_id?: number };
      const { data, ...row } = await generateReport(db(), actorOf(req), { kind: b.kind, asOf: b.as_of, from: b.from, to: b.to, topicId: b.topic_id });
      return { ...row, total: data.total, docx: `/api/hotline/reports/${row.id}/docx`, xlsx: `/api/hotline/reports/${row.id}/xlsx` };
    },
  );
  app.get('/api/hotline/reports', { config: perm('report:read'), schema: { tags, summary: '已生成的报告' } }, async () => listReports(db()));
  app.get(
    '/api/hotline/reports/:id/:format',
    { config: perm('report:read'), schema: { tags, summary: '下载报告（docx）或附件（xlsx）', params: obj({ id: int({ minimum: 1 }), format: oneOf(['docx', 'xlsx']) }, ['id', 'format']) } },
    async (req, reply) => {
      const { id, format } = req.params as { id: number; format: 'docx' | 'xlsx' };
      const f = await reportFile(db(), id, format);
      return reply
        .header('content-type', format === 'docx' ? DOCX_MIME : XLSX_MIME)
        .header('content-disposition', attachmentDisposition(`${f.title}${format === 'xlsx' ? '（附件）' : ''}.${format}`))
        .send(f.data);
    },
  );

  // ---- Open311 API keys (security administrator) -------------------------------------------------
  app.get('/api/hotline/api-keys', { config: perm('security:keys'), schema: { tags, summary: 'Open311 接口密钥列表（不含密钥本身）', querystring: obj({ revoked: bool() }) } }, async (req) =>
    listIntakeKeys(db(), req.query as { revoked?: boolean }),
  );
  app.post('/api/hotline/api-keys', { config: perm('security:keys'), schema: { tags, summary: '创建 Open311 接口密钥（只显示一次）', body: obj({ org_id: int({ minimum: 1 }), name: str(100, { minLength: 1 }) }, ['org_id', 'name']) } }, async (req) => {
    const b = req.body as { org_id: number; name: string };
    return createIntakeKey(db(), actorOf(req), { orgId: b.org_id, name: b.name, createdBy: accessOf(req).userId });
  });
  app.delete('/api/hotline/api-keys/:id', { config: perm('security:keys'), schema: { tags, summary: '作废接口密钥', params: idParams } }, async (req) =>
    revokeIntakeKey(db(), actorOf(req), (req.params as { id: number }).id),
  );
}
