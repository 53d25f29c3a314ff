/**
 * `readTable(path)`: one streaming interface over CSV (any supported encoding) and XLSX.
 *
 * - Format is decided by content, not by file name: a ZIP signature means XLSX, an OLE2
 *   signature (legacy .xls) is refused with a message, anything else is read as CSV.
 * - The header is the first non-blank row; `rowNumber` is the spreadsheet's row number
 *   (header = 1 in a normal file; for CSV it counts records, so a quoted field with line breaks
 *   does not shift later rows, as in Excel).
 * - Blank rows (every cell empty) are skipped but still counted in the numbering.
 * - Iterate either `rows` (one row per step) or `batches` (one array per step: a CSV batch is
 *   what one 1 MiB chunk holds, ~10,000 rows — fewer async steps, faster on large files), once.
 *   Breaking out of the loop releases the file; if you never iterate, call `close()`.
 */
import fs from 'node:fs';
import { AppError } from '../errors.ts';
import { cellToText, isBlankCell } from './cells.ts';
import { openCsv } from './csv.ts';
import type { TextEncodingName } from './encoding.ts';
import { readXlsxRows } from './xlsx.ts';

export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** Spreadsheet row number: the header is row 1, the first data row normally 2. */
  rowNumber: number;
  /** CSV: strings ('' when empty). XLSX: string | number | boolean | Date | null. */
  cells: unknown[];
  /** Set by a source that could not make a row of this record (e.g. a JSON line that is not an object): the row is rejected with this reason. */
  error?: string;
}

export interface Table {
  format: TableFormat;
  /** Detected text encoding for CSV; null for XLSX. */
  encoding: TextEncodingName | null;
  /** Header cells as text, trimmed (a stray BOM removed). */
  header: string[];
  /** Spreadsheet row number of the header. */
  headerRowNumber: number;
  /** Data rows, blank rows skipped. */
  rows: AsyncIterable<TableRow>;
  /** The same rows in batches (never empty). Use this or `rows`, not both. */
  batches: AsyncIterable<TableRow[]>;
  /** Release the file when `rows` will not be iterated to the end (idempotent). */
  close(): Promise<void>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

async function sniff(path: string): Promise<Buffer> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      'file_not_found',
      `无法打开文件：${path}`,
      `Cannot open file ${path}${code ? ` (${code})` : ''}`,
      code === 'ENOENT' ? 404 : 400,
    );
  }
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

export function detectTableFormat(head: Uint8Array): TableFormat | 'xls' {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (startsWith(buf, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(buf, OLE2_MAGIC)) return 'xls';
  return 'csv';
}

const emptyFile = () => new AppError('file_empty', '文件为空：没有表头行', 'The file is empty: no header row');

/** Open a CSV or XLSX file: detect format (and encoding), read the header, stream the rows. */
export async function readTable(path: string): Promise<Table> {
  const head = await sniff(path);
  const kind = detectTableFormat(head);
  if (kind === 'xls') {
    throw new AppError(
      'file_format',
      '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后重新导入',
      'Legacy Excel (.xls) files are not supported; save as .xlsx or CSV and import again',
    );
  }

  let source: AsyncIterator<TableRow[]>;
  let encoding: TextEncodingName | null = null;
  if (kind === 'xlsx') {
    source = batchOf(readXlsxRows(path));
  } else {
    const csv = await openCsv(path);
    encoding = csv.encoding;
    source = numberRecords(csv.batches);
  }

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    pending = [];
    await source.return?.();
  };

  // header: first non-blank row
  let pending: TableRow[] = [];
  let headerRow: TableRow | undefined;
  try {
    while (!headerRow) {
      const next = await source.next();
      if (next.done) break;
      const batch = next.value;
      const idx = batch.findIndex((r) => !isBlankRow(r.cells));
      if (idx >= 0) {
        headerRow = batch[idx];
        pending = batch.slice(idx + 1);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  if (!headerRow) {
    await close();
    throw emptyFile();
  }
  const header = headerRow.cells.map((c, i) => {
    const t = cellToText(c);
    return i === 0 && t.charCodeAt(0) === 0xfeff ? t.slice(1).trim() : t;
  });
  // drop trailing empty header cells (Excel often reports a few)
  while (header.length > 0 && header[header.length - 1] === '') header.pop();

  async function* batchesOf(): AsyncGenerator<TableRow[], void, undefined> {
    try {
      const first = withoutBlankRows(pending);
      pending = [];
      if (first.length > 0 && !closed) yield first;
      while (!closed) {
        const next = await source.next();
        if (next.done) break;
        const batch = withoutBlankRows(next.value);
        if (batch.length > 0) yield batch;
      }
    } finally {
      await close();
    }
  }
  const batches = batchesOf();

  async function* rowsOf(): AsyncGenerator<TableRow, void, undefined> {
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i++) yield batch[i];
    }
  }

  return { format: kind, encoding, header, headerRowNumber: headerRow.rowNumber, rows: rowsOf(), batches, close };
}

function withoutBlankRows(batch: TableRow[]): TableRow[] {
  for (let i = 0; i < batch.length; i++) {
    if (isBlankRow(batch[i].cells)) return batch.filter((r) => !isBlankRow(r.cells));
  }
  return batch;
}

function isBlankRow(cells: unknown[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

async function* numberRecords(batches: AsyncIterable<string[][]>): AsyncGenerator<TableRow[], void, undefined> {
  let n = 0;
  for await (const batch of batches) {
    const out: TableRow[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = { rowNumber: ++n, cells: batch[i] };
    yield out;
  }
}

/** XLSX rows one at a time → small batches, to share the CSV code path. */
async function* batchOf(rows: AsyncIterable<{ rowNumber: number; cells: unknown[] }>): AsyncGenerator<TableRow[], void, undefined> {
  let batch: TableRow[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= 256) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
