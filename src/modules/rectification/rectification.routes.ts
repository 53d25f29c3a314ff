/** HTTP API of the rectification ledger (整改台账). Parse + validate, call the service, shape the reply. */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, date, idParam, int, nullable, obj, oneOf, pageQuery, str, text, versioned } from '../../platform/http/schema.ts';
import { AppError, badInput } from '../../platform/errors.ts';
import { DEADLINE_BASES, DEADLINE_BASIS_LABELS, type DeadlineBasis } from './deadline.ts';
import {
  MAX_ATTACHMENT_BYTES,
  type ItemListQuery,
  addAttachment,
  cancelLedgerItem,
  clearanceView,
  createCampaign,
  createLedgerItem,
  getAttachment,
  getLedgerItem,
  listCampaigns,
  listLedgerItems,
  reopenLedgerItem,
  reportProgress,
  submitForVerification,
  updateLedgerItem,
  verifyLedgerItem,
} from './rectification.service.ts';
import { RECT_SOURCE_LABELS, RECT_SOURCE_TYPES, type RectSourceType } from './schema.ts';
import { RECT_EVENT_ACTOR, RECT_EVENT_LABELS, RECT_STATES, RECT_STATE_LABELS, RECT_TRANSITIONS } from './workflow.ts';

const tags = ['rectification'];
const read = { access: { permission: 'rectify:read' } } as const;
const edit = { access: { permission: 'rectify:edit' } } as const;
const verify = { access: { permission: 'rectify:verify' } } as const;

const itemBody = obj(
  {
    source_type: oneOf(RECT_SOURCE_TYPES),
    source_ref: nullable(str(300)),
    campaign_id: nullable(int({ minimum: 1 })),
    inspection_round_id: nullable(int({ minimum: 1 })),
    clue_id: nullable(int({ minimum: 1 })),
    title: str(300),
    description: text(20_000),
    domain: nullable(str(50)),
    responsible_org_id: int({ minimum: 1 }),
    responsible_leader_name: str(60),
    responsible_leader_title: nullable(str(100)),
    supervising_org_id: int({ minimum: 1 }),
    supervisor_name: nullable(str(60)),
    measures: text(20_000),
    assigned_on: date(),
    deadline: date(),
    time_limit_days: int({ minimum: 1, maximum: 3650 }),
    deadline_basis: oneOf(DEADLINE_BASES),
  },
  ['source_type', 'title', 'responsible_org_id', 'responsible_leader_name', 'supervising_org_id'],
);

type ItemBody = {
  source_type: RectSourceType;
  source_ref?: string | null;
  campaign_id?: number | null;
  inspection_round_id?: number | null;
  clue_id?: number | null;
  title: string;
  description?: string;
  domain?: string | null;
  responsible_org_id: number;
  responsible_leader_name: string;
  responsible_leader_title?: string | null;
  supervising_org_id: number;
  supervisor_name?: string | null;
  measures?: string;
  assigned_on?: string;
  deadline?: string;
  time_limit_days?: number;
  deadline_basis?: DeadlineBasis;
};

