/** The hotline's data scope as a table: each kind of organisation × each tie of an order to it. */
import { describe, expect, it } from 'vitest';
import type { AccessContext } from '../../platform/access/context.ts';
import { type OrderScope, orderScope, orderVisible, type ScopeOrg, stationedUnit } from './hotline.policy.ts';

const ORGS: ScopeOrg[] = [
  { id: 1, name: '示范市纪委监委', short_name: null, kind: 'commission', district: null },
  { id: 2, name: '第一监督检查室', short_name: null, kind: 'office', district: null },
  { id: 3, name: '东城区纪委监委', short_name: '东城纪委', kind: 'commission', district: '东城区' },
  { id: 4, name: '东城区纪委监委第一室', short_name: null, kind: 'office', district: '东城区' }, // district inherited
  { id: 5, name: '派驻市住建局纪检监察组', short_name: null, kind: 'dispatched_group', district: null },
  { id: 6, name: '示范市12345政务服务便民热线办公室', short_name: null, kind: 'partner', district: null },
  { id: 7, name: '示范市教育局', short_name: '市教育局', kind: 'unit', district: null },
  { id: 8, name: '市委第一巡察组', short_name: null, kind: 'inspection', district: null },
];

const access = (orgIds: number[], opts: { all?: boolean; self?: boolean } = {}): Pick<AccessContext, 'userId' | 'scope'> => ({
  userId: 99,
  scope: { all: !!opts.all, orgIds, subtreeRoots: [], self: !!opts.self },
});

const order = (o: Partial<{ handler_unit: string; district: string; supplier_org_id: number; uploaded_by: number }>) => ({
  handler_unit: o.handler_unit ?? null,
  district: o.district ?? null,
  supplier_org_id: o.supplier_org_id ?? null,
  uploaded_by: o.uploaded_by ?? null,
});

const ORDERS = {
  eduWest: order({ handler_unit: '示范市教育局', district: '西城区' }),
  eduShort: order({ handler_unit: '市教育局', district: '北山县' }),
  housingEast: order({ handler_unit: '示范市住建局', district: '东城区' }),
  housingWest: order({ handler_unit: '示范市市住建局', district: '西城区' }),
  supplied: order({ handler_unit: '示范市城市管理局', district: '南湖区', supplier_org_id: 6 }),
  mine: order({ handler_unit: '示范市城市管理局', district: '南湖区', uploaded_by: 99 }),
};

const visibleTo = (s: OrderScope) =>
  Object.entries(ORDERS)
    .filter(([, o]) => orderVisible(s, o))
    .map(([k]) => k)
    .sort();

describe('orderScope × orderVisible', () => {
  const cases: [string, Pick<AccessContext, 'userId' | 'scope'>, string[]][] = [
    ['scope 全部', access([], { all: true }), Object.keys(ORDERS).sort()],
    ['city commission (本部门及以下)', access([1, 2]), Object.keys(ORDERS).sort()],
    ['city-level supervision office', access([2]), Object.keys(ORDERS).sort()],
    ['district commission: its district only', access([3, 4]), ['housingEast']],
    ['district office (inherited district)', access([4]), ['housingEast']],
    ['dispatched group: the unit it is stationed at', access([5]), ['housingEast', 'housingWest']],
    ['12345 office: the orders it supplied', access([6]), ['supplied']],
    ['handling unit: its own orders (name or short name)', access([7]), ['eduShort', 'eduWest']],
    ['inspection group: not city-wide', access([8]), []],
    ['仅本人: batches the user uploaded', access([], { self: true }), ['mine']],
    ['no scope at all', access([]), []],
  ];
  for (const [name, a, expected] of cases) {
    it(name, () => {
      expect(visibleTo(orderScope(a, ORGS))).toEqual(expected);
    });
  }

  it('ignores organisations outside the scope even when loaded', () => {
    expect(orderScope(access([7]), ORGS)).toMatchObject({ all: false, units: ['示范市教育局', '市教育局'], districts: [], supplierOrgIds: [7] });
  });

  it('reads the unit a dispatched group is stationed at', () => {
    expect(stationedUnit('派驻市住建局纪检监察组')).toBe('市住建局');
    expect(stationedUnit('派驻市农业农村局纪检组')).toBe('市农业农村局');
    expect(stationedUnit('第一监督检查室')).toBeNull();
  });
});
