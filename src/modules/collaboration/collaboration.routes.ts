/** 协作机制 HTTP API: registry and transfer rules, meetings and tasks, priority lists, talent pool, campaigns, 问政. */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, date, idParam, int, nullable, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { GOV_SANCTIONS, MEASURES, PARTY_SANCTIONS, RESPONSIBILITIES } from '../accountability/catalog.ts';
import { type DecisionBody as AccountabilityBody, decisionInputOf } from '../accountability/decision-body.ts';
import { CADRE_LEVELS } from '../clues/clues.policy.ts';
import {
  type AssignmentInput,
  type CampaignInput,
  type MechanismInput,
  type MeetingInput,
  addCampaignProblem,
  addLink,
  addWzAccountability,
  addWzClue,
  addWzRectification,
  assignExpert,
  changeMechanismStatus,
  checkConflicts,
  closeAssignment,
  closeCampaign,
  createCampaign,
  createExpert,
  createMechanism,
  createMeeting,
  createWzEvent,
  getCampaign,
  getExpert,
  getMechanism,
  getMeeting,
  getPriorityList,
  getWzEvent,
  listCampaigns,
  listExperts,
  listMechanisms,
  listMeetings,
  listPriorityLists,
  listTasks,
  listWzEvents,
  moveTask,
  publishPriorityList,
  publishWzCase,
  recordMinutes,
  reportCampaignTask,
  savePriorityList,
  sendableFrom,
  setPriorityItemStatus,
  transferDecision,
  updateExpert,
  updateMechanism,
} from './collaboration.service.ts';
import type { RectificationPlan } from './common.ts';
import { EXPERT_FIELDS, LINK_OBJECTS, LINK_OWNERS, MECHANISM_DOMAINS, MECHANISM_STATES } from './schema.ts';
import { MECHANISM_EVENTS } from './workflow.ts';

const version = int({ minimum: 1 });
const orgId = int({ minimum: 1 });
const objectType = str(40, { pattern: '^[a-z_]+$' });

const ruleBody = obj(
  {
    from_org_id: nullable(orgId),
    to_org_id: nullable(orgId),
    object_types: { ...arr(objectType, 20), minItems: 1 },
    may_view: arr(str(40), 10),
    ack_days: nullable(int({ minimum: 1, maximum: 60 })),
    handle_days: nullable(int({ minimum: 1, maximum: 250 })),
    note: nullable(str(500)),
  },
  ['object_types'],
);

const mechanismProps = {
  name: str(200, { minLength: 1 }),
  domain: oneOf(MECHANISM_DOMAINS),
  lead_org_id: orgId,
  scope: text(5000),
  shared_info: arr(str(200), 50),
  result_sharing: text(5000),
  memorandum: nullable(text(20_000)),
  doc_number: nullable(str(100)),
  signed_on: nullable(date()),
  effective_from: date(),
  effective_to: nullable(date()),
  party_org_ids: { ...arr(orgId, 50), minItems: 1 },
  rules: arr(ruleBody, 100),
};
const mechanismRequired = ['name', 'domain', 'lead_org_id', 'effective_from', 'party_org_ids', 'rules'];

interface MechanismBody {
  name: string;
  domain: MechanismInput['domain'];
  lead_org_id: number;
  scope?: string;
  shared_info?: string[];
  result_sharing?: string;
  memorandum?: string | null;
  doc_number?: string | null;
  signed_on?: string | null;
  effective_from: string;
  effective_to?: string | null;
  party_org_ids: number[];
  rules: { from_org_id?: number | null; to_org_id?: number | null; object_types: string[]; may_view?: string[]; ack_days?: number | null; handle_days?: number | null; note?: string | null }[];
  version?: number;
}

