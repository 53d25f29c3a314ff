/** 我的待办 HTTP API. */
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import { type App, accessOf } from '../../platform/http/server.ts';
import { TODO_PROVIDERS } from './providers.ts';
import { myTodos } from './todo.service.ts';

export async function todoRoutes(app: App) {
  const { db } = app.platform;
  app.get('/api/todo', { config: { access: { permission: 'todo:view' } }, schema: { tags: ['todo'], summary: '我的待办' } }, async (req) =>
    myTodos(db, accessOf(req), todayInShanghai(), TODO_PROVIDERS),
  );
}
