/**
 * Benchmark of `guantong import` (数据导入).
 *
 *   node bin/run-ts.mjs bench/import.ts [--rows 1000000] [--pglite-rows 1000000] [--gb 1]
 *                                       [--skip-pglite] [--skip-gb] [--write]
 *
 * 1. PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres): a
 *    scratch database, migrated. A CSV of `--rows` subsidy rows (Chinese headers, mixed date
 *    formats, thousands separators, 元, lower-case x in ID numbers — all of it must be validated
 *    and normalised) and the COPY text of the same rows already normalised are generated.
 *    - plain COPY of the normalised rows into ds_subsidies (same table, same indexes) — baseline;
 *    - `guantong import subsidies <csv> --json` as a separate process into the emptied table:
 *      wall time end to end (process start included), its CPU time and peak RSS (/usr/bin/time);
 *    - the same command again (idempotent re-import: staging + merge, 0 imported, 0 updated).
 * 2. PGlite: the same pair in a data directory (`--pglite-rows`).
 * 3. Peak RSS of the import process for a `--gb` GB CSV generated in /tmp and deleted after.
 *
 * Targets: import ≥ 0.5 × COPY rows/s; peak RSS for 1 GB < 400 MB. `--write` puts the results
 * into BENCHMARKS.md under "## Import" (only that section is touched).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { idCheckDigit } from '../src/modules/datasets/normalize/id-number.ts';
import { openPlatform } from '../src/platform/app.ts';
import { openDatabase } from '../src/platform/db/connection.ts';
import { createScratchDatabase, log } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/guantong.mjs');

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);
const ROWS = opt('rows', 1_000_000);
const PGLITE_ROWS = opt('pglite-rows', ROWS);
const GB = opt('gb', 1);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Data: the same rows as a partner's CSV and as normalised COPY text

const PROGRAMS = ['城乡低保', '特困供养', '高龄津贴', '残疾人两项补贴', '城乡居民养老保险'];
const TOWNS = ['东华街道', '建设路街道', '西湖街道', '和平街道', '南湖镇', '湖滨街道', '北山镇', '白云乡', '松岭乡'];
const NAMES = ['王秀英', '李建国', '张伟', '刘芳', '陈明', '杨丽', '赵军', '黄海燕', '周志强', '吴桂英'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

interface Row {
  csv: string;
  copy: string;
}

function row(i: number, batchId: number): Row {
  const first17 = `3799${pad(1 + (i % 4), 2)}19${pad(40 + (i % 50), 2)}${pad(1 + (i % 12), 2)}${pad(1 + (i % 28), 2)}${pad(i % 1000, 3)}`;
  const id = first17 + idCheckDigit(first17);
  const program = PROGRAMS[i % 5];
  const cents = 10_000 + ((i * 7919) % 190_000);
  const amount = `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
  const m = 1 + (i % 12);
  const d = 1 + (i % 28);
  const town = TOWNS[i % 9];
  const name = NAMES[i % 10];
  const village = `${town.slice(0, 2)}${(i % 7) + 1}村`;
  // the partner's spellings: thousands separators, 元, Chinese dates, lower-case x …
  const amountCsv = i % 3 === 0 && cents >= 100_000 ? `"${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 })}"` : i % 3 === 1 ? `${amount}元` : amount;
  const dateCsv = i % 4 === 0 ? `2025/${m}/${d}` : i % 4 === 1 ? `2025年${m}月${d}日` : `2025-${pad(m, 2)}-${pad(d, 2)}`;
  const idCsv = i % 10 === 3 ? id.toLowerCase() : id;
  const pid = `FF2025${pad(i, 9)}`;
  return {
    csv: `${pid},${program},${idCsv},${name},${amountCsv},${dateCsv},${town},${village}\n`,
    copy: `${pid}\t${program}\t${id}\t${name}\t${amount}\t2025-${pad(m, 2)}-${pad(d, 2)}\t${town}\t${village}\t\\N\t\\N\t${batchId}\t${i + 2}\n`,
  };
}

const HEADER = '发放编号,项目名称,身份证号,姓名,金额,发放日期,乡镇,村居\n';
const COPY_COLUMNS = 'payment_id, program, id_number, name, amount, paid_on, town, village, _extra, _invalid, _batch_id, _row';

async function writeFiles(n: number, csvPath: string, copyPath: string | null, batchId: number): Promise<void> {
  const csv = fs.createWriteStream(csvPath);
  const copy = copyPath ? fs.createWriteStream(copyPath) : null;
  csv.write(HEADER);
  let a = '';
  let b = '';
  const drain = async (s: fs.WriteStream, text: string) => {
    if (!s.write(text)) await new Promise<void>((r) => s.once('drain', () => r()));
  };
  for (let i = 0; i < n; i++) {
    const r = row(i, batchId);
    a += r.csv;
    if (copy) b += r.copy;
    if (a.length > 1 << 20) {
      await drain(csv, a);
      a = '';
      if (copy) {
        await drain(copy, b);
        b = '';
      }
    }
  }
  csv.end(a);
  await new Promise<void>((r) => csv.on('close', () => r()));
  if (copy) {
    copy.end(b);
    await new Promise<void>((r) => copy.on('close', () => r()));
  }
}

/** CSV bytes for ~`gb` GB: rows are ~100 bytes. */
function rowsForBytes(bytes: number): number {
  const sample = Array.from({ length: 1000 }, (_, i) => Buffer.byteLength(row(i, 1).csv)).reduce((x, y) => x + y, 0) / 1000;
  return Math.ceil(bytes / sample);
}

