import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './lock.ts';

describe('data directory lock', () => {
  it('refuses a second process with a clear bilingual message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-lock-'));
    const lock = lockDataDir(dir);
    try {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', `import('${path.resolve('src/platform/db/lock.ts')}').then(m => m.lockDataDir(${JSON.stringify(dir)})).catch(e => { console.error(e.message + ' / ' + e.messageEn); process.exit(7); })`],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(7);
      expect(r.stderr).toContain('正被另一个进程');
      expect(r.stderr).toContain(`PID ${process.pid}`);
      expect(r.stderr).toContain('in use by another process');
    } finally {
      lock.release();
    }
    expect(fs.existsSync(path.join(dir, 'guantong.lock'))).toBe(false);
  });

  it('takes over a stale lock of a dead process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-lock-'));
    fs.writeFileSync(path.join(dir, 'guantong.lock'), '99999999');
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'guantong.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});
