/**
 * Who may do what to a clue. Pure: decided from the user's permissions and org, and a few facts
 * of the clue. Need-to-know (知悉范围) is not decided here: a clue not given to the user is
 * invisible to them (SQL, `needToKnowCondition`) before any of these rules is asked.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { forbidden } from '../../platform/errors.ts';

export type CadreLevel = '市管' | '县管' | '乡管' | '其他';
export const CADRE_LEVELS: CadreLevel[] = ['市管', '县管', '乡管', '其他'];

export const CLUE_ACTIONS = [
  'read',
  'export',
  'create',
  'attach',
  'whistleblower',
  'assign',
  'propose',
  'record_step',
  'report',
  'reactivate',
  'merge',
  'approve',
  'reject',
  'transfer',
] as const;
export type ClueAction = (typeof CLUE_ACTIONS)[number];

export type Who = Pick<AccessContext, 'userId' | 'orgId' | 'orgPath' | 'permissions'>;

export interface ClueFacts {
  /** The owning (承办) organisation and its ancestry (ancestors + itself). */
  orgId: number;
  orgPath: number[];
  createdBy: number | null;
  handlerId: number | null;
  approverId: number | null;
  cadreLevel: CadreLevel;
}

const has = (who: Who, p: string) => who.permissions.has(p);

/** The one who acts on the clue: its handler, or — while none is assigned — its owning org. */
function isDisposer(who: Who, clue: ClueFacts): boolean {
  if (!has(who, 'clue:dispose')) return false;
  return clue.handlerId ? clue.handlerId === who.userId : clue.orgId === who.orgId;
}

/**
 * The competent leader (有管理权限的领导): holds 'clue:approve' in the owning org or an org above
 * it; a clue about a 市管 cadre needs a leader of the top-level commission.
 */
export function isCompetent(who: Who, clue: Pick<ClueFacts, 'orgPath' | 'cadreLevel'>): boolean {
  if (!has(who, 'clue:approve')) return false;
  if (!clue.orgPath.includes(who.orgId)) return false;
  return clue.cadreLevel !== '市管' || who.orgPath.length === 1;
}

const RULES: Record<ClueAction, (who: Who, clue: ClueFacts) => boolean> = {
  read: (who) => has(who, 'clue:read'),
  export: (who) => has(who, 'clue:read'),
  create: (who) => has(who, 'clue:create'),
  attach: (who, c) => (has(who, 'clue:create') && c.createdBy === who.userId) || isDisposer(who, c),
  whistleblower: (who) => has(who, 'clue:whistleblower'),
  assign: (who, c) => (has(who, 'clue:dispose') && c.orgId === who.orgId) || isCompetent(who, c),
  propose: isDisposer,
  record_step: isDisposer,
  report: isDisposer,
  reactivate: isDisposer,
  merge: isDisposer,
  // Nobody approves their own disposal (审批与承办分离).
  approve: (who, c) => c.approverId === who.userId && c.handlerId !== who.userId && isCompetent(who, c),
  reject: (who, c) => c.approverId === who.userId && c.handlerId !== who.userId && isCompetent(who, c),
  transfer: (who, c) =>
    has(who, 'transfer:send') && has(who, 'clue:read') && (c.orgId === who.orgId || c.handlerId === who.userId),
};

export function mayDo(who: Who, action: ClueAction, clue: ClueFacts): boolean {
  return RULES[action](who, clue);
}

const ACTION_LABELS: Record<ClueAction, string> = {
  read: '查看',
  export: '导出',
  create: '登记',
  attach: '上传材料',
  whistleblower: '查看举报人身份',
  assign: '指定承办人',
  propose: '提出处置意见',
  record_step: '记录处置步骤',
  report: '报告处置结果',
  reactivate: '重新启用',
  merge: '合并',
  approve: '审批',
  reject: '审批退回',
  transfer: '移交',
};

export function assertMay(who: Who, action: ClueAction, clue: ClueFacts): void {
  if (!mayDo(who, action, clue)) {
    throw forbidden(`无权对该线索执行“${ACTION_LABELS[action]}”`, `You may not ${action} this clue`);
  }
}

/** The level that decides the competent office: the highest among the reported persons. */
export function competentLevel(levels: readonly (string | null | undefined)[]): CadreLevel {
  for (const l of CADRE_LEVELS) if (levels.includes(l)) return l;
  return '其他';
}
