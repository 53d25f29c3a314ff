/** HTTP API of accountability and care (问责、处分、容错纠错、澄清正名、回访). */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { bool, date, idParam, int, nullable, obj, oneOf, pageQuery, str, text, versioned } from '../../platform/http/schema.ts';
import {
  type DecisionListQuery,
  type StatsBy,
  type StatsPeriod,
  accountabilityCatalog,
  approveDecision,
  careCounts,
  createClearing,
  createDecision,
  createRevisit,
  createTolerance,
  dismissProposal,
  formStats,
  getDecision,
  listClearings,
  listDecisions,
  listProposals,
  listRevisits,
  listTolerances,
  rejectDecision,
  revokeDecision,
} from './accountability.service.ts';
import {
  CLEARING_METHODS,
  type ClearingMethod,
  DISTINCTIONS,
  type Distinction,
  GOV_SANCTIONS,
  MEASURES,
  PARTY_SANCTIONS,
  RESPONSIBILITIES,
  REVISIT_ASSESSMENTS,
  REVISIT_METHODS,
  type RevisitAssessment,
  type RevisitMethod,
  TARGET_KINDS,
  TOLERANCE_OUTCOMES,
  type ToleranceOutcome,
} from './catalog.ts';
import { type DecisionBody, decisionInputOf } from './decision-body.ts';
import { DECISION_STATES, PROPOSAL_STATES, type ProposalState } from './workflow.ts';

const tags = ['accountability'];
const read = { access: { permission: 'account:read' } } as const;
const edit = { access: { permission: 'account:edit' } } as const;
const approve = { access: { permission: 'account:approve' } } as const;
const range = { from: date(), to: date() };

