/**
 * `guantong import` as a real process against the database of this run (a PGlite data
 * directory, or a PostgreSQL database with GUANTONG_TEST_DB=postgres): JSON lines on stdout,
 * exit codes with one-line bilingual errors, and kill -9 in the middle of a big file leaving
 * no rows and no committed batch.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { type DbHandle, openDatabase, pgliteDir } from '../../platform/db/connection.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { idCheckDigit } from './normalize/id-number.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin/guantong.mjs');
const backend = inject('backend');

let dir: string;
let dbArgs: string[];
let pgPlatform: TestPlatform | undefined;

const id = (first17: string) => first17 + idCheckDigit(first17);

beforeAll(async () => {
  if (backend === 'postgres') {
    pgPlatform = await testPlatform();
    dir = fs.mkdtempSync(path.join(pgPlatform.dataDir, 'cli-'));
    dbArgs = ['--data', dir, '--database-url', pgPlatform.url!];
  } else {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'guantong-cli-'));
    // a migrated data directory from the run's migrated dump (no slow first start)
    const lite = await PGlite.create({
      dataDir: pgliteDir(dir),
      loadDataDir: new Blob([fs.readFileSync(inject('pgliteDump'))]),
      extensions: { pg_trgm },
    });
    await lite.close();
    dbArgs = ['--data', dir];
  }
});

afterAll(async () => {
  await pgPlatform?.close();
  if (backend !== 'postgres') fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Run>; stderrLines: (fn: (line: string) => void) => void } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.GUANTONG_DATA;
  const child = spawn(process.execPath, [BIN, ...dbArgs, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: ((line: string) => void)[] = [];
  child.stdout!.on('data', (b) => {
    stdout += b;
  });
  child.stderr!.on('data', (b) => {
    const s = String(b);
    stderr += s;
    for (const line of s.split('\n')) if (line) for (const l of listeners) l(line);
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderrLines: (fn) => listeners.push(fn) };
}

const run = (args: string[]) => start(args).done;

/** Open the database the CLI used (PGlite: after the CLI released the directory). */
async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  if (pgPlatform) return fn(pgPlatform.handle);
  const h = await openDatabase({ dataDir: dir });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

const countRows = (h: DbHandle, table: string) =>
  sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(h.db).then((r) => Number(r.rows[0].n));

