/**
 * Which 12345 work orders a user sees (数据权限 of the hotline). Work orders belong to no
 * organisation of the platform by a column, so a user's data scope (the orgs it resolves to) is
 * matched against what ties an order to an organisation:
 *
 * - scope 全部 → every order;
 * - an organisation in scope is the order's 承办单位 (name or short name = `handler_unit`);
 * - a 派驻纪检监察组 in scope ("派驻市住建局纪检监察组") → orders of the unit it is stationed at
 *   (`handler_unit` ends with "市住建局");
 * - an organisation in scope has a 区县 (its own or inherited from an ancestor) → that district's orders;
 * - an organisation in scope is the supplier of the import batch that last wrote the order (the 12345 office);
 * - a 纪委监委 or its internal office (监督检查室 …) of the city level (no district on it or its
 *   ancestors) supervises the whole city's hotline → every order;
 * - 仅本人 → orders of batches the user uploaded.
 *
 * Pure: the caller loads the organisations of the scope (`ScopeOrg`) and turns the result into SQL.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { OrgKind } from '../../platform/access/schema.ts';

export interface ScopeOrg {
  id: number;
  name: string;
  short_name: string | null;
  kind: OrgKind;
  /** The org's own district, else its nearest ancestor's (null: city level). */
  district: string | null;
}

export interface OrderScope {
  all: boolean;
  units: string[];
  unitSuffixes: string[];
  districts: string[];
  supplierOrgIds: number[];
  uploaderId: number | null;
}

const CITY_WIDE_KINDS: readonly OrgKind[] = ['commission', 'office'];

/** "派驻市住建局纪检监察组" → "市住建局" (the unit a dispatched group supervises). */
export function stationedUnit(groupName: string): string | null {
  const m = /^派驻(.+?)(纪检监察组|纪检组)$/.exec(groupName.trim());
  return m && m[1].length >= 2 ? m[1] : null;
}

export function orderScope(access: Pick<AccessContext, 'userId' | 'scope'>, orgs: readonly ScopeOrg[]): OrderScope {
  const out: OrderScope = { all: false, units: [], unitSuffixes: [], districts: [], supplierOrgIds: [], uploaderId: access.scope.self ? access.userId : null };
  if (access.scope.all) return { ...out, all: true };
  const inScope = new Set(access.scope.orgIds);
  const units = new Set<string>();
  const suffixes = new Set<string>();
  const districts = new Set<string>();
  for (const o of orgs) {
    if (!inScope.has(o.id)) continue;
    if (CITY_WIDE_KINDS.includes(o.kind) && !o.district) return { ...out, all: true };
    units.add(o.name);
    if (o.short_name) units.add(o.short_name);
    if (o.kind === 'dispatched_group') {
      const u = stationedUnit(o.name);
      if (u) suffixes.add(u);
    }
    if (o.district) districts.add(o.district);
    out.supplierOrgIds.push(o.id);
  }
  return { ...out, units: [...units], unitSuffixes: [...suffixes], districts: [...districts] };
}

/** Pure: is one order (its handler unit, district, supplier and uploader) inside the scope? */
export function orderVisible(s: OrderScope, o: { handler_unit: string | null; district: string | null; supplier_org_id: number | null; uploaded_by: number | null }): boolean {
  if (s.all) return true;
  if (o.handler_unit && (s.units.includes(o.handler_unit) || s.unitSuffixes.some((x) => o.handler_unit!.endsWith(x)))) return true;
  if (o.district && s.districts.includes(o.district)) return true;
  if (o.supplier_org_id !== null && s.supplierOrgIds.includes(o.supplier_org_id)) return true;
  return s.uploaderId !== null && o.uploaded_by === s.uploaderId;
}
