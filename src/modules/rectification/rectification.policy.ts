/**
 * Who may do what to a rectification item (pure). The service applies these only to items the
 * user can see at all (data scope over the responsible or supervising org, or the responsible
 * unit's own users — `visibleItemCondition` in the service).
 *
 * - "member of an org" = the user's org is that org or one of its descendants (orgPath);
 * - unit events (填报进展, 申请销号) and evidence uploads: `rectify:edit` and member of the
 *   responsible unit or of the supervising body (who may record on its behalf);
 * - verifier events (核验/销号, 重新打开, 撤销): `rectify:verify` AND member of the supervising body;
 * - editing the ledger entry itself (measures, leader, deadline): `rectify:edit` and member of the
 *   supervising body (a responsible unit cannot move its own deadline).
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { RECT_EVENT_ACTOR, type RectEvent, type RectState, nextRectState, RECT_EVENTS } from './workflow.ts';

export interface RectItemRef {
  responsible_org_id: number;
  supervising_org_id: number;
  status: RectState;
}

type Who = Pick<AccessContext, 'orgPath' | 'permissions'>;

export function isMemberOf(a: Who, orgId: number): boolean {
  return a.orgPath.includes(orgId);
}

export function isVerifierOf(a: Who, item: Pick<RectItemRef, 'supervising_org_id'>): boolean {
  return a.permissions.has('rectify:verify') && isMemberOf(a, item.supervising_org_id);
}

export function isUnitActorOf(a: Who, item: Pick<RectItemRef, 'responsible_org_id' | 'supervising_org_id'>): boolean {
  return a.permissions.has('rectify:edit') && (isMemberOf(a, item.responsible_org_id) || isMemberOf(a, item.supervising_org_id));
}

/** May `a` fire `event` on the item (ignoring the state)? */
export function mayAct(a: Who, item: RectItemRef, event: RectEvent): boolean {
  return RECT_EVENT_ACTOR[event] === 'verifier' ? isVerifierOf(a, item) : isUnitActorOf(a, item);
}

/** Events the user may fire now: allowed by the state table and by the policy. */
export function actionsFor(a: Who, item: RectItemRef): RectEvent[] {
  return RECT_EVENTS.filter((e) => nextRectState(item.status, e) !== null && mayAct(a, item, e));
}

/** Register a ledger item: `rectify:edit` and member of the supervising body or the responsible unit. */
export function mayCreate(a: Who, input: { responsible_org_id: number; supervising_org_id: number }): boolean {
  return isUnitActorOf(a, input);
}

/** Change the ledger entry (measures, leader, deadline …). */
export function mayEdit(a: Who, item: Pick<RectItemRef, 'supervising_org_id' | 'status'>): boolean {
  return a.permissions.has('rectify:edit') && isMemberOf(a, item.supervising_org_id) && item.status !== 'cancelled' && item.status !== 'rectified';
}

/** Upload evidence: whoever may report progress or verify. */
export function mayAttach(a: Who, item: RectItemRef): boolean {
  return item.status !== 'cancelled' && (isUnitActorOf(a, item) || isVerifierOf(a, item));
}
