/**
 * Tables of the data-integration area (数据大整合), generated from the dataset catalog:
 *
 * - `ds_<dataset>`: one column per English key (the catalog's SQL type; key columns NOT NULL and
 *   UNIQUE together), plus bookkeeping columns
 *     `_id bigserial` (row id, stable across re-imports), `_extra jsonb` (the file's unknown
 *     columns, kept; NULL when none), `_invalid text[]` (columns holding a value kept but marked
 *     invalid, e.g. an ID number with a wrong check digit; NULL when none), `_batch_id` (the
 *     import batch that wrote this version), `_row` (its spreadsheet row number in that file),
 *     `_version` (1 on first import, +1 for every changed re-import), `_updated_at`;
 * - `ds_<dataset>_history`: every replaced version (same columns + `_replaced_at`,
 *   `_replaced_by_batch`);
 * - `import_batches` (one per imported file: the catalogue of who supplied what, when),
 *   `import_rejects` (every rejected value: row, column, reason, the raw row),
 *   `dataset_sharing` (who may read the raw rows of a dataset).
 *
 * The supervision models are SQL over exactly these `ds_*` column names.
 *
 * NOTE: the `ds_` DDL is generated from the catalog when the migration runs. Once a database
 * is in production, a catalog change needs a NEW migration (ALTER TABLE … ADD COLUMN), never an
 * edit of this one.
 */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import { type DatasetDef, DATASETS, sqlType, tableName } from './catalog.ts';

export type BatchStatus = 'committed' | 'rejected';

export interface ImportBatchTable {
  id: Generated<number>;
  dataset: string;
  file_name: string;
  file_size: number;
  /** SM3 of the file's bytes (hex). */
  file_sm3: string;
  format: 'csv' | 'xlsx' | 'ocds';
  /** Text encoding of a CSV ('utf-8' | 'gb18030'); NULL for XLSX. */
  encoding: string | null;
  /** The file's header row as written (for the rejected-rows download). */
  header: Generated<string[]>;
  /** The body that supplied the data (公安局, 民政局 …). */
  supplier_org_id: number | null;
  uploaded_by: number | null;
  uploaded_by_name: string | null;
  strict: Generated<boolean>;
  started_at: Date;
  finished_at: Date | null;
  /** committed: valid rows imported; rejected: --strict and a row was bad, nothing imported. */
  status: BatchStatus;
  rows_read: Generated<number>;
  imported: Generated<number>;
  updated: Generated<number>;
  /** Valid rows identical to the stored version (nothing written). */
  unchanged: Generated<number>;
  /** Valid rows overridden by a later row with the same key in the same file. */
  duplicates: Generated<number>;
  /** Rejected rows. */
  rejected: Generated<number>;
  invalid_ids: Generated<number>;
}

export interface ImportRejectTable {
  id: Generated<number>;
  batch_id: number;
  row: number;
  column: string;
  reason: string;
  /** The row's cells as read (text), in file order: a JSON array aligned with the batch's header. */
  raw: unknown;
}

export interface DatasetSharingTable {
  dataset: string;
  grantee_kind: 'role' | 'org';
  /** Role code, or organisation id as text. */
  grantee: string;
  granted_by: number | null;
  granted_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    import_batches: ImportBatchTable;
    import_rejects: ImportRejectTable;
    dataset_sharing: DatasetSharingTable;
  }
}

/** Columns every `ds_` table has besides the dataset's own, in table order. */
export const BOOKKEEPING_COLUMNS = ['_id', '_extra', '_invalid', '_batch_id', '_row', '_version', '_updated_at'] as const;

/**
 * Secondary indexes per dataset (the key is already indexed by its UNIQUE constraint): the
 * columns the entity index (persons, enterprises, phones, organisations, plates) and the
 * supervision models M01–M15 look rows up by.
 */
export const DATASET_INDEXES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  persons: [['org'], ['name']],
  relations: [['relative_id_number']],
  deaths: [],
  subsidies: [['id_number', 'program', 'paid_on']],
  enterprises: [['legal_rep_id_number'], ['phone'], ['name']],
  shareholders: [['id_number']],
  tenders: [['winner_uscc'], ['buyer', 'winner_uscc', 'awarded_on']],
  bids: [['bidder_uscc'], ['phone'], ['mac'], ['ip']],
  vouchers: [['merchant_id', 'redeemed_at'], ['user_phone']],
  vehicles: [['org']],
  trips: [['plate', 'start_at'], ['start_at']],
  fuel: [['plate', 'fueled_at']],
  receptions: [['org', 'date']],
  grain: [['id_number', 'purchased_on']],
  land: [],
  hotline: [['caller_phone', 'received_at'], ['received_at'], ['handler_unit']],
};

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

