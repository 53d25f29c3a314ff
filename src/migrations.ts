/**
 * Every module's migrations, gathered. Names are globally unique and sort by area:
 * 01xx platform, 02xx datasets/entities, 03xx models, 04xx hotline, 05xx clues & loop,
 * 06xx inspections, 07xx collaboration, 08xx reports.
 */
import { accessMigrations } from './platform/access/schema.ts';
import { accessSeedMigrations } from './platform/access/seed.ts';
import { auditMigrations } from './platform/audit/schema.ts';
import { authMigrations } from './platform/auth/schema.ts';
import { calendarMigrations } from './platform/calendar/schema.ts';
import { dashboardMigrations } from './modules/dashboard/schema.ts';
import type { MigrationSet } from './platform/db/migrate.ts';
import { datasetMigrations } from './modules/datasets/schema.ts';
import { entityMigrations } from './modules/entities/schema.ts';
import { rectificationMigrations } from './modules/rectification/schema.ts';
import { accountabilityMigrations } from './modules/accountability/schema.ts';
import { clueMigrations } from './modules/clues/schema.ts';
import { transferMigrations } from './modules/transfers/schema.ts';
import { notificationMigrations } from './modules/notifications/schema.ts';
import { modelsMigrations } from './modules/models/schema.ts';
import { collaborationMigrations } from './modules/collaboration/schema.ts';
import { inspectionMigrations } from './modules/inspections/schema.ts';
import { hotlineMigrations } from './modules/hotline/schema.ts';

export const ALL_MIGRATIONS: MigrationSet[] = [accessMigrations, accessSeedMigrations, authMigrations, auditMigrations, calendarMigrations, dashboardMigrations, datasetMigrations, entityMigrations, rectificationMigrations, accountabilityMigrations, clueMigrations, transferMigrations, notificationMigrations, modelsMigrations, hotlineMigrations, collaborationMigrations, inspectionMigrations];
