/**
 * 督办情况向社会公开: supervised orders an officer approved for publication ('hotline:publish'),
 * listed on a login-free page without the citizens' personal data. The published text is a
 * de-identified copy made at approval (names, phone numbers, ID numbers, exact addresses and
 * house numbers removed); the public list reads only that copy, never `ds_hotline`.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { shanghaiDate } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { assertOrderVisible } from './orderlist.service.ts';
import { getOrderOr404, type OrderRow } from './orders.ts';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Pure: remove personal data from a text; `known` = the caller's own name and address to drop verbatim. */
export function deidentify(text: string, known: { name?: string | null; address?: string | null; phone?: string | null } = {}): string {
  let t = text;
  if (known.address && known.address.length >= 4) t = t.replace(new RegExp(esc(known.address), 'g'), '某地');
  if (known.name && known.name.length >= 2) {
    t = t.replace(new RegExp(esc(known.name), 'g'), '某市民');
    // surname + 先生/女士 forms of the name
    t = t.replace(new RegExp(`${esc(known.name[0])}(先生|女士|师傅|阿姨|大爷)`, 'g'), '某市民');
  }
  if (known.phone) t = t.replace(new RegExp(esc(known.phone), 'g'), '***');
  return t
    .replace(/\d{17}[\dXx]|\d{15}/g, '[身份证号已隐去]')
    .replace(/(\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}/g, '[电话已隐去]')
    .replace(/0\d{2,3}-?\d{7,8}/g, '[电话已隐去]')
    .replace(/[\u4e00-\u9fa5]{1,2}(先生|女士)/g, '某市民')
    .replace(/(我叫|本人叫|我是)[\u4e00-\u9fa5]{2,3}/g, '$1某市民')
    .replace(/[0-9０-９一二三四五六七八九十百]+(号楼|栋|幢|单元|室|号|弄|组)/g, '某$1')
}

export interface PublishInput {
  orderId: string;
  /** Officer's own wording; de-identified again anyway. Default: the order's content. */
  summary?: string | null;
  /** How it was resolved. Default: the order's 办理情况 / status. */
  resolution?: string | null;
}

/** The de-identified texts that would be published (the officer's wording, else the order's own). */
function publishedTexts(o: OrderRow, input: { summary?: string | null; resolution?: string | null }) {
  const known = { name: o.caller_name, address: o.address, phone: o.caller_phone };
  const extra = (o._extra ?? {}) as Record<string, unknown>;
  const summary = deidentify((input.summary ?? o.content ?? '').slice(0, 2000), known);
  const resolution = deidentify(
    (input.resolution ?? (typeof extra.办理情况 === 'string' ? extra.办理情况 : `${o.handler_unit ?? '承办单位'}${o.status === '已办结' ? '已办结' : `办理中（${o.status ?? '待办'}）`}`)).slice(0, 2000),
    known,
  );
  return { summary, resolution };
}

export async function approvePublication(db: Queryable, actor: Actor, access: AccessContext, input: PublishInput) {
  if (!access.permissions.has('hotline:publish')) throw forbidden('无权审核督办公开', 'You may not approve publication');
  const o = await getOrderOr404(db, input.orderId);
  await assertOrderVisible(db, access, o.order_id);
  if (!o.supervised) throw conflict('只有督办工单可以向社会公开', 'Only supervised orders can be published');
  const { summary, resolution } = publishedTexts(o, input);
  const category = await sql<{ category: string | null }>`
      SELECT coalesce(nullif(btrim(o.category), ''), c.category) AS category FROM ds_hotline o LEFT JOIN hotline_classifications c ON c.order_id = o.order_id WHERE o.order_id = ${o.order_id}`.execute(db);
  return inTx(db, async (tx) => {
    const row = {
      order_id: o.order_id,
      approved_by: access.userId,
      approved_at: new Date(),
      received_on: shanghaiDate(o.received_at),
      district: o.district,
      category: category.rows[0]?.category ?? null,
      summary,
      resolution,
      revoked_at: null,
    };
    await tx
      .insertInto('hotline_publications')
      .values(row)
      .onConflict((oc) => oc.column('order_id').doUpdateSet({ ...row }))
      .execute();
    await recordAudit(tx, actor, { action: 'hotline.publish', objectType: 'hotline_order', objectId: o.order_id, detail: { summary, resolution } });
    return row;
  });
}

export async function revokePublication(db: Queryable, actor: Actor, access: AccessContext, orderId: string) {
  if (!access.permissions.has('hotline:publish')) throw forbidden('无权审核督办公开', 'You may not approve publication');
  return inTx(db, async (tx) => {
    const r = await tx.updateTable('hotline_publications').set({ revoked_at: new Date() }).where('order_id', '=', orderId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound('已公开的工单', 'Published order');
    await recordAudit(tx, actor, { action: 'hotline.publish.revoke', objectType: 'hotline_order', objectId: orderId });
    return { order_id: orderId, revoked: true };
  });
}

/** The public list (no login): only the de-identified copies. */
export async function publicSupervised(db: Queryable, q: { page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const base = db.selectFrom('hotline_publications').where('revoked_at', 'is', null);
  const [items, total] = await Promise.all([
    base
      .select(['order_id', sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as('received_on'), 'district', 'category', 'summary', 'resolution', sql<string>`to_char(approved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('published_on')])
      .orderBy('approved_at', 'desc')
      .orderBy('order_id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize };
}

/**
 * For the officer's review: the order's publication (if any, also a withdrawn one) and the
 * de-identified draft that approving now would publish. No personal data in the reply.
 */
export async function publicationDraft(db: Queryable, access: AccessContext, orderId: string) {
  const o = await getOrderOr404(db, orderId);
  await assertOrderVisible(db, access, o.order_id);
  const current = await db
    .selectFrom('hotline_publications')
    .select(['order_id', 'summary', 'resolution', 'approved_at', 'revoked_at'])
    .where('order_id', '=', o.order_id)
    .executeTakeFirst();
  return { order_id: o.order_id, supervised: !!o.supervised, draft: publishedTexts(o, {}), publication: current ?? null };
}

/** The officers' list of publications (approved and withdrawn), newest first. */
export async function listPublications(db: Queryable, q: { page?: number; pageSize?: number; state?: 'published' | 'revoked' }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('hotline_publications as p').leftJoin('users as u', 'u.id', 'p.approved_by');
  if (q.state === 'published') base = base.where('p.revoked_at', 'is', null);
  if (q.state === 'revoked') base = base.where('p.revoked_at', 'is not', null);
  const [items, total] = await Promise.all([
    base
      .select([
        'p.order_id',
        sql<string>`to_char(p.received_on, 'YYYY-MM-DD')`.as('received_on'),
        'p.district',
        'p.category',
        'p.summary',
        'p.resolution',
        'p.approved_at',
        'u.display_name as approved_by_name',
        'p.revoked_at',
      ])
      .orderBy('p.approved_at', 'desc')
      .orderBy('p.order_id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize };
}
