/**
 * Scheduled work of the hotline area (pg-boss, Asia/Shanghai):
 * - hotline-daily (02:30): classify new orders, refresh the last 90 days of aggregates, screen,
 *   and send serious / immediate-mode findings at once (随时移送);
 * - hotline-weekly-transfer (Mon 08:30): the routine batch of the week (定期移送);
 * - hotline-weekly-report (Mon 07:00) and hotline-monthly-report (1st, 07:30): 周报 / 月报.
 */
import { systemActor } from '../../platform/audit/audit.service.ts';
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { JobDef } from '../../platform/jobs/jobs.ts';
import { refreshDaily } from './analysis.service.ts';
import { classifyPending } from './classify.service.ts';
import { generateReport } from './report.service.ts';
import { runScreening, sendScreenedTransfers } from './screening.service.ts';

const actor = () => systemActor('jobs:hotline');
export const AGGREGATE_DAYS = 90;

export const hotlineJobs: JobDef[] = [
  {
    name: 'hotline-daily',
    cron: '30 2 * * *',
    run: async (p) => {
      const today = todayInShanghai();
      await classifyPending(p.db, actor());
      await refreshDaily(p.db, addDays(today, -(AGGREGATE_DAYS - 1)), today);
      await runScreening(p.db, actor(), today, 'schedule');
      await sendScreenedTransfers(p.db, actor(), null, 'immediate', today);
    },
  },
  {
    name: 'hotline-weekly-transfer',
    cron: '30 8 * * 1',
    run: async (p) => {
      await sendScreenedTransfers(p.db, actor(), null, 'periodic', todayInShanghai());
    },
  },
  {
    name: 'hotline-weekly-report',
    cron: '0 7 * * 1',
    run: async (p) => {
      await generateReport(p.db, actor(), { kind: 'weekly' });
    },
  },
  {
    name: 'hotline-monthly-report',
    cron: '30 7 1 * *',
    run: async (p) => {
      await generateReport(p.db, actor(), { kind: 'monthly' });
    },
  },
];
