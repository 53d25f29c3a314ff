/**
 * Work orders (工单) are rows of the dataset table `ds_hotline`. This area never writes that
 * table itself: new orders and updates go through the datasets area's import pipeline
 * (`importFile`), one synthetic batch (a small CSV) per write, so every order has lineage
 * (import_batches) and every replaced version lands in `ds_hotline_history`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Platform } from '../../platform/app.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { importFile } from '../datasets/import.service.ts';

/** The spec's columns of the `hotline` dataset, in catalog order. */
export const ORDER_COLUMNS = [
  'order_id', 'received_at', 'caller_name', 'caller_phone', 'address', 'district', 'street', 'content', 'category',
  'handler_unit', 'due_at', 'closed_at', 'status', 'satisfaction', 'supervised',
] as const;
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

export interface OrderRow {
  _id: number;
  order_id: string;
  received_at: Date;
  caller_name: string | null;
  caller_phone: string | null;
  address: string | null;
  district: string | null;
  street: string | null;
  content: string;
  category: string | null;
  handler_unit: string | null;
  due_at: Date | null;
  closed_at: Date | null;
  status: string | null;
  satisfaction: string | null;
  supervised: boolean | null;
  _extra: Record<string, unknown> | null;
  _batch_id: number;
  _version: number;
  _updated_at: Date;
}

/** A row to write: spec keys → value (Date, boolean, string or null); `extra` = unknown columns kept with the row. */
export type OrderInput = Partial<Record<OrderColumn, string | Date | boolean | null>> & { order_id: string };

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai (what the importer reads as local time). */
export function shanghaiDateTime(d: Date): string {
  const p = Object.fromEntries(SHANGHAI.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? shanghaiDateTime(v) : typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

let seq = 0;

/**
 * Upserts orders through the import pipeline as one synthetic batch named `fileName`. Columns
 * missing from a row are written empty, so callers pass whole rows (see `mergeOrder`).
 * Returns the batch id; throws when the pipeline rejected a row (with its reason).
 */
export async function writeOrders(
  platform: Platform,
  actor: Actor,
  rows: readonly (OrderInput & { extra?: Record<string, string> })[],
  opts: { fileName: string; supplierOrgId?: number | null },
): Promise<{ batchId: number; imported: number; updated: number }> {
  if (!rows.length) throw new AppError('no_orders', '没有要写入的工单', 'No work orders to write', 400);
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  const header = [...ORDER_COLUMNS, ...extraKeys];
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push([...ORDER_COLUMNS.map((k) => cell(r[k])), ...extraKeys.map((k) => cell(r.extra?.[k]))].join(','));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-hotline-'));
  const file = path.join(dir, `orders-${process.pid}-${++seq}.csv`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    const r = await importFile(platform, actor, { dataset: 'hotline', file, fileName: opts.fileName, supplierOrgId: opts.supplierOrgId ?? null });
    if (r.report.rejected.length) {
      const first = r.report.rejected[0];
      throw new AppError('order_rejected', `工单数据不合法（${first.column}）：${first.reason}`, `Invalid work order (${first.column}): ${first.reason}`, 400, {
        rejected: r.report.rejected,
      });
    }
    return { batchId: r.batchId, imported: r.report.imported, updated: r.report.updated };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The stored row as a whole-row input with `changes` applied (for updates through the pipeline). */
export function mergeOrder(row: OrderRow, changes: Partial<Record<OrderColumn, string | Date | boolean | null>>): OrderInput & { extra?: Record<string, string> } {
  const out: OrderInput & { extra?: Record<string, string> } = { order_id: row.order_id };
  for (const k of ORDER_COLUMNS) (out as Record<string, unknown>)[k] = k in changes ? changes[k] : (row as unknown as Record<string, unknown>)[k];
  if (row._extra) out.extra = Object.fromEntries(Object.entries(row._extra).map(([k, v]) => [k, String(v ?? '')]));
  return out;
}

export async function getOrder(db: Queryable, orderId: string): Promise<OrderRow | undefined> {
  return (await sql<OrderRow>`SELECT * FROM ds_hotline WHERE order_id = ${orderId}`.execute(db)).rows[0];
}

export async function getOrderOr404(db: Queryable, orderId: string): Promise<OrderRow> {
  const row = await getOrder(db, orderId);
  if (!row) throw new AppError('not_found', `工单不存在：${orderId}`, `No such work order: ${orderId}`, 404);
  return row;
}