const mechanismInput = (b: MechanismBody): MechanismInput => ({
  name: b.name,
  domain: b.domain,
  leadOrgId: b.lead_org_id,
  scope: b.scope,
  sharedInfo: b.shared_info,
  resultSharing: b.result_sharing,
  memorandum: b.memorandum,
  docNumber: b.doc_number,
  signedOn: b.signed_on,
  effectiveFrom: b.effective_from,
  effectiveTo: b.effective_to,
  partyOrgIds: b.party_org_ids,
  rules: b.rules.map((r) => ({
    fromOrgId: r.from_org_id,
    toOrgId: r.to_org_id,
    objectTypes: r.object_types,
    mayView: r.may_view,
    ackDays: r.ack_days,
    handleDays: r.handle_days,
    note: r.note,
  })),
});

const decisionBody = obj({ content: str(2000, { minLength: 1 }), owner_org_id: orgId, owner_user_id: nullable(int({ minimum: 1 })), deadline: date() }, ['content', 'owner_org_id', 'deadline']);
type DecisionBody = { content: string; owner_org_id: number; owner_user_id?: number | null; deadline: string };
const decisions = (ds: DecisionBody[] | undefined) => (ds ?? []).map((d) => ({ content: d.content, ownerOrgId: d.owner_org_id, ownerUserId: d.owner_user_id, deadline: d.deadline }));

const personBody = obj(
  { name: str(50, { minLength: 1 }), id_number: nullable(str(30)), org_name: nullable(str(200)), position: nullable(str(100)), cadre_level: oneOf(CADRE_LEVELS) },
  ['name', 'cadre_level'],
);
type PersonBody = { name: string; id_number?: string | null; org_name?: string | null; position?: string | null; cadre_level: (typeof CADRE_LEVELS)[number] };

const subjectsBody = obj(
  {
    persons: arr(obj({ name: str(50, { minLength: 1 }), id_number: nullable(str(30)) }, ['name']), 200),
    org_ids: arr(orgId, 100),
    enterprises: arr(obj({ name: str(200, { minLength: 1 }), uscc: nullable(str(30)) }, ['name']), 200),
  },
  [],
);
type SubjectsBody = { persons?: { name: string; id_number?: string | null }[]; org_ids?: number[]; enterprises?: { name: string; uscc?: string | null }[] };
const assignmentProps = {
  expert_id: int({ minimum: 1 }),
  task_type: oneOf(['inspection_round', 'campaign', 'audit', 'case', 'other']),
  task_ref: nullable(str(100)),
  title: str(200, { minLength: 1 }),
  starts_on: date(),
  ends_on: date(),
  subjects: subjectsBody,
};
type AssignmentBody = { expert_id: number; task_type: AssignmentInput['taskType']; task_ref?: string | null; title: string; starts_on: string; ends_on: string; subjects: SubjectsBody };
const assignmentInput = (b: AssignmentBody): AssignmentInput => ({
  expertId: b.expert_id,
  taskType: b.task_type,
  taskRef: b.task_ref,
  title: b.title,
  startsOn: b.starts_on,
  endsOn: b.ends_on,
  subjects: {
    persons: (b.subjects.persons ?? []).map((p) => ({ name: p.name, idNumber: p.id_number })),
    orgIds: b.subjects.org_ids ?? [],
    enterprises: b.subjects.enterprises ?? [],
  },
});

/** How a problem put on the rectification ledger is to be fixed (责任领导、整改措施、时限). */
const rectPlanProps = {
  responsible_leader_name: str(50, { minLength: 1 }),
  responsible_leader_title: nullable(str(100)),
  measures: text(5000),
  deadline: date(),
  time_limit_days: int({ minimum: 1, maximum: 500 }),
};
type RectPlanBody = { responsible_leader_name: string; responsible_leader_title?: string | null; measures?: string; deadline?: string; time_limit_days?: number };
const rectPlanOf = (b: RectPlanBody): RectificationPlan => ({
  responsibleLeaderName: b.responsible_leader_name,
  responsibleLeaderTitle: b.responsible_leader_title,
  measures: b.measures,
  deadline: b.deadline,
  timeLimitDays: b.time_limit_days,
});

