/**
 * XLSX reading (first worksheet, streaming) and writing (streaming), on exceljs.
 *
 * Reading uses exceljs's `stream.xlsx.WorkbookReader`, so memory does not grow with the number
 * of rows (only the shared-strings table is held, as the format requires). Two exceljs 4.4
 * defects are worked around here:
 * - its XML parser decodes every byte chunk separately, so a UTF-8 character split across two
 *   chunks turns into U+FFFD (measured: 4–32 damaged Chinese strings per 20,000 rows). We hand
 *   it text already decoded by streaming decoders (see `patchUtf8Decoding`). As a safety net any
 *   string cell containing U+FFFD fails the file instead of importing damaged text.
 * - cells with Excel's built-in Chinese date formats (numFmtId 27–36, 50–58, e.g.
 *   `yyyy"年"m"月"d"日"`) are not recognised as dates and arrive as serial numbers; typed date
 *   columns accept Excel serial numbers, so this loses nothing there.
 * Known exceljs limits not worked around: inline (non-shared) rich-text strings keep only their
 * last run, and inline strings containing a literal entity such as "&amp;" are decoded twice.
 * Excel itself always writes shared strings, which are not affected.
 */
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import type { CellValue } from './cells.ts';

export interface SheetRow {
  /** The spreadsheet's row number (1-based). */
  rowNumber: number;
  /** Cell values, index 0 = column A; missing cells are null. */
  cells: CellValue[];
}

const unreadable = (detail: string) =>
  new AppError(
    'xlsx_unreadable',
    '无法读取 XLSX 文件（文件已损坏，或不是 .xlsx 格式）',
    `Cannot read the XLSX file (damaged, or not in .xlsx format): ${detail}`,
  );

const damagedText = (rowNumber: number) =>
  new AppError(
    'file_encoding',
    `XLSX 文件第 ${rowNumber} 行含有乱码字符（U+FFFD），文件可能已损坏`,
    `Row ${rowNumber} of the XLSX file contains replacement characters (U+FFFD); the file may be damaged`,
  );

/** Decode UTF-8 byte chunks with one streaming decoder (characters may span chunks). */
async function* utf8Chunks(source: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    if (typeof chunk === 'string') yield chunk;
    else yield decoder.decode(chunk as Uint8Array, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

type Reader = Record<string, unknown>;

/**
 * Make exceljs's WorkbookReader receive decoded text instead of raw byte chunks: zip entries get
 * `setEncoding('utf8')` (Node's StringDecoder keeps split characters), worksheet iterators are
 * wrapped in a streaming TextDecoder. exceljs's own decoder passes strings through unchanged.
 */
function patchUtf8Decoding(reader: Reader): void {
  for (const name of ['_parseRels', '_parseWorkbook', '_parseStyles', '_parseSharedStrings']) {
    const orig = reader[name] as ((entry: unknown) => unknown) | undefined;
    if (typeof orig !== 'function') throw new Error(`exceljs internals changed: ${name} missing`);
    reader[name] = function (this: unknown, entry: { setEncoding?: (e: string) => void }) {
      entry?.setEncoding?.('utf8');
      return orig.call(this, entry);
    };
  }
  const origSheet = reader._parseWorksheet as ((it: unknown, no: unknown) => Iterable<{ value?: Reader }>) | undefined;
  if (typeof origSheet !== 'function') throw new Error('exceljs internals changed: _parseWorksheet missing');
  reader._parseWorksheet = function* (this: unknown, iterator: AsyncIterable<unknown>, sheetNo: unknown) {
    for (const event of origSheet.call(this, utf8Chunks(iterator), sheetNo)) {
      if (event.value) event.value.rawSource = iterator;
      yield event;
    }
  };
}

/** Date number formats, as exceljs's `isDateFmt` (for formula results, which it leaves as numbers). */
function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt === '') return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhsb]/i.test(f);
}

function excelSerialToWallClock(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

interface ExcelCell {
  value: unknown;
  numFmt?: unknown;
}

/** Flatten exceljs cell values (rich text, formulas, hyperlinks, errors) to plain values. */
export function flattenCellValue(value: unknown, numFmt?: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isNaN(value) ? '#ERROR' : value;
    case 'object': {
      if (value instanceof Date) return value;
      const v = value as Record<string, unknown>;
      if (Array.isArray(v.richText)) {
        return (v.richText as { text?: unknown }[]).map((r) => (r?.text == null ? '' : String(r.text))).join('');
      }
      if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
        const r = v.result;
        if (r === undefined || r === null) return null;
        if (typeof r === 'object' && r !== null && !(r instanceof Date) && 'error' in r) return String((r as { error: unknown }).error);
        if (typeof r === 'number' && !Number.isNaN(r) && isDateFormat(numFmt)) return excelSerialToWallClock(r);
        return flattenCellValue(r, numFmt);
      }
      if ('hyperlink' in v && 'text' in v) return flattenCellValue(v.text, numFmt);
      if ('error' in v) return String(v.error);
      if ('text' in v) return flattenCellValue(v.text, numFmt);
      return JSON.stringify(v);
    }
    default:
      return String(value);
  }
}

