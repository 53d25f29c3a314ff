/** Every HTTP route module of the platform, in registration order. */
import { adminRoutes, calendarRoutes } from './modules/admin/admin.routes.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import type { App } from './platform/http/server.ts';

export const ROUTES: ((app: App) => Promise<void> | void)[] = [authRoutes, adminRoutes, calendarRoutes, auditRoutes];
