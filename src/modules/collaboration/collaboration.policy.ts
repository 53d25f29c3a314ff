/**
 * Pure rules of the collaboration area.
 *
 * 1. Transfers between bodies (移交): which body may send what to whom.
 *    - within one body (the same top-level organisation: a commission and its offices, dispatched
 *      groups and inspection groups) a transfer is internal (内部移送) and needs no mechanism;
 *    - from the commission system to a supervised unit (被监督单位, org kind 'unit') it rests on
 *      the commission's supervisory authority (监督职责: 交办整改、移交主管部门);
 *    - anything else crosses bodies (审计局 → 纪委, 12345 → 纪委, 纪委 → 法院 …) and needs an
 *      active collaboration mechanism (协作配合机制) in which both are parties and a rule that
 *      lets the sender send this kind of object to the receiver.
 * 2. Result sharing (成果共享): a body may see what a rule's `may_view` grants about what it sent.
 * 3. Who may edit registry records, meetings, tasks, campaigns and experts.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { OrgKind } from '../../platform/access/schema.ts';
import { type DateString, toDayNumber } from '../../platform/calendar/dates.ts';
import { TRANSFER_OBJECT_TYPES, type MechanismState } from './schema.ts';

export interface OrgFacts {
  id: number;
  name: string;
  kind: OrgKind;
  /** Ancestors (root first) and the org itself. */
  path: number[];
  /** Kind of the top-level organisation (path[0]). */
  rootKind: OrgKind;
}

export interface RuleFacts {
  id: number;
  from_org_id: number | null;
  to_org_id: number | null;
  object_types: string[];
  may_view: string[];
  ack_days: number | null;
  handle_days: number | null;
}

export interface MechanismFacts {
  id: number;
  name: string;
  status: MechanismState;
  effective_from: DateString;
  effective_to: DateString | null;
  /** Party org ids. */
  parties: number[];
  rules: RuleFacts[];
}

export type TransferBasis = 'internal' | 'supervisory' | 'mechanism';

const COMMISSION_SYSTEM: readonly OrgKind[] = ['commission', 'office', 'dispatched_group', 'inspection'];

/** The basis that needs no mechanism, or null when the transfer crosses bodies. */
export function basisWithoutMechanism(from: OrgFacts, to: OrgFacts): Exclude<TransferBasis, 'mechanism'> | null {
  if (from.path[0] === to.path[0]) return 'internal';
  if (from.rootKind === 'commission' && COMMISSION_SYSTEM.includes(from.kind) && to.kind === 'unit') return 'supervisory';
  return null;
}

/** A party covers an org when the party is the org or one of its ancestors. */
export const covers = (partyOrgId: number, org: OrgFacts): boolean => org.path.includes(partyOrgId);

export function isInForce(m: Pick<MechanismFacts, 'status' | 'effective_from' | 'effective_to'>, today: DateString): boolean {
  const t = toDayNumber(today);
  return (
    m.status === 'active' &&
    toDayNumber(m.effective_from) <= t &&
    (m.effective_to === null || toDayNumber(m.effective_to) >= t)
  );
}

export function ruleAllows(r: RuleFacts, m: Pick<MechanismFacts, 'parties'>, from: OrgFacts, to: OrgFacts, objectType: string): boolean {
  const fromOk = r.from_org_id === null ? m.parties.some((p) => covers(p, from)) : covers(r.from_org_id, from);
  const toOk = r.to_org_id === null ? m.parties.some((p) => covers(p, to)) : covers(r.to_org_id, to);
  return fromOk && toOk && r.object_types.includes(objectType);
}

export type TransferDecision =
  | { allowed: true; basis: Exclude<TransferBasis, 'mechanism'> }
  | { allowed: true; basis: 'mechanism'; mechanism: { id: number; name: string }; rule: RuleFacts }
  | { allowed: false; code: 'no_mechanism' | 'mechanism_not_in_force' | 'not_in_rules'; message: string; messageEn: string; mechanisms: { id: number; name: string; status: MechanismState }[] };

export const objectLabel = (t: string) => TRANSFER_OBJECT_TYPES[t] ?? t;

const STATE_WORDS: Record<MechanismState, [string, string]> = {
  draft: ['尚未生效（草拟中）', 'is still a draft'],
  active: ['不在有效期内', 'is outside its period of validity'],
  suspended: ['已暂停执行', 'is suspended'],
  terminated: ['已终止', 'has been terminated'],
};

