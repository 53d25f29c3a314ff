/**
 * Open311 GeoReport v2 intake (https://wiki.open311.org/GeoReport_v2) mapped onto work orders:
 *
 * | Open311                        | work order (`ds_hotline`)                                  |
 * |--------------------------------|------------------------------------------------------------|
 * | service_request_id             | order_id (`attribute[order_id]` = the hotline's own number, else generated `OS…`) |
 * | service_code                   | category (`auto` = none: the platform classifies)          |
 * | description                    | content                                                    |
 * | address_string / lat,long      | address (lat/long kept as extra columns)                   |
 * | first_name + last_name, phone  | caller_name, caller_phone (never returned by GET)          |
 * | requested_datetime             | received_at (default: now)                                 |
 * | agency_responsible             | handler_unit                                               |
 * | status open / closed           | 办理状态 (已办结 = closed)                                   |
 * | attribute[district|street|due_at|supervised|satisfaction] | district, street, due_at, supervised, satisfaction |
 *
 * Updates (extension, `POST /open311/v2/requests/{id}.json`): status, status_notes,
 * agency_responsible, closed_datetime, satisfaction … — written through the import pipeline, so
 * the replaced version is kept in `ds_hotline_history`.
 */
import type { Platform } from '../../platform/app.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { sql } from 'kysely';
import { AppError, badInput } from '../../platform/errors.ts';
import { activeModel, classifyPending } from './classify.service.ts';
import { getOrder, getOrderOr404, mergeOrder, type OrderInput, type OrderRow, shanghaiDateTime, writeOrders } from './orders.ts';

export const AUTO_SERVICE = 'auto';
const STATUSES = ['已办结', '办理中', '已退回', '超期'];
const SATISFACTION = ['满意', '基本满意', '不满意', '未回访'];
export const MAX_LIST = 1000;

export type Open311Body = Record<string, unknown>;

/** `attribute[x]` (form) and `attribute: {x}` (JSON) both read as attrs.x. */
export function attributesOf(body: Open311Body): Record<string, string> {
  const out: Record<string, string> = {};
  const nested = body.attribute;
  if (nested && typeof nested === 'object') for (const [k, v] of Object.entries(nested)) out[k] = String(v ?? '');
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([A-Za-z0-9_]+)\]$/.exec(k);
    if (m) out[m[1]] = String(v ?? '');
  }
  return out;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

function instant(v: string, field: string): Date {
  const d = new Date(v);
  if (!v || Number.isNaN(d.getTime())) throw badInput(`时间格式不正确（${field}）：${v}`, `Invalid date-time (${field}): ${v}`);
  return d;
}

export async function listServices(db: Queryable) {
  const m = await activeModel(db);
  const fromRouting = (await db.selectFrom('hotline_routing').select('category').distinct().where('category', 'is not', null).execute()).map((r) => r.category!);
  const categories = [...new Set([...(m ? m.model.categories : []), ...fromRouting])].sort((a, b) => a.localeCompare(b, 'zh'));
  return [
    ...categories.map((c) => ({ service_code: c, service_name: c, description: `诉求类别：${c}`, metadata: false, type: 'realtime', keywords: '', group: '12345' })),
    { service_code: AUTO_SERVICE, service_name: '未分类（由平台自动分类）', description: '诉求类别未知，由平台根据诉求内容自动分类', metadata: false, type: 'realtime', keywords: '', group: '12345' },
  ];
}

let idSeq = 0;
function newOrderId(at: Date): string {
  const day = shanghaiDateTime(at).slice(0, 10).replace(/-/g, '');
  const rnd = `${Date.now().toString(36)}${(++idSeq).toString(36)}`.toUpperCase().slice(-7);
  return `OS${day}${rnd}`;
}

export async function createRequest(platform: Platform, actor: Actor, orgId: number | null, body: Open311Body) {
  const attrs = attributesOf(body);
  const serviceCode = str(body.service_code);
  if (!serviceCode) throw badInput('缺少 service_code', 'service_code is required');
  const description = str(body.description);
  if (!description) throw badInput('缺少诉求内容 description', 'description is required');
  const address = str(body.address_string);
  const lat = str(body.lat);
  const long = str(body.long);
  if (!address && !(lat && long) && !str(body.address_id)) {
    throw badInput('须提供位置：address_string 或 lat/long', 'A location is required: address_string or lat/long');
  }
  const orderId = str(attrs.order_id) || newOrderId(new Date());
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(orderId)) throw badInput(`工单编号不合法：${orderId}`, `Invalid order id: ${orderId}`);
  if (await getOrder(platform.db, orderId)) {
    throw new AppError('duplicate_request', `工单已存在：${orderId}`, `Service request already exists: ${orderId}`, 409);
  }
  const received = str(body.requested_datetime) ? instant(str(body.requested_datetime), 'requested_datetime') : new Date();
  const row: OrderInput & { extra?: Record<string, string> } = {
    order_id: orderId,
    received_at: received,
    caller_name: [str(body.last_name), str(body.first_name)].join('') || null,
    caller_phone: str(body.phone) || null,
    address: address || null,
    district: attrs.district || null,
    street: attrs.street || null,
    content: description,
    category: serviceCode === AUTO_SERVICE ? null : serviceCode,
    handler_unit: str(body.agency_responsible) || attrs.handler_unit || null,
    due_at: attrs.due_at ? instant(attrs.due_at, 'due_at') : null,
    closed_at: null,
    status: '办理中',
    satisfaction: null,
    supervised: attrs.supervised ? ['1', 'true', '是', 'y', 'Y'].includes(attrs.supervised) : false,
    extra: {
      工单来源: 'Open311',
      ...(lat && long ? { lat, long } : {}),
      ...(str(body.media_url) ? { media_url: str(body.media_url) } : {}),
      ...(str(body.email) ? { email: str(body.email) } : {}),
    },
  };
  const r = await writeOrders(platform, actor, [row], { fileName: `open311-${orderId}.json`, supplierOrgId: orgId });
  if (!row.category) await classifyPending(platform.db, actor, { orderIds: [orderId] });
  return [{ service_request_id: orderId, service_notice: '已受理', account_id: null, batch_id: r.batchId }];
}