function indexName(d: DatasetDef, cols: readonly string[]): string {
  return `${tableName(d)}_${cols.join('_')}`.slice(0, 63);
}

/** DDL of one dataset: its table, history table and indexes. */
export function datasetDdl(d: DatasetDef): string {
  const t = tableName(d);
  const cols = d.columns.map((c) => `  ${q(c.key)} ${sqlType(c.type)}${c.isKey ? ' NOT NULL' : ''}`);
  const histCols = d.columns.map((c) => `  ${q(c.key)} ${sqlType(c.type)}`);
  const idx = (DATASET_INDEXES[d.name] ?? []).map((ix) => `CREATE INDEX ${q(indexName(d, ix))} ON ${q(t)} (${ix.map(q).join(', ')});`);
  return `
CREATE TABLE ${q(t)} (
  _id bigserial PRIMARY KEY,
${cols.join(',\n')},
  _extra jsonb,
  _invalid text[],
  _batch_id integer NOT NULL REFERENCES import_batches(id),
  _row integer NOT NULL,
  _version integer NOT NULL DEFAULT 1,
  _updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${q(`${t}_key`)} UNIQUE (${d.key.map(q).join(', ')})
);
${idx.join('\n')}
CREATE TABLE ${q(`${t}_history`)} (
  _id bigint NOT NULL,
${histCols.join(',\n')},
  _extra jsonb,
  _invalid text[],
  _batch_id integer NOT NULL,
  _row integer NOT NULL,
  _version integer NOT NULL,
  _updated_at timestamptz NOT NULL,
  _replaced_at timestamptz NOT NULL,
  _replaced_by_batch integer NOT NULL REFERENCES import_batches(id),
  PRIMARY KEY (_id, _version)
);
CREATE INDEX ${q(`${t}_history_key`)} ON ${q(`${t}_history`)} (${d.key.map(q).join(', ')});
COMMENT ON TABLE ${q(t)} IS ${`'${d.title.replace(/'/g, "''")}（数据集 ${d.name}）'`};
`;
}

export const datasetMigrations: MigrationSet = {
  '0200_datasets_core': sqlMigration(`
    CREATE TABLE import_batches (
      id serial PRIMARY KEY,
      dataset text NOT NULL,
      file_name text NOT NULL,
      file_size bigint NOT NULL,
      file_sm3 text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv','xlsx')),
      encoding text,
      header text[] NOT NULL DEFAULT '{}',
      supplier_org_id integer REFERENCES orgs(id),
      uploaded_by integer REFERENCES users(id),
      uploaded_by_name text,
      strict boolean NOT NULL DEFAULT false,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      status text NOT NULL CHECK (status IN ('committed','rejected')),
      rows_read integer NOT NULL DEFAULT 0,
      imported integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      invalid_ids integer NOT NULL DEFAULT 0
    );
    CREATE INDEX import_batches_dataset ON import_batches(dataset, started_at DESC);
    CREATE INDEX import_batches_supplier ON import_batches(supplier_org_id, started_at DESC);
    CREATE INDEX import_batches_sm3 ON import_batches(file_sm3);
    CREATE TABLE import_rejects (
      id bigserial PRIMARY KEY,
      batch_id integer NOT NULL REFERENCES import_batches(id),
      "row" integer NOT NULL,
      "column" text NOT NULL,
      reason text NOT NULL,
      raw jsonb
    );
    CREATE INDEX import_rejects_batch ON import_rejects(batch_id, "row");
    CREATE TABLE dataset_sharing (
      dataset text NOT NULL,
      grantee_kind text NOT NULL CHECK (grantee_kind IN ('role','org')),
      grantee text NOT NULL,
      granted_by integer,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (dataset, grantee_kind, grantee)
    );
  `),
  '0201_datasets_tables': sqlMigration(DATASETS.map(datasetDdl).join('\n')),
  // OCDS JSON Lines files feed tenders and bids (src/modules/datasets/ocds.ts).
  '0202_import_format_ocds': sqlMigration(`
    ALTER TABLE import_batches DROP CONSTRAINT import_batches_format_check;
    ALTER TABLE import_batches ADD CONSTRAINT import_batches_format_check CHECK (format IN ('csv','xlsx','ocds'));
  `),
};