export async function rectificationRoutes(app: App) {
  const { db, cipher } = app.platform;
  const id = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.get('/api/rectification/meta', { config: read, schema: { tags, summary: '整改台账：状态、事件与字典' } }, async () => ({
    states: RECT_STATES.map((s) => ({ value: s, label: RECT_STATE_LABELS[s] })),
    events: Object.entries(RECT_EVENT_LABELS).map(([value, label]) => ({ value, label, actor: RECT_EVENT_ACTOR[value as keyof typeof RECT_EVENT_ACTOR] })),
    transitions: RECT_TRANSITIONS,
    sources: RECT_SOURCE_TYPES.map((s) => ({ value: s, label: RECT_SOURCE_LABELS[s] })),
    deadline_bases: DEADLINE_BASES.map((b) => ({ value: b, label: DEADLINE_BASIS_LABELS[b] })),
  }));

  app.get('/api/rectification/campaigns', { config: read, schema: { tags, summary: '专项整治列表' } }, async () => ({ items: await listCampaigns(db) }));

  app.post(
    '/api/rectification/campaigns',
    {
      config: edit,
      schema: {
        tags,
        summary: '新建专项整治',
        body: obj(
          { name: str(100), domain: nullable(str(50)), lead_org_id: nullable(int({ minimum: 1 })), started_on: nullable(date()), ends_on: nullable(date()), description: nullable(text(5000)) },
          ['name'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { name: string; domain?: string | null; lead_org_id?: number | null; started_on?: string | null; ends_on?: string | null; description?: string | null };
      return {
        id: await createCampaign(db, actorOf(req), accessOf(req), {
          name: b.name,
          domain: b.domain,
          leadOrgId: b.lead_org_id,
          startedOn: b.started_on,
          endsOn: b.ends_on,
          description: b.description,
        }),
      };
    },
  );

  app.get(
    '/api/rectification/items',
    {
      config: read,
      schema: {
        tags,
        summary: '整改台账（问题清单/责任清单）',
        querystring: pageQuery({
          status: oneOf(RECT_STATES),
          source_type: oneOf(RECT_SOURCE_TYPES),
          responsible_org_id: int({ minimum: 1 }),
          supervising_org_id: int({ minimum: 1 }),
          campaign_id: int({ minimum: 1 }),
          clue_id: int({ minimum: 1 }),
          inspection_round_id: int({ minimum: 1 }),
          overdue: bool(),
        }),
      },
    },
    async (req) => listLedgerItems(db, accessOf(req), req.query as ItemListQuery),
  );

  app.post('/api/rectification/items', { config: edit, schema: { tags, summary: '登记整改事项', body: itemBody } }, async (req) => {
    const b = req.body as ItemBody;
    if (!b.deadline && !b.time_limit_days) throw badInput('须填写整改期限（deadline 或 time_limit_days）', 'deadline or time_limit_days is required');
    return createLedgerItem(db, actorOf(req), accessOf(req), {
      sourceType: b.source_type,
      sourceRef: b.source_ref,
      campaignId: b.campaign_id,
      inspectionRoundId: b.inspection_round_id,
      clueId: b.clue_id,
      title: b.title,
      description: b.description,
      domain: b.domain,
      responsibleOrgId: b.responsible_org_id,
      responsibleLeaderName: b.responsible_leader_name,
      responsibleLeaderTitle: b.responsible_leader_title,
      supervisingOrgId: b.supervising_org_id,
      supervisorName: b.supervisor_name,
      measures: b.measures,
      assignedOn: b.assigned_on,
      deadline: b.deadline,
      timeLimitDays: b.time_limit_days,
      deadlineBasis: b.deadline_basis,
    });
  });

  app.get('/api/rectification/items/:id', { config: read, schema: { tags, summary: '整改事项详情（含过程记录、佐证材料、问责建议）', params: idParam } }, async (req) =>
    getLedgerItem(db, actorOf(req), accessOf(req), id(req)),
  );

  app.patch(
    '/api/rectification/items/:id',
    {
      config: edit,
      schema: {
        tags,
        summary: '修改台账要素（监督主体）',
        params: idParam,
        body: versioned(
          {
            title: str(300),
            description: text(20_000),
            domain: nullable(str(50)),
            measures: text(20_000),
            responsible_leader_name: str(60),
            responsible_leader_title: nullable(str(100)),
            supervisor_name: nullable(str(60)),
            deadline: date(),
            deadline_basis: oneOf(DEADLINE_BASES),
          },
          [],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        version: number;
        title?: string;
        description?: string;
        domain?: string | null;
        measures?: string;
        responsible_leader_name?: string;
        responsible_leader_title?: string | null;
        supervisor_name?: string | null;
        deadline?: string;
        deadline_basis?: DeadlineBasis;
      };
      return updateLedgerItem(db, actorOf(req), accessOf(req), id(req), {
        version: b.version,
        title: b.title,
        description: b.description,
        domain: b.domain,
        measures: b.measures,
        responsibleLeaderName: b.responsible_leader_name,
        responsibleLeaderTitle: b.responsible_leader_title,
        supervisorName: b.supervisor_name,
        deadline: b.deadline,
        deadlineBasis: b.deadline_basis,
      });
    },
  );

  app.post(
    '/api/rectification/items/:id/progress',
    {
      config: edit,
      schema: {
        tags,
        summary: '填报整改进展',
        params: idParam,
        body: versioned({ note: text(5000), progress_percent: nullable(int({ minimum: 0, maximum: 100 })), attachment_ids: arr(int({ minimum: 1 }), 50) }, ['note']),
      },
    },
    async (req) => {
      const b = req.body as { version: number; note: string; progress_percent?: number | null; attachment_ids?: number[] };
      return reportProgress(db, actorOf(req), accessOf(req), id(req), {
        version: b.version,
        note: b.note,
        progressPercent: b.progress_percent,
        attachmentIds: b.attachment_ids,
      });
    },
  );

  app.post(
    '/api/rectification/items/:id/attachments',
    { config: edit, schema: { tags, summary: '上传佐证材料（multipart/form-data，字段 file，≤10 MB）', params: idParam } },
    async (req) => {
      if (!req.isMultipart()) throw badInput('请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
      const file = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
      if (!file) throw badInput('未收到文件', 'No file received');
      const content = await file.toBuffer().catch((e: { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('too_large', '文件超过 10 MB', 'File larger than 10 MB', 413);
        throw e;
      });
      return addAttachment(db, cipher, actorOf(req), accessOf(req), id(req), { fileName: file.filename, mime: file.mimetype, content });
    },
  );

  app.get('/api/rectification/attachments/:id', { config: read, schema: { tags, summary: '下载佐证材料', params: idParam } }, async (req, reply) => {
    const f = await getAttachment(db, cipher, actorOf(req), accessOf(req), id(req));
    reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-type-options', 'nosniff');
    return reply.send(f.content);
  });

  app.post(
    '/api/rectification/items/:id/submit',
    { config: edit, schema: { tags, summary: '申请销号', params: idParam, body: versioned({ note: text(5000) }, ['note']) } },
    async (req) => submitForVerification(db, actorOf(req), accessOf(req), id(req), req.body as { version: number; note: string }),
  );

  app.post(
    '/api/rectification/items/:id/verify',
    {
      config: verify,
      schema: {
        tags,
        summary: '核验（通过即销号；不通过则重新整改）',
        params: idParam,
        body: versioned({ passed: bool(), opinion: text(5000), rectified_on: date(), new_deadline: date() }, ['passed', 'opinion']),
      },
    },
    async (req) => {
      const b = req.body as { version: number; passed: boolean; opinion: string; rectified_on?: string; new_deadline?: string };
      return verifyLedgerItem(db, actorOf(req), accessOf(req), id(req), {
        version: b.version,
        passed: b.passed,
        opinion: b.opinion,
        rectifiedOn: b.rectified_on,
        newDeadline: b.new_deadline,
      });
    },
  );

  app.post(
    '/api/rectification/items/:id/reopen',
    { config: verify, schema: { tags, summary: '销号后重新打开（限期重新整改）', params: idParam, body: versioned({ reason: text(5000), new_deadline: date() }, ['reason', 'new_deadline']) } },
    async (req) => {
      const b = req.body as { version: number; reason: string; new_deadline: string };
      return reopenLedgerItem(db, actorOf(req), accessOf(req), id(req), { version: b.version, reason: b.reason, newDeadline: b.new_deadline });
    },
  );

  app.post(
    '/api/rectification/items/:id/cancel',
    { config: verify, schema: { tags, summary: '撤销误录事项', params: idParam, body: versioned({ reason: text(5000) }, ['reason']) } },
    async (req) => cancelLedgerItem(db, actorOf(req), accessOf(req), id(req), req.body as { version: number; reason: string }),
  );

  app.get(
    '/api/rectification/clearance',
    {
      config: read,
      schema: {
        tags,
        summary: '见底清零（按责任单位/专项整治统计）',
        querystring: obj({
          by: oneOf(['unit', 'campaign']),
          campaign_id: int({ minimum: 1 }),
          source_type: oneOf(RECT_SOURCE_TYPES),
          responsible_org_id: int({ minimum: 1 }),
          district: str(100, { minLength: 1 }),
        }),
      },
    },
    async (req) => {
      const q = req.query as { by?: 'unit' | 'campaign'; campaign_id?: number; source_type?: RectSourceType; responsible_org_id?: number; district?: string };
      return clearanceView(db, accessOf(req), {
        by: q.by ?? 'unit',
        campaignId: q.campaign_id,
        sourceType: q.source_type,
        responsibleOrgId: q.responsible_org_id,
        district: q.district,
      });
    },
  );
}