export async function updateRequest(platform: Platform, actor: Actor, orgId: number | null, id: string, body: Open311Body) {
  const attrs = attributesOf(body);
  const row = await getOrderOr404(platform.db, id);
  const changes: Parameters<typeof mergeOrder>[1] = {};
  const status = str(body.status) || attrs.status;
  if (status) {
    if (status === 'closed') changes.status = '已办结';
    else if (status === 'open') changes.status = row.status === '已办结' ? '办理中' : row.status;
    else if (STATUSES.includes(status)) changes.status = status;
    else throw badInput(`办理状态不合法：${status}`, `Invalid status: ${status}`);
  }
  const closed = str(body.closed_datetime) || attrs.closed_at;
  if (closed) changes.closed_at = instant(closed, 'closed_datetime');
  else if (changes.status === '已办结' && !row.closed_at) changes.closed_at = new Date();
  if (changes.status && changes.status !== '已办结' && row.status === '已办结') changes.closed_at = null;
  const handler = str(body.agency_responsible) || attrs.handler_unit;
  if (handler) changes.handler_unit = handler;
  const satisfaction = str(body.satisfaction) || attrs.satisfaction;
  if (satisfaction) {
    if (!SATISFACTION.includes(satisfaction)) throw badInput(`回访满意度不合法：${satisfaction}`, `Invalid satisfaction: ${satisfaction}`);
    changes.satisfaction = satisfaction;
  }
  if (attrs.due_at) changes.due_at = instant(attrs.due_at, 'due_at');
  if (attrs.supervised) changes.supervised = ['1', 'true', '是', 'y', 'Y'].includes(attrs.supervised);
  if (!Object.keys(changes).length && !str(body.status_notes)) throw badInput('没有要更新的内容', 'Nothing to update');
  const merged = mergeOrder(row, changes);
  if (str(body.status_notes)) merged.extra = { ...(merged.extra ?? {}), 办理情况: str(body.status_notes) };
  await writeOrders(platform, actor, [merged], { fileName: `open311-${id}-update.json`, supplierOrgId: orgId });
  return getRequest(platform.db, id);
}

/** One order as an Open311 service request (no personal data of the caller but the address). */
export function toOpen311(o: OrderRow, category: string | null) {
  const extra = (o._extra ?? {}) as Record<string, unknown>;
  return {
    service_request_id: o.order_id,
    status: o.status === '已办结' ? 'closed' : 'open',
    status_notes: (extra.办理情况 as string | undefined) ?? o.status ?? null,
    service_name: category,
    service_code: category ?? AUTO_SERVICE,
    description: o.content,
    agency_responsible: o.handler_unit,
    service_notice: null,
    requested_datetime: o.received_at.toISOString(),
    updated_datetime: o._updated_at.toISOString(),
    expected_datetime: o.due_at ? o.due_at.toISOString() : null,
    address: o.address,
    address_id: null,
    zipcode: null,
    lat: extra.lat ? Number(extra.lat) : null,
    long: extra.long ? Number(extra.long) : null,
    media_url: (extra.media_url as string | undefined) ?? null,
  };
}

const categorySql = sql<string | null>`coalesce(nullif(btrim(o.category), ''), c.category)`;

export async function getRequest(db: Queryable, id: string) {
  const r = (await sql<OrderRow & { cat: string | null }>`
      SELECT o.*, ${categorySql} AS cat FROM ds_hotline o LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
      WHERE o.order_id = ${id}`.execute(db)).rows[0];
  if (!r) throw new AppError('not_found', `工单不存在：${id}`, `No such service request: ${id}`, 404);
  return [toOpen311(r, r.cat)];
}

export interface ListQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

/** Open311 list: default the last 90 days, newest first, at most 1000 (uses the received_at index). */
export async function listRequests(db: Queryable, q: ListQuery) {
  const ids = q.service_request_id ? q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean) : null;
  const end = q.end_date ? instant(q.end_date, 'end_date') : new Date();
  const start = q.start_date ? instant(q.start_date, 'start_date') : new Date(end.getTime() - 90 * 86_400_000);
  if (q.status && !['open', 'closed'].includes(q.status)) throw badInput(`status 只能为 open 或 closed：${q.status}`, `status must be open or closed: ${q.status}`);
  const rows = (await sql<OrderRow & { cat: string | null }>`
      SELECT o.*, ${categorySql} AS cat FROM ds_hotline o LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
      WHERE ${ids ? sql`o.order_id = ANY(${ids}::text[])` : sql`o.received_at >= ${start} AND o.received_at <= ${end}`}
        ${q.status === 'closed' ? sql`AND o.status = '已办结'` : q.status === 'open' ? sql`AND o.status IS DISTINCT FROM '已办结'` : sql``}
        ${q.service_code ? (q.service_code === AUTO_SERVICE ? sql`AND coalesce(btrim(o.category), '') = ''` : sql`AND ${categorySql} = ${q.service_code}`) : sql``}
      ORDER BY o.received_at DESC LIMIT ${MAX_LIST}`.execute(db)).rows;
  return rows.map((r) => toOpen311(r, r.cat));
}
