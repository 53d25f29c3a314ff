/**
 * Background jobs on pg-boss in the platform's own database (both kinds): scheduled model runs,
 * report generation, deadline reminders, audit checkpoints. The list is `src/jobs.ts`.
 */
import PgBoss from 'pg-boss';
import type { Platform } from '../app.ts';

export interface JobDef {
  name: string;
  /** cron expression (Asia/Shanghai) */
  cron?: string;
  run: (platform: Platform, data: unknown) => Promise<void>;
}

export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
  send(name: string, data?: object): Promise<string | null>;
}

/** pg-boss over PGlite: statements without parameters may hold several commands (simple protocol). */
function pgliteAdapter(platform: Platform) {
  const lite = platform.handle.pglite!;
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      if (!values?.length) {
        const results = await lite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] } as never;
      }
      const r = await lite.query(text, values);
      return { rows: r.rows } as never;
    },
  };
}

export async function startJobs(platform: Platform, defs: JobDef[]): Promise<Jobs> {
  const boss =
    platform.kind === 'postgres'
      ? new PgBoss({ connectionString: platform.handle.url })
      : new PgBoss({ db: pgliteAdapter(platform) });
  boss.on('error', (e) => process.stderr.write(`任务队列错误 / job queue error: ${(e as Error).message}\n`));
  await boss.start();
  for (const def of defs) {
    await boss.createQueue(def.name);
    await boss.work(def.name, async (jobs) => {
      for (const job of jobs) await def.run(platform, job.data);
    });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'Asia/Shanghai' });
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, wait: true }),
    send: (name, data = {}) => boss.send(name, data),
  };
}
