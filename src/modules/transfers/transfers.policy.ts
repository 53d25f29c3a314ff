/** Who may do what to a transfer (移交). Pure. Seeing one at all also needs its need-to-know grant. */
import type { AccessContext } from '../../platform/access/context.ts';
import { forbidden } from '../../platform/errors.ts';

export const TRANSFER_ACTIONS = ['send', 'view', 'acknowledge', 'return', 'feedback', 'stats'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

export type Who = Pick<AccessContext, 'userId' | 'orgId' | 'permissions'>;

export interface TransferFacts {
  senderOrgId: number;
  receiverOrgId: number;
  ccOrgIds: number[];
}

const has = (who: Who, p: string) => who.permissions.has(p);
const receiving = (who: Who, t: TransferFacts) => has(who, 'transfer:receive') && who.orgId === t.receiverOrgId;

const RULES: Record<TransferAction, (who: Who, t: TransferFacts) => boolean> = {
  send: (who, t) => has(who, 'transfer:send') && who.orgId === t.senderOrgId && t.receiverOrgId !== t.senderOrgId,
  view: (who, t) =>
    (has(who, 'transfer:receive') || has(who, 'transfer:send')) &&
    [t.senderOrgId, t.receiverOrgId, ...t.ccOrgIds].includes(who.orgId),
  acknowledge: receiving,
  return: receiving,
  feedback: receiving,
  stats: (who) => has(who, 'transfer:receive'),
};

export function mayDoTransfer(who: Who, action: TransferAction, t: TransferFacts): boolean {
  return RULES[action](who, t);
}

const LABELS: Record<TransferAction, string> = { send: '移交', view: '查看', acknowledge: '签收', return: '退回', feedback: '反馈结果', stats: '统计' };

export function assertMayTransfer(who: Who, action: TransferAction, t: TransferFacts): void {
  if (!mayDoTransfer(who, action, t)) throw forbidden(`无权对该移交执行“${LABELS[action]}”`, `You may not ${action} this transfer`);
}
