/** Every background job of the platform (pg-boss), gathered like routes and migrations. */
import { hotlineJobs } from './modules/hotline/jobs.ts';
import { modelJobs } from './modules/models/jobs.ts';
import { rectificationJobs } from './modules/rectification/jobs.ts';
import { transferJobs } from './modules/transfers/jobs.ts';
import { systemActor } from './platform/audit/audit.service.ts';
import { writeCheckpoint } from './platform/audit/verify.ts';
import type { JobDef } from './platform/jobs/jobs.ts';

export const JOB_DEFS: JobDef[] = [
  {
    name: 'audit-checkpoint',
    cron: '*/15 * * * *',
    run: async (p) => {
      await writeCheckpoint(p.db, p.dataDir, systemActor('jobs'));
    },
  },
  ...rectificationJobs,
  ...transferJobs,
  ...modelJobs,
  ...hotlineJobs,
];