interface WorksheetLike extends AsyncIterable<{ number: number; eachCell: (cb: (cell: ExcelCell, col: number) => void) => void }> {
  state?: string;
  rawSource?: unknown;
}

/**
 * Rows of the first worksheet (first in file order that is not hidden), streaming.
 * Empty rows are not reported (XLSX files do not store them); `rowNumber` says where a row is.
 */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow, void, undefined> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to recognise date cells
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as Reader & AsyncIterable<WorksheetLike>;
  patchUtf8Decoding(reader);
  let done = false;
  try {
    for await (const ws of reader) {
      if (done || ws.state === 'hidden' || ws.state === 'veryHidden') {
        // not read: release a temp-file stream exceljs opened for it
        (ws.rawSource as { destroy?: () => void } | undefined)?.destroy?.();
        continue;
      }
      done = true;
      for await (const row of ws) {
        const cells: CellValue[] = [];
        row.eachCell((cell: ExcelCell, col: number) => {
          const v = flattenCellValue(cell.value, cell.numFmt);
          if (typeof v === 'string' && v.includes('\ufffd')) throw damagedText(row.number);
          while (cells.length < col - 1) cells.push(null);
          cells.push(v);
        });
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(err instanceof Error ? err.message : String(err));
  } finally {
    (reader.stream as { destroy?: () => void } | undefined)?.destroy?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * exceljs's streaming writer ignores back-pressure: committed rows go into an internal buffer
 * piped into the zip's input stream without waiting, so a fast row source buffers the whole
 * uncompressed sheet in memory (measured: +20 MB per 50,000 rows of 8 columns). Every 1,000
 * rows we wait for that stream to drain once more than 1 MiB is queued. Uses exceljs internals
 * (`worksheet.stream.pipes[0]`, a readable-stream PassThrough); without them, just yield.
 */
async function drainSheet(ws: unknown, watch: readonly NodeJS.EventEmitter[]): Promise<void> {
  const pipes = (ws as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const sink = (Array.isArray(pipes) ? pipes[0] : undefined) as
    | (NodeJS.EventEmitter & { writableLength?: number; _writableState?: { length?: number } })
    | undefined;
  const queued = sink?.writableLength ?? sink?._writableState?.length;
  if (sink && typeof queued === 'number') {
    // an error downstream (zip, file) rejects instead of waiting forever for 'drain'
    if (queued > 1 << 20) {
      const ac = new AbortController();
      try {
        await Promise.race([once(sink, 'drain', { signal: ac.signal }), ...watch.map((e) => once(e, 'error', { signal: ac.signal }))]);
      } finally {
        ac.abort(); // remove the listeners of the losers
      }
    }
  } else {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface XlsxWriteOptions {
  sheetName?: string;
  /**
   * Use a shared-strings table (what Excel writes). Costs memory proportional to the distinct
   * strings; default false (inline strings) so very large files stream in constant memory.
   */
  sharedStrings?: boolean;
}

/**
 * Stream rows into a one-sheet XLSX file. Dates are written as date cells (wall-clock UTC
 * fields, see cells.ts) formatted `yyyy-mm-dd`, or `yyyy-mm-dd hh:mm:ss` when they have a time.
 */
export async function writeXlsx(
  path: string,
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
  options: XlsxWriteOptions = {},
): Promise<{ rows: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: options.sharedStrings ?? false,
  });
  const ws = wb.addWorksheet(options.sheetName ?? 'Sheet1');
  const internals = wb as unknown as { zip?: NodeJS.EventEmitter; stream?: NodeJS.EventEmitter & { destroy?: () => void } };
  const watch = [internals.zip, internals.stream].filter((e): e is NodeJS.EventEmitter => e !== undefined);
  let count = 0;
  try {
    for await (const cells of rows) {
      const row = ws.addRow(cells as unknown[]);
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        if (v instanceof Date) {
          const midnight = v.getTime() % 86400000 === 0;
          row.getCell(i + 1).numFmt = midnight ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
        }
      }
      row.commit();
      if (++count % 1000 === 0) await drainSheet(ws, watch);
    }
    ws.commit();
    await wb.commit();
  } catch (err) {
    internals.stream?.destroy?.(); // leave no open file behind (the partial file is not valid)
    throw err;
  }
  return { rows: count };
}