const tieProps = { kind: oneOf(['relative', 'enterprise', 'employer']), name: str(200, { minLength: 1 }), relation: nullable(str(50)), id_number: nullable(str(30)), uscc: nullable(str(30)) };
const tieBody = obj(tieProps, ['kind', 'name']);
type TieBody = { id?: number | null; kind: 'relative' | 'enterprise' | 'employer'; name: string; relation?: string | null; id_number?: string | null; uscc?: string | null };
type ExpertBody = {
  name?: string;
  org_id?: number | null;
  employer?: string;
  title?: string | null;
  fields?: string[];
  phone?: string | null;
  id_number?: string | null;
  availability?: 'available' | 'busy' | 'unavailable';
  note?: string | null;
  ties?: TieBody[];
};
const ties = (ts: TieBody[] | undefined) => ts?.map((t) => ({ id: t.id, kind: t.kind, name: t.name, relation: t.relation, idNumber: t.id_number, uscc: t.uscc }));
/** The request body (snake_case) as the service's input. */
const expertInput = (b: ExpertBody) => ({
  name: b.name,
  orgId: b.org_id,
  employer: b.employer,
  title: b.title,
  fields: b.fields,
  phone: b.phone,
  idNumber: b.id_number,
  availability: b.availability,
  note: b.note,
  ties: ties(b.ties),
});

