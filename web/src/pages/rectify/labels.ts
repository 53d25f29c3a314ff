/** Labels of the rectification ledger (mirrors src/modules/rectification/workflow.ts and schema.ts). */
export const RECT_STATE_LABELS: Record<string, string> = {
  pending: '待整改',
  in_progress: '整改中',
  submitted: '待核验（已申请销号）',
  reopened: '重新整改',
  rectified: '已销号',
  cancelled: '已撤销',
};

export const RECT_STATE_COLORS: Record<string, string> = {
  pending: 'default',
  in_progress: 'processing',
  submitted: 'gold',
  reopened: 'orange',
  rectified: 'green',
  cancelled: 'default',
};

export const RECT_SOURCE_LABELS: Record<string, string> = {
  inspection: '巡视巡察',
  audit: '审计监督',
  model_hit: '监督模型',
  campaign: '专项整治',
  clue: '问题线索',
  hotline: '12345热线',
  self_check: '自查自纠',
  other: '其他',
};

export const RECT_EVENT_LABELS: Record<string, string> = {
  report: '填报整改进展',
  submit: '申请销号',
  verify_pass: '核验通过并销号',
  verify_fail: '核验不通过',
  reopen: '重新打开',
  cancel: '撤销（误录）',
  overdue: '逾期预警',
};

export interface Campaign {
  id: number;
  name: string;
  domain: string | null;
  lead_org_id: number | null;
  lead_org_name: string | null;
  started_on: string | null;
  ends_on: string | null;
  description: string | null;
}
