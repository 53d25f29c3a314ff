/** Labels of transfers (mirrors src/modules/transfers/workflow.ts and objects.ts). */
export const TRANSFER_STATE_LABELS: Record<string, string> = {
  sent: '待签收',
  acknowledged: '已签收待反馈',
  returned: '已退回',
  fed_back: '已反馈',
};

export const TRANSFER_STATE_COLORS: Record<string, string> = {
  sent: 'gold',
  acknowledged: 'processing',
  returned: 'red',
  fed_back: 'green',
};

export const TRANSFER_OUTCOME_LABELS: Record<string, string> = {
  case_filed: '立案审查调查',
  org_handling: '组织处理',
  criticism: '批评教育',
  concluded: '予以了结',
  transfer_other: '转其他机关',
  rectified: '已整改',
  in_progress: '正在办理',
  other: '其他',
};

export const OBJECT_LABELS: Record<string, string> = {
  clue: '问题线索',
  problem: '问题线索（外部移送）',
  hotline_batch: '12345热线工单',
  rectification: '整改事项',
};

/** Kinds a user can describe by hand (clues are transferred from the clue page). */
export const DESCRIBED_KINDS = ['problem', 'hotline_batch', 'rectification'] as const;

export const HISTORY_LABELS: Record<string, string> = {
  'transfer.send': '移交',
  'transfer.acknowledge': '签收',
  'transfer.return': '退回',
  'transfer.feedback': '反馈结果',
  'transfer.escalate': '签收超期督办',
  'transfer.feedback_overdue': '反馈超期',
};