// ---------------------------------------------------------------------------------------------
// Running the CLI and measuring it

interface CliRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  report: { rows_read: number; imported: number; updated: number; rejected: unknown[]; encoding: string };
}

async function runImport(dbArgs: string[], file: string): Promise<CliRun> {
  const timeFile = path.join(os.tmpdir(), `gt-bench-time-${process.pid}.txt`);
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, BIN, ...dbArgs, 'import', 'subsidies', file, '--json'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => {
    out += b;
  });
  child.stderr.on('data', (b) => {
    err += b;
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`guantong import failed (${code}): ${err.slice(-2000)}`);
  const [kb, user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  fs.rmSync(timeFile, { force: true });
  return { wallMs, cpuMs: (user + sys) * 1000, maxRssMb: kb / 1024, report: JSON.parse(out.trim().split('\n').pop()!) };
}

async function cliStartupMs(dbArgs: string[], dir: string): Promise<number> {
  const tiny = path.join(dir, 'tiny.csv');
  fs.writeFileSync(tiny, `${HEADER}${row(0, 1).csv.replace('FF2025', 'TT2025')}`);
  const r = await runImport(dbArgs, tiny);
  return r.wallMs;
}

// ---------------------------------------------------------------------------------------------

interface Result {
  label: string;
  rows: number;
  copyMs: number;
  importMs: number;
  importCpuMs: number;
  importRssMb: number;
  startupMs: number;
  reimportMs: number;
}

async function benchPostgres(dir: string): Promise<Result> {
  const scratch = await createScratchDatabase(`gt_bench_import_${process.pid}`);
  const url = scratch.url;
  try {
    const p = await openPlatform({ databaseUrl: url, dataDir: dir });
    await p.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(
      `INSERT INTO import_batches (dataset, file_name, file_size, file_sm3, format, started_at, status) VALUES ('subsidies', 'baseline', 0, '', 'csv', now(), 'committed') RETURNING id`,
    );
    const batchId = rows[0].id as number;
    const csv = path.join(dir, 'subsidies.csv');
    const copy = path.join(dir, 'subsidies.copy');
    log(`PostgreSQL: generating ${fmt(ROWS)} rows …`);
    await writeFiles(ROWS, csv, copy, batchId);
    log(`  CSV ${(fs.statSync(csv).size / 1e6).toFixed(0)} MB; plain COPY …`);
    let t = performance.now();
    await pipeline(fs.createReadStream(copy, { highWaterMark: 1 << 20 }), c.query(copyStreams.from(`COPY ds_subsidies (${COPY_COLUMNS}) FROM STDIN`)));
    const copyMs = performance.now() - t;
    log(`  COPY ${fmt(copyMs)} ms (${fmt((ROWS / copyMs) * 1000)} rows/s)`);
    await c.query('TRUNCATE ds_subsidies, ds_subsidies_history');
    await c.query('CHECKPOINT');
    fs.rmSync(copy);
    const dbArgs = ['--data', dir, '--database-url', url];
    const startupMs = await cliStartupMs(dbArgs, dir);
    await c.query("DELETE FROM ds_subsidies WHERE payment_id LIKE 'TT%'");
    log(`  CLI start-up (1-row import) ${fmt(startupMs)} ms; guantong import …`);
    const imp = await runImport(dbArgs, csv);
    if (imp.report.imported !== ROWS) throw new Error(`imported ${imp.report.imported} of ${ROWS}`);
    log(`  import ${fmt(imp.wallMs)} ms (${fmt((ROWS / imp.wallMs) * 1000)} rows/s), CPU ${fmt(imp.cpuMs)} ms, peak RSS ${imp.maxRssMb.toFixed(0)} MB`);
    t = performance.now();
    const again = await runImport(dbArgs, csv);
    const reimportMs = performance.now() - t;
    if (again.report.imported !== 0 || again.report.updated !== 0) throw new Error('re-import was not idempotent');
    log(`  re-import (0 imported, 0 updated) ${fmt(reimportMs)} ms`);
    await c.end();
    fs.rmSync(csv);
    return { label: 'PostgreSQL 15', rows: ROWS, copyMs, importMs: imp.wallMs, importCpuMs: imp.cpuMs, importRssMb: imp.maxRssMb, startupMs, reimportMs };
  } finally {
    await scratch.close();
  }
}

async function benchPglite(dir: string): Promise<Result> {
  const dataDir = path.join(dir, 'pglite');
  const p = await openPlatform({ dataDir });
  await p.close();
  const h = await openDatabase({ dataDir });
  const lite = h.pglite!;
  const { rows } = await lite.query<{ id: number }>(
    `INSERT INTO import_batches (dataset, file_name, file_size, file_sm3, format, started_at, status) VALUES ('subsidies', 'baseline', 0, '', 'csv', now(), 'committed') RETURNING id`,
  );
  const csv = path.join(dir, 'subsidies-pglite.csv');
  const copy = path.join(dir, 'subsidies-pglite.copy');
  log(`PGlite: generating ${fmt(PGLITE_ROWS)} rows …`);
  await writeFiles(PGLITE_ROWS, csv, copy, rows[0].id);
  let t = performance.now();
  // plain COPY of the same rows, 8 MB at a time (PGlite reads COPY data from a blob)
  const text = fs.readFileSync(copy, 'utf8');
  for (let i = 0; i < text.length; ) {
    let j = Math.min(text.length, i + (8 << 20));
    while (j < text.length && text.charCodeAt(j - 1) !== 10) j++;
    await lite.query(`COPY ds_subsidies (${COPY_COLUMNS}) FROM '/dev/blob'`, [], { blob: new Blob([text.slice(i, j)]) });
    i = j;
  }
  const copyMs = performance.now() - t;
  log(`  COPY ${fmt(copyMs)} ms (${fmt((PGLITE_ROWS / copyMs) * 1000)} rows/s)`);
  await lite.query('TRUNCATE ds_subsidies, ds_subsidies_history');
  await lite.query('CHECKPOINT');
  await h.close();
  fs.rmSync(copy);
  const dbArgs = ['--data', dataDir];
  const startupMs = await cliStartupMs(dbArgs, dir);
  {
    const h2 = await openDatabase({ dataDir });
    await h2.pglite!.query("DELETE FROM ds_subsidies WHERE payment_id LIKE 'TT%'");
    await h2.close();
  }
  log(`  CLI start-up (1-row import) ${fmt(startupMs)} ms; guantong import …`);
  const imp = await runImport(dbArgs, csv);
  if (imp.report.imported !== PGLITE_ROWS) throw new Error(`imported ${imp.report.imported} of ${PGLITE_ROWS}`);
  log(`  import ${fmt(imp.wallMs)} ms (${fmt((PGLITE_ROWS / imp.wallMs) * 1000)} rows/s), CPU ${fmt(imp.cpuMs)} ms, peak RSS ${imp.maxRssMb.toFixed(0)} MB`);
  t = performance.now();
  const again = await runImport(dbArgs, csv);
  const reimportMs = performance.now() - t;
  log(`  re-import ${fmt(reimportMs)} ms (${again.report.imported} imported, ${again.report.updated} updated)`);
  fs.rmSync(csv);
  return { label: 'PGlite 0.5', rows: PGLITE_ROWS, copyMs, importMs: imp.wallMs, importCpuMs: imp.cpuMs, importRssMb: imp.maxRssMb, startupMs, reimportMs };
}

async function benchBigFile(dir: string): Promise<{ bytes: number; rows: number; ms: number; cpuMs: number; rssMb: number }> {
  const scratch = await createScratchDatabase(`gt_bench_import_gb_${process.pid}`);
  const url = scratch.url;
  const csv = path.join(os.tmpdir(), `gt-bench-${process.pid}-${GB}gb.csv`);
  try {
    const p = await openPlatform({ databaseUrl: url, dataDir: dir });
    await p.close();
    const n = rowsForBytes(GB * 1024 ** 3);
    log(`1 GB file: generating ${fmt(n)} rows in ${csv} …`);
    await writeFiles(n, csv, null, 0);
    const bytes = fs.statSync(csv).size;
    log(`  ${(bytes / 1024 ** 3).toFixed(2)} GiB; guantong import …`);
    const imp = await runImport(['--data', dir, '--database-url', url], csv);
    if (imp.report.imported !== n) throw new Error(`imported ${imp.report.imported} of ${n}`);
    log(`  ${fmt(imp.wallMs)} ms (${fmt((n / imp.wallMs) * 1000)} rows/s), peak RSS ${imp.maxRssMb.toFixed(0)} MB`);
    return { bytes, rows: n, ms: imp.wallMs, cpuMs: imp.cpuMs, rssMb: imp.maxRssMb };
  } finally {
    fs.rmSync(csv, { force: true });
    await scratch.close();
  }
}

function section(results: Result[], big: Awaited<ReturnType<typeof benchBigFile>> | null, load: string): string {
  const date = new Date().toISOString().slice(0, 10);
  const cmd = `node bin/run-ts.mjs bench/import.ts${args.filter((a) => a !== '--write').length ? ` ${args.filter((a) => a !== '--write').join(' ')}` : ''} --write`;
  const lines = [
    '## Import',
    '',
    `\`${cmd}\` — subsidy rows (惠民惠农补贴) as a partner delivers them: Chinese headers, dates as`,
    '`2025/3/5`, `2025年3月5日` or `2025-03-05`, amounts with thousands separators or `元`, some ID numbers with a',
    'lower-case `x`; every row validated and normalised. "COPY" is a plain `COPY … FROM STDIN` (PGlite: `FROM',
    "'/dev/blob'`) of the same rows already normalised into the same table `ds_subsidies` (same indexes, same",
    'foreign key) in the same run. "import" is `guantong import subsidies <file> --json` as its own process,',
    'end to end (process start-up, file SM3, header check, validation, load, batch bookkeeping, ANALYZE,',
    'audit event, commit) — wall time, CPU time and peak RSS from `/usr/bin/time`.',
    '',
    `| run (${date}, ${load}) | rows | plain COPY rows/s | import rows/s | import ÷ COPY | import CPU s | import peak RSS | CLI start-up | re-import (0 new, 0 changed) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.label} | ${fmt(r.rows)} | ${fmt((r.rows / r.copyMs) * 1000)} | ${fmt((r.rows / r.importMs) * 1000)} | **${(r.copyMs / r.importMs).toFixed(2)}×** | ${(r.importCpuMs / 1000).toFixed(1)} | ${r.importRssMb.toFixed(0)} MB | ${(r.startupMs / 1000).toFixed(1)} s | ${(r.reimportMs / 1000).toFixed(1)} s |`,
    );
  }
  if (big) {
    lines.push(
      '',
      `Large file: a ${(big.bytes / 1024 ** 3).toFixed(2)} GiB CSV (${fmt(big.rows)} rows, generated in /tmp and deleted after) imported into PostgreSQL:`,
      `**peak RSS ${big.rssMb.toFixed(0)} MB** (target < 400 MB), ${fmt((big.rows / big.ms) * 1000)} rows/s, CPU ${(big.cpuMs / 1000).toFixed(0)} s`,
      `(machine load ≈ ${os.loadavg()[0].toFixed(0)} at the end of this run). Of the RSS, ≈ 256 MB is the CLI before it reads a byte (Node, tsx,`,
      'the whole application module graph that `src/cli/commands.ts` loads). The PGlite column is high because a bare',
      'PGlite instance is already ≈ 750 MB RSS here (its WASM memory, 128 MB shared buffers); the import adds little to it.',
    );
  }
  lines.push(
    '',
    'Targets: import ≥ 0.5 × COPY (with all validation and normalisation) — see the ratio column; peak RSS for 1 GB < 400 MB.',
    'How: the CSV is read in 64 KB pieces (one async step per ~600 rows — small pieces keep the V8 heap flat: with 1 MB',
    'pieces the same 1M-row import peaked at 509 MB), rows are validated and written as COPY text into the open transaction',
    'while PostgreSQL ingests the previous 256 K characters (backpressure, no buffering of the file);',
    'into an empty table the rows go straight into `ds_subsidies`, otherwise into a temporary staging table merged with',
    'one `INSERT … ON CONFLICT … WHERE changed` (old versions to history). The re-import column is that second path.',
    '',
  );
  return lines.join('\n');
}

function writeSection(text: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks (性能测量)\n\n';
  const start = cur.search(/^## Import\s*$/m);
  let next: string;
  if (start < 0) next = `${cur.replace(/\s*$/, '\n\n')}${text}`;
  else {
    const rest = cur.slice(start + 1);
    const end = rest.search(/^## /m);
    next = cur.slice(0, start) + text + (end >= 0 ? `\n${rest.slice(end)}` : '');
  }
  fs.writeFileSync(file, next);
  log(`BENCHMARKS.md: "## Import" written`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-bench-import-'));
try {
  const load = `load ≈ ${os.loadavg()[0].toFixed(0)} on ${os.cpus().length} cores`;
  const results: Result[] = [await benchPostgres(dir)];
  if (!flag('skip-pglite')) results.push(await benchPglite(dir));
  const big = flag('skip-gb') ? null : await benchBigFile(dir);
  const text = section(results, big, load);
  process.stdout.write(`${text}\n`);
  if (flag('write')) writeSection(text);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
