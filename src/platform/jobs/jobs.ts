/**
 * Background jobs on pg-boss (same database, both kinds): scheduled model runs, report
 * generation, deadline reminders, audit checkpoints. Areas add handlers in JOB_DEFS.
 */
import PgBoss from 'pg-boss';
import type { Platform } from '../app.ts';
import { systemActor } from '../audit/audit.service.ts';
import { writeCheckpoint } from '../audit/verify.ts';

export interface JobDef {
  name: string;
  /** cron expression (Asia/Shanghai) */
  cron?: string;
  run: (platform: Platform, data: unknown) => Promise<void>;
}

export const JOB_DEFS: JobDef[] = [
  {
    name: 'audit-checkpoint',
    cron: '*/15 * * * *',
    run: async (p) => {
      await writeCheckpoint(p.db, p.dataDir, systemActor('jobs'));
    },
  },
];

export interface Jobs {
  boss: PgBoss | null;
  stop(): Promise<void>;
  send(name: string, data?: object): Promise<string | null>;
}

export async function startJobs(platform: Platform, defs: JobDef[] = JOB_DEFS): Promise<Jobs> {
  const boss =
    platform.kind === 'postgres'
      ? new PgBoss({ connectionString: platform.handle.url })
      : new PgBoss({
          db: {
            executeSql: async (text: string, values?: unknown[]) => {
              const r = await platform.handle.pglite!.query(text, values as unknown[]);
              return { rows: r.rows } as never;
            },
          },
        });
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
