/**
 * Line-delimited JSON input, read the way the reference reads it: lines split on "\n"
 * (a "\r" before it is dropped), each line decoded as strict UTF-8. A line that is not valid
 * UTF-8 or not valid JSON is reported and skipped; blank lines are skipped silently.
 * Streams are consumed chunk by chunk, so files of any size are read in constant memory.
 */
import type { Readable } from 'node:stream';

export type Line = { lineNumber: number; text: string } | { lineNumber: number; invalidUtf8: true };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeLine(bytes: Uint8Array, lineNumber: number): Line {
  try {
    return { lineNumber, text: decoder.decode(bytes) };
  } catch {
    return { lineNumber, invalidUtf8: true };
  }
}

/** Yield the lines of a byte (or string) stream, one at a time. */
export async function* readLines(stream: Readable): AsyncGenerator<Line> {
  let carry: Buffer[] = [];
  let lineNumber = 0;
  for await (const chunk of stream) {
    const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let start = 0;
    let newline = bytes.indexOf(10, start);
    while (newline !== -1) {
      let line = bytes.subarray(start, newline);
      if (carry.length > 0) {
        line = Buffer.concat([...carry, line]);
        carry = [];
      }
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      lineNumber += 1;
      yield decodeLine(line, lineNumber);
      start = newline + 1;
      newline = bytes.indexOf(10, start);
    }
    if (start < bytes.length) carry.push(bytes.subarray(start));
  }
  if (carry.length > 0) {
    lineNumber += 1;
    yield decodeLine(Buffer.concat(carry), lineNumber);
  }
}

/** The same splitting over text already in memory. */
export function* splitLines(text: string): Generator<Line> {
  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const next = end === -1 ? text.length : end + 1;
    if (end === -1) end = text.length;
    else if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    lineNumber += 1;
    yield { lineNumber, text: text.slice(start, end) };
    start = next;
  }
}

/** Rust's `u8::is_ascii_whitespace`: space, \t, \n, \f, \r. */
export const isBlank = (text: string): boolean => /^[ \t\n\f\r]*$/.test(text);