export async function accountabilityRoutes(app: App) {
  const { db } = app.platform;
  const id = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.get('/api/accountability/catalog', { config: read, schema: { tags, summary: '问责方式、处分种类、四种形态等字典' } }, async () => accountabilityCatalog());

  // --- proposals ---------------------------------------------------------------------------
  app.get(
    '/api/accountability/proposals',
    { config: read, schema: { tags, summary: '问责建议（含整改逾期“双问责”）', querystring: pageQuery({ status: oneOf(PROPOSAL_STATES), rect_item_id: int({ minimum: 1 }) }) } },
    async (req) => listProposals(db, accessOf(req), req.query as { status?: ProposalState; rect_item_id?: number }),
  );

  app.post(
    '/api/accountability/proposals/:id/dismiss',
    { config: edit, schema: { tags, summary: '不予问责', params: idParam, body: versioned({ reason: text(5000) }, ['reason']) } },
    async (req) => dismissProposal(db, actorOf(req), accessOf(req), id(req), req.body as { version: number; reason: string }),
  );

  // --- decisions ---------------------------------------------------------------------------
  app.get(
    '/api/accountability/decisions',
    {
      config: read,
      schema: {
        tags,
        summary: '问责与处分决定',
        querystring: pageQuery({
          status: oneOf(DECISION_STATES),
          measure: oneOf(MEASURES),
          target_kind: oneOf(TARGET_KINDS),
          form: int({ minimum: 1, maximum: 4 }),
          clue_id: int({ minimum: 1 }),
          rect_item_id: int({ minimum: 1 }),
          ...range,
        }),
      },
    },
    async (req) => listDecisions(db, accessOf(req), req.query as DecisionListQuery),
  );

  app.post(
    '/api/accountability/decisions',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记问责/处分决定（改组、组织调整、纪律处分须提级审核后生效）',
        body: obj(
          {
            target_kind: oneOf(TARGET_KINDS),
            measure: oneOf(MEASURES),
            target_org_id: int({ minimum: 1 }),
            person_name: nullable(str(60)),
            person_title: nullable(str(100)),
            cadre_level: nullable(str(20)),
            party_member: nullable(bool()),
            party_sanction: nullable(oneOf(PARTY_SANCTIONS)),
            gov_sanction: nullable(oneOf(GOV_SANCTIONS)),
            judicial_transfer: bool(),
            responsibility: nullable(oneOf(RESPONSIBILITIES)),
            reason: text(10_000),
            basis: nullable(text(5000)),
            doc_no: nullable(str(100)),
            clue_id: nullable(int({ minimum: 1 })),
            rect_item_id: nullable(int({ minimum: 1 })),
            proposal_id: nullable(int({ minimum: 1 })),
            decided_on: date(),
          },
          ['target_kind', 'measure', 'reason'],
        ),
      },
    },
    async (req) => {
      const b = req.body as DecisionBody & { judicial_transfer?: boolean; clue_id?: number | null; rect_item_id?: number | null; proposal_id?: number | null };
      return createDecision(db, actorOf(req), accessOf(req), {
        ...decisionInputOf(b),
        judicialTransfer: b.judicial_transfer,
        clueId: b.clue_id,
        rectItemId: b.rect_item_id,
        proposalId: b.proposal_id,
      });
    },
  );

  app.get('/api/accountability/decisions/:id', { config: read, schema: { tags, summary: '决定详情（含回访记录）', params: idParam } }, async (req) =>
    getDecision(db, actorOf(req), accessOf(req), id(req)),
  );

  app.post(
    '/api/accountability/decisions/:id/approve',
    {
      config: approve,
      schema: { tags, summary: '提级审核：通过（决定生效）', params: idParam, body: versioned({ opinion: text(5000), effective_on: date() }) },
    },
    async (req) => {
      const b = req.body as { version: number; opinion?: string; effective_on?: string };
      return approveDecision(db, actorOf(req), accessOf(req), id(req), { version: b.version, opinion: b.opinion, effectiveOn: b.effective_on });
    },
  );

  app.post(
    '/api/accountability/decisions/:id/reject',
    { config: approve, schema: { tags, summary: '提级审核：不通过', params: idParam, body: versioned({ opinion: text(5000) }, ['opinion']) } },
    async (req) => rejectDecision(db, actorOf(req), accessOf(req), id(req), req.body as { version: number; opinion: string }),
  );

  app.post(
    '/api/accountability/decisions/:id/revoke',
    { config: approve, schema: { tags, summary: '撤销已生效的决定（如申诉成立）', params: idParam, body: versioned({ reason: text(5000) }, ['reason']) } },
    async (req) => revokeDecision(db, actorOf(req), accessOf(req), id(req), req.body as { version: number; reason: string }),
  );

  // --- statistics ----------------------------------------------------------------------------
  app.get(
    '/api/accountability/stats/forms',
    {
      config: read,
      schema: {
        tags,
        summary: '“四种形态”统计（按形态、期间、单位，人次）',
        querystring: obj({ ...range, period: oneOf(['month', 'quarter', 'year', 'all']), by: oneOf(['unit', 'handling_org', 'none']), org_id: int({ minimum: 1 }), district: str(100, { minLength: 1 }) }),
      },
    },
    async (req) => {
      const q = req.query as { from?: string; to?: string; period?: StatsPeriod; by?: StatsBy; org_id?: number; district?: string };
      return formStats(db, accessOf(req), { from: q.from, to: q.to, period: q.period, by: q.by, orgId: q.org_id, district: q.district });
    },
  );

  app.get('/api/accountability/care/counts', { config: read, schema: { tags, summary: '容错纠错 / 澄清正名 / 回访 数量', querystring: obj(range) } }, async (req) =>
    careCounts(db, accessOf(req), req.query as { from?: string; to?: string }),
  );

  // --- care: 容错纠错 ------------------------------------------------------------------------
  app.get('/api/accountability/tolerances', { config: read, schema: { tags, summary: '容错纠错记录', querystring: pageQuery(range) } }, async (req) =>
    listTolerances(db, accessOf(req), req.query as { from?: string; to?: string }),
  );

  app.post(
    '/api/accountability/tolerances',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记容错纠错（三个区分开来）',
        body: obj(
          {
            person_name: str(60),
            person_title: nullable(str(100)),
            org_id: int({ minimum: 1 }),
            matter: text(10_000),
            distinction: oneOf(DISTINCTIONS),
            outcome: oneOf(TOLERANCE_OUTCOMES),
            correction: text(10_000),
            clue_id: nullable(int({ minimum: 1 })),
            decision_id: nullable(int({ minimum: 1 })),
            decided_on: date(),
          },
          ['person_name', 'org_id', 'matter', 'distinction', 'outcome'],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        person_name: string;
        person_title?: string | null;
        org_id: number;
        matter: string;
        distinction: Distinction;
        outcome: ToleranceOutcome;
        correction?: string;
        clue_id?: number | null;
        decision_id?: number | null;
        decided_on?: string;
      };
      return {
        id: await createTolerance(db, actorOf(req), accessOf(req), {
          personName: b.person_name,
          personTitle: b.person_title,
          orgId: b.org_id,
          matter: b.matter,
          distinction: b.distinction,
          outcome: b.outcome,
          correction: b.correction,
          clueId: b.clue_id,
          decisionId: b.decision_id,
          decidedOn: b.decided_on,
        }),
      };
    },
  );

  // --- care: 澄清正名 ------------------------------------------------------------------------
  app.get(
    '/api/accountability/clearings',
    { config: read, schema: { tags, summary: '澄清正名记录', querystring: pageQuery({ ...range, false_accusation: bool() }) } },
    async (req) => listClearings(db, accessOf(req), req.query as { from?: string; to?: string; false_accusation?: boolean }),
  );

  app.post(
    '/api/accountability/clearings',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记澄清正名（含诬告陷害查处关联）',
        body: obj(
          {
            person_name: str(60),
            person_title: nullable(str(100)),
            org_id: int({ minimum: 1 }),
            clue_id: nullable(int({ minimum: 1 })),
            finding: text(10_000),
            method: oneOf(CLEARING_METHODS),
            audience: nullable(str(300)),
            false_accusation: bool(),
            false_accusation_clue_id: nullable(int({ minimum: 1 })),
            false_accusation_ref: nullable(str(100)),
            cleared_on: date(),
          },
          ['person_name', 'org_id', 'finding', 'method'],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        person_name: string;
        person_title?: string | null;
        org_id: number;
        clue_id?: number | null;
        finding: string;
        method: ClearingMethod;
        audience?: string | null;
        false_accusation?: boolean;
        false_accusation_clue_id?: number | null;
        false_accusation_ref?: string | null;
        cleared_on?: string;
      };
      return {
        id: await createClearing(db, actorOf(req), accessOf(req), {
          personName: b.person_name,
          personTitle: b.person_title,
          orgId: b.org_id,
          clueId: b.clue_id,
          finding: b.finding,
          method: b.method,
          audience: b.audience,
          falseAccusation: b.false_accusation,
          falseAccusationClueId: b.false_accusation_clue_id,
          falseAccusationRef: b.false_accusation_ref,
          clearedOn: b.cleared_on,
        }),
      };
    },
  );

  // --- care: 回访 ----------------------------------------------------------------------------
  app.get(
    '/api/accountability/revisits',
    { config: read, schema: { tags, summary: '回访记录', querystring: pageQuery({ ...range, decision_id: int({ minimum: 1 }) }) } },
    async (req) => listRevisits(db, accessOf(req), req.query as { from?: string; to?: string; decision_id?: number }),
  );

  app.post(
    '/api/accountability/revisits',
    {
      config: edit,
      schema: {
        tags,
        summary: '登记回访（受处理、处分干部回访教育）',
        body: obj(
          {
            decision_id: nullable(int({ minimum: 1 })),
            person_name: str(60),
            person_title: nullable(str(100)),
            org_id: int({ minimum: 1 }),
            visited_on: date(),
            method: oneOf(REVISIT_METHODS),
            visitors: str(300),
            findings: text(10_000),
            assessment: oneOf(REVISIT_ASSESSMENTS),
            follow_up: nullable(text(5000)),
          },
          ['method', 'visitors', 'findings', 'assessment'],
        ),
      },
    },
    async (req) => {
      const b = req.body as {
        decision_id?: number | null;
        person_name?: string;
        person_title?: string | null;
        org_id?: number;
        visited_on?: string;
        method: RevisitMethod;
        visitors: string;
        findings: string;
        assessment: RevisitAssessment;
        follow_up?: string | null;
      };
      return {
        id: await createRevisit(db, actorOf(req), accessOf(req), {
          decisionId: b.decision_id,
          personName: b.person_name,
          personTitle: b.person_title,
          orgId: b.org_id,
          visitedOn: b.visited_on,
          method: b.method,
          visitors: b.visitors,
          findings: b.findings,
          assessment: b.assessment,
          followUp: b.follow_up,
        }),
      };
    },
  );
}
