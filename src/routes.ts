/** Every HTTP route module of the platform, in registration order. */
import { adminRoutes, calendarRoutes } from './modules/admin/admin.routes.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import type { App } from './platform/http/server.ts';
import { datasetRoutes } from './modules/datasets/import.routes.ts';
import { entityRoutes } from './modules/entities/entities.routes.ts';
import { modelsRoutes } from './modules/models/models.routes.ts';
import { rectificationRoutes } from './modules/rectification/rectification.routes.ts';
import { accountabilityRoutes } from './modules/accountability/accountability.routes.ts';
import { clueRoutes } from './modules/clues/clues.routes.ts';
import { transferRoutes } from './modules/transfers/transfers.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { todoRoutes } from './modules/todo/todo.routes.ts';
import { collaborationRoutes } from './modules/collaboration/collaboration.routes.ts';
import { inspectionRoutes } from './modules/inspections/inspections.routes.ts';
import { hotlineRoutes } from './modules/hotline/hotline.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';

export const ROUTES: ((app: App) => Promise<void> | void)[] = [authRoutes, adminRoutes, calendarRoutes, auditRoutes, datasetRoutes, entityRoutes, rectificationRoutes, accountabilityRoutes, clueRoutes, transferRoutes, notificationRoutes, todoRoutes, collaborationRoutes, modelsRoutes, inspectionRoutes, hotlineRoutes, dashboardRoutes];
