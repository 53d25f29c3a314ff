/** 消息提醒 API (src/modules/notifications/notifications.routes.ts). */
import { api } from './client.ts';

export interface Notification {
  id: number;
  recipient_kind: 'user' | 'org';
  kind: string;
  title: string;
  link: string | null;
  object_type: string | null;
  object_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

export const listNotifications = (q: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
  api.get<NotificationPage>('/api/notifications', { query: q });

export const markNotificationsRead = (body: { ids?: number[]; all?: boolean }) => api.post<{ updated: number }>('/api/notifications/read', body);

/** Links other areas put into notifications and to-dos, mapped onto this app's pages. */
const LINK_MAP: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^\/inspections\/(\d+)$/, (m) => `/inspection/rounds/${m[1]}`],
  [/^\/letters\/(\d+)$/, (m) => `/letters/${m[1]}`],
  [/^\/rectification\/?$/, () => '/rectify/ledger'],
  [/^\/rectification\/(\d+)$/, (m) => `/rectify/items/${m[1]}`],
];

export function webLink(link: string | null): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//')) return null;
  for (const [re, to] of LINK_MAP) {
    const m = link.match(re);
    if (m) return to(m);
  }
  return link;
}
