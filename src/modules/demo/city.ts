/**
 * 示范市: the demo city's organisations and one user per role. Everything here is fixed so that
 * screenshots, browser tests and docs can name these accounts.
 */
import type { OrgKind } from '../../platform/access/schema.ts';
import { sm3 } from '../../platform/crypto/sm3.ts';

export const DEMO_PASSWORD = 'Guantong@2026';
export const CITY = '示范市';
export const DISTRICTS = ['东城区', '西城区', '南湖区', '北山县'] as const;

export interface DemoOrg {
  name: string;
  kind: OrgKind;
  parent?: string;
  district?: string;
}

export const COMMISSION = '示范市纪委监委';

export const DEMO_ORGS: DemoOrg[] = [
  { name: COMMISSION, kind: 'commission' },
  { name: '党风政风监督室', kind: 'office', parent: COMMISSION },
  { name: '第一监督检查室', kind: 'office', parent: COMMISSION },
  { name: '第二监督检查室', kind: 'office', parent: COMMISSION },
  { name: '案件监督管理室', kind: 'office', parent: COMMISSION },
  { name: '案件审理室', kind: 'office', parent: COMMISSION },
  { name: '信访室', kind: 'office', parent: COMMISSION },
  { name: '派驻市农业农村局纪检监察组', kind: 'dispatched_group', parent: COMMISSION },
  { name: '派驻市住建局纪检监察组', kind: 'dispatched_group', parent: COMMISSION },
  { name: '市委巡察办', kind: 'inspection', parent: COMMISSION },
  { name: '市委第一巡察组', kind: 'inspection', parent: '市委巡察办' },
  { name: '市委第二巡察组', kind: 'inspection', parent: '市委巡察办' },
  ...DISTRICTS.map((d) => ({ name: `${d}纪委监委`, kind: 'commission' as const, parent: COMMISSION, district: d })),
  { name: '示范市审计局', kind: 'partner' },
  { name: '示范市财政局', kind: 'partner' },
  { name: '示范市12345政务服务便民热线办公室', kind: 'partner' },
  { name: '示范市委宣传部', kind: 'partner' },
  { name: '示范市中级人民法院', kind: 'partner' },
  { name: '示范市人民检察院', kind: 'partner' },
  { name: '示范市金融监管局', kind: 'partner' },
  { name: '示范市公安局', kind: 'partner' },
  { name: '示范市民政局', kind: 'partner' },
  { name: '示范市农业农村局', kind: 'unit' },
  { name: '示范市住房和城乡建设局', kind: 'unit' },
  { name: '示范市教育局', kind: 'unit' },
  { name: '示范市卫生健康委员会', kind: 'unit' },
  { name: '示范市市场监督管理局', kind: 'unit' },
  { name: '示范市城市管理局', kind: 'unit' },
  { name: '示范市粮食和物资储备局', kind: 'unit' },
  { name: '示范市文化和旅游局', kind: 'unit' },
  { name: '示范市机关事务管理局', kind: 'unit' },
  ...DISTRICTS.map((d) => ({ name: `${d}人民政府`, kind: 'unit' as const, district: d })),
];

export interface DemoUser {
  username: string;
  displayName: string;
  org: string;
  roles: string[];
  note: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'sysadmin', displayName: '系统管理员', org: COMMISSION, roles: ['sys_admin'], note: '系统管理员（三员）' },
  { username: 'secadmin', displayName: '安全保密管理员', org: COMMISSION, roles: ['sec_admin'], note: '安全保密管理员（三员）' },
  { username: 'auditadmin', displayName: '安全审计员', org: COMMISSION, roles: ['audit_admin'], note: '安全审计员（三员）' },
  { username: 'leader', displayName: '周振华', org: COMMISSION, roles: ['leader'], note: '委领导' },
  { username: 'officer1', displayName: '李明远', org: '第一监督检查室', roles: ['officer'], note: '第一监督检查室干部' },
  { username: 'officer2', displayName: '王晓燕', org: '第二监督检查室', roles: ['officer'], note: '第二监督检查室干部' },
  { username: 'casemgr', displayName: '陈立新', org: '案件监督管理室', roles: ['case_manager'], note: '案件监督管理室干部' },
  { username: 'group1', displayName: '赵建国', org: '派驻市农业农村局纪检监察组', roles: ['officer'], note: '派驻纪检监察组组长' },
  { username: 'inspector1', displayName: '孙浩然', org: '市委第一巡察组', roles: ['inspector'], note: '市委第一巡察组组长' },
  { username: 'dataadmin', displayName: '刘思远', org: COMMISSION, roles: ['data_admin'], note: '数据管理员' },
  { username: 'hotline', displayName: '黄丽娟', org: '示范市12345政务服务便民热线办公室', roles: ['hotline_clerk'], note: '12345热线办' },
  { username: 'auditor', displayName: '吴志强', org: '示范市审计局', roles: ['partner_clerk'], note: '审计局经办人' },
  { username: 'finance', displayName: '郑海燕', org: '示范市财政局', roles: ['partner_clerk'], note: '财政局经办人' },
  { username: 'agri', displayName: '冯建华', org: '示范市农业农村局', roles: ['partner_clerk'], note: '农业农村局（整改责任单位）' },
];

/** Demo accounts' TOTP secrets are derived from the user name, so tests and docs can compute codes. */
export function demoTotpSecret(username: string): string {
  const bytes = sm3(`guantong-demo-totp:${username}`).subarray(0, 20);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) out += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
  return out;
}
