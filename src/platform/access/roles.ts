/**
 * Built-in roles and the rules of 三员分立 (separation of the three administrators):
 * an account holds at most one administrator role, and administrator roles never read case content.
 */
import { AppError } from '../errors.ts';
import { ADMIN_KIND_PREFIXES, CASE_CONTENT, PERMISSIONS, PERMISSION_CODES } from './permissions.ts';
import type { AdminKind, DataScope } from './schema.ts';

export interface RoleDef {
  code: string;
  name: string;
  dataScope: DataScope;
  adminKind: AdminKind | null;
  permissions: string[];
}

const all = (prefix: string) => PERMISSIONS.filter((p) => p.code.startsWith(prefix)).map((p) => p.code);

export const BUILTIN_ROLES: RoleDef[] = [
  {
    code: 'sys_admin',
    name: '系统管理员',
    dataScope: 'all',
    adminKind: 'system',
    permissions: [...all('admin:'), 'data:catalog', 'model:read', 'collab:read'],
  },
  { code: 'sec_admin', name: '安全保密管理员', dataScope: 'all', adminKind: 'security', permissions: all('security:') },
  { code: 'audit_admin', name: '安全审计员', dataScope: 'all', adminKind: 'audit', permissions: all('audit:') },
  {
    code: 'leader',
    name: '委领导',
    dataScope: 'all',
    adminKind: null,
    permissions: [
      'todo:view', 'dashboard:view', 'report:read', 'clue:read', 'clue:approve', 'account:read', 'account:approve',
      'rectify:read', 'inspection:read', 'collab:read', 'model:read', 'hotline:read', 'entity:read', 'transfer:receive',
    ],
  },
  {
    code: 'officer',
    name: '纪检监察干部',
    dataScope: 'dept_and_below',
    adminKind: null,
    permissions: [
      'todo:view', 'dashboard:view', 'report:read', 'data:catalog', 'entity:read', 'model:read', 'model:run', 'hit:review',
      'hotline:read', 'hotline:classify', 'hotline:transfer', 'hotline:publish', 'clue:read', 'clue:create', 'clue:dispose',
      'transfer:send', 'transfer:receive', 'rectify:read', 'rectify:edit', 'rectify:verify', 'account:read', 'account:edit',
      'inspection:read', 'collab:read', 'collab:edit',
    ],
  },
  {
    code: 'case_manager',
    name: '案件监督管理室干部',
    dataScope: 'all',
    adminKind: null,
    permissions: [
      'todo:view', 'dashboard:view', 'report:read', 'clue:read', 'clue:create', 'clue:dispose', 'clue:whistleblower',
      'transfer:send', 'transfer:receive', 'entity:read', 'model:read', 'hit:review', 'account:read', 'account:edit',
      'rectify:read', 'collab:read',
    ],
  },
  {
    code: 'inspector',
    name: '巡察组成员',
    dataScope: 'dept',
    adminKind: null,
    permissions: [
      'todo:view', 'inspection:read', 'inspection:edit', 'clue:read', 'clue:create', 'transfer:send', 'transfer:receive',
      'rectify:read', 'rectify:edit', 'entity:read', 'model:read', 'report:read',
    ],
  },
  {
    code: 'data_admin',
    name: '数据管理员',
    dataScope: 'all',
    adminKind: null,
    permissions: [
      'todo:view', 'data:import', 'data:catalog', 'data:read_raw', 'data:share', 'model:read', 'model:run', 'model:edit',
      'entity:read',
    ],
  },
  {
    code: 'hotline_clerk',
    name: '12345热线办工作人员',
    dataScope: 'dept',
    adminKind: null,
    permissions: [
      'todo:view', 'data:import', 'hotline:read', 'hotline:classify', 'hotline:transfer', 'hotline:routing', 'report:read',
      'transfer:send', 'transfer:receive', 'collab:read',
    ],
  },
  {
    code: 'partner_clerk',
    name: '协作单位经办人',
    dataScope: 'dept',
    adminKind: null,
    permissions: [
      'todo:view', 'data:import', 'transfer:send', 'transfer:receive', 'rectify:read', 'rectify:edit', 'collab:read',
      'report:read',
    ],
  },
];

/** Refuse a role definition that breaks 三员分立 or names unknown permissions. */
export function validateRole(adminKind: AdminKind | null, permissions: string[]): void {
  const unknown = permissions.filter((p) => !PERMISSION_CODES.has(p));
  if (unknown.length) {
    throw new AppError('unknown_permission', `未知权限：${unknown.join('、')}`, `Unknown permissions: ${unknown.join(', ')}`);
  }
  if (!adminKind) {
    const adminOnly = permissions.filter((p) => /^(admin|security|audit):/.test(p));
    if (adminOnly.length) {
      throw new AppError(
        'admin_permission_on_business_role',
        `业务角色不能含管理员权限：${adminOnly.join('、')}`,
        `A business role cannot hold administrator permissions: ${adminOnly.join(', ')}`,
      );
    }
    return;
  }
  const allowed: readonly string[] = ADMIN_KIND_PREFIXES[adminKind];
  const outside = permissions.filter((p) => CASE_CONTENT.has(p) || !allowed.some((a) => p.startsWith(a)));
  if (outside.length) {
    throw new AppError(
      'admin_separation',
      `三员分立：该管理员角色不能含权限 ${outside.join('、')}`,
      `Separation of administrators: this administrator role cannot hold ${outside.join(', ')}`,
    );
  }
}

/** An account may hold at most one administrator role, and no business role beside it. */
export function validateRoleSet(roles: { code: string; adminKind: AdminKind | null }[]): void {
  const kinds = new Set(roles.map((r) => r.adminKind).filter(Boolean));
  if (kinds.size > 1) {
    throw new AppError(
      'admin_separation',
      '三员分立：同一账号不能兼任系统管理员、安全保密管理员、安全审计员中的两个',
      'Separation of administrators: one account cannot hold two of system, security and audit administrator',
    );
  }
  if (kinds.size === 1 && roles.some((r) => !r.adminKind)) {
    throw new AppError(
      'admin_separation',
      '三员分立：管理员账号不能兼任业务角色（不得接触案件内容）',
      'Separation of administrators: an administrator account cannot also hold a business role (no case content)',
    );
  }
}
