/** 消息提醒: the signed-in user's notifications (own and their organisation's inbox). */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, int, obj } from '../../platform/http/schema.ts';
import { listNotifications, markRead, type NotificationQuery } from './notifications.service.ts';

export async function notificationRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['notifications'];
  const access = { permission: 'todo:view' };

  app.get(
    '/api/notifications',
    {
      config: { access },
      schema: {
        tags,
        summary: '我的消息',
        querystring: obj({ unread: bool(), page: int({ minimum: 1, default: 1 }), pageSize: int({ minimum: 1, maximum: 200, default: 20 }) }),
      },
    },
    async (req) => listNotifications(db, accessOf(req), req.query as NotificationQuery),
  );

  app.post(
    '/api/notifications/read',
    {
      config: { access },
      schema: { tags, summary: '标记已读', body: obj({ ids: arr(int({ minimum: 1 }), 500), all: bool() }) },
    },
    async (req) => ({ updated: await markRead(db, actorOf(req), accessOf(req), req.body as { ids?: number[]; all?: boolean }) }),
  );
}
