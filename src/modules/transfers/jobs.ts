/** Daily deadline job of transfers: escalate 签收 and 反馈 overdue (working days, Asia/Shanghai). */
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import type { JobDef } from '../../platform/jobs/jobs.ts';
import { escalateOverdueTransfers } from './deadlines.ts';

export const transferJobs: JobDef[] = [
  {
    name: 'transfer-deadlines',
    cron: '10 8 * * *',
    run: async (p) => {
      await escalateOverdueTransfers(p.db, todayInShanghai());
    },
  },
];
