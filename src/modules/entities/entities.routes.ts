/**
 * Entity pages and relation graph (主体档案与关系图谱), permission `entity:read`; every read audited.
 *
 *   GET /api/entities/search?q=…                     exact key of any kind, or person/enterprise name
 *   GET /api/entities/:kind/:key                     everything known about one entity
 *   GET /api/entities/:kind/:key/graph?depth=2       nodes + edges around it (kind may also be tender)
 */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { int, obj, oneOf, str } from '../../platform/http/schema.ts';
import { entityGraph, entityPage, type NodeKind, searchEntities } from './entities.service.ts';
import { ENTITY_KINDS, type EntityKind } from './refs.ts';

export async function entityRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['entities'];
  const access = { permission: 'entity:read' };

  app.get(
    '/api/entities/search',
    { config: { access }, schema: { tags, summary: '主体检索（身份证号、信用代码、电话、车牌、单位或姓名/企业名称）', querystring: obj({ q: str(200) }, ['q']) } },
    async (req) => searchEntities(db, actorOf(req), (req.query as { q: string }).q),
  );

  app.get(
    '/api/entities/:kind/:key',
    {
      config: { access },
      schema: { tags, summary: '主体档案：各数据源中与该人员/企业/电话/单位/车辆有关的全部记录', params: obj({ kind: oneOf(ENTITY_KINDS), key: str(200) }, ['kind', 'key']) },
    },
    async (req) => {
      const p = req.params as { kind: EntityKind; key: string };
      return entityPage(db, actorOf(req), accessOf(req), p.kind, p.key);
    },
  );

  app.get(
    '/api/entities/:kind/:key/graph',
    {
      config: { access },
      schema: {
        tags,
        summary: '关系图谱（节点与边，限定深度）',
        params: obj({ kind: oneOf([...ENTITY_KINDS, 'tender']), key: str(200) }, ['kind', 'key']),
        querystring: obj({ depth: int({ minimum: 1, maximum: 4, default: 2 }), max_nodes: int({ minimum: 10, maximum: 1000, default: 150 }) }),
      },
    },
    async (req) => {
      const p = req.params as { kind: NodeKind; key: string };
      const q = req.query as { depth?: number; max_nodes?: number };
      return entityGraph(db, actorOf(req), accessOf(req), p.kind, p.key, { depth: q.depth, maxNodes: q.max_nodes });
    },
  );
}
