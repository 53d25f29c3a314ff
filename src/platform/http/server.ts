/**
 * The Fastify server: schema-validated routes, OpenAPI at /api/docs, security headers,
 * request ids, errors as {code, message, message_en}, and the access check of every route.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AccessContext } from '../access/context.ts';
import type { Platform } from '../app.ts';
import type { Actor } from '../audit/audit.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type SessionState, resolveSession } from '../auth/auth.service.ts';
import { sm3 } from '../crypto/sm3.ts';
import { AppError } from '../errors.ts';
import { type RouteAccess, describeAccess } from './access.ts';

export const SESSION_COOKIE = 'gt_session';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    /** Every route with its declared access: the permission-matrix test walks this. */
    routeTable: { method: string; url: string; access: RouteAccess }[];
  }
  interface FastifyRequest {
    session: SessionState | null;
    apiKeyOrg: number | null;
  }
}

export type App = FastifyInstance;

/** The signed-in user's access context; routes behind 'user'/permission access always have one. */
export function accessOf(req: FastifyRequest): AccessContext {
  if (!req.session) throw new AppError('unauthenticated', '请先登录', 'Please sign in', 401);
  return req.session.access;
}

/** Who is acting, for services and the audit trail. */
export function actorOf(req: FastifyRequest): Actor {
  const a = req.session?.access;
  return {
    userId: a?.userId ?? null,
    name: a ? `${a.displayName}(${a.username})` : 'anonymous',
    orgId: a?.orgId ?? req.apiKeyOrg ?? null,
    requestId: req.id,
    ip: req.ip,
  };
}

function sendError(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  return reply.status(err.status).send({
    code: err.code,
    message: err.message,
    message_en: err.messageEn,
    request_id: req.id,
    ...(err.details ? { details: err.details } : {}),
  });
}

export interface ServerOptions {
  logger?: boolean;
  /** Serve the built web app from this folder when it exists. */
  webDist?: string;
  routes: ((app: App) => Promise<void> | void)[];
}

export async function buildServer(platform: Platform, opts: ServerOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          redact: {
            paths: [
              'req.headers.cookie',
              'req.headers.authorization',
              'req.headers["x-api-key"]',
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
            censor: '[redacted]',
          },
        }
      : false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    trustProxy: process.env.GUANTONG_TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  app.decorate('platform', platform);
  app.decorate('routeTable', []);
  app.decorateRequest('session', null);
  app.decorateRequest('apiKeyOrg', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.method === 'HEAD') return;
    // Files of the built web app (@fastify/static: one public route per file, no route config of ours).
    if ((route.config as { file?: unknown } | undefined)?.file) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    for (const m of [route.method].flat()) app.routeTable.push({ method: m, url: route.url, access });
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Intranet deployments often serve plain http on an address: do not rewrite assets to https.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 2 * 1024 ** 3, files: 10, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '贯通 · 监督贯通协同平台 API', version: '0.1.0', description: 'Guantong supervision integration platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof AppError) return sendError(reply, req, err);
    const e = err as { validation?: unknown; statusCode?: number; message?: string; code?: string };
    if (e.validation) {
      return sendError(reply, req, new AppError('validation', `请求参数不合法：${e.message}`, `Invalid request: ${e.message}`, 400));
    }
    if (e.statusCode === 429) {
      return sendError(reply, req, new AppError('rate_limited', '请求过于频繁，请稍后再试', 'Too many requests, try again later', 429));
    }
    if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') {
      return sendError(reply, req, new AppError('too_large', '请求内容过大', 'Request too large', 413));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendError(reply, req, new AppError('bad_request', `请求错误：${e.message}`, `Bad request: ${e.message}`, e.statusCode));
    }
    if (isDatabaseDown(err)) {
      return sendError(reply, req, new AppError('db_unavailable', '数据库暂不可用，请稍后重试', 'Database unavailable, try again shortly', 503));
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, req, new AppError('internal', '服务器内部错误', 'Internal server error', 500));
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // preValidation: who may call is decided before the body is even validated (401/403 first).
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (typeof access === 'object' && 'apiKey' in access) {
      const key = req.headers['x-api-key'];
      const hash = typeof key === 'string' ? sm3(key).toString('hex') : '';
      const row = hash
        ? await platform.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst()
        : undefined;
      if (!row) throw new AppError('bad_api_key', 'API 密钥无效', 'Invalid API key', 401);
      if (!row.permissions.includes(access.apiKey)) throw new AppError('forbidden', 'API 密钥无此权限', 'API key lacks this permission', 403);
      req.apiKeyOrg = row.org_id;
      return;
    }
    const session = await resolveSession(platform.db, req.cookies[SESSION_COOKIE]);
    if (!session) throw new AppError('unauthenticated', '请先登录（或会话已超时）', 'Please sign in (or the session timed out)', 401);
    req.session = session;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('csrf', '请求校验失败，请刷新页面后重试', 'CSRF check failed: reload the page and retry', 403);
    }
    if (access === 'session') return;
    if (!session.mfaPassed) throw new AppError('mfa_required', '请先完成动态口令验证', 'Second factor required', 401);
    if (typeof access === 'object' && !session.access.permissions.has(access.permission)) {
      await recordAudit(platform.db, actorOf(req), {
        action: 'access.denied',
        outcome: 'denied',
        objectType: 'route',
        objectId: `${req.method} ${req.routeOptions.url}`,
        detail: { needs: describeAccess(access) },
      });
      throw new AppError('forbidden', '无权执行此操作', 'You are not allowed to do this', 403);
    }
  });

  for (const register of opts.routes) await register(app);

  if (opts.webDist && fs.existsSync(path.join(opts.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webDist, prefix: '/', wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.url.startsWith('/open311/')) {
        return sendError(reply, req, new AppError('not_found', '接口不存在', 'No such endpoint', 404));
      }
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) => sendError(reply, req, new AppError('not_found', '接口不存在', 'No such endpoint', 404)));
  }
  return app;
}

function isDatabaseDown(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const msg = (err as Error)?.message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08003', '08001'].includes(code) ||
    /Connection terminated|connection .*closed|terminating connection/i.test(msg)
  );
}
