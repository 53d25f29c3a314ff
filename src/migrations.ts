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
import type { MigrationSet } from './platform/db/migrate.ts';

export const ALL_MIGRATIONS: MigrationSet[] = [accessMigrations, accessSeedMigrations, authMigrations, auditMigrations, calendarMigrations];
