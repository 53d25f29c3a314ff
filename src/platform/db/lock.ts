/**
 * PGlite has no file lock of its own: two processes opening one data directory would corrupt it.
 * We hold `<dataDir>/guantong.lock` (created exclusively, holding our PID) for as long as the
 * database is open. A lock left by a process that no longer runs is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

export interface DirLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'guantong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(holder) && holder !== process.pid && processAlive(holder)) {
        throw new AppError(
          'data_dir_locked',
          `数据目录 ${dataDir} 正被另一个进程（PID ${holder}）使用，请先停止该进程`,
          `Data directory ${dataDir} is in use by another process (PID ${holder}); stop it first`,
          409,
        );
      }
      fs.unlinkSync(file); // stale lock of a dead process (or our own from a crashed open)
    }
  }
  throw new AppError('data_dir_locked', `无法锁定数据目录 ${dataDir}`, `Cannot lock data directory ${dataDir}`, 409);
}
