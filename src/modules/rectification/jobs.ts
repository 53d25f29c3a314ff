/** Scheduled work of the ledger: every day just after midnight (Asia/Shanghai), flag overdue items. */
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import type { JobDef } from '../../platform/jobs/jobs.ts';
import { flagOverdueRectifications } from './rectification.service.ts';

export const rectificationJobs: JobDef[] = [
  {
    name: 'rectification-overdue',
    cron: '10 0 * * *',
    run: async (p) => {
      await flagOverdueRectifications(p.db, todayInShanghai());
    },
  },
];
