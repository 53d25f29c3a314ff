/**
 * Who may do what with the integrated data (pure functions; the routes check the permission
 * string first, these add the record-level rules).
 *
 * - Raw rows of a dataset (原始数据): permission `data:read_raw` AND a sharing rule of that
 *   dataset naming one of the user's roles or the user's organisation. Most users never see raw
 *   rows, only model results.
 * - Rejected rows of a batch (they are raw rows too): the uploader, anyone of the supplying
 *   organisation or the uploader's organisation, or a holder of `data:read_raw` with scope all.
 * - Naming another organisation as the supplier of an upload: only users whose data scope is
 *   all (数据管理员); everybody else supplies for their own organisation.
 */
import type { AccessContext } from '../../platform/access/context.ts';

export interface SharingRule {
  dataset: string;
  grantee_kind: 'role' | 'org';
  grantee: string;
}

export function sharingAllows(access: AccessContext, dataset: string, rules: readonly SharingRule[]): boolean {
  return rules.some(
    (r) =>
      r.dataset === dataset &&
      ((r.grantee_kind === 'role' && access.roles.includes(r.grantee)) || (r.grantee_kind === 'org' && r.grantee === String(access.orgId))),
  );
}

export function mayReadRaw(access: AccessContext, dataset: string, rules: readonly SharingRule[]): boolean {
  return access.permissions.has('data:read_raw') && sharingAllows(access, dataset, rules);
}

export interface BatchOwnership {
  uploaded_by: number | null;
  supplier_org_id: number | null;
  uploader_org_id: number | null;
}

export function mayDownloadRejects(access: AccessContext, b: BatchOwnership): boolean {
  if (!access.permissions.has('data:import')) return false;
  if (b.uploaded_by !== null && b.uploaded_by === access.userId) return true;
  if (b.supplier_org_id !== null && b.supplier_org_id === access.orgId) return true;
  if (b.uploader_org_id !== null && b.uploader_org_id === access.orgId) return true;
  return access.scope.all && access.permissions.has('data:read_raw');
}

export function maySetSupplier(access: AccessContext, orgId: number): boolean {
  return orgId === access.orgId || access.scope.all;
}
