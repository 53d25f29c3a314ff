/** 监督模型 HTTP API: parse + validate, call the service, shape the reply — nothing else. */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, date, int, nullable, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { CADRE_LEVELS } from '../clues/clues.policy.ts';
import { type BuilderDefinition, definitionSchema } from './builder/builder.ts';
import {
  builderVocabulary,
  exportHits,
  getHit,
  getModel,
  getRun,
  hitClueDraft,
  hitToClue,
  type HitQuery,
  listHits,
  listModels,
  listRuns,
  previewBuilder,
  reviewHit,
  runModels,
  saveBuilderModel,
  setModelEnabled,
  updateModelParams,
  validateBuilder,
} from './models.service.ts';
import { REVIEW_RESULTS, type ReviewResult, type Severity } from './schema.ts';

const tags = ['models'];
const modelId = str(5, { pattern: '^(M[0-9]{2}|U[0-9]{4})$' });
const modelParams = obj({ id: modelId }, ['id']);
const idParams = obj({ id: int({ minimum: 1 }) }, ['id']);
const version = int({ minimum: 1 });
const severity = oneOf(['high', 'medium', 'low']);
const paramValue = { anyOf: [{ type: 'number' }, arr(str(100), 100)] };

const READ = { access: { permission: 'model:read' } } as const;
const RUN = { access: { permission: 'model:run' } } as const;
const EDIT = { access: { permission: 'model:edit' } } as const;
const REVIEW = { access: { permission: 'hit:review' } } as const;

const hitFilters = pageQuery({
  model_id: modelId,
  run_id: int({ minimum: 1 }),
  review: oneOf([...REVIEW_RESULTS, 'pending', 'reviewed']),
  first_seen_from: date(),
  first_seen_to: date(),
});

const saveBody = obj(
  {
    name: str(41),
    title: str(60),
    description: text(2000),
    severity,
    definition: definitionSchema,
    note: nullable(str(500)),
    version,
    enabled: bool(),
  },
  ['name', 'title', 'definition'],
);