/** Decide a transfer from `from` to `to` of `objectType` on `today`, given every mechanism. */
export function decideTransfer(from: OrgFacts, to: OrgFacts, objectType: string, mechanisms: MechanismFacts[], today: DateString): TransferDecision {
  const basis = basisWithoutMechanism(from, to);
  if (basis) return { allowed: true, basis };
  const shared = mechanisms.filter((m) => m.parties.some((p) => covers(p, from)) && m.parties.some((p) => covers(p, to)));
  const list = shared.map((m) => ({ id: m.id, name: m.name, status: m.status }));
  const what = objectLabel(objectType);
  if (!shared.length) {
    return {
      allowed: false,
      code: 'no_mechanism',
      message: `${from.name}与${to.name}之间没有建立协作配合机制，不能移交“${what}”`,
      messageEn: `No collaboration mechanism links ${from.name} and ${to.name}; "${objectType}" cannot be transferred`,
      mechanisms: list,
    };
  }
  const inForce = shared.filter((m) => isInForce(m, today));
  for (const m of inForce) {
    const rule = m.rules.find((r) => ruleAllows(r, m, from, to, objectType));
    if (rule) return { allowed: true, basis: 'mechanism', mechanism: { id: m.id, name: m.name }, rule };
  }
  if (!inForce.length) {
    const m = shared[0];
    const [zh, en] = STATE_WORDS[m.status];
    return {
      allowed: false,
      code: 'mechanism_not_in_force',
      message: `协作配合机制“${m.name}”${zh}，${from.name}不能据此向${to.name}移交“${what}”`,
      messageEn: `Collaboration mechanism "${m.name}" ${en}; ${from.name} cannot transfer "${objectType}" to ${to.name} under it`,
      mechanisms: list,
    };
  }
  return {
    allowed: false,
    code: 'not_in_rules',
    message: `协作配合机制“${inForce.map((m) => m.name).join('”“')}”未约定${from.name}向${to.name}移交“${what}”`,
    messageEn: `No rule of mechanism(s) ${inForce.map((m) => `"${m.name}"`).join(', ')} lets ${from.name} transfer "${objectType}" to ${to.name}`,
    mechanisms: list,
  };
}

/** May `viewer` (the sender) see `viewType` about what it sent to `owner`? Internal: yes; otherwise a rule must grant it. */
export function decideView(viewer: OrgFacts, owner: OrgFacts, viewType: string, mechanisms: MechanismFacts[], today: DateString): boolean {
  if (basisWithoutMechanism(viewer, owner) === 'internal') return true;
  return mechanisms.some(
    (m) =>
      isInForce(m, today) &&
      m.rules.some(
        (r) =>
          r.may_view.includes(viewType) &&
          (r.from_org_id === null ? m.parties.some((p) => covers(p, viewer)) : covers(r.from_org_id, viewer)) &&
          (r.to_org_id === null ? m.parties.some((p) => covers(p, owner)) : covers(r.to_org_id, owner)),
      ),
  );
}

// ---------------------------------------------------------------------------------------------
// Who may edit
// ---------------------------------------------------------------------------------------------

export type Who = Pick<AccessContext, 'userId' | 'orgId' | 'orgPath' | 'permissions'>;

const has = (w: Who, p: string) => w.permissions.has(p);
export const memberOf = (w: Who, orgId: number | null | undefined) => orgId != null && w.orgPath.includes(orgId);

/** Register or change a mechanism: `collab:edit` and a member of its lead body or of a party. */
export function mayEditMechanism(w: Who, m: { lead_org_id: number; parties: number[] }): boolean {
  return has(w, 'collab:edit') && (memberOf(w, m.lead_org_id) || m.parties.some((p) => memberOf(w, p)));
}

/** Hold a meeting (会商/联席会议), record minutes and decisions: `collab:edit` and a member of the host. */
export function mayEditMeeting(w: Who, m: { host_org_id: number }): boolean {
  return has(w, 'collab:edit') && memberOf(w, m.host_org_id);
}

/** See a meeting: a member of the host or of a participating body, or a viewer with a data scope over all. */
export function maySeeMeeting(w: Who & { allScope: boolean }, m: { host_org_id: number; orgs: number[] }): boolean {
  return has(w, 'collab:read') && (w.allScope || memberOf(w, m.host_org_id) || m.orgs.some((o) => memberOf(w, o)));
}

/** Report a decision task done: a member of its owner body (or the host's editor, on its behalf). */
export function mayCompleteTask(w: Who, t: { owner_org_id: number; host_org_id: number }): boolean {
  return (has(w, 'collab:read') && memberOf(w, t.owner_org_id)) || mayEditMeeting(w, t);
}

/** Campaigns, priority lists, experts, 问政: `collab:edit` and a member of the leading body. */
export function mayEditLed(w: Who, leadOrgId: number): boolean {
  return has(w, 'collab:edit') && memberOf(w, leadOrgId);
}

/** Progress on a campaign task: its owner body or the campaign's lead editor. */
export function mayReportCampaignTask(w: Who, t: { owner_org_id: number | null; lead_org_id: number }): boolean {
  return (has(w, 'collab:read') && memberOf(w, t.owner_org_id)) || mayEditLed(w, t.lead_org_id);
}
