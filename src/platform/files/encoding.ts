/**
 * Text-file encoding detection and streaming decoding: UTF-8 (with or without BOM) versus
 * GB18030 (the superset of GBK/GB2312 that Excel on a Chinese Windows writes).
 *
 * Rule: never guess silently wrong.
 * - A BOM decides UTF-8; without BOM the bytes decide: valid UTF-8 → UTF-8; otherwise the bytes
 *   must decode as GB18030 without a single replacement character, and must look like Chinese
 *   text (see {@link looksLikeGb18030Text}); otherwise the file is refused.
 * - Detection looks at the first 64 KiB *from the first non-ASCII byte* (scanning further when
 *   the beginning is pure ASCII, e.g. a header of English keys), so it decides on real content.
 * - Decoding validates the whole file as it streams: a UTF-8 file with an invalid sequence
 *   later on, or a GB18030 file with an undecodable sequence, fails with an error instead of
 *   producing replacement characters.
 * - Multi-byte characters split across chunk boundaries are handled by streaming decoders.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { AppError } from '../errors.ts';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** Bytes examined once the first non-ASCII byte is found. */
export const DETECTION_WINDOW = 64 * 1024;

const encodingError = (zh: string, en: string) =>
  new AppError(
    'file_encoding',
    `${zh}。请将文件另存为“CSV UTF-8（逗号分隔）”后重新导入`,
    `${en}. Save the file as "CSV UTF-8 (comma delimited)" and import it again`,
  );

const binaryError = () =>
  encodingError('文件含有二进制内容（NUL 字节），不是文本文件', 'The file contains binary data (NUL bytes); it is not a text file');

export type Detection =
  | { kind: 'decided'; encoding: TextEncodingName }
  /** Only ASCII bytes so far: both encodings agree; look further. */
  | { kind: 'ascii' };

/**
 * Decide the encoding of `sample`, the beginning of a file (or, when `offset > 0`, a window
 * that starts at the file's first non-ASCII byte). `complete` says the sample reaches the end of
 * the file (a truncated multi-byte sequence at its end is then an error, not a chunk boundary).
 * Throws AppError('file_encoding') when the bytes are neither UTF-8 nor plausible GB18030.
 */
export function detectEncodingOfSample(sample: Uint8Array, complete: boolean, atFileStart = true): Detection {
  if (atFileStart) {
    if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
      return { kind: 'decided', encoding: 'utf-8-bom' };
    }
    if (sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))) {
      throw encodingError('不支持 UTF-16（“Unicode 文本”）编码的文件', 'UTF-16 ("Unicode text") files are not supported');
    }
  }
  let firstHigh = -1;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) throw binaryError();
    if (b >= 0x80 && firstHigh < 0) firstHigh = i;
  }
  if (firstHigh < 0) return { kind: 'ascii' };

  // UTF-8? (stream mode tolerates a multi-byte character cut at the end of the sample)
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return { kind: 'decided', encoding: 'utf-8' };
  } catch {
    // not UTF-8
  }
  // GB18030? Must start at a character boundary: everything before firstHigh is ASCII, and
  // ASCII bytes outside a multi-byte sequence are single characters, so firstHigh is one.
  const window = sample.subarray(firstHigh);
  const decoder = iconv.getDecoder('gb18030');
  let text = decoder.write(Buffer.from(window.buffer, window.byteOffset, window.byteLength));
  if (complete) text += decoder.end() ?? '';
  if (text.includes('\ufffd')) {
    throw encodingError(
      '无法识别文件编码：既不是有效的 UTF-8，也不是有效的 GB18030/GBK（解码出现乱码）',
      'Cannot determine the file encoding: it is neither valid UTF-8 nor valid GB18030/GBK (decoding yields replacement characters)',
    );
  }
  if (!looksLikeGb18030Text(window)) {
    throw encodingError(
      '无法识别文件编码：不是有效的 UTF-8，按 GB18030/GBK 解码又几乎全是生僻字，可能是其他编码（如 Latin-1）',
      'Cannot determine the file encoding: not valid UTF-8, and as GB18030/GBK it decodes to mostly rare characters (another encoding such as Latin-1?)',
    );
  }
  return { kind: 'decided', encoding: 'gb18030' };
}

/**
 * Plausibility of GB18030 bytes: in real Chinese text nearly all double-byte characters come
 * from the GB2312 area (lead 0xA1–0xF7, trail 0xA1–0xFE). Text in a Western single-byte
 * encoding (Latin-1 "Müller", "Zürich") that happens to decode without errors lands in the
 * GBK extension areas instead (trail byte < 0xA1). With at least 6 multi-byte characters, fewer
 * than a quarter from GB2312 is refused. Rare characters in names (喆, 堃, 𠀀) among ordinary
 * text pass easily.
 */
