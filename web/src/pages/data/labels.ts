/** Shapes of the integrated-data API (src/modules/datasets/import.routes.ts), labels and the shared dataset list. */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

export interface DatasetColumn {
  key: string;
  name: string;
  type: string;
  required: boolean;
  is_key: boolean;
  description: string;
}

export interface Dataset {
  name: string;
  title: string;
  table: string;
  key: string[];
  required: string[];
  columns: DatasetColumn[];
  rows: number;
  rows_estimated: boolean;
  batches: number;
  suppliers: number;
  last_import: { batch_id: number; file_name: string; finished_at: string | null; rows_read: number; supplier: string | null } | null;
}

export type BatchStatus = 'committed' | 'rejected';

export interface Batch {
  id: number;
  dataset: string;
  title: string;
  file_name: string;
  file_size: number;
  file_sm3: string;
  format: 'csv' | 'xlsx' | 'ocds';
  encoding: string | null;
  supplier_org_id: number | null;
  supplier: string | null;
  uploaded_by: number | null;
  uploaded_by_name: string | null;
  strict: boolean;
  started_at: string;
  finished_at: string | null;
  status: BatchStatus;
  rows_read: number;
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  invalid_ids: number;
}

export interface Reject {
  row: number;
  column: string;
  reason: string;
}

export interface ImportReply {
  report: {
    dataset: string;
    file: string;
    encoding: 'utf-8' | 'gb18030' | null;
    rows_read: number;
    imported: number;
    updated: number;
    rejected: Reject[];
    invalid_ids: number;
  };
  batch_id: number;
  status: BatchStatus;
  unchanged: number;
  duplicates: number;
}

export const BATCH_STATUS: Record<BatchStatus, { text: string; color: string }> = {
  committed: { text: '已入库', color: 'green' },
  rejected: { text: '整批拒绝', color: 'red' },
};

export const COLUMN_TYPE_LABELS: Record<string, string> = {
  text: '文本',
  id_number: '身份证号',
  uscc: '统一社会信用代码',
  phone: '电话',
  plate: '车牌号',
  mac: 'MAC 地址',
  ip: 'IP 地址',
  date: '日期',
  datetime: '日期时间',
  amount: '金额',
  number: '数值',
  integer: '整数',
  bool: '是/否',
  enum: '枚举',
};

/** Built-in business roles (src/platform/access/roles.ts) a sharing rule may name; custom roles show their code. */
export const ROLE_LABELS: Record<string, string> = {
  leader: '委领导',
  officer: '纪检监察干部',
  case_manager: '案件监督管理室干部',
  inspector: '巡察组成员',
  data_admin: '数据管理员',
  hotline_clerk: '12345热线办工作人员',
  partner_clerk: '协作单位经办人',
};

export const fmtCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));

/** The Chinese name of a column of a dataset, or the key itself. */
export function columnLabel(ds: Dataset | undefined, key: string): string {
  const c = ds?.columns.find((x) => x.key === key);
  return c ? c.name : key || '—';
}

/** A raw value as text (dates, numbers and booleans as the server sends them). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

let cache: Promise<Dataset[]> | null = null;

export function loadDatasets(force = false): Promise<Dataset[]> {
  if (!cache || force) {
    cache = api.get<{ items: Dataset[] }>('/api/datasets').then((r) => r.items);
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

/** The 16 datasets (GET /api/datasets), cached for the lookups of titles and column names. */
export function useDatasets(enabled = true) {
  const [items, setItems] = useState<Dataset[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    loadDatasets()
      .then((d) => live && setItems(d))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [enabled]);
  return items;
}