export async function modelsRoutes(app: App) {
  const { db, cipher } = app.platform;

  // --- models -------------------------------------------------------------------------------
  app.get('/api/models', { config: READ, schema: { tags, summary: '模型库（含参数、实测准确率、最近运行）' } }, async (req) => ({
    items: await listModels(db, accessOf(req)),
  }));

  app.get('/api/models/:id', { config: READ, schema: { tags, summary: '模型详情与版本历史', params: modelParams } }, async (req) =>
    getModel(db, accessOf(req), (req.params as { id: string }).id),
  );

  app.put(
    '/api/models/:id/params',
    {
      config: EDIT,
      schema: {
        tags,
        summary: '修改模型参数（生成新版本，记审计）',
        params: modelParams,
        body: obj({ params: { type: 'object', additionalProperties: paramValue, maxProperties: 50 }, version, note: nullable(str(500)) }, ['params', 'version']),
      },
    },
    async (req) => {
      const b = req.body as { params: Record<string, unknown>; version: number; note?: string | null };
      return updateModelParams(db, actorOf(req), accessOf(req), (req.params as { id: string }).id, b);
    },
  );

  app.put(
    '/api/models/:id/enabled',
    { config: EDIT, schema: { tags, summary: '启用/停用模型（定时运行跳过停用的模型）', params: modelParams, body: obj({ enabled: bool(), version }, ['enabled', 'version']) } },
    async (req) => setModelEnabled(db, actorOf(req), accessOf(req), (req.params as { id: string }).id, req.body as { enabled: boolean; version: number }),
  );

  // --- runs ---------------------------------------------------------------------------------
  app.post(
    '/api/models/run',
    {
      config: RUN,
      schema: { tags, summary: '运行模型（一个、多个或全部已启用模型）', body: obj({ models: arr(modelId, 100), as_of: date() }) },
    },
    async (req) => {
      const b = req.body as { models?: string[]; as_of?: string };
      return runModels(db, actorOf(req), accessOf(req), { models: b.models, asOf: b.as_of, trigger: 'manual' });
    },
  );

  app.post(
    '/api/models/:id/run',
    { config: RUN, schema: { tags, summary: '运行一个模型', params: modelParams, body: obj({ as_of: date() }) } },
    async (req) =>
      runModels(db, actorOf(req), accessOf(req), { models: [(req.params as { id: string }).id], asOf: (req.body as { as_of?: string } | undefined)?.as_of, trigger: 'manual' }),
  );

  app.get(
    '/api/model-runs',
    { config: READ, schema: { tags, summary: '运行记录（谁、何时、参数、版本、扫描行数、命中数、耗时）', querystring: pageQuery({ model_id: modelId, batch_id: str(40) }) } },
    async (req) => listRuns(db, accessOf(req), req.query as never),
  );

  app.get('/api/model-runs/:id', { config: READ, schema: { tags, summary: '一次运行', params: idParams } }, async (req) =>
    getRun(db, accessOf(req), (req.params as { id: number }).id),
  );

  // --- hits ---------------------------------------------------------------------------------
  app.get(
    '/api/model-hits',
    {
      config: REVIEW,
      schema: {
        tags,
        summary: '模型命中（含主体，属案件内容）',
        querystring: hitFilters,
      },
    },
    async (req) => listHits(db, actorOf(req), accessOf(req), req.query as HitQuery),
  );

  app.get(
    '/api/model-hits/export',
    { config: REVIEW, schema: { tags, summary: '导出模型命中（CSV，限本人数据权限，记审计）', querystring: hitFilters } },
    async (req, reply) => {
      const csv = await exportHits(db, actorOf(req), accessOf(req), req.query as HitQuery);
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="model-hits.csv"');
      return csv;
    },
  );

  app.get('/api/model-hits/:id', { config: REVIEW, schema: { tags, summary: '命中详情（含证据行，记审计）', params: idParams } }, async (req) =>
    getHit(db, actorOf(req), accessOf(req), (req.params as { id: number }).id),
  );

  app.post(
    '/api/model-hits/:id/review',
    {
      config: REVIEW,
      schema: { tags, summary: '核查结论（属实/部分属实/不属实/无法核实）', params: idParams, body: obj({ result: oneOf(REVIEW_RESULTS), note: nullable(text(2000)), version }, ['result', 'version']) },
    },
    async (req) => {
      const b = req.body as { result: ReviewResult; note?: string | null; version: number };
      return reviewHit(db, actorOf(req), accessOf(req), (req.params as { id: number }).id, b);
    },
  );

  app.get('/api/model-hits/:id/clue-draft', { config: REVIEW, schema: { tags, summary: '转为线索前的草稿', params: idParams } }, async (req) =>
    hitClueDraft(db, accessOf(req), (req.params as { id: number }).id),
  );

  app.post(
    '/api/model-hits/:id/clue',
    {
      config: REVIEW,
      schema: {
        tags,
        summary: '一键转为问题线索（另需 clue:create）',
        params: idParams,
        body: obj({
          title: str(200),
          summary: text(10_000),
          domain_tags: arr(str(50), 20),
          persons: arr(obj({ name: str(100), id_number: nullable(str(30)), org_name: nullable(str(200)), position: nullable(str(100)), cadre_level: oneOf(CADRE_LEVELS) }, ['name']), 20),
        }),
      },
    },
    async (req) => {
      const b = (req.body ?? {}) as {
        title?: string;
        summary?: string;
        domain_tags?: string[];
        persons?: { name: string; id_number?: string | null; org_name?: string | null; position?: string | null; cadre_level?: (typeof CADRE_LEVELS)[number] }[];
      };
      return hitToClue(db, cipher, actorOf(req), accessOf(req), (req.params as { id: number }).id, {
        title: b.title,
        summary: b.summary,
        domainTags: b.domain_tags,
        persons: b.persons?.map((p) => ({ name: p.name, idNumber: p.id_number ?? null, orgName: p.org_name ?? null, position: p.position ?? null, cadreLevel: p.cadre_level })),
      });
    },
  );

  // --- model builder ------------------------------------------------------------------------
  app.get('/api/model-builder/vocabulary', { config: EDIT, schema: { tags, summary: '构建器可用的数据集、列、实体键与运算符（限本人可用的数据集）' } }, async (req) =>
    builderVocabulary(db, accessOf(req)),
  );

  app.post(
    '/api/model-builder/validate',
    { config: EDIT, schema: { tags, summary: '校验模型定义', body: obj({ definition: definitionSchema }, ['definition']) } },
    async (req) => validateBuilder(db, accessOf(req), (req.body as { definition: BuilderDefinition }).definition),
  );

  app.post(
    '/api/model-builder/preview',
    { config: EDIT, schema: { tags, summary: '在实时数据上预览（前 50 条命中与总数，不保存，记审计）', body: obj({ definition: definitionSchema, as_of: date() }, ['definition']) } },
    async (req) => {
      const b = req.body as { definition: BuilderDefinition; as_of?: string };
      return previewBuilder(db, actorOf(req), accessOf(req), b.definition, b.as_of);
    },
  );

  app.post('/api/model-builder/models', { config: EDIT, schema: { tags, summary: '保存为新的自定义模型（版本 1）', body: saveBody } }, async (req) => {
    const b = req.body as { name: string; title: string; description?: string; severity?: Severity; definition: BuilderDefinition; note?: string | null; enabled?: boolean };
    return saveBuilderModel(db, actorOf(req), accessOf(req), b);
  });

  app.put('/api/model-builder/models/:id', { config: EDIT, schema: { tags, summary: '保存为自定义模型的新版本', params: modelParams, body: saveBody } }, async (req) => {
    const b = req.body as { name: string; title: string; description?: string; severity?: Severity; definition: BuilderDefinition; note?: string | null; version?: number; enabled?: boolean };
    return saveBuilderModel(db, actorOf(req), accessOf(req), { ...b, id: (req.params as { id: string }).id });
  });
}