export function looksLikeGb18030Text(bytes: Uint8Array): boolean {
  let common = 0;
  let total = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const b1 = bytes[i + 1];
    if (b1 === undefined) break;
    if (b1 >= 0x30 && b1 <= 0x39) {
      total++; // four-byte sequence (e.g. CJK extension B)
      i += 4;
      continue;
    }
    total++;
    if (b >= 0xa1 && b <= 0xf7 && b1 >= 0xa1 && b1 <= 0xfe) common++;
    i += 2;
  }
  return total < 6 || common * 4 >= total;
}

/** A streaming decoder that throws AppError('file_encoding') on invalid input. */
export interface StrictDecoder {
  /** Decode the next chunk (characters split across chunks are kept until complete). */
  write(chunk: Uint8Array, byteOffset: number): string;
  /** Flush; throws when the file ends inside a multi-byte character. */
  end(): string;
}

export function createStrictDecoder(encoding: TextEncodingName): StrictDecoder {
  if (encoding === 'gb18030') {
    const decoder = iconv.getDecoder('gb18030');
    const check = (s: string, offset: number) => {
      if (s.includes('\ufffd')) {
        throw encodingError(
          `文件不是有效的 GB18030/GBK 编码（约第 ${offset} 字节起出现无法解码的内容）`,
          `The file is not valid GB18030/GBK (undecodable bytes near byte ${offset})`,
        );
      }
      return s;
    };
    let last = 0;
    return {
      write(chunk, byteOffset) {
        last = byteOffset + chunk.byteLength;
        return check(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), byteOffset);
      },
      end() {
        return check(decoder.end() ?? '', last);
      },
    };
  }
  // The WHATWG decoder strips a leading BOM by itself (ignoreBOM: false).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let last = 0;
  const fail = (offset: number) =>
    encodingError(
      `文件不是有效的 UTF-8 编码（约第 ${offset} 字节起），可能混用了 GBK 等其他编码`,
      `The file is not valid UTF-8 (near byte ${offset}); it may mix in another encoding such as GBK`,
    );
  return {
    write(chunk, byteOffset) {
      last = byteOffset + chunk.byteLength;
      try {
        return decoder.decode(chunk, { stream: true });
      } catch {
        throw fail(byteOffset);
      }
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        throw fail(last);
      }
    },
  };
}

/**
 * Detect the encoding of a text file. Reads the first 64 KiB; if that is pure ASCII, keeps
 * scanning until the first non-ASCII byte and examines a 64 KiB window from there. A file that
 * is ASCII throughout is reported as 'utf-8'.
 */
export async function detectFileEncoding(path: string): Promise<TextEncodingName> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const first = Buffer.alloc(DETECTION_WINDOW);
    const { bytesRead } = await fh.read(first, 0, DETECTION_WINDOW, 0);
    const size = (await fh.stat()).size;
    const head = first.subarray(0, bytesRead);
    const d = detectEncodingOfSample(head, bytesRead >= size);
    if (d.kind === 'decided') return d.encoding;
    // Pure ASCII so far: find the first non-ASCII byte further on.
    let pos = bytesRead;
    const buf = Buffer.alloc(1024 * 1024);
    while (pos < size) {
      const { bytesRead: n } = await fh.read(buf, 0, buf.length, pos);
      if (n === 0) break;
      let hi = -1;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b >= 0x80) {
          hi = i;
          break;
        }
        if (b === 0) throw binaryError();
      }
      if (hi >= 0) {
        const win = Buffer.alloc(DETECTION_WINDOW);
        const { bytesRead: w } = await fh.read(win, 0, DETECTION_WINDOW, pos + hi);
        const r = detectEncodingOfSample(win.subarray(0, w), pos + hi + w >= size, false);
        if (r.kind === 'decided') return r.encoding;
        break;
      }
      pos += n;
    }
    return 'utf-8';
  } finally {
    await fh.close();
  }
}

/** Stream a text file as decoded string chunks (strict: invalid bytes throw). */
export async function* decodeFile(
  path: string,
  encoding: TextEncodingName,
  chunkSize = 1024 * 1024,
): AsyncGenerator<string, void, undefined> {
  const decoder = createStrictDecoder(encoding);
  const stream = fs.createReadStream(path, { highWaterMark: chunkSize });
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const s = decoder.write(chunk, offset);
      offset += chunk.byteLength;
      if (s.length > 0) yield s;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    stream.destroy();
  }
}
