/** Labels of inspections (mirrors src/modules/inspections/schema.ts and workflow.ts). */
export const PHASE_LABELS: Record<string, string> = { planning: '筹备', before: '巡前', during: '巡中（进驻）', after: '巡后（反馈整改）', closed: '已完结' };
export const PHASE_ORDER = ['planning', 'before', 'during', 'after', 'closed'];
export const PHASE_EVENTS: Record<string, { event: string; label: string }> = {
  planning: { event: 'prepare', label: '转入巡前准备' },
  before: { event: 'station', label: '进驻' },
  during: { event: 'withdraw', label: '撤离' },
  after: { event: 'close', label: '完结' },
};
export const FINDING_CATEGORIES = ['贯彻落实党的路线方针政策和上级决策部署', '群众身边不正之风和腐败问题', '基层党组织建设', '巡视巡察、审计等监督发现问题整改', '审计发现问题'];
export const DISPOSITION_LABELS: Record<string, string> = { problem: '一般问题（反馈整改）', clue: '问题线索（移交）', immediate: '立行立改' };
export const FINDING_STATE_LABELS: Record<string, string> = { open: '待处理', transferred: '已移交线索', immediate: '立行立改中', on_ledger: '已列入整改台账' };
export const FINDING_STATE_COLORS: Record<string, string> = { open: 'gold', transferred: 'purple', immediate: 'orange', on_ledger: 'blue' };
export const LETTER_STATE_LABELS: Record<string, string> = { draft: '草稿', issued: '已印发待反馈', answered: '已反馈', closed: '已办结' };
export const LETTER_STATE_COLORS: Record<string, string> = { draft: 'default', issued: 'gold', answered: 'blue', closed: 'green' };
export const LETTER_KIND_LABELS: Record<string, string> = { inspection: '巡察建议书', discipline: '纪检监察建议书' };
