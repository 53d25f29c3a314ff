/** 三员分立 and role validation as tables. */
import { describe, expect, it } from 'vitest';
import { CASE_CONTENT } from './permissions.ts';
import { BUILTIN_ROLES, validateRole, validateRoleSet } from './roles.ts';

describe('built-in roles', () => {
  it.each(BUILTIN_ROLES.map((r) => [r.code, r] as const))('%s is valid', (_code, r) => {
    expect(() => validateRole(r.adminKind, r.permissions)).not.toThrow();
  });

  it('no administrator role can read case content', () => {
    for (const r of BUILTIN_ROLES.filter((x) => x.adminKind)) {
      expect(r.permissions.filter((p) => CASE_CONTENT.has(p)), r.code).toEqual([]);
    }
  });
});

describe('validateRole', () => {
  it.each([
    ['system', ['admin:user', 'clue:read'], 'admin_separation'],
    ['security', ['security:role', 'admin:user'], 'admin_separation'],
    ['audit', ['audit:read', 'security:unlock'], 'admin_separation'],
    ['audit', ['audit:read', 'data:read_raw'], 'admin_separation'],
    [null, ['clue:read', 'audit:read'], 'admin_permission_on_business_role'],
    [null, ['no:such'], 'unknown_permission'],
  ] as const)('%s with %j → %s', (kind, perms, code) => {
    expect(() => validateRole(kind, [...perms])).toThrow(expect.objectContaining({ code }));
  });
});

describe('validateRoleSet', () => {
  const sys = { code: 'sys_admin', adminKind: 'system' as const };
  const sec = { code: 'sec_admin', adminKind: 'security' as const };
  const aud = { code: 'audit_admin', adminKind: 'audit' as const };
  const officer = { code: 'officer', adminKind: null };
  it.each([
    [[sys], true],
    [[sec], true],
    [[aud], true],
    [[officer], true],
    [[sys, sec], false],
    [[sec, aud], false],
    [[sys, aud], false],
    [[sys, officer], false],
    [[aud, officer], false],
  ])('%j allowed: %s', (roles, ok) => {
    if (ok) expect(() => validateRoleSet(roles)).not.toThrow();
    else expect(() => validateRoleSet(roles)).toThrow(expect.objectContaining({ code: 'admin_separation' }));
  });
});
