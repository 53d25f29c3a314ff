/**
 * Open311 GeoReport v2 endpoints under /open311/v2 (encapsulated: their own body parsers and
 * the spec's error shape `[{code, description}]`). The API key may come as the `x-api-key`
 * header (the platform's check) or, as the spec has it, as the `api_key` parameter in the query
 * or the body: the scope copies it into the header before the platform's access check runs.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { type App, actorOf } from '../../platform/http/server.ts';
type Schema = Record<string, unknown>;
import { INTAKE_PERMISSION } from './apikeys.service.ts';
import { createRequest, getRequest, type ListQuery, listRequests, listServices, type Open311Body, updateRequest } from './open311.service.ts';

const tags = ['12345热线 Open311'];
const intake = { access: { apiKey: INTAKE_PERMISSION } };
const s = (max = 2000): Schema => ({ type: 'string', maxLength: max });

const requestFields: Record<string, Schema> = {
  api_key: s(200),
  jurisdiction_id: s(100),
  service_code: s(100),
  lat: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'number' }] },
  long: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'number' }] },
  address_string: s(500),
  address_id: s(100),
  email: s(200),
  device_id: s(200),
  account_id: s(200),
  first_name: s(100),
  last_name: s(100),
  phone: s(40),
  description: s(20_000),
  media_url: s(1000),
  requested_datetime: s(40),
  agency_responsible: s(200),
  attribute: { type: 'object', additionalProperties: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'number' }, { type: 'boolean' }] } },
  // updates (extension)
  status: s(20),
  status_notes: s(5000),
  closed_datetime: s(40),
  satisfaction: s(20),
};

const body: Schema = {
  type: 'object',
  properties: requestFields,
  patternProperties: { '^attribute\\[[A-Za-z0-9_]+\\]$': s(500) },
  additionalProperties: false,
} as Schema;

const listQuery: Schema = {
  type: 'object',
  properties: { api_key: s(200), jurisdiction_id: s(100), service_request_id: s(20_000), service_code: s(100), start_date: s(40), end_date: s(40), status: s(10) },
  additionalProperties: false,
} as Schema;

const idParams: Schema = { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }, required: ['id'], additionalProperties: false } as Schema;

/** The spec's error body: an array of {code, description}. */
function open311Error(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let description = '服务器内部错误 / Internal server error';
  if (err instanceof AppError) {
    status = err.status;
    description = `${err.message} / ${err.messageEn}`;
  } else {
    const e = err as FastifyError;
    if (e.validation) {
      status = 400;
      description = `请求参数不合法 / Invalid request: ${e.message}`;
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      description = `请求错误 / Bad request: ${e.message}`;
    } else {
      req.log.error({ err }, 'open311 error');
    }
  }
  return reply.status(status).send([{ code: status, description }]);
}

function copyApiKey(req: FastifyRequest, value: unknown) {
  if (typeof value === 'string' && value && req.headers['x-api-key'] === undefined) req.headers['x-api-key'] = value;
}

export async function open311Routes(app: App) {
  await app.register(async (scope) => {
    scope.setErrorHandler(open311Error);
    scope.addHook('onRequest', async (req) => copyApiKey(req, (req.query as Record<string, unknown> | undefined)?.api_key));
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, raw, done) => {
      const out: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(raw as string)) out[k] = v;
      copyApiKey(req, out.api_key);
      done(null, out);
    });
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, raw, done) => {
      try {
        const v = (raw as string).trim() ? JSON.parse(raw as string) : {};
        if (v && typeof v === 'object') copyApiKey(req, (v as Record<string, unknown>).api_key);
        done(null, v);
      } catch {
        done(new AppError('bad_json', '请求体不是合法的 JSON', 'The body is not valid JSON', 400), undefined);
      }
    });

    scope.get('/open311/v2/services.json', { config: { access: 'public' }, schema: { tags, summary: 'Open311 服务（诉求类别）列表' } }, async (req) =>
      listServices(req.server.platform.db),
    );

    scope.post('/open311/v2/requests.json', { config: intake, schema: { tags, summary: 'Open311 提交诉求（受理工单）', body } }, async (req, reply) => {
      const out = await createRequest(req.server.platform, actorOf(req), req.apiKeyOrg, req.body as Open311Body);
      return reply.status(201).send(out.map(({ batch_id: _b, ...r }) => r));
    });

    scope.get('/open311/v2/requests.json', { config: intake, schema: { tags, summary: 'Open311 查询诉求', querystring: listQuery } }, async (req) =>
      listRequests(req.server.platform.db, req.query as ListQuery),
    );

    scope.get('/open311/v2/requests/:id.json', { config: intake, schema: { tags, summary: 'Open311 诉求详情', params: idParams } }, async (req) =>
      getRequest(req.server.platform.db, (req.params as { id: string }).id),
    );

    scope.post(
      '/open311/v2/requests/:id.json',
      { config: intake, schema: { tags, summary: 'Open311 扩展：更新工单（办结、回访满意度、改派）', params: idParams, body } },
      async (req) => updateRequest(req.server.platform, actorOf(req), req.apiKeyOrg, (req.params as { id: string }).id, req.body as Open311Body),
    );
  });
}
