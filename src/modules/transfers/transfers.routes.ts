/** 移交 HTTP API: send, follow, acknowledge, return, feed back, count. */
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { anyObject, arr, bool, date, int, obj, oneOf, pageQuery, str, text } from '../../platform/http/schema.ts';
import { transferStats, type StatsQuery } from './stats.ts';
import {
  type FeedbackInput,
  type TransferQuery,
  acknowledgeTransfer,
  feedbackTransfer,
  getTransfer,
  listTransfers,
  returnTransfer,
  sendTransfer,
} from './transfers.service.ts';
import { TRANSFER_OUTCOMES, TRANSFER_STATES, type TransferOutcome } from './workflow.ts';

const idParams = obj({ id: int({ minimum: 1 }) }, ['id']);
const version = int({ minimum: 1 });
const objectType = str(40, { pattern: '^[a-z_]+$' });

const sendBody = obj(
  {
    receiver_org_id: int({ minimum: 1 }),
    object_type: objectType,
    title: str(200, { minLength: 1 }),
    note: text(5000),
    mode: oneOf(['single', 'batch']),
    tour: bool(),
    ack_days: int({ minimum: 1, maximum: 60 }),
    handle_days: int({ minimum: 1, maximum: 250 }),
    cc_org_ids: arr(int({ minimum: 1 }), 20),
    items: {
      ...arr(obj({ object_id: str(64), title: str(200), snapshot: anyObject() }), 5000),
      minItems: 1,
    },
  },
  ['receiver_org_id', 'object_type', 'title', 'items'],
);

interface SendBody {
  receiver_org_id: number;
  object_type: string;
  title: string;
  note?: string;
  mode?: 'single' | 'batch';
  tour?: boolean;
  ack_days?: number;
  handle_days?: number;
  cc_org_ids?: number[];
  items: { object_id?: string | number; title?: string; snapshot?: Record<string, unknown> }[];
}

export async function transferRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['transfers'];
  const receive = { access: { permission: 'transfer:receive' } };
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.post('/api/transfers', { config: { access: { permission: 'transfer:send' } }, schema: { tags, summary: '移交（单件随时移送或批量定期移送）', body: sendBody } }, async (req) => {
    const b = req.body as SendBody;
    return sendTransfer(db, actorOf(req), accessOf(req), {
      receiverOrgId: b.receiver_org_id,
      objectType: b.object_type,
      title: b.title,
      note: b.note,
      mode: b.mode,
      tour: b.tour,
      ackDays: b.ack_days,
      handleDays: b.handle_days,
      ccOrgIds: b.cc_org_ids,
      items: b.items.map((i) => ({ objectId: i.object_id, title: i.title, snapshot: i.snapshot })),
    });
  });

  app.get(
    '/api/transfers',
    {
      config: receive,
      schema: {
        tags,
        summary: '移交列表（状态与期限）',
        querystring: pageQuery({ box: oneOf(['sent', 'received', 'cc', 'all']), status: oneOf(TRANSFER_STATES), object_type: objectType, overdue: bool() }),
      },
    },
    async (req) => listTransfers(db, accessOf(req), req.query as TransferQuery),
  );

  app.get(
    '/api/transfers/stats',
    {
      config: receive,
      schema: {
        tags,
        summary: '移交统计（按移交单位与期间）',
        querystring: obj({
          from: date(),
          to: date(),
          period: oneOf(['month', 'quarter', 'year', 'all']),
          object_type: objectType,
          sender_org_id: int({ minimum: 1 }),
          receiver_org_id: int({ minimum: 1 }),
        }),
      },
    },
    async (req) => transferStats(db, accessOf(req), req.query as StatsQuery),
  );

  app.get('/api/transfers/:id', { config: receive, schema: { tags, summary: '移交详情', params: idParams } }, async (req) =>
    getTransfer(db, actorOf(req), accessOf(req), idOf(req)),
  );

  app.post('/api/transfers/:id/acknowledge', { config: receive, schema: { tags, summary: '签收', params: idParams, body: obj({ version }, ['version']) } }, async (req) =>
    acknowledgeTransfer(db, actorOf(req), accessOf(req), { id: idOf(req), version: (req.body as { version: number }).version }),
  );

  app.post(
    '/api/transfers/:id/return',
    { config: receive, schema: { tags, summary: '退回（须说明理由）', params: idParams, body: obj({ reason: text(5000), version }, ['reason', 'version']) } },
    async (req) => {
      const b = req.body as { reason: string; version: number };
      return returnTransfer(db, actorOf(req), accessOf(req), { id: idOf(req), reason: b.reason, version: b.version });
    },
  );

  app.post(
    '/api/transfers/:id/feedback',
    {
      config: receive,
      schema: {
        tags,
        summary: '反馈办理结果',
        params: idParams,
        body: obj(
          {
            result: text(10_000),
            outcome: oneOf(TRANSFER_OUTCOMES),
            items: arr(obj({ seq: int({ minimum: 1 }), outcome: oneOf(TRANSFER_OUTCOMES), note: text(2000) }, ['seq', 'outcome']), 5000),
            version,
          },
          ['result', 'outcome', 'version'],
        ),
      },
    },
    async (req) => {
      const b = req.body as { result: string; outcome: TransferOutcome; items?: FeedbackInput['items']; version: number };
      return feedbackTransfer(db, actorOf(req), accessOf(req), { id: idOf(req), result: b.result, outcome: b.outcome, items: b.items, version: b.version });
    },
  );
}