export async function collaborationRoutes(app: App) {
  const { db, cipher } = app.platform;
  const tags = ['collaboration'];
  const read = { access: { permission: 'collab:read' } };
  const edit = { access: { permission: 'collab:edit' } };
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  // ---- mechanisms ------------------------------------------------------------------------
  app.get(
    '/api/collab/mechanisms',
    { config: read, schema: { tags, summary: '协作配合机制目录', querystring: pageQuery({ status: oneOf(MECHANISM_STATES), domain: oneOf(MECHANISM_DOMAINS), org_id: orgId }) } },
    async (req) => listMechanisms(db, req.query as Parameters<typeof listMechanisms>[1]),
  );
  app.get('/api/collab/mechanisms/:id', { config: read, schema: { tags, summary: '协作配合机制详情（参与单位、移交规则、会商记录）', params: idParam } }, async (req) =>
    getMechanism(db, idOf(req)),
  );
  app.post('/api/collab/mechanisms', { config: edit, schema: { tags, summary: '登记协作配合机制（草拟）', body: obj(mechanismProps, mechanismRequired) } }, async (req) =>
    createMechanism(db, actorOf(req), accessOf(req), mechanismInput(req.body as MechanismBody)),
  );
  app.put(
    '/api/collab/mechanisms/:id',
    { config: edit, schema: { tags, summary: '修改协作配合机制', params: idParam, body: obj({ ...mechanismProps, version }, [...mechanismRequired, 'version']) } },
    async (req) => {
      const b = req.body as MechanismBody;
      return updateMechanism(db, actorOf(req), accessOf(req), idOf(req), { ...mechanismInput(b), version: b.version! });
    },
  );
  app.post(
    '/api/collab/mechanisms/:id/status',
    { config: edit, schema: { tags, summary: '印发施行 / 暂停 / 终止', params: idParam, body: obj({ version, event: oneOf(MECHANISM_EVENTS), reason: str(1000) }, ['version', 'event']) } },
    async (req) => changeMechanismStatus(db, actorOf(req), accessOf(req), idOf(req), req.body as Parameters<typeof changeMechanismStatus>[4]),
  );
  app.get(
    '/api/collab/transfer-check',
    {
      config: read,
      schema: { tags, summary: '某单位能否向另一单位移交某类内容（依据协作配合机制）', querystring: obj({ from_org_id: orgId, to_org_id: orgId, object_type: objectType }, ['from_org_id', 'to_org_id', 'object_type']) },
    },
    async (req) => {
      const q = req.query as { from_org_id: number; to_org_id: number; object_type: string };
      return transferDecision(db, q.from_org_id, q.to_org_id, q.object_type);
    },
  );
  app.get('/api/collab/sendable', { config: read, schema: { tags, summary: '本单位依机制可向哪些单位移交哪些内容', querystring: obj({ org_id: orgId }) } }, async (req) => ({
    items: await sendableFrom(db, (req.query as { org_id?: number }).org_id ?? accessOf(req).orgId),
  }));

  // ---- meetings and tasks ----------------------------------------------------------------
  app.get(
    '/api/collab/meetings',
    { config: read, schema: { tags, summary: '会商与联席会议', querystring: pageQuery({ kind: oneOf(['consultation', 'joint_meeting']), mechanism_id: int({ minimum: 1 }) }) } },
    async (req) => listMeetings(db, accessOf(req), req.query as Parameters<typeof listMeetings>[2]),
  );
  app.get('/api/collab/meetings/:id', { config: read, schema: { tags, summary: '会议详情（议题、纪要、议定事项）', params: idParam } }, async (req) =>
    getMeeting(db, actorOf(req), accessOf(req), idOf(req)),
  );
  app.post(
    '/api/collab/meetings',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记会商/联席会议（可同时记录纪要和议定事项）',
        body: obj(
          {
            kind: oneOf(['consultation', 'joint_meeting']),
            title: str(200, { minLength: 1 }),
            held_on: date(),
            location: nullable(str(200)),
            mechanism_id: nullable(int({ minimum: 1 })),
            org_ids: { ...arr(orgId, 50), minItems: 1 },
            agenda: { ...arr(str(500), 50), minItems: 1 },
            minutes: nullable(text(50_000)),
            decisions: arr(decisionBody, 100),
          },
          ['kind', 'title', 'held_on', 'org_ids', 'agenda'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { kind: MeetingInput['kind']; title: string; held_on: string; location?: string | null; mechanism_id?: number | null; org_ids: number[]; agenda: string[]; minutes?: string | null; decisions?: DecisionBody[] };
      return createMeeting(db, actorOf(req), accessOf(req), {
        kind: b.kind,
        title: b.title,
        heldOn: b.held_on,
        location: b.location,
        mechanismId: b.mechanism_id,
        orgIds: b.org_ids,
        agenda: b.agenda,
        minutes: b.minutes,
        decisions: decisions(b.decisions),
      });
    },
  );
  app.post(
    '/api/collab/meetings/:id/minutes',
    { config: edit, schema: { tags, summary: '记录会议纪要和议定事项', params: idParam, body: obj({ version, minutes: text(50_000), decisions: arr(decisionBody, 100) }, ['version', 'minutes']) } },
    async (req) => {
      const b = req.body as { version: number; minutes: string; decisions?: DecisionBody[] };
      return recordMinutes(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, minutes: b.minutes, decisions: decisions(b.decisions) });
    },
  );
  app.get(
    '/api/collab/tasks',
    { config: read, schema: { tags, summary: '议定事项跟踪（本单位 / 超期）', querystring: pageQuery({ mine: bool(), status: oneOf(['open', 'done', 'cancelled']), overdue: bool() }) } },
    async (req) => listTasks(db, accessOf(req), req.query as Parameters<typeof listTasks>[2]),
  );
  app.post(
    '/api/collab/tasks/:id/complete',
    { config: read, schema: { tags, summary: '议定事项办结（责任单位）', params: idParam, body: obj({ version, result: text(5000), on: date() }, ['version', 'result']) } },
    async (req) => {
      const b = req.body as { version: number; result: string; on?: string };
      return moveTask(db, actorOf(req), accessOf(req), idOf(req), { ...b, event: 'complete' });
    },
  );
  for (const event of ['cancel', 'reopen'] as const) {
    app.post(
      `/api/collab/tasks/:id/${event}`,
      { config: edit, schema: { tags, summary: event === 'cancel' ? '取消议定事项' : '重新打开议定事项', params: idParam, body: obj({ version, result: text(5000) }, ['version']) } },
      async (req) => moveTask(db, actorOf(req), accessOf(req), idOf(req), { ...(req.body as { version: number; result?: string }), event }),
    );
  }

  // ---- priority lists -------------------------------------------------------------------
  app.get('/api/collab/priority-lists', { config: read, schema: { tags, summary: '监督重点清单（含汇总）', querystring: obj({ year: int(), org_id: orgId }) } }, async (req) =>
    listPriorityLists(db, req.query as { year?: number; org_id?: number }),
  );
  app.get('/api/collab/priority-lists/:id', { config: read, schema: { tags, summary: '监督重点清单详情', params: idParam } }, async (req) => getPriorityList(db, idOf(req)));
  const itemBody = obj({ content: str(1000, { minLength: 1 }), domain: nullable(str(50)) }, ['content']);
  app.post(
    '/api/collab/priority-lists',
    {
      config: edit,
      schema: {
        tags,
        summary: '编制（或替换草稿）部门年度监督重点清单',
        body: obj(
          { year: int({ minimum: 2000, maximum: 2100 }), org_id: orgId, title: str(200), priorities: { ...arr(itemBody, 200), minItems: 1 }, result_uses: arr(itemBody, 200), publish: bool() },
          ['year', 'org_id', 'priorities'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { year: number; org_id: number; title?: string; priorities: { content: string; domain?: string | null }[]; result_uses?: { content: string; domain?: string | null }[]; publish?: boolean };
      return savePriorityList(db, actorOf(req), accessOf(req), { year: b.year, orgId: b.org_id, title: b.title, priorities: b.priorities, resultUses: b.result_uses ?? [], publish: b.publish });
    },
  );
  app.post('/api/collab/priority-lists/:id/publish', { config: edit, schema: { tags, summary: '发布清单', params: idParam, body: obj({ version }, ['version']) } }, async (req) =>
    publishPriorityList(db, actorOf(req), accessOf(req), idOf(req), (req.body as { version: number }).version),
  );
  app.patch(
    '/api/collab/priority-items/:id',
    { config: edit, schema: { tags, summary: '清单事项完成情况', params: idParam, body: obj({ status: oneOf(['active', 'done']), note: nullable(str(1000)) }, ['status']) } },
    async (req) => setPriorityItemStatus(db, actorOf(req), accessOf(req), idOf(req), req.body as { status: 'active' | 'done'; note?: string | null }),
  );
  app.post(
    '/api/collab/links',
    {
      config: edit,
      schema: {
        tags,
        summary: '关联线索/整改事项/问责决定（清单事项、专项、问政问题）',
        body: obj({ owner_type: oneOf(LINK_OWNERS), owner_id: int({ minimum: 1 }), object_type: oneOf(LINK_OBJECTS), object_id: int({ minimum: 1 }), note: nullable(str(500)) }, [
          'owner_type',
          'owner_id',
          'object_type',
          'object_id',
        ]),
      },
    },
    async (req) => {
      const b = req.body as { owner_type: (typeof LINK_OWNERS)[number]; owner_id: number; object_type: (typeof LINK_OBJECTS)[number]; object_id: number; note?: string | null };
      return addLink(db, actorOf(req), accessOf(req), { ownerType: b.owner_type, ownerId: b.owner_id, objectType: b.object_type, objectId: b.object_id, note: b.note });
    },
  );

  // ---- talent pool -----------------------------------------------------------------------
  app.get(
    '/api/collab/experts',
    { config: read, schema: { tags, summary: '监督人才库', querystring: pageQuery({ field: oneOf(EXPERT_FIELDS), availability: oneOf(['available', 'busy', 'unavailable']) }) } },
    async (req) => listExperts(db, req.query as Parameters<typeof listExperts>[1]),
  );
  app.get('/api/collab/experts/:id', { config: read, schema: { tags, summary: '人才库人员（含选派记录）', params: idParam } }, async (req) => getExpert(db, cipher, actorOf(req), idOf(req)));
  app.post(
    '/api/collab/experts',
    {
      config: edit,
      schema: {
        tags,
        summary: '人才入库',
        body: obj(
          {
            name: str(50, { minLength: 1 }),
            org_id: nullable(orgId),
            employer: str(200, { minLength: 1 }),
            title: nullable(str(100)),
            fields: { ...arr(oneOf(EXPERT_FIELDS), 12), minItems: 1 },
            phone: nullable(str(20)),
            id_number: nullable(str(30)),
            availability: oneOf(['available', 'busy', 'unavailable']),
            note: nullable(str(1000)),
            ties: arr(tieBody, 50),
          },
          ['name', 'employer', 'fields'],
        ),
      },
    },
    async (req) => {
      const b = req.body as Required<Pick<ExpertBody, 'name' | 'employer' | 'fields'>> & ExpertBody;
      return createExpert(db, cipher, actorOf(req), accessOf(req), { ...expertInput(b), name: b.name, employer: b.employer, fields: b.fields });
    },
  );
  app.patch(
    '/api/collab/experts/:id',
    {
      config: edit,
      schema: {
        tags,
        summary: '修改人才库人员信息（基本信息、专业领域、可选派状态、申报的亲属和关联企业；须带 version）',
        description: '未提供的字段保持不变，null 清空。联系电话、身份证号只写不读：不提供则保留原值。ties 为完整的新申报列表，带原 id 的申报关系保留已登记的身份证号。',
        params: idParam,
        body: obj(
          {
            version,
            // Blank name, employer or tie name: the service answers 请填写… (Chinese and English).
            name: str(50),
            org_id: nullable(orgId),
            employer: str(200),
            title: nullable(str(100)),
            fields: arr(oneOf(EXPERT_FIELDS), 12),
            phone: nullable(str(20)),
            id_number: nullable(str(30)),
            availability: oneOf(['available', 'busy', 'unavailable']),
            note: nullable(str(1000)),
            ties: arr(obj({ ...tieProps, name: str(200), id: nullable(int({ minimum: 1 })) }, ['kind', 'name']), 50),
          },
          ['version'],
        ),
      },
    },
    async (req) => {
      const b = req.body as ExpertBody & { version: number };
      return updateExpert(db, cipher, actorOf(req), accessOf(req), idOf(req), { ...expertInput(b), version: b.version });
    },
  );
  app.post('/api/collab/experts/conflict-check', { config: edit, schema: { tags, summary: '选派前回避审查（不选派）', body: obj(assignmentProps, ['expert_id', 'task_type', 'title', 'starts_on', 'ends_on', 'subjects']) } }, async (req) =>
    checkConflicts(db, cipher, actorOf(req), accessOf(req), assignmentInput(req.body as AssignmentBody)),
  );
  app.post('/api/collab/assignments', { config: edit, schema: { tags, summary: '选派（回避审查不通过则拒绝）', body: obj(assignmentProps, ['expert_id', 'task_type', 'title', 'starts_on', 'ends_on', 'subjects']) } }, async (req) =>
    assignExpert(db, cipher, actorOf(req), accessOf(req), assignmentInput(req.body as AssignmentBody)),
  );
  app.post(
    '/api/collab/assignments/:id/close',
    { config: edit, schema: { tags, summary: '选派结束 / 撤回', params: idParam, body: obj({ status: oneOf(['completed', 'withdrawn']) }, ['status']) } },
    async (req) => closeAssignment(db, actorOf(req), accessOf(req), idOf(req), (req.body as { status: 'completed' | 'withdrawn' }).status),
  );

  // ---- campaigns -------------------------------------------------------------------------
  app.get('/api/collab/campaigns', { config: read, schema: { tags, summary: '专项监督 / 专项整治' } }, async () => listCampaigns(db));
  app.get('/api/collab/campaigns/:id', { config: read, schema: { tags, summary: '专项详情与看板', params: idParam } }, async (req) => getCampaign(db, accessOf(req), idOf(req)));
  app.post(
    '/api/collab/campaigns',
    {
      config: edit,
      schema: {
        tags,
        summary: '部署专项监督/专项整治（领域、重点任务）',
        body: obj(
          {
            name: str(200, { minLength: 1 }),
            kind: oneOf(['supervision', 'rectification']),
            starts_on: date(),
            ends_on: nullable(date()),
            description: nullable(text(5000)),
            domain: nullable(str(50)),
            areas: {
              ...arr(obj({ name: str(200, { minLength: 1 }), tasks: arr(obj({ content: str(1000, { minLength: 1 }), owner_org_id: nullable(orgId), deadline: nullable(date()) }, ['content']), 200) }, ['name', 'tasks']), 50),
              minItems: 1,
            },
          },
          ['name', 'kind', 'starts_on', 'areas'],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        name: string;
        kind: CampaignInput['kind'];
        starts_on: string;
        ends_on?: string | null;
        description?: string | null;
        domain?: string | null;
        areas: { name: string; tasks: { content: string; owner_org_id?: number | null; deadline?: string | null }[] }[];
      };
      return createCampaign(db, actorOf(req), accessOf(req), {
        name: b.name,
        kind: b.kind,
        startsOn: b.starts_on,
        endsOn: b.ends_on,
        description: b.description,
        domain: b.domain,
        areas: b.areas.map((a) => ({ name: a.name, tasks: a.tasks.map((t) => ({ content: t.content, ownerOrgId: t.owner_org_id, deadline: t.deadline })) })),
      });
    },
  );
  app.post(
    '/api/collab/campaigns/:id/problems',
    {
      config: edit,
      schema: {
        tags,
        summary: '专项发现问题（列入整改台账）',
        params: idParam,
        body: obj(
          {
            task_id: nullable(int({ minimum: 1 })),
            title: str(200, { minLength: 1 }),
            description: text(5000),
            responsible_org_id: orgId,
            ...rectPlanProps,
          },
          ['title', 'responsible_org_id', 'responsible_leader_name'],
        ),
      },
    },
    async (req) => {
      const b = req.body as RectPlanBody & { task_id?: number | null; title: string; description?: string; responsible_org_id: number };
      return addCampaignProblem(db, actorOf(req), accessOf(req), idOf(req), {
        taskId: b.task_id,
        title: b.title,
        description: b.description,
        responsibleOrgId: b.responsible_org_id,
        ...rectPlanOf(b),
      });
    },
  );
  app.post(
    '/api/collab/campaign-tasks/:id/progress',
    { config: read, schema: { tags, summary: '填报重点任务进展（责任单位或牵头单位）', params: idParam, body: obj({ version, progress_note: text(5000), done: bool(), on: date() }, ['version', 'progress_note']) } },
    async (req) => {
      const b = req.body as { version: number; progress_note: string; done?: boolean; on?: string };
      return reportCampaignTask(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, progressNote: b.progress_note, done: b.done, on: b.on });
    },
  );
  app.post('/api/collab/campaigns/:id/close', { config: edit, schema: { tags, summary: '专项结束', params: idParam, body: obj({ version }, ['version']) } }, async (req) =>
    closeCampaign(db, actorOf(req), accessOf(req), idOf(req), (req.body as { version: number }).version),
  );

  // ---- 问政 ------------------------------------------------------------------------------
  app.get('/api/collab/wenzheng', { config: read, schema: { tags, summary: '问政活动' } }, async () => listWzEvents(db));
  app.get('/api/collab/wenzheng/:id', { config: read, schema: { tags, summary: '问政活动详情（问政＋问责＋督改闭环）', params: idParam } }, async (req) => getWzEvent(db, accessOf(req), idOf(req)));
  app.post(
    '/api/collab/wenzheng',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记问政活动及曝光问题',
        body: obj(
          {
            title: str(200, { minLength: 1 }),
            held_on: date(),
            media: str(100, { minLength: 1 }),
            description: nullable(text(5000)),
            issues: arr(obj({ title: str(200, { minLength: 1 }), description: text(5000), responsible_org_id: orgId }, ['title', 'description', 'responsible_org_id']), 100),
          },
          ['title', 'held_on', 'media', 'issues'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { title: string; held_on: string; media: string; description?: string | null; issues: { title: string; description: string; responsible_org_id: number }[] };
      return createWzEvent(db, actorOf(req), accessOf(req), {
        title: b.title,
        heldOn: b.held_on,
        media: b.media,
        description: b.description,
        issues: b.issues.map((i) => ({ title: i.title, description: i.description, responsibleOrgId: i.responsible_org_id })),
      });
    },
  );
  app.post(
    '/api/collab/wenzheng/issues/:id/clue',
    {
      config: edit,
      schema: { tags, summary: '问题转问题线索（问责）', params: idParam, body: obj({ summary: text(5000), persons: { ...arr(personBody, 50), minItems: 1 }, domain_tags: arr(str(50), 10) }, ['persons']) },
    },
    async (req) => {
      const b = req.body as { summary?: string; persons: PersonBody[]; domain_tags?: string[] };
      return addWzClue(db, cipher, actorOf(req), accessOf(req), idOf(req), {
        summary: b.summary,
        domainTags: b.domain_tags,
        persons: b.persons.map((p) => ({ name: p.name, idNumber: p.id_number, orgName: p.org_name, position: p.position, cadreLevel: p.cadre_level })),
      });
    },
  );
  app.post(
    '/api/collab/wenzheng/issues/:id/rectification',
    {
      config: edit,
      schema: {
        tags,
        summary: '问题列入整改台账（督改）',
        params: idParam,
        body: obj(rectPlanProps, ['responsible_leader_name']),
      },
    },
    async (req) => {
      return addWzRectification(db, actorOf(req), accessOf(req), idOf(req), rectPlanOf(req.body as RectPlanBody));
    },
  );
  app.post(
    '/api/collab/wenzheng/issues/:id/accountability',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记问责结果（问责）',
        params: idParam,
        body: obj(
          {
            target_kind: oneOf(['org', 'person']),
            measure: oneOf(MEASURES),
            target_org_id: orgId,
            person_name: nullable(str(50)),
            person_title: nullable(str(100)),
            cadre_level: nullable(str(10)),
            party_member: nullable(bool()),
            party_sanction: nullable(oneOf(PARTY_SANCTIONS)),
            gov_sanction: nullable(oneOf(GOV_SANCTIONS)),
            responsibility: nullable(oneOf(RESPONSIBILITIES)),
            reason: text(5000),
            basis: nullable(text(2000)),
            doc_no: nullable(str(100)),
            decided_on: date(),
          },
          ['target_kind', 'measure', 'reason'],
        ),
      },
    },
    async (req) => {
      return addWzAccountability(db, actorOf(req), accessOf(req), idOf(req), decisionInputOf(req.body as AccountabilityBody));
    },
  );
  app.post(
    '/api/collab/wenzheng/issues/:id/publish',
    { config: edit, schema: { tags, summary: '典型问题通报', params: idParam, body: obj({ version, publication: text(20_000), published_on: date() }, ['version', 'publication']) } },
    async (req) => {
      const b = req.body as { version: number; publication: string; published_on?: string };
      return publishWzCase(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, publication: b.publication, publishedOn: b.published_on });
    },
  );
}
