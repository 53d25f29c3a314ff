/** 问题线索 HTTP API: parse, call the service, shape the reply. */
import fs from 'node:fs';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, date, int, nullable, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { badInput } from '../../platform/errors.ts';
import { CADRE_LEVELS } from './clues.policy.ts';
import { addAttachment, attachmentPath, getAttachment } from './attachments.ts';
import { type ClueQuery, clueStats, exportClues, listClues } from './clues.query.ts';
import {
  type NewClue,
  clueCandidates,
  createClueFromSource,
  findDuplicates,
  getClue,
  mergeClue,
  readWhistleblower,
} from './clues.service.ts';
import { clueTimeline } from './timeline.ts';
import { approve, assignHandler, proposeMethod, recordStep, reactivate, reject, reportResult } from './disposal.service.ts';
import { SOURCE_TYPES } from './schema.ts';
import { CLUE_STATES, METHODS, OUTCOMES } from './workflow.ts';

const idParams = obj({ id: int({ minimum: 1 }) }, ['id']);
const version = int({ minimum: 1 });

const filters = {
  status: oneOf(CLUE_STATES),
  source_type: oneOf(SOURCE_TYPES),
  domain_tag: str(50),
  method: oneOf(METHODS),
  outcome: oneOf(OUTCOMES),
  form: int({ minimum: 1, maximum: 4 }),
  from: date(),
  to: date(),
  id_number: str(30),
  mine: bool(),
  /** 区县 of the clue's org (own district, else nearest ancestor's): the dashboard's drill-down. */
  district: str(100, { minLength: 1 }),
};

const person = obj(
  { name: str(50, { minLength: 1 }), id_number: str(30), org_name: str(100), position: str(100), cadre_level: oneOf(CADRE_LEVELS) },
  ['name', 'cadre_level'],
);

const newClue = obj(
  {
    source_type: oneOf(SOURCE_TYPES),
    source_ref: str(200),
    source_org_id: int({ minimum: 1 }),
    title: str(200),
    summary: text(20_000),
    domain_tags: arr(str(50), 20),
    persons: { ...arr(person, 50), minItems: 1 },
    whistleblower: nullable(obj({ name: str(50), phone: str(30), id_number: str(30), address: str(200), anonymous: bool() })),
    received_on: date(),
    handler_id: int({ minimum: 1 }),
  },
  ['source_type', 'summary', 'persons'],
);

interface NewClueBody {
  source_type: NewClue['sourceType'];
  source_ref?: string;
  source_org_id?: number;
  title?: string;
  summary: string;
  domain_tags?: string[];
  persons: { name: string; id_number?: string; org_name?: string; position?: string; cadre_level: NewClue['persons'][number]['cadreLevel'] }[];
  whistleblower?: { name?: string; phone?: string; id_number?: string; address?: string; anonymous?: boolean } | null;
  received_on?: string;
  handler_id?: number;
}

