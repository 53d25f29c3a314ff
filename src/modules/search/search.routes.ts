/** 全局检索 HTTP API: any signed-in user; each group needs its own read permission (see the service). */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { obj, str } from '../../platform/http/schema.ts';
import { globalSearch } from './search.service.ts';

export async function searchRoutes(app: App) {
  const { db } = app.platform;
  app.get(
    '/api/search',
    {
      config: { access: 'user' },
      schema: { tags: ['search'], summary: '全局检索（仅限本人有权查看的记录，检索词记入审计）', querystring: obj({ q: str(100, { minLength: 1 }) }, ['q']) },
    },
    async (req) => globalSearch(db, actorOf(req), accessOf(req), (req.query as { q: string }).q),
  );
}
