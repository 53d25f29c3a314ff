/** Audit administrators (安全审计员) search, export and verify the audit trail and the login log. */
import { sql } from 'kysely';
import type { Queryable } from '../db/types.ts';
import { type App, actorOf } from '../http/server.ts';
import { int, pageQuery, str } from '../http/schema.ts';
import { recordAudit } from './audit.service.ts';
import { verifyAuditTrail } from './verify.ts';

interface AuditQuery {
  page?: number;
  pageSize?: number;
  q?: string;
  action?: string;
  actor_id?: number;
  object_type?: string;
  object_id?: string;
  outcome?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
}

const filters = { action: str(100), actor_id: int(), object_type: str(64), object_id: str(64), outcome: str(16), from: str(30), to: str(30) };

function auditQuery(db: Queryable, q: AuditQuery) {
  let s = db.selectFrom('audit_events');
  if (q.action) s = s.where('action', 'like', `${q.action}%`);
  if (q.actor_id) s = s.where('actor_id', '=', q.actor_id);
  if (q.object_type) s = s.where('object_type', '=', q.object_type);
  if (q.object_id) s = s.where('object_id', '=', q.object_id);
  if (q.outcome) s = s.where('outcome', '=', q.outcome as 'success');
  if (q.from) s = s.where('at', '>=', new Date(q.from));
  if (q.to) s = s.where('at', '<', new Date(q.to));
  if (q.q) s = s.where((eb) => eb.or([eb('actor_name', 'ilike', `%${q.q}%`), eb('action', 'ilike', `%${q.q}%`), eb('ip', 'like', `%${q.q}%`)]));
  return s;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function auditRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['audit'];

  app.get(
    '/api/audit/events',
    { config: { access: { permission: 'audit:read' } }, schema: { tags, summary: '审计日志查询', querystring: pageQuery(filters) } },
    async (req) => {
      const q = req.query as AuditQuery;
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const base = auditQuery(db, q);
      const [items, total] = await Promise.all([
        base.selectAll().orderBy('seq', q.order ?? 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
        base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n), page, pageSize };
    },
  );

  app.get(
    '/api/audit/export',
    { config: { access: { permission: 'audit:export' } }, schema: { tags, summary: '导出审计日志（CSV, UTF-8 BOM）', querystring: pageQuery(filters) } },
    async (req, reply) => {
      const q = req.query as AuditQuery;
      const rows = await auditQuery(db, q).selectAll().orderBy('seq', 'asc').limit(100_000).execute();
      await recordAudit(db, actorOf(req), { action: 'audit.export', detail: { filters: q, rows: rows.length } });
      const head = ['序号seq', '时间at', '操作人actor', '组织org_id', '操作action', '对象类型object_type', '对象object_id', '结果outcome', '请求request_id', 'IP', '详情detail', '哈希hash'];
      const lines = rows.map((r) =>
        [r.seq, r.at, r.actor_name, r.org_id, r.action, r.object_type, r.object_id, r.outcome, r.request_id, r.ip, r.detail, r.hash].map(csvCell).join(','),
      );
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"');
      return `\uFEFF${head.join(',')}\n${lines.join('\n')}\n`;
    },
  );

  app.post('/api/audit/verify', { config: { access: { permission: 'audit:verify' } }, schema: { tags, summary: '校验审计链' } }, async (req) => {
    const r = await verifyAuditTrail(db);
    await recordAudit(db, actorOf(req), { action: 'audit.verify', outcome: r.ok ? 'success' : 'failure', detail: r });
    return r;
  });

  app.get(
    '/api/audit/login-log',
    { config: { access: { permission: 'audit:read' } }, schema: { tags, summary: '登录日志', querystring: pageQuery({ outcome: str(16), username: str(64) }) } },
    async (req) => {
      const q = req.query as { page?: number; pageSize?: number; outcome?: string; username?: string; q?: string };
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      let base = db.selectFrom('login_log');
      if (q.outcome) base = base.where('outcome', '=', q.outcome as 'success');
      if (q.username) base = base.where('username', '=', q.username);
      if (q.q) base = base.where((eb) => eb.or([eb('username', 'ilike', `%${q.q}%`), eb('ip', 'like', `%${q.q}%`)]));
      const [items, total] = await Promise.all([
        base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
        base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n), page, pageSize };
    },
  );
}