describe('guantong import (process)', () => {
  it('--json prints one JSON report per file on stdout and nothing else; rejected rows exit 0', async () => {
    const csv = path.join(dir, '低保发放.csv');
    fs.writeFileSync(
      csv,
      iconv.encode(
        ['发放编号,项目名称,身份证号,姓名,金额,发放日期', `J1,城乡低保,${id('37010219600101001')},张三,500,2024-01-05`, 'J2,城乡低保,370102196001010020,李四,500,2024-13-05', ''].join('\r\n'),
        'gb18030',
      ),
    );
    const xlsx = path.join(dir, 'relations.xlsx');
    await writeXlsx(xlsx, [
      ['身份证号', '姓名', '亲属身份证号', '亲属姓名', '关系'],
      [id('37010219600101001'), '张三', id('37010219620101002'), '王芳', '配偶'],
    ]);
    const r = await run(['import', 'subsidies', csv, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      dataset: 'subsidies',
      file: '低保发放.csv',
      encoding: 'gb18030',
      rows_read: 2,
      imported: 1,
      updated: 0,
      rejected: [{ row: 3, column: 'paid_on', reason: '无法解析的日期 / unparseable date: 2024-13-05' }],
      invalid_ids: 0,
    });
    const two = await run(['import', 'relations', xlsx, xlsx, '--json', '--supplier', '示范市民政局']);
    // the supplier must exist: the test database has no demo organisations
    expect(two.code).toBe(2);
    expect(two.stdout).toBe('');
    expect(two.stderr.trim().split('\n')).toHaveLength(1);
    expect(two.stderr).toContain('数据提供单位');
    expect(two.stderr).toContain('Supplier organisation');
    const three = await run(['import', 'relations', xlsx, xlsx, '--json']);
    expect(three.code, three.stderr).toBe(0);
    const reports = three.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports.map((x) => [x.file, x.encoding, x.imported, x.updated])).toEqual([
      ['relations.xlsx', null, 1, 0],
      ['relations.xlsx', null, 0, 0],
    ]);
  }, 600_000);

  it('prints a readable report without --json', async () => {
    const csv = path.join(dir, 'land.csv');
    fs.writeFileSync(csv, `身份证号,姓名,承包面积\n${id('37010219600101003')},赵六,五亩\n${id('37010219600101004')},钱七,4.5\n`);
    const r = await run(['import', 'land', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('读取 rows read: 2');
    expect(r.stdout).toContain('新增 imported: 1');
    expect(r.stdout).toContain('第 2 行 row 2  area_mu: 无法解析的数值 / unparseable number: 五亩');
  }, 600_000);

  it('exits non-zero with one bilingual line for bad input', async () => {
    const unknown = await run(['import', 'nosuch', 'x.csv']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/未知的数据集：nosuch.* \/ Unknown dataset: nosuch/);

    const missing = path.join(dir, 'persons.csv');
    fs.writeFileSync(missing, `身份证号,单位\n${id('37010219600101005')},示范市教育局\n`);
    const m = await run(['import', 'persons', missing, '--json']);
    expect(m.code).toBe(2);
    expect(m.stdout).toBe('');
    const errLines = m.stderr.split('\n').filter((l) => l.startsWith('错误'));
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toContain('缺少必填列：姓名（name）');
    expect(errLines[0]).toContain('Missing required column: name (姓名)');

    const absent = await run(['import', 'persons', path.join(dir, 'absent.csv')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('无法打开文件');

    const garbled = path.join(dir, 'garbled.csv');
    fs.writeFileSync(garbled, Buffer.from('id_number,name\n1,M\xfcller Z\xfcrich \xe9t\xe9 na\xefve \xc4\xd6\xdc\xe4\xf6\xfc\xdf\n', 'latin1'));
    const g = await run(['import', 'persons', garbled]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('无法识别文件编码');
  }, 600_000);

  it('--strict imports nothing from a file with a bad row and exits 3', async () => {
    const csv = path.join(dir, 'deaths.csv');
    fs.writeFileSync(csv, `身份证号,姓名,死亡日期\n${id('37010219300101006')},孙八,2020-01-01\n${id('37010219300101007')},周九,不详\n`);
    const r = await run(['import', 'deaths', csv, '--strict', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows_read: 2, imported: 0, updated: 0, rejected: [{ row: 3, column: 'death_date' }] });
    expect(r.stderr).toContain('严格模式');
    expect(r.stderr).toContain('strict mode');
    expect(await withDb((h) => countRows(h, 'ds_deaths'))).toBe(0);
  }, 600_000);

  it('kill -9 in the middle of a big file leaves no rows and no committed batch', async () => {
    const big = path.join(dir, 'big-subsidies.csv');
    const N = backend === 'postgres' ? 600_000 : 250_000;
    const out = fs.createWriteStream(big);
    out.write('发放编号,项目名称,身份证号,姓名,金额,发放日期,乡镇,村居\n');
    let buf = '';
    for (let i = 0; i < N; i++) {
      const d = id(`3701021950${String(i % 10_000_000).padStart(7, '0')}`);
      buf += `K${i},城乡低保,${d},测试${i % 1000},"1,${String(i % 1000).padStart(3, '0')}.50",2024-${String(1 + (i % 12)).padStart(2, '0')}-15,东城街道,幸福村\n`;
      if (buf.length > 1 << 20) {
        out.write(buf);
        buf = '';
      }
    }
    out.end(buf);
    await new Promise<void>((r) => out.on('close', () => r()));
    const before = await withDb(async (h) => ({ rows: await countRows(h, 'ds_subsidies'), batches: await countRows(h, 'import_batches') }));

    const proc = start(['import', 'subsidies', big, '--json']);
    let killedAt = 0;
    proc.stderrLines((line) => {
      // non-terminal progress: "导入 / importing big-subsidies.csv: 123456/600000"
      const m = /importing big-subsidies\.csv: (\d+)/.exec(line);
      if (m && !killedAt && Number(m[1]) >= N * 0.2 && Number(m[1]) < N) {
        killedAt = Number(m[1]);
        proc.child.kill('SIGKILL');
      }
    });
    const r = await proc.done;
    expect(r.signal, `import finished before it could be killed: ${r.stdout} ${r.stderr}`).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(r.stdout).toBe('');

    if (pgPlatform) {
      // wait until the server has noticed the dead client and rolled its transaction back
      for (let i = 0; i < 100; i++) {
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'guantong-import' AND datname = current_database()`.execute(pgPlatform.db);
        if (Number(rows[0].n) === 0) break;
        await new Promise((res) => setTimeout(res, 200));
      }
    }
    const after = await withDb(async (h) => ({
      rows: await countRows(h, 'ds_subsidies'),
      batches: await countRows(h, 'import_batches'),
      open: Number((await sql<{ n: number }>`SELECT count(*) AS n FROM import_batches WHERE file_name = 'big-subsidies.csv'`.execute(h.db)).rows[0].n),
    }));
    expect(after).toEqual({ ...before, open: 0 });

    // the database is usable afterwards (PGlite: recovered from the crash)
    const small = path.join(dir, 'after-crash.csv');
    fs.writeFileSync(small, `发放编号,项目名称,身份证号,姓名,金额,发放日期\nZ1,城乡低保,${id('37010219500101009')},吴十,10,2024-02-01\n`);
    const again = await run(['import', 'subsidies', small, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 1 });
    expect(await withDb((h) => countRows(h, 'ds_subsidies'))).toBe(before.rows + 1);
  }, 600_000);
});
