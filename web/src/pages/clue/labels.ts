/** Labels of the clue workflow (mirrors src/modules/clues/workflow.ts and schema.ts; the server re-checks). */

export const CLUE_STATE_LABELS: Record<string, string> = {
  registered: '待处置',
  method_pending: '处置方式待审批',
  in_disposal: '处置中',
  result_pending: '处置结果待审批',
  shelved: '暂存待查',
  closed: '已办结',
  merged: '已合并',
};

export const CLUE_STATE_COLORS: Record<string, string> = {
  registered: 'blue',
  method_pending: 'gold',
  in_disposal: 'processing',
  result_pending: 'orange',
  shelved: 'default',
  closed: 'green',
  merged: 'default',
};

export const SOURCE_LABELS: Record<string, string> = {
  hotline: '12345热线',
  audit: '审计移送',
  inspection: '巡视巡察',
  media: '舆论监督',
  model_hit: '监督模型',
  petition: '信访举报',
  self: '自行发现',
  finance: '财会监督',
  judicial: '司法机关',
  other: '其他',
};

export const METHOD_LABELS: Record<string, string> = {
  talk_inquiry: '谈话函询',
  preliminary: '初步核实',
  shelve: '暂存待查',
  conclude: '予以了结',
};

export const OUTCOMES: Record<string, { label: string; forms: number[] }> = {
  concluded: { label: '予以了结（反映不实或无法查证）', forms: [] },
  criticism: { label: '批评教育（谈话提醒、批评教育、责令检查、诫勉）', forms: [1] },
  org_handling: { label: '组织处理', forms: [2, 3] },
  case_filed: { label: '立案审查调查', forms: [2, 3, 4] },
  transfer_other: { label: '移送其他机关处理', forms: [] },
  to_preliminary: { label: '转初步核实', forms: [] },
};

export const FORM_LABELS: Record<number, string> = {
  1: '第一种形态',
  2: '第二种形态',
  3: '第三种形态',
  4: '第四种形态',
};

export const FORM_DESCRIPTIONS: Record<number, string> = {
  1: '批评教育帮助和处理（谈话函询、谈话提醒、批评教育、责令检查、诫勉）',
  2: '党纪轻处分、组织调整',
  3: '党纪重处分、重大职务调整',
  4: '严重违纪涉嫌违法立案审查调查',
};

export const CADRE_LEVELS = ['市管', '县管', '乡管', '其他'] as const;

export const CLUE_ACTION_LABELS: Record<string, string> = {
  assign: '指定承办人',
  propose: '提出处置意见',
  approve: '审批同意',
  reject: '审批退回',
  record_step: '记录处置步骤',
  report: '报告处置结果',
  reactivate: '重新启用',
  merge: '合并',
  transfer: '移交',
};