export async function clueRoutes(app: App) {
  const { db, cipher, dataDir } = app.platform;
  const tags = ['clues'];
  const read = { access: { permission: 'clue:read' } };
  const dispose = { access: { permission: 'clue:dispose' } };
  const approveAccess = { access: { permission: 'clue:approve' } };
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.get(
    '/api/clues',
    { config: read, schema: { tags, summary: '线索列表与检索（仅限知悉范围）', querystring: pageQuery(filters) } },
    async (req) => listClues(db, actorOf(req), accessOf(req), req.query as ClueQuery),
  );

  app.get(
    '/api/clues/stats',
    { config: read, schema: { tags, summary: '线索统计（仅限知悉范围）', querystring: pageQuery(filters) } },
    async (req) => clueStats(db, actorOf(req), accessOf(req), req.query as ClueQuery),
  );

  app.get(
    '/api/clues/export',
    { config: read, schema: { tags, summary: '导出线索（CSV，仅限知悉范围）', querystring: pageQuery(filters) } },
    async (req, reply) => {
      const csv = await exportClues(db, actorOf(req), accessOf(req), req.query as ClueQuery);
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="clues.csv"');
      return csv;
    },
  );

  app.post('/api/clues', { config: { access: { permission: 'clue:create' } }, schema: { tags, summary: '登记线索', body: newClue } }, async (req) => {
    const b = req.body as NewClueBody;
    const w = b.whistleblower;
    return createClueFromSource(db, cipher, actorOf(req), accessOf(req), {
      sourceType: b.source_type,
      sourceRef: b.source_ref,
      sourceOrgId: b.source_org_id,
      title: b.title,
      summary: b.summary,
      domainTags: b.domain_tags,
      persons: b.persons.map((p) => ({ name: p.name, idNumber: p.id_number, orgName: p.org_name, position: p.position, cadreLevel: p.cadre_level })),
      whistleblower: w ? { name: w.name, phone: w.phone, idNumber: w.id_number, address: w.address, anonymous: w.anonymous } : null,
      receivedOn: b.received_on,
      handlerId: b.handler_id,
    });
  });

  app.get('/api/clues/:id', { config: read, schema: { tags, summary: '线索详情', params: idParams } }, async (req) =>
    getClue(db, cipher, actorOf(req), accessOf(req), idOf(req)),
  );

  app.get('/api/clues/:id/timeline', { config: read, schema: { tags, summary: '线索全流程记录', params: idParams } }, async (req) =>
    clueTimeline(db, accessOf(req), idOf(req)),
  );

  app.get('/api/clues/:id/duplicates', { config: read, schema: { tags, summary: '疑似重复线索', params: idParams } }, async (req) => ({
    items: await findDuplicates(db, accessOf(req), idOf(req)),
  }));

  app.get(
    '/api/clues/:id/candidates',
    { config: dispose, schema: { tags, summary: '可选承办人/审批人', params: idParams, querystring: obj({ role: oneOf(['handler', 'approver']) }, ['role']) } },
    async (req) => clueCandidates(db, accessOf(req), idOf(req), (req.query as { role: 'handler' | 'approver' }).role),
  );

  app.get(
    '/api/clues/:id/whistleblower',
    { config: { access: { permission: 'clue:whistleblower' } }, schema: { tags, summary: '查看举报人身份（留痕）', params: idParams } },
    async (req) => readWhistleblower(db, cipher, actorOf(req), accessOf(req), idOf(req)),
  );

  app.post(
    '/api/clues/:id/attachments',
    { config: read, schema: { tags, summary: '上传线索材料（multipart，字段 file）', params: idParams, consumes: ['multipart/form-data'] } },
    async (req) => {
      if (!req.isMultipart()) throw badInput('请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
      const file = await req.file();
      if (!file) throw badInput('未收到文件', 'No file received');
      return addAttachment(db, dataDir, actorOf(req), accessOf(req), idOf(req), { fileName: file.filename, mime: file.mimetype, stream: file.file });
    },
  );

  app.get(
    '/api/clues/:id/attachments/:attachmentId',
    { config: read, schema: { tags, summary: '下载线索材料', params: obj({ id: int({ minimum: 1 }), attachmentId: int({ minimum: 1 }) }, ['id', 'attachmentId']) } },
    async (req, reply) => {
      const p = req.params as { id: number; attachmentId: number };
      const a = await getAttachment(db, actorOf(req), accessOf(req), p.id, p.attachmentId);
      reply
        .header('content-type', a.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.file_name)}`)
        .header('x-content-sm3', a.sm3);
      return reply.send(fs.createReadStream(attachmentPath(dataDir, a.sm3)));
    },
  );

  app.post(
    '/api/clues/:id/merge',
    { config: dispose, schema: { tags, summary: '合并重复线索', params: idParams, body: obj({ into: int({ minimum: 1 }), version }, ['into', 'version']) } },
    async (req) => {
      const b = req.body as { into: number; version: number };
      return mergeClue(db, actorOf(req), accessOf(req), { id: idOf(req), into: b.into, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/assign',
    { config: dispose, schema: { tags, summary: '指定承办人', params: idParams, body: obj({ handler_id: int({ minimum: 1 }), version }, ['handler_id', 'version']) } },
    async (req) => {
      const b = req.body as { handler_id: number; version: number };
      return assignHandler(db, actorOf(req), accessOf(req), { id: idOf(req), handlerId: b.handler_id, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/propose',
    {
      config: dispose,
      schema: {
        tags,
        summary: '提出处置意见（四种方式之一）',
        params: idParams,
        body: obj({ method: oneOf(METHODS), reason: text(5000), approver_id: int({ minimum: 1 }), version }, ['method', 'reason', 'approver_id', 'version']),
      },
    },
    async (req) => {
      const b = req.body as { method: (typeof METHODS)[number]; reason: string; approver_id: number; version: number };
      return proposeMethod(db, actorOf(req), accessOf(req), { id: idOf(req), method: b.method, reason: b.reason, approverId: b.approver_id, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/steps',
    {
      config: dispose,
      schema: {
        tags,
        summary: '记录处置步骤及材料',
        params: idParams,
        body: obj({ step: str(40), note: text(5000), attachment_ids: arr(int({ minimum: 1 }), 50), version }, ['step', 'attachment_ids', 'version']),
      },
    },
    async (req) => {
      const b = req.body as { step: string; note?: string; attachment_ids: number[]; version: number };
      return recordStep(db, actorOf(req), accessOf(req), { id: idOf(req), step: b.step, note: b.note, attachmentIds: b.attachment_ids, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/report',
    {
      config: dispose,
      schema: {
        tags,
        summary: '报告处置结果',
        params: idParams,
        body: obj(
          { outcome: oneOf(OUTCOMES), form: nullable(int({ minimum: 1, maximum: 4 })), note: text(5000), approver_id: int({ minimum: 1 }), version },
          ['outcome', 'note', 'approver_id', 'version'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { outcome: (typeof OUTCOMES)[number]; form?: number | null; note: string; approver_id: number; version: number };
      return reportResult(db, actorOf(req), accessOf(req), { id: idOf(req), outcome: b.outcome, form: b.form, note: b.note, approverId: b.approver_id, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/reactivate',
    { config: dispose, schema: { tags, summary: '暂存线索重新启用', params: idParams, body: obj({ reason: text(5000), version }, ['reason', 'version']) } },
    async (req) => {
      const b = req.body as { reason: string; version: number };
      return reactivate(db, actorOf(req), accessOf(req), { id: idOf(req), reason: b.reason, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/approve',
    { config: approveAccess, schema: { tags, summary: '审批同意', params: idParams, body: obj({ comment: text(5000), version }, ['version']) } },
    async (req) => {
      const b = req.body as { comment?: string; version: number };
      return approve(db, actorOf(req), accessOf(req), { id: idOf(req), comment: b.comment, version: b.version });
    },
  );

  app.post(
    '/api/clues/:id/reject',
    { config: approveAccess, schema: { tags, summary: '审批退回', params: idParams, body: obj({ comment: text(5000), version }, ['comment', 'version']) } },
    async (req) => {
      const b = req.body as { comment: string; version: number };
      return reject(db, actorOf(req), accessOf(req), { id: idOf(req), comment: b.comment, version: b.version });
    },
  );
}
