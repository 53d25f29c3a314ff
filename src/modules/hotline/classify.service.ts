/**
 * Classification of work orders (诉求自动分类): train the text core's HotlineClassifier from the
 * orders that arrived with a category, store it (JSON) in `hotline_models`, apply it to orders
 * without one (`hotline_classifications`, with confidence and explanation words), and let
 * officers correct a category — the correction is stored, audited, and learnt by the stored
 * model at once (incremental, no retraining).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { AppError, badInput, conflict, forbidden } from '../../platform/errors.ts';
import { type ClassifierJSON, HotlineClassifier, type Prediction } from './text/classifier.ts';
import { getOrderOr404 } from './orders.ts';

/** Caps what training loads (most recent first): Node never loads the whole table. */
export const TRAIN_MAX_EXAMPLES = 50_000;
export const TRAIN_MAX_UNLABELLED = 20_000;
/** A correction counts as this many examples when learnt. */
export const CORRECTION_WEIGHT = 3;
const PAGE = 1000;

const cache = new Map<string, HotlineClassifier>();

export interface ActiveModel {
  id: number;
  corrections: number;
  model: HotlineClassifier;
}

/** The active model (cached per id and number of corrections learnt), or null before any training. */
export async function activeModel(db: Queryable): Promise<ActiveModel | null> {
  const head = await db.selectFrom('hotline_models').select(['id', 'corrections']).where('active', '=', true).executeTakeFirst();
  if (!head) return null;
  const key = `${head.id}:${head.corrections}`;
  let model = cache.get(key);
  if (!model) {
    const row = await db.selectFrom('hotline_models').select('model').where('id', '=', head.id).executeTakeFirstOrThrow();
    model = HotlineClassifier.fromJSON(row.model as ClassifierJSON);
    for (const k of cache.keys()) if (k.startsWith(`${head.id}:`)) cache.delete(k);
    cache.set(key, model);
  }
  return { id: head.id, corrections: head.corrections, model };
}

const givenCategory = sql<boolean>`coalesce(btrim(category), '') <> ''`;

/** Train a new model from the orders with a given category; it becomes the active one. */
export async function trainModel(db: Queryable, actor: Actor, opts: { maxExamples?: number } = {}) {
  const examples = (await sql<{ content: string; category: string }>`
      SELECT content, btrim(category) AS category FROM ds_hotline
      WHERE ${givenCategory} AND coalesce(content, '') <> ''
      ORDER BY received_at DESC LIMIT ${opts.maxExamples ?? TRAIN_MAX_EXAMPLES}`.execute(db)).rows.map((r) => ({ text: r.content, category: r.category }));
  if (examples.length < 2 || new Set(examples.map((e) => e.category)).size < 2) {
    throw new AppError(
      'not_enough_examples',
      '已分类的工单不足（至少需要两个类别的工单），无法训练分类模型',
      'Not enough orders with a category (at least two categories needed) to train the classifier',
      409,
    );
  }
  const unlabelled = (await sql<{ content: string }>`
      SELECT content FROM ds_hotline WHERE NOT ${givenCategory} AND coalesce(content, '') <> ''
      ORDER BY received_at DESC LIMIT ${TRAIN_MAX_UNLABELLED}`.execute(db)).rows.map((r) => r.content);
  const model = HotlineClassifier.train({ examples, unlabelled });
  // the corrections officers made before stay learnt
  const corrected = (await sql<{ content: string; category: string }>`
      SELECT o.content, c.category FROM hotline_classifications c JOIN ds_hotline o ON o.order_id = c.order_id
      WHERE c.source = 'corrected'`.execute(db)).rows;
  for (const c of corrected) model.learn(c.content, c.category, { weight: CORRECTION_WEIGHT, observed: true });
  return inTx(db, async (tx) => {
    await tx.updateTable('hotline_models').set({ active: false }).where('active', '=', true).execute();
    const row = await tx
      .insertInto('hotline_models')
      .values({
        trained_by: actor.name,
        examples: examples.length,
        categories: [...model.categories],
        model: JSON.stringify(model.toJSON()),
        active: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const counts = model.exampleCounts;
    await recordAudit(tx, actor, {
      action: 'hotline.model.train',
      objectType: 'hotline_model',
      objectId: row.id,
      detail: { examples: examples.length, unlabelled: unlabelled.length, corrections: corrected.length, categories: counts },
    });
    return { id: row.id, examples: examples.length, categories: [...model.categories] };
  });
}

export interface StoredPrediction {
  category: string;
  confidence: number;
  explanation: { term: string; weight: number }[];
}

const asStored = (p: Prediction): StoredPrediction => ({
  category: p.category,
  confidence: Math.round(p.confidence * 10_000) / 10_000,
  explanation: p.explanation.map((e) => ({ term: e.term, weight: Math.round(e.weight * 1000) / 1000 })),
});

/**
 * Predict and store the category of orders without a given one that have no stored
 * classification yet (or, with `orderIds`, of those orders). Pages by order_id.
 */
export async function classifyPending(db: Queryable, actor: Actor, opts: { orderIds?: string[]; limit?: number } = {}): Promise<{ classified: number; modelId: number | null }> {
  const m = await activeModel(db);
  if (!m) return { classified: 0, modelId: null };
  let after = '';
  let done = 0;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const page = (await sql<{ order_id: string; content: string }>`
        SELECT o.order_id, o.content FROM ds_hotline o
        LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
        WHERE o.order_id > ${after} AND NOT ${sql.raw("coalesce(btrim(o.category), '') <> ''")} AND c.order_id IS NULL
          ${opts.orderIds ? sql`AND o.order_id = ANY(${opts.orderIds}::text[])` : sql``}
        ORDER BY o.order_id LIMIT ${Math.min(PAGE, limit - done)}`.execute(db)).rows;
    if (!page.length) break;
    const values = page.map((r) => {
      const p = asStored(m.model.predict(r.content ?? '', { explain: 8 }));
      return { order_id: r.order_id, category: p.category, confidence: p.confidence, source: 'predicted' as const, model_id: m.id, explanation: JSON.stringify(p.explanation) };
    });
    await inTx(db, async (tx) => {
      await tx.insertInto('hotline_classifications').values(values).onConflict((oc) => oc.column('order_id').doNothing()).execute();
      await recordAudit(tx, actor, {
        action: 'hotline.classify',
        objectType: 'hotline_model',
        objectId: m.id,
        detail: { orders: values.length, first: values[0].order_id, last: values[values.length - 1].order_id },
      });
    });
    done += page.length;
    after = page[page.length - 1].order_id;
    if (done >= limit || page.length < PAGE) break;
  }
  return { classified: done, modelId: m.id };
}

/** The category of one order as the platform sees it, with its source and explanation. */
export async function orderCategory(db: Queryable, orderId: string) {
  const o = await getOrderOr404(db, orderId);
  if (o.category && o.category.trim()) return { order_id: orderId, category: o.category.trim(), category_source: 'given' as const, confidence: 1, explanation: [], version: null };
  const c = await db.selectFrom('hotline_classifications').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!c) return { order_id: orderId, category: null, category_source: 'predicted' as const, confidence: 0, explanation: [], version: null };
  return {
    order_id: orderId,
    category: c.category,
    category_source: c.source === 'corrected' ? ('corrected' as const) : ('predicted' as const),
    confidence: c.confidence,
    explanation: c.explanation as StoredPrediction['explanation'],
    version: c.version,
  };
}

