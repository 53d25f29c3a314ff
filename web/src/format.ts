/** Display helpers: dates in Asia/Shanghai business style and Chinese labels of enumerations. */
import dayjs from 'dayjs';

export function fmtTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : String(v);
}

export function fmtDate(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD') : String(v);
}

export const ORG_KIND_LABELS: Record<string, string> = {
  commission: '纪委监委',
  office: '内设机构',
  dispatched_group: '派驻纪检监察组',
  inspection: '巡视巡察机构',
  partner: '协作单位',
  unit: '被监督单位',
};

export const DATA_SCOPE_LABELS: Record<string, string> = {
  all: '全部数据',
  custom: '自定义',
  dept: '本部门',
  dept_and_below: '本部门及以下',
  self: '仅本人',
};

export const ADMIN_KIND_LABELS: Record<string, string> = {
  system: '系统管理员',
  security: '安全保密管理员',
  audit: '安全审计员',
};

export const OUTCOME_LABELS: Record<string, { text: string; color: string }> = {
  success: { text: '成功', color: 'green' },
  failure: { text: '失败', color: 'red' },
  denied: { text: '拒绝', color: 'orange' },
  locked: { text: '锁定', color: 'volcano' },
  mfa_failure: { text: '动态口令错误', color: 'red' },
  logout: { text: '退出', color: 'default' },
};

/** The password policy of the server (src/platform/auth/password.ts), checked before sending. */
export function passwordProblem(pw: string, username?: string): string | null {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (pw.length < 10 || classes < 3) return '口令至少 10 位，且包含大写字母、小写字母、数字、符号中的至少 3 类';
  if (username && pw.toLowerCase().includes(username.toLowerCase())) return '口令不能包含用户名';
  return null;
}
