/** 巡视巡察 HTTP API: rounds, briefing, findings, transfer, 立行立改, feedback, ledger, 巡审联动, recommendation letters. */
import type { FastifyReply } from 'fastify';
import { DOCX_MIME, attachmentDisposition } from '../../platform/docs/official.ts';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { arr, bool, date, idParam, int, nullable, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { CADRE_LEVELS } from '../clues/clues.policy.ts';
import {
  type RoundInput,
  addFindingNote,
  addTarget,
  addTeam,
  answerLetter,
  changePhase,
  closeLetter,
  completeAudit,
  createAudit,
  createLetter,
  createRound,
  deliverBriefing,
  editBriefing,
  feedbackTarget,
  generateBriefing,
  getBriefing,
  getFinding,
  getLetter,
  getLetterFile,
  getRound,
  issueLetter,
  listFindings,
  listLetters,
  listRounds,
  orderImmediateFix,
  previewLetter,
  putFindingsOnLedger,
  recordFinding,
  reportAuditFinding,
  returnLetter,
  roundStats,
  setTeamMember,
  teamCandidates,
  transferFindingAsClue,
} from './inspections.service.ts';
import { DISPOSITIONS, FINDING_CATEGORIES, FINDING_STATES, LETTER_KINDS, MEMBER_ROLES, ROUND_KINDS } from './schema.ts';
import { PHASES, PHASE_EVENTS } from './workflow.ts';

const version = int({ minimum: 1 });
const orgId = int({ minimum: 1 });
const personBody = obj(
  { name: str(50, { minLength: 1 }), id_number: nullable(str(30)), org_name: nullable(str(200)), position: nullable(str(100)), cadre_level: oneOf(CADRE_LEVELS) },
  ['name', 'cadre_level'],
);
type PersonBody = { name: string; id_number?: string | null; org_name?: string | null; position?: string | null; cadre_level: (typeof CADRE_LEVELS)[number] };

function sendDocx(reply: FastifyReply, file: { fileName: string; bytes: Buffer }) {
  return reply.header('content-type', DOCX_MIME).header('content-disposition', attachmentDisposition(file.fileName)).send(file.bytes);
}

export async function inspectionRoutes(app: App) {
  const { db, cipher } = app.platform;
  const tags = ['inspections'];
  const read = { access: { permission: 'inspection:read' } };
  const edit = { access: { permission: 'inspection:edit' } };
  const user = { access: 'user' as const };
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  // ---- rounds ----------------------------------------------------------------------------
  app.get('/api/inspections/rounds', { config: read, schema: { tags, summary: '巡察轮次', querystring: pageQuery({ phase: oneOf(PHASES) }) } }, async (req) =>
    listRounds(db, accessOf(req), req.query as Parameters<typeof listRounds>[2]),
  );
  app.post(
    '/api/inspections/rounds',
    {
      config: edit,
      schema: {
        tags,
        summary: '部署巡察轮次（巡察组、被巡察单位、派驻纪检监察组）',
        body: obj(
          {
            name: str(200, { minLength: 1 }),
            term: str(50, { minLength: 1 }),
            round_no: int({ minimum: 1, maximum: 50 }),
            kind: oneOf(ROUND_KINDS),
            organizer_org_id: orgId,
            starts_on: date(),
            ends_on: date(),
            focus: nullable(text(5000)),
            expedite_days: int({ minimum: 1, maximum: 60 }),
            teams: {
              ...arr(obj({ name: str(100), org_id: orgId, members: arr(obj({ user_id: int({ minimum: 1 }), role: oneOf(MEMBER_ROLES) }, ['user_id', 'role']), 50) }, ['org_id', 'members']), 50),
              minItems: 1,
            },
            targets: {
              ...arr(obj({ org_id: orgId, team_org_id: orgId, party_org_name: str(200), supervising_org_id: orgId }, ['org_id', 'team_org_id', 'supervising_org_id']), 200),
              minItems: 1,
            },
          },
          ['name', 'term', 'round_no', 'starts_on', 'ends_on', 'teams', 'targets'],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        name: string;
        term: string;
        round_no: number;
        kind?: RoundInput['kind'];
        organizer_org_id?: number;
        starts_on: string;
        ends_on: string;
        focus?: string | null;
        expedite_days?: number;
        teams: { name?: string; org_id: number; members: { user_id: number; role: (typeof MEMBER_ROLES)[number] }[] }[];
        targets: { org_id: number; team_org_id: number; party_org_name?: string; supervising_org_id: number }[];
      };
      return createRound(db, actorOf(req), accessOf(req), {
        name: b.name,
        term: b.term,
        roundNo: b.round_no,
        kind: b.kind,
        organizerOrgId: b.organizer_org_id,
        startsOn: b.starts_on,
        endsOn: b.ends_on,
        focus: b.focus,
        expediteDays: b.expedite_days,
        teams: b.teams.map((t) => ({ name: t.name, orgId: t.org_id, members: t.members.map((m) => ({ userId: m.user_id, role: m.role })) })),
        targets: b.targets.map((t) => ({ orgId: t.org_id, teamOrgId: t.team_org_id, partyOrgName: t.party_org_name, supervisingOrgId: t.supervising_org_id })),
      });
    },
  );
  app.get('/api/inspections/rounds/:id', { config: read, schema: { tags, summary: '轮次详情（巡察组、被巡察单位、巡审联动）', params: idParam } }, async (req) =>
    getRound(db, actorOf(req), accessOf(req), idOf(req)),
  );
  app.post(
    '/api/inspections/rounds/:id/phase',
    { config: edit, schema: { tags, summary: '巡前准备 / 进驻 / 撤离 / 完结', params: idParam, body: obj({ version, event: oneOf(PHASE_EVENTS), on: date() }, ['version', 'event']) } },
    async (req) => changePhase(db, actorOf(req), accessOf(req), idOf(req), req.body as Parameters<typeof changePhase>[4]),
  );
  app.put(
    '/api/inspections/rounds/:id/members',
    {
      config: edit,
      schema: { tags, summary: '调整巡察组成员（含第二副组长）', params: idParam, body: obj({ team_id: int({ minimum: 1 }), user_id: int({ minimum: 1 }), role: nullable(oneOf(MEMBER_ROLES)) }, ['team_id', 'user_id', 'role']) },
    },
    async (req) => {
      const b = req.body as { team_id: number; user_id: number; role: (typeof MEMBER_ROLES)[number] | null };
      return setTeamMember(db, actorOf(req), accessOf(req), idOf(req), { teamId: b.team_id, userId: b.user_id, role: b.role });
    },
  );
  app.post(
    '/api/inspections/rounds/:id/teams',
    {
      config: edit,
      schema: {
        tags,
        summary: '增加巡察组（进驻前）',
        params: idParam,
        body: obj({ name: str(100), org_id: orgId, members: { ...arr(obj({ user_id: int({ minimum: 1 }), role: oneOf(MEMBER_ROLES) }, ['user_id', 'role']), 50), minItems: 1 } }, ['org_id', 'members']),
      },
    },
    async (req) => {
      const b = req.body as { name?: string; org_id: number; members: { user_id: number; role: (typeof MEMBER_ROLES)[number] }[] };
      return addTeam(db, actorOf(req), accessOf(req), idOf(req), { name: b.name, orgId: b.org_id, members: b.members.map((m) => ({ userId: m.user_id, role: m.role })) });
    },
  );
  app.post(
    '/api/inspections/rounds/:id/targets',
    {
      config: edit,
      schema: {
        tags,
        summary: '增加被巡察单位（进驻前）',
        params: idParam,
        body: obj({ org_id: orgId, team_id: int({ minimum: 1 }), party_org_name: str(200), supervising_org_id: orgId }, ['org_id', 'team_id', 'supervising_org_id']),
      },
    },
    async (req) => {
      const b = req.body as { org_id: number; team_id: number; party_org_name?: string; supervising_org_id: number };
      return addTarget(db, actorOf(req), accessOf(req), idOf(req), { orgId: b.org_id, teamId: b.team_id, partyOrgName: b.party_org_name, supervisingOrgId: b.supervising_org_id });
    },
  );
  app.get(
    '/api/inspections/candidates',
    { config: edit, schema: { tags, summary: '可选的巡察组人员（纪委监委机关、派驻机构、巡察机构干部）', querystring: obj({ q: str(50), org_id: orgId }) } },
    async (req) => teamCandidates(db, accessOf(req), req.query as { q?: string; org_id?: number }),
  );
  app.get('/api/inspections/rounds/:id/stats', { config: read, schema: { tags, summary: '轮次统计（发现问题、移交线索、党纪政务处分、整改）', params: idParam } }, async (req) =>
    roundStats(db, accessOf(req), idOf(req)),
  );
  app.get(
    '/api/inspections/rounds/:id/findings',
    {
      config: read,
      schema: {
        tags,
        summary: '发现问题清单',
        params: idParam,
        querystring: obj({ target_id: int({ minimum: 1 }), source: oneOf(['inspection', 'audit']), disposition: oneOf(DISPOSITIONS), status: oneOf(FINDING_STATES) }),
      },
    },
    async (req) => listFindings(db, accessOf(req), idOf(req), req.query as Parameters<typeof listFindings>[3]),
  );

  // ---- 巡前: briefing ----------------------------------------------------------------------
  app.get('/api/inspections/targets/:id/briefing', { config: read, schema: { tags, summary: '巡前“画像”', params: idParam } }, async (req) => getBriefing(db, actorOf(req), accessOf(req), idOf(req)));
  app.post('/api/inspections/targets/:id/briefing/generate', { config: read, schema: { tags, summary: '生成“画像”（汇集平台数据）', params: idParam } }, async (req) =>
    generateBriefing(db, actorOf(req), accessOf(req), idOf(req)),
  );
  app.put(
    '/api/inspections/targets/:id/briefing',
    {
      config: read,
      schema: {
        tags,
        summary: '填写重点人和事',
        params: idParam,
        body: obj(
          {
            version,
            key_people: arr(obj({ name: str(50, { minLength: 1 }), position: nullable(str(100)), matters: text(2000) }, ['name', 'matters']), 100),
            key_matters: arr(str(1000), 100),
            note: nullable(text(5000)),
          },
          ['version', 'key_people', 'key_matters'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { version: number; key_people: { name: string; position?: string | null; matters: string }[]; key_matters: string[]; note?: string | null };
      return editBriefing(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, keyPeople: b.key_people, keyMatters: b.key_matters, note: b.note });
    },
  );
  app.post('/api/inspections/targets/:id/briefing/deliver', { config: read, schema: { tags, summary: '向巡察组提供“画像”', params: idParam, body: obj({ version }, ['version']) } }, async (req) =>
    deliverBriefing(db, actorOf(req), accessOf(req), idOf(req), (req.body as { version: number }).version),
  );

  // ---- 巡中 / 巡后: findings -----------------------------------------------------------------
  app.post(
    '/api/inspections/targets/:id/findings',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记发现问题',
        params: idParam,
        body: obj({ category: oneOf(FINDING_CATEGORIES), title: str(200, { minLength: 1 }), description: text(10_000), disposition: oneOf(DISPOSITIONS) }, ['category', 'title', 'description', 'disposition']),
      },
    },
    async (req) => recordFinding(db, actorOf(req), accessOf(req), idOf(req), req.body as Parameters<typeof recordFinding>[4]),
  );
  app.get('/api/inspections/findings/:id', { config: read, schema: { tags, summary: '发现问题详情（含固定证据指导意见）', params: idParam } }, async (req) =>
    getFinding(db, actorOf(req), accessOf(req), idOf(req)),
  );
  app.post(
    '/api/inspections/findings/:id/transfer',
    {
      config: edit,
      schema: {
        tags,
        summary: '移交问题线索（巡中为边巡边查，缩短办理时限）',
        params: idParam,
        body: obj({ receiver_org_id: orgId, persons: { ...arr(personBody, 50), minItems: 1 }, summary: text(10_000), domain_tags: arr(str(50), 10), note: nullable(text(2000)) }, ['receiver_org_id', 'persons']),
      },
    },
    async (req) => {
      const b = req.body as { receiver_org_id: number; persons: PersonBody[]; summary?: string; domain_tags?: string[]; note?: string | null };
      return transferFindingAsClue(db, cipher, actorOf(req), accessOf(req), idOf(req), {
        receiverOrgId: b.receiver_org_id,
        summary: b.summary,
        domainTags: b.domain_tags,
        note: b.note,
        persons: b.persons.map((p) => ({ name: p.name, idNumber: p.id_number, orgName: p.org_name, position: p.position, cadreLevel: p.cadre_level })),
      });
    },
  );
  app.post(
    '/api/inspections/findings/:id/immediate',
    {
      config: edit,
      schema: {
        tags,
        summary: '立行立改（列入整改台账，交办并抄送派驻纪检监察组）',
        params: idParam,
        body: obj({ responsible_leader_name: str(50, { minLength: 1 }), responsible_leader_title: nullable(str(100)), measures: text(5000), time_limit_days: int({ minimum: 1, maximum: 60 }) }, ['responsible_leader_name']),
      },
    },
    async (req) => {
      const b = req.body as { responsible_leader_name: string; responsible_leader_title?: string | null; measures?: string; time_limit_days?: number };
      return orderImmediateFix(db, actorOf(req), accessOf(req), idOf(req), {
        responsibleLeaderName: b.responsible_leader_name,
        responsibleLeaderTitle: b.responsible_leader_title,
        measures: b.measures,
        timeLimitDays: b.time_limit_days,
      });
    },
  );
  app.post('/api/inspections/findings/:id/notes', { config: read, schema: { tags, summary: '固定证据指导意见（第二副组长/派驻组）或备注（巡察组）', params: idParam, body: obj({ text: text(5000) }, ['text']) } }, async (req) =>
    addFindingNote(db, actorOf(req), accessOf(req), idOf(req), req.body as { text: string }),
  );
  app.post(
    '/api/inspections/targets/:id/feedback',
    { config: edit, schema: { tags, summary: '巡察反馈', params: idParam, body: obj({ version, feedback_on: date(), note: text(20_000) }, ['version', 'note']) } },
    async (req) => {
      const b = req.body as { version: number; feedback_on?: string; note: string };
      return feedbackTarget(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, feedbackOn: b.feedback_on, note: b.note });
    },
  );
  app.post(
    '/api/inspections/targets/:id/ledger',
    {
      config: edit,
      schema: {
        tags,
        summary: '反馈问题列入整改台账（派驻纪检监察组督促销号）',
        params: idParam,
        body: obj({ responsible_leader_name: str(50, { minLength: 1 }), responsible_leader_title: nullable(str(100)), deadline: date(), time_limit_days: int({ minimum: 1, maximum: 500 }), measures: text(5000) }, [
          'responsible_leader_name',
        ]),
      },
    },
    async (req) => {
      const b = req.body as { responsible_leader_name: string; responsible_leader_title?: string | null; deadline?: string; time_limit_days?: number; measures?: string };
      return putFindingsOnLedger(db, actorOf(req), accessOf(req), idOf(req), {
        responsibleLeaderName: b.responsible_leader_name,
        responsibleLeaderTitle: b.responsible_leader_title,
        deadline: b.deadline,
        timeLimitDays: b.time_limit_days,
        measures: b.measures,
      });
    },
  );

  // ---- 巡审联动 ------------------------------------------------------------------------------
  app.post(
    '/api/inspections/rounds/:id/audits',
    {
      config: edit,
      schema: {
        tags,
        summary: '部署专项审计（巡审联动）',
        params: idParam,
        body: obj(
          { target_id: int({ minimum: 1 }), audit_org_id: orgId, title: str(200, { minLength: 1 }), kind: oneOf(['economic_responsibility', 'special']), scope: nullable(text(5000)), starts_on: date(), ends_on: nullable(date()) },
          ['target_id', 'audit_org_id', 'title', 'kind', 'starts_on'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { target_id: number; audit_org_id: number; title: string; kind: 'economic_responsibility' | 'special'; scope?: string | null; starts_on: string; ends_on?: string | null };
      return createAudit(db, actorOf(req), accessOf(req), idOf(req), { targetId: b.target_id, auditOrgId: b.audit_org_id, title: b.title, kind: b.kind, scope: b.scope, startsOn: b.starts_on, endsOn: b.ends_on });
    },
  );
  const send = { access: { permission: 'transfer:send' } };
  app.post(
    '/api/inspections/audits/:id/findings',
    {
      config: send,
      schema: {
        tags,
        summary: '报送审计发现问题（审计机关，依协作配合机制）',
        params: idParam,
        body: obj({ title: str(200, { minLength: 1 }), description: text(10_000), disposition: oneOf(['problem', 'clue']), category: oneOf(FINDING_CATEGORIES) }, ['title', 'description']),
      },
    },
    async (req) => reportAuditFinding(db, actorOf(req), accessOf(req), idOf(req), req.body as Parameters<typeof reportAuditFinding>[4]),
  );
  app.post('/api/inspections/audits/:id/report', { config: send, schema: { tags, summary: '专项审计完成（报告要点）', params: idParam, body: obj({ version, report_summary: text(20_000) }, ['version', 'report_summary']) } }, async (req) => {
    const b = req.body as { version: number; report_summary: string };
    return completeAudit(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, reportSummary: b.report_summary });
  });

  // ---- recommendation letters ----------------------------------------------------------
  app.get(
    '/api/inspections/letters',
    {
      config: user,
      schema: { tags, summary: '巡察建议书 / 纪检监察建议书（本单位制发或收到）', querystring: pageQuery({ kind: oneOf(LETTER_KINDS), status: oneOf(['draft', 'issued', 'answered', 'closed']), round_id: int({ minimum: 1 }), box: oneOf(['issued', 'received']), overdue: bool() }) },
    },
    async (req) => listLetters(db, accessOf(req), req.query as Parameters<typeof listLetters>[2]),
  );
  app.post(
    '/api/inspections/letters',
    {
      config: user,
      schema: {
        tags,
        summary: '起草建议书（巡察建议书需巡察管理权限；纪检监察建议书需线索处置权限）',
        body: obj(
          {
            kind: oneOf(LETTER_KINDS),
            target_id: nullable(int({ minimum: 1 })),
            issuer_org_id: orgId,
            issuer_mark: str(100),
            recipient_org_id: orgId,
            recipient_name: str(200),
            subject: str(200),
            title: str(200),
            intro: text(10_000),
            problems: { ...arr(text(5000), 100), minItems: 1 },
            recommendations: { ...arr(text(5000), 100), minItems: 1 },
            cc: arr(str(200), 30),
            prefix: str(20),
            answer_days: int({ minimum: 1, maximum: 250 }),
          },
          ['kind', 'intro', 'problems', 'recommendations'],
        ),
      },
    },
    async (req) => {
      const b = req.body as Record<string, never>;
      return createLetter(db, actorOf(req), accessOf(req), {
        kind: b.kind,
        targetId: b.target_id,
        issuerOrgId: b.issuer_org_id,
        issuerMark: b.issuer_mark,
        recipientOrgId: b.recipient_org_id,
        recipientName: b.recipient_name,
        subject: b.subject,
        title: b.title,
        intro: b.intro,
        problems: b.problems,
        recommendations: b.recommendations,
        cc: b.cc,
        prefix: b.prefix,
        answerDays: b.answer_days,
      });
    },
  );
  app.get('/api/inspections/letters/:id', { config: user, schema: { tags, summary: '建议书详情与办理状态', params: idParam } }, async (req) => getLetter(db, actorOf(req), accessOf(req), idOf(req)));
  app.get('/api/inspections/letters/:id/docx', { config: user, schema: { tags, summary: '下载印发的建议书（.docx，GB/T 9704）', params: idParam } }, async (req, reply) =>
    sendDocx(reply, await getLetterFile(db, actorOf(req), accessOf(req), idOf(req))),
  );
  app.get('/api/inspections/letters/:id/preview', { config: user, schema: { tags, summary: '预览草稿（.docx）', params: idParam } }, async (req, reply) =>
    sendDocx(reply, await previewLetter(db, accessOf(req), idOf(req))),
  );
  app.post('/api/inspections/letters/:id/issue', { config: user, schema: { tags, summary: '印发（编发文字号、生成公文、通知被建议单位）', params: idParam, body: obj({ version, issued_on: date() }, ['version']) } }, async (req) => {
    const b = req.body as { version: number; issued_on?: string };
    return issueLetter(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, issuedOn: b.issued_on });
  });
  app.post('/api/inspections/letters/:id/answer', { config: user, schema: { tags, summary: '被建议单位反馈落实情况', params: idParam, body: obj({ version, answer: text(20_000), answered_on: date() }, ['version', 'answer']) } }, async (req) => {
    const b = req.body as { version: number; answer: string; answered_on?: string };
    return answerLetter(db, actorOf(req), accessOf(req), idOf(req), { version: b.version, answer: b.answer, answeredOn: b.answered_on });
  });
  for (const event of ['return', 'close'] as const) {
    app.post(
      `/api/inspections/letters/:id/${event}`,
      { config: user, schema: { tags, summary: event === 'return' ? '退回重新反馈' : '办结', params: idParam, body: obj({ version, opinion: text(5000) }, ['version', 'opinion']) } },
      async (req) => {
        const b = req.body as { version: number; opinion: string };
        return (event === 'return' ? returnLetter : closeLetter)(db, actorOf(req), accessOf(req), idOf(req), b);
      },
    );
  }
}