/** Explain a text with the active model (no storage): category, confidence, deciding words. */
export async function explainText(db: Queryable, text: string): Promise<StoredPrediction & { probabilities: { category: string; probability: number }[] }> {
  const m = await activeModel(db);
  if (!m) throw new AppError('classifier_untrained', '分类模型尚未训练', 'The classifier has not been trained yet', 409);
  const p = m.model.predict(text, { explain: 10 });
  return { ...asStored(p), probabilities: p.probabilities.slice(0, 5) };
}

/**
 * An officer corrects the category of an order without a given one. Stored (with the old value),
 * audited, and learnt by the active model in the same transaction.
 */
export async function correctCategory(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  input: { orderId: string; category: string; note?: string | null; version?: number },
) {
  if (!access.permissions.has('hotline:classify')) throw forbidden('无权修正诉求分类', 'You may not correct categories');
  const category = input.category.trim();
  if (!category) throw badInput('类别不能为空', 'Category must not be empty');
  const order = await getOrderOr404(db, input.orderId);
  if (order.category && order.category.trim()) {
    throw conflict('该工单的类别由热线系统给定，不能在此修正', 'This order arrived with its category; it cannot be corrected here');
  }
  return inTx(db, async (tx) => {
    const head = await tx.selectFrom('hotline_models').select(['id', 'model', 'corrections']).where('active', '=', true).forUpdate().executeTakeFirst();
    const old = await tx.selectFrom('hotline_classifications').selectAll().where('order_id', '=', input.orderId).forUpdate().executeTakeFirst();
    if (old && input.version !== undefined && old.version !== input.version) {
      throw conflict('该工单的分类已被他人修改，请刷新后重试', 'The category was changed meanwhile; reload and retry');
    }
    if (old) {
      await tx
        .updateTable('hotline_classifications')
        .set({ category, confidence: 1, source: 'corrected', classified_at: new Date(), version: old.version + 1 })
        .where('order_id', '=', input.orderId)
        .execute();
    } else {
      await tx
        .insertInto('hotline_classifications')
        .values({ order_id: input.orderId, category, confidence: 1, source: 'corrected', model_id: head?.id ?? null, explanation: JSON.stringify([]) })
        .execute();
    }
    await tx
      .insertInto('hotline_corrections')
      .values({ order_id: input.orderId, old_category: old?.category ?? null, new_category: category, note: input.note ?? null, corrected_by: access.userId })
      .execute();
    if (head) {
      const model = HotlineClassifier.fromJSON(head.model as ClassifierJSON);
      model.learn(order.content ?? '', category, { weight: CORRECTION_WEIGHT, observed: true });
      await tx
        .updateTable('hotline_models')
        .set({ model: JSON.stringify(model.toJSON()), corrections: head.corrections + 1, categories: [...model.categories] })
        .where('id', '=', head.id)
        .execute();
    }
    await recordAudit(tx, actor, {
      action: 'hotline.category.correct',
      objectType: 'hotline_order',
      objectId: input.orderId,
      detail: { from: old?.category ?? null, to: category, note: input.note ?? null, model_id: head?.id ?? null },
    });
    return { order_id: input.orderId, category, old_category: old?.category ?? null, version: (old?.version ?? 0) + 1, learnt: !!head };
  });
}
