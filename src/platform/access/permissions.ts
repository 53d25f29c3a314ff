/**
 * Every permission string of the platform with its Chinese label and the menu it opens.
 * Roles hold lists of these; routes declare which one they need.
 */
export interface PermissionDef {
  code: string;
  label: string;
  menu: string;
  /** Reading case content (clues, raw personal data): never granted to the three administrators. */
  caseContent?: boolean;
}

export const MENUS: Record<string, string> = {
  todo: '我的待办',
  dashboard: '驾驶舱',
  data: '数据整合',
  entity: '主体档案',
  model: '监督模型',
  hotline: '12345热线',
  clue: '问题线索',
  transfer: '移交协作',
  rectify: '整改台账',
  account: '问责处分',
  inspection: '巡视巡察',
  collab: '协作机制',
  report: '报告报表',
  admin: '系统管理',
  security: '安全管理',
  audit: '审计管理',
};

const P = (code: string, label: string, caseContent = false): PermissionDef => ({
  code,
  label,
  menu: code.split(':')[0],
  caseContent,
});

export const PERMISSIONS: PermissionDef[] = [
  P('todo:view', '查看我的待办'),
  P('dashboard:view', '查看驾驶舱'),
  P('data:import', '导入数据'),
  P('data:catalog', '查看数据目录与血缘'),
  P('data:read_raw', '查看原始数据行', true),
  P('data:share', '设置数据共享权限'),
  P('entity:read', '查看人员/企业档案', true),
  P('model:read', '查看模型库'),
  P('model:run', '运行模型'),
  P('model:edit', '编辑/新建模型'),
  P('hit:review', '核查模型命中', true),
  P('hotline:read', '查看热线工单', true),
  P('hotline:classify', '修正诉求分类', true),
  P('hotline:transfer', '热线移送', true),
  P('hotline:publish', '审核督办公开', true),
  P('hotline:routing', '维护分类处置清单'),
  // Held by API keys of machine clients (Open311 intake), never by a role.
  P('hotline:intake', '热线工单接入（接口密钥）'),
  P('clue:read', '查看问题线索', true),
  P('clue:create', '登记问题线索', true),
  P('clue:dispose', '处置问题线索', true),
  P('clue:approve', '审批线索处置', true),
  P('clue:whistleblower', '查看举报人身份', true),
  P('transfer:send', '移交', true),
  P('transfer:receive', '签收/退回/反馈', true),
  P('rectify:read', '查看整改台账', true),
  P('rectify:edit', '填报整改进展', true),
  P('rectify:verify', '核验销号', true),
  P('account:read', '查看问责处分', true),
  P('account:edit', '登记问责处分', true),
  P('account:approve', '提级审核', true),
  P('inspection:read', '查看巡视巡察', true),
  P('inspection:edit', '管理巡视巡察', true),
  P('collab:read', '查看协作机制'),
  P('collab:edit', '管理协作机制'),
  P('report:read', '查看/生成报告'),
  P('admin:user', '用户管理'),
  P('admin:org', '组织机构管理'),
  P('admin:dict', '字典管理'),
  P('admin:calendar', '工作日历管理'),
  P('admin:settings', '系统参数'),
  P('security:role', '角色与授权'),
  P('security:unlock', '解锁账号/重置口令'),
  P('security:keys', '密钥与接口密钥'),
  P('audit:read', '查看审计日志/登录日志'),
  P('audit:export', '导出审计日志'),
  P('audit:verify', '校验审计链'),
];

export const PERMISSION_CODES = new Set(PERMISSIONS.map((p) => p.code));
export const CASE_CONTENT = new Set(PERMISSIONS.filter((p) => p.caseContent).map((p) => p.code));

/** Which permission prefixes each of the three administrators (三员) may hold. */
export const ADMIN_KIND_PREFIXES = {
  system: ['admin:', 'data:catalog', 'model:read', 'collab:read'],
  security: ['security:'],
  audit: ['audit:'],
} as const;
