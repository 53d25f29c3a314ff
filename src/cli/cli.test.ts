/** The `guantong` command as users run it: a real process, a real data directory. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/guantong.mjs', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 });

describe('guantong CLI', () => {
  it('prints help in Chinese and English', { timeout: 180_000 }, () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('监督贯通协同平台');
    expect(r.stdout).toContain('supervision integration platform');
    for (const c of ['serve', 'migrate', 'demo', 'user', 'audit', 'backup', 'restore', 'keys', 'indicators', 'import', 'models', 'hotline']) {
      expect(r.stdout).toMatch(new RegExp(`\\n\\s+${c}\\b`));
    }
  });

  it('migrates a new data directory, then verifies its audit trail', { timeout: 240_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-cli-'));
    try {
      const m = run(['migrate', '--data', dir]);
      expect(m.status, m.stderr).toBe(0);
      expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(true);
      expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dir, 'guantong.lock'))).toBe(false);
      const v = run(['audit', 'verify', '--json', '--data', dir]);
      expect(v.status, v.stderr).toBe(0);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown user with a one-line bilingual error and non-zero exit', { timeout: 240_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-cli-'));
    try {
      const r = run(['user', 'unlock', 'nobody', '--data', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('用户“nobody”不存在');
      expect(r.stderr).toContain('User "nobody" not found');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
