/**
 * `guantong indicators FILE.jsonl [--settings FILE.ini] [--no-meta]` — prints the procurement
 * red-flag results as one JSON line on stdout, in the shape of `ocdscardinal indicators`.
 * Skipped lines are reported on stderr. A missing/unreadable input or settings file, or an
 * invalid settings file, prints one "中文 / English" line on stderr and exits with status 2.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../../platform/errors.ts';
import { runIndicators } from './engine.ts';
import { formatIndicators } from './format.ts';
import { parseSettings, type Settings } from './settings.ts';

export interface IndicatorsCommandOptions {
  settings?: string;
  noMeta?: boolean;
}

export interface CommandStreams {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
}

const write = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });

function describeFsError(err: unknown, path: string, what: string, whatEn: string): AppError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new AppError('not_found', `${what}不存在：${path}`, `${whatEn} not found: ${path}`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('unreadable', `没有权限读取${what}：${path}`, `Permission denied reading ${whatEn.toLowerCase()}: ${path}`);
  }
  if (code === 'EISDIR') return new AppError('unreadable', `${what}是目录而不是文件：${path}`, `${whatEn} is a directory, not a file: ${path}`);
  const detail = (err as Error)?.message ?? String(err);
  return new AppError('unreadable', `无法读取${what}：${path}`, `Cannot read ${whatEn.toLowerCase()}: ${path} (${detail})`);
}

async function loadSettings(path: string | undefined): Promise<Settings> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw describeFsError(err, path, '设置文件', 'Settings file');
  }
  return parseSettings(text);
}

/** Open the input as a stream ("-" is standard input); fails early on a missing file or a directory. */
async function openInput(file: string, stdin: Readable): Promise<Readable> {
  if (file === '-') return stdin;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (err) {
    throw describeFsError(err, file, '输入文件', 'Input file');
  }
  const stream = createReadStream(file);
  // Surface open errors (e.g. permissions) before reading starts.
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  }).catch((err) => {
    throw describeFsError(err, file, '输入文件', 'Input file');
  });
  return stream;
}

/** Run the command; resolves to the exit status (0 success, 2 bad input). */
export async function indicatorsCommand(
  file: string,
  opts: IndicatorsCommandOptions = {},
  streams: CommandStreams = {},
): Promise<number> {
  const stdout = streams.stdout ?? process.stdout;
  const stderr = streams.stderr ?? process.stderr;
  const stdin = streams.stdin ?? process.stdin;
  try {
    const settings = await loadSettings(opts.settings);
    const input = await openInput(file, stdin);
    let result: Awaited<ReturnType<typeof runIndicators>>;
    try {
      result = await runIndicators(input, settings, {
        onWarning: (w) => {
          stderr.write(`${w.message} / ${w.messageEn}\n`);
        },
      });
    } catch (err) {
      throw describeFsError(err, file, '输入文件', 'Input file');
    }
    await write(stdout, `${formatIndicators(result, { noMeta: opts.noMeta })}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      await write(stderr, `${err.bilingual}\n`);
      return 2;
    }
    throw err;
  }
}
