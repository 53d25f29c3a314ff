/**
 * 专项深办 topics: a name and a keyword list; an order belongs to a topic when its content
 * contains one of the keywords. Creating or editing a topic recomputes its daily numbers
 * (`hotline_topic_daily`) over the range the aggregates cover, so the analysis page and the 专报
 * show the new list at once. Edits carry the row version (optimistic locking); a topic that a
 * generated 专报 refers to cannot be deleted (it can be deactivated).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.ts';

export interface TopicInput {
  name: string;
  keywords: string[];
  active?: boolean;
}

function clean(input: TopicInput): TopicInput {
  const name = input.name.trim();
  const keywords = [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
  if (!name) throw badInput('专项名称不能为空', 'The topic name is empty');
  if (!keywords.length) throw badInput('至少需要一个关键词', 'At least one keyword is needed');
  return { name, keywords, active: input.active };
}

function mayEdit(access: AccessContext) {
  if (!access.permissions.has('hotline:routing')) throw forbidden('无权维护专项深办清单', 'You may not edit the topic list');
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** Recompute one topic's daily numbers over the aggregated range (nothing when no aggregate yet). */
async function refreshTopic(db: Queryable, topic: { id: number; keywords: string[]; active: boolean }) {
  await sql`DELETE FROM hotline_topic_daily WHERE topic_id = ${topic.id}`.execute(db);
  const state = await db.selectFrom('hotline_agg_state').select([sql<string>`to_char(from_day, 'YYYY-MM-DD')`.as('from'), sql<string>`to_char(to_day, 'YYYY-MM-DD')`.as('to')]).executeTakeFirst();
  if (!state || !topic.active) return;
  const pattern = topic.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  await sql`
    INSERT INTO hotline_topic_daily (topic_id, day, district, received, closed, unsatisfied, visited)
    SELECT ${topic.id}, (o.received_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(o.district, ''), count(*),
           count(*) FILTER (WHERE o.status = '已办结'),
           count(*) FILTER (WHERE o.satisfaction = '不满意'),
           count(*) FILTER (WHERE o.satisfaction IN ('满意', '基本满意', '不满意'))
    FROM ds_hotline o
    WHERE o.received_at >= ((${state.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND o.received_at < ((${state.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND o.content ~ ${pattern}
    GROUP BY 2, 3`.execute(db);
}

export async function listTopics(db: Queryable) {
  return db.selectFrom('hotline_topics').selectAll().orderBy('id').execute();
}

export async function createTopic(db: Queryable, actor: Actor, access: AccessContext, input: TopicInput) {
  mayEdit(access);
  const v = clean(input);
  return inTx(db, async (tx) => {
    if (await tx.selectFrom('hotline_topics').select('id').where('name', '=', v.name).executeTakeFirst()) throw conflict(`专项“${v.name}”已存在`, `Topic "${v.name}" exists`);
    const row = await tx.insertInto('hotline_topics').values({ name: v.name, keywords: v.keywords, active: v.active ?? true, updated_by: access.userId }).returningAll().executeTakeFirstOrThrow();
    await refreshTopic(tx, row);
    await recordAudit(tx, actor, { action: 'hotline.topic.create', objectType: 'hotline_topic', objectId: row.id, detail: { name: row.name, keywords: row.keywords } });
    return row;
  });
}

export async function updateTopic(db: Queryable, actor: Actor, access: AccessContext, id: number, input: TopicInput & { version: number }) {
  mayEdit(access);
  const v = clean(input);
  return inTx(db, async (tx) => {
    const old = await tx.selectFrom('hotline_topics').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw notFound(`专项深办 ${id}`, `Topic ${id}`);
    if (await tx.selectFrom('hotline_topics').select('id').where('name', '=', v.name).where('id', '<>', id).executeTakeFirst()) throw conflict(`专项“${v.name}”已存在`, `Topic "${v.name}" exists`);
    let row: typeof old | undefined;
    try {
      row = await tx
        .updateTable('hotline_topics')
        .set({ name: v.name, keywords: v.keywords, active: v.active ?? old.active, updated_by: access.userId, version: old.version + 1 })
        .where('id', '=', id)
        .where('version', '=', input.version)
        .returningAll()
        .executeTakeFirst();
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`专项“${v.name}”已存在`, `Topic "${v.name}" exists`);
      throw e;
    }
    if (!row) throw conflict('专项已被他人修改，请刷新后重试', 'The topic was changed meanwhile; reload and retry');
    await refreshTopic(tx, row);
    await recordAudit(tx, actor, {
      action: 'hotline.topic.update',
      objectType: 'hotline_topic',
      objectId: id,
      detail: { before: { name: old.name, keywords: old.keywords, active: old.active }, after: { name: row.name, keywords: row.keywords, active: row.active } },
    });
    return row;
  });
}

export async function deleteTopic(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  mayEdit(access);
  return inTx(db, async (tx) => {
    const old = await tx.selectFrom('hotline_topics').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw notFound(`专项深办 ${id}`, `Topic ${id}`);
    const reports = await tx.selectFrom('hotline_reports').select((eb) => eb.fn.countAll<string>().as('n')).where('topic_id', '=', id).executeTakeFirstOrThrow();
    if (Number(reports.n) > 0) throw conflict(`专项“${old.name}”已生成 ${reports.n} 份专报，不能删除，可改为停用`, `Topic "${old.name}" has ${reports.n} special reports; deactivate it instead`);
    await tx.deleteFrom('hotline_topics').where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'hotline.topic.delete', objectType: 'hotline_topic', objectId: id, detail: { name: old.name, keywords: old.keywords } });
    return { id, deleted: true };
  });
}
