/**
 * RFC 4180 CSV: a streaming parser (quotes, doubled quotes, embedded newlines, CRLF/LF/CR line
 * ends, fields and rows split anywhere across chunks) and a streaming writer.
 *
 * Deviations, all following what Excel does when it opens the file:
 * - a quote inside an unquoted field is a literal character (`ab"c` → `ab"c`);
 * - text after a closing quote is appended to the field (`"ab"c` → `abc`).
 * A quoted field still open at the end of the file is an error (it would swallow the rest of
 * the file silently).
 */
import fs from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { AppError } from '../errors.ts';
import { formatWallClock, numberToText } from './cells.ts';
import { decodeFile, detectFileEncoding, type TextEncodingName } from './encoding.ts';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Parser states (plain constants: const enums do not survive per-file transpilation). */
const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote seen inside a quoted field: either an escaped quote or the closing one. */
  QuoteInQuoted: 3,
} as const;
type State = (typeof State)[keyof typeof State];

/** Incremental CSV parser: push decoded text, collect complete records. */
export class CsvParser {
  private state: State = State.FieldStart;
  private field = '';
  private row: string[] = [];
  /** The previous chunk ended with a CR that ended a record: swallow a leading LF. */
  private skipLf = false;
  /** Number of records completed so far (the next record's number is `records + 1`). */
  records = 0;

  /** Parse `chunk`, appending every record it completes to `out`. */
  push(chunk: string, out: string[][]): void {
    const n = chunk.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      if (chunk.charCodeAt(0) === LF) i = 1;
      this.skipLf = false;
    }
    let state = this.state;
    let field = this.field;
    let row = this.row;
    let records = this.records;
    while (i < n) {
      if (state === State.FieldStart) {
        if (chunk.charCodeAt(i) === QUOTE) {
          state = State.Quoted;
          i++;
          continue;
        }
        state = State.Unquoted;
      }
      if (state === State.Unquoted) {
        let j = i;
        let c = 0;
        while (j < n) {
          c = chunk.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        if (j === n) {
          field += chunk.slice(i, j);
          i = n;
          break;
        }
        row.push(field.length > 0 ? field + chunk.slice(i, j) : chunk.slice(i, j));
        field = '';
        i = j + 1;
        state = State.FieldStart;
        if (c !== COMMA) {
          out.push(row);
          records++;
          row = [];
          if (c === CR) {
            if (i < n) {
              if (chunk.charCodeAt(i) === LF) i++;
            } else this.skipLf = true;
          }
        }
        continue;
      }
      if (state === State.Quoted) {
        const j = chunk.indexOf('"', i);
        if (j < 0) {
          field += chunk.slice(i);
          i = n;
          break;
        }
        field += chunk.slice(i, j);
        i = j + 1;
        state = State.QuoteInQuoted;
        continue;
      }
      // State.QuoteInQuoted
      const c = chunk.charCodeAt(i);
      if (c === QUOTE) {
        field += '"';
        i++;
        state = State.Quoted;
      } else if (c === COMMA) {
        row.push(field);
        field = '';
        i++;
        state = State.FieldStart;
      } else if (c === LF || c === CR) {
        row.push(field);
        field = '';
        out.push(row);
        records++;
        row = [];
        i++;
        state = State.FieldStart;
        if (c === CR) {
          if (i < n) {
            if (chunk.charCodeAt(i) === LF) i++;
          } else this.skipLf = true;
        }
      } else {
        state = State.Unquoted; // text after the closing quote: keep it (as Excel does)
      }
    }
    this.state = state;
    this.field = field;
    this.row = row;
    this.records = records;
  }

  /** End of input: complete the last record (a file need not end with a newline). */
  finish(out: string[][]): void {
    if (this.state === State.Quoted) {
      const at = this.records + 1;
      throw new AppError(
        'csv_syntax',
        `CSV 格式错误：第 ${at} 行有未闭合的引号`,
        `CSV syntax error: unterminated quoted field in row ${at}`,
      );
    }
    if (this.state !== State.FieldStart || this.row.length > 0) {
      this.row.push(this.field);
      out.push(this.row);
      this.records++;
    }
    this.state = State.FieldStart;
    this.field = '';
    this.row = [];
  }
}

/** Parse a whole CSV string (tests, small inputs). */
export function parseCsvString(text: string): string[][] {
  const p = new CsvParser();
  const out: string[][] = [];
  p.push(text, out);
  p.finish(out);
  return out;
}

/** Records of a stream of decoded text chunks, in batches (one batch per chunk). */
export async function* parseCsvChunks(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string[][], void, undefined> {
  const parser = new CsvParser();
  for await (const chunk of chunks) {
    const out: string[][] = [];
    parser.push(chunk, out);
    if (out.length > 0) yield out;
  }
  const out: string[][] = [];
  parser.finish(out);
  if (out.length > 0) yield out;
}

export interface CsvFile {
  encoding: TextEncodingName;
  /** Batches of records, in file order (record 1 is the first line). */
  batches: AsyncGenerator<string[][], void, undefined>;
}

/** Open a CSV file: detect its encoding, then stream its records. */
export async function openCsv(path: string): Promise<CsvFile> {
  const encoding = await detectFileEncoding(path);
  return { encoding, batches: parseCsvChunks(decodeFile(path, encoding)) };
}

// ---------------------------------------------------------------------------------------------
// Writing

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: Dates as wall-clock text, numbers as a spreadsheet shows them. */
export function formatCsvField(value: unknown): string {
  let s: string;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') s = value;
  else if (typeof value === 'number') s = numberToText(value);
  else if (typeof value === 'boolean') s = value ? 'TRUE' : 'FALSE';
  else if (value instanceof Date) s = formatWallClock(value);
  else s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function formatCsvRow(cells: readonly unknown[], newline = '\r\n'): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += formatCsvField(cells[i]);
  }
  return line + newline;
}

export interface CsvWriteOptions {
  /** Default 'utf-8-bom' (what Excel opens correctly). */
  encoding?: TextEncodingName;
  /** Default CRLF (RFC 4180). */
  newline?: '\r\n' | '\n';
}

/** Stream rows to a CSV file. Returns the number of rows and bytes written. */
export async function writeCsv(
  path: string,
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
  options: CsvWriteOptions = {},
): Promise<{ rows: number; bytes: number }> {
  const encoding = options.encoding ?? 'utf-8-bom';
  const newline = options.newline ?? '\r\n';
  const out = fs.createWriteStream(path);
  let bytes = 0;
  let count = 0;
  const write = async (buf: Buffer) => {
    bytes += buf.byteLength;
    if (!out.write(buf)) await once(out, 'drain');
  };
  const encode = (s: string) => (encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  try {
    if (encoding === 'utf-8-bom') await write(Buffer.from([0xef, 0xbb, 0xbf]));
    let pending = '';
    for await (const row of rows) {
      pending += formatCsvRow(row, newline);
      count++;
      if (pending.length >= 256 * 1024) {
        await write(encode(pending));
        pending = '';
      }
    }
    if (pending.length > 0) await write(encode(pending));
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { rows: count, bytes };
}
