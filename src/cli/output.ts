/**
 * Terminal output helpers: progress bars when stderr is a terminal, plain log lines otherwise.
 * Results go to stdout; progress and logs always go to stderr.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export function progress(label: string, total = 0): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update(done, t) {
        if (t !== undefined) bar.setTotal(t);
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done, t) {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      process.stderr.write(`${label}: ${done}${t ?? total ? `/${t ?? total}` : ''}\n`);
    },
    stop() {},
  };
}

export const log = (line: string) => process.stderr.write(`${line}\n`);
