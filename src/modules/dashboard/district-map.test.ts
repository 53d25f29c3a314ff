/**
 * 区划地图: validation of uploaded GeoJSON (bilingual reasons), the demo city's schematic, and the
 * routes with the demo city's users — GET default vs uploaded, upload/reset by the system
 * administrator only (403 for others), dry runs that store nothing, and audit events that carry a
 * before/after summary but never the geometry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, type Res, request } from '../../../test/support/http.ts';
import { AppError } from '../../platform/errors.ts';
import { DISTRICTS } from '../demo/city.ts';
import { type DistrictMap, MAX_MAP_BYTES, mapWarnings, parseDistrictMap, schematicMap, summarize } from './district-map.ts';

const square = (x: number, y: number, d = 0.125) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const feature = (name: unknown, geometry: unknown) => ({ type: 'Feature', properties: { name, adcode: 110101 }, geometry });
/** A small valid city: the four demo districts as squares near 116°E 40°N (binary-exact steps). */
const city = () => fc(DISTRICTS.map((d, i) => feature(d, { type: 'Polygon', coordinates: square(116 + i * 0.125, 40) })));

function rejects(input: string | Buffer, zh: RegExp, en: RegExp, code = 'bad_geojson') {
  try {
    parseDistrictMap(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(zh);
    expect(err.messageEn).toMatch(en);
    return;
  }
  throw new Error(`accepted: ${String(input).slice(0, 80)}`);
}

describe('parseDistrictMap', () => {
  it('accepts a FeatureCollection of named polygons and keeps only names and geometry', () => {
    const m = parseDistrictMap(Buffer.from(`\uFEFF${JSON.stringify(city())}`));
    expect(m.features.map((f) => f.properties.name)).toEqual([...DISTRICTS]);
    expect(m.features[0].properties).toEqual({ name: '东城区' });
    const s = summarize(m);
    expect(s.features).toBe(4);
    expect(s.positions).toBe(20);
    expect(s.bbox).toEqual([116, 40, 116.5, 40.125]);
    expect(s.sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(mapWarnings(s, DISTRICTS)).toEqual([]);
  });

  it('accepts MultiPolygons and polygons with holes', () => {
    const multi = feature('南湖区', { type: 'MultiPolygon', coordinates: [square(116, 40), square(116.3, 40)] });
    const holed = feature('北山县', { type: 'Polygon', coordinates: [square(117, 40, 1)[0], square(117.2, 40.2, 0.2)[0]] });
    const m = parseDistrictMap(JSON.stringify(fc([multi, holed])));
    expect(m.features[0].geometry.type).toBe('MultiPolygon');
    expect(m.features[1].geometry.coordinates).toHaveLength(2);
  });

  it('refuses bad JSON, other top-level types, missing names and wrong geometry, in Chinese and English', () => {
    rejects('{"type": "FeatureCollection", "features": [', /不是合法的 JSON/, /not valid JSON/);
    rejects('', /文件为空/, /empty/);
    rejects(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /UTF-8/, /UTF-8/);
    rejects(JSON.stringify({ type: 'Feature', properties: { name: '东城区' }, geometry: null }), /FeatureCollection（实际为 Feature）/, /must be a FeatureCollection \(got Feature\)/);
    rejects('[1, 2]', /FeatureCollection/, /got array/);
    rejects(JSON.stringify(fc([])), /非空数组/, /non-empty/);
    rejects(JSON.stringify(fc([feature('', { type: 'Polygon', coordinates: square(116, 40) })])), /第 1 个区域缺少名称/, /feature 1 has no name/);
    rejects(JSON.stringify(fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116, 40) } }])), /缺少名称/, /no name/);
    rejects(JSON.stringify(fc([feature(12, { type: 'Polygon', coordinates: square(116, 40) })])), /缺少名称/, /no name/);
    rejects(JSON.stringify(fc([feature('东城区', { type: 'Point', coordinates: [116, 40] })])), /须为 Polygon 或 MultiPolygon（实际为 Point）/, /got Point/);
    rejects(JSON.stringify(fc([feature('东城区', { type: 'LineString', coordinates: [[116, 40], [116.1, 40]] })])), /LineString/, /LineString/);
    rejects(JSON.stringify(fc([feature('东城区', null)])), /实际为 null/, /got null/);
    rejects(
      JSON.stringify(fc([feature('东城区', { type: 'Polygon', coordinates: square(116, 40) }), feature('东城区', { type: 'Polygon', coordinates: square(117, 40) })])),
      /“东城区”重复/,
      /duplicate name/,
    );
  });

  it('checks coordinates: numbers, longitude/latitude ranges, closed rings of at least 4 positions', () => {
    const poly = (coordinates: unknown) => JSON.stringify(fc([feature('东城区', { type: 'Polygon', coordinates })]));
    rejects(poly([[[500000, 4400000], [500100, 4400000], [500100, 4400100], [500000, 4400000]]]), /超出经纬度范围.*投影坐标/, /outside longitude/);
    rejects(poly([[[116, 95], [116.1, 40], [116.1, 40.1], [116, 95]]]), /超出经纬度范围/, /latitude/);
    rejects(poly([[['116', 40], [116.1, 40], [116.1, 40.1], ['116', 40]]]), /非数字坐标/, /not a pair of numbers/);
    rejects(poly([[[116, 40], [116.1, 40], [116.1, 40.1], [116, 40.1]]]), /未闭合/, /not closed/);
    rejects(poly([[[116, 40], [116.1, 40], [116, 40]]]), /至少需要 4 个点/, /at least 4 positions/);
    rejects(poly([]), /没有坐标环/, /no rings/);
  });

  it('refuses a file over 5 MB with 413', () => {
    rejects(Buffer.alloc(MAX_MAP_BYTES + 1, 0x20), /超过 5 MB/, /larger than 5 MB/, 'too_large');
  });

  it('warns (without refusing) about names the data does not have and an extent outside China', () => {
    const m = parseDistrictMap(JSON.stringify(fc([feature('东城区', { type: 'Polygon', coordinates: square(2, 48) }), feature('新区', { type: 'Polygon', coordinates: square(2.2, 48) })])));
    const w = mapWarnings(summarize(m), DISTRICTS);
    expect(w.join('\n')).toMatch(/没有对应区域.*西城区、南湖区、北山县/);
    expect(w.join('\n')).toMatch(/不在统计区县中.*新区/);
    expect(w.join('\n')).toMatch(/不在中国境内/);
  });
});

/** Ray casting: is the point inside the polygon's outer ring and outside its holes? */
function inside([x, y]: [number, number], rings: [number, number][][]): boolean {
  const inRing = (ring: [number, number][]) => {
    let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
    return c;
  };
  return inRing(rings[0]) && !rings.slice(1).some(inRing);
}

describe('the schematic of 示范市', () => {
  const m: DistrictMap = schematicMap();

  it('is a valid map of exactly the demo districts', () => {
    const again = parseDistrictMap(JSON.stringify(m));
    expect(again).toEqual(m);
    expect(m.features.map((f) => f.properties.name).sort()).toEqual([...DISTRICTS].sort());
    expect(mapWarnings(summarize(m), DISTRICTS).filter((w) => /区县|区域/.test(w))).toEqual([]);
  });

  it('has the centre of its extent inside 东城区 (the browser test clicks there) and the lake outside 南湖区', () => {
    const [x0, y0, x1, y1] = summarize(m).bbox;
    const centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
    const polys = Object.fromEntries(m.features.map((f) => [f.properties.name, f.geometry.coordinates as [number, number][][]]));
    expect(Object.entries(polys).filter(([, rings]) => inside(centre, rings)).map(([n]) => n)).toEqual(['东城区']);
    expect(inside([0.84, 0.16], polys.南湖区)).toBe(false);
    expect(inside([0.3, 0.1], polys.南湖区)).toBe(true);
  });
});

let w: DemoWorld;
let sys: Client;
let leader: Client;

function multipart(fileName: string, content: Buffer | string) {
  const boundary = `----guantong${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/geo+json\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(c: Client, content: Buffer | string, query = '', fileName = 'city.geojson'): Promise<Res> {
  const m = multipart(fileName, content);
  return request(w.app, 'PUT', `/api/admin/district-map${query}`, m.body, { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': m.contentType });
}

async function mapEvents() {
  return w.platform.db.selectFrom('audit_events').select(['action', 'actor_name', 'object_id', 'detail']).where('object_type', '=', 'district_map').orderBy('seq').execute();
}

describe('区划地图 over HTTP', () => {
  beforeAll(async () => {
    w = await demoWorld({ steps: false });
    sys = await w.as('sysadmin');
    leader = await w.as('leader');
  });
  afterAll(() => w?.close());

  it('gives the dashboard the schematic (示意图) of the demo city when nothing is uploaded', async () => {
    const r = await leader.get('/api/dashboard/map');
    expect(r.status, r.body).toBe(200);
    expect(r.json.source).toBe('default');
    expect(r.json.schematic).toBe(true);
    expect(r.json.name).toBe('示范市区划示意图');
    expect(r.json.geojson.type).toBe('FeatureCollection');
    expect(r.json.geojson.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual([...DISTRICTS].sort());
    expect(r.json.districts).toEqual([...DISTRICTS]);
  });

  it('requires a session, dashboard:view to read and admin:settings to change (403 for the leader, the officer and the security administrator)', async () => {
    expect((await request(w.app, 'GET', '/api/dashboard/map')).status).toBe(401);
    expect((await sys.get('/api/dashboard/map')).status).toBe(403); // 三员: no dashboard
    expect((await leader.get('/api/admin/district-map')).status).toBe(403);
    for (const u of ['leader', 'officer1', 'secadmin']) {
      const c = await w.as(u);
      const res = await upload(c, JSON.stringify(city()));
      expect(res.status, `${u} ${res.body}`).toBe(403);
      expect(res.json.code).toBe('forbidden');
      expect((await c.del('/api/admin/district-map')).status).toBe(403);
    }
    expect((await leader.get('/api/dashboard/map')).json.source).toBe('default');
    expect(await mapEvents()).toEqual([]);
  });

  it('refuses invalid uploads with the reason in Chinese and English, storing nothing', async () => {
    const cases: [string, RegExp][] = [
      ['{"type": "FeatureCollection", "features": [', /不是合法的 JSON/],
      [JSON.stringify({ type: 'GeometryCollection', geometries: [] }), /FeatureCollection/],
      [JSON.stringify(fc([feature(null, { type: 'Polygon', coordinates: square(116, 40) })])), /缺少名称/],
      [JSON.stringify(fc([feature('东城区', { type: 'Point', coordinates: [116, 40] })])), /Polygon 或 MultiPolygon/],
    ];
    for (const [content, zh] of cases) {
      const r = await upload(sys, content);
      expect(r.status, r.body).toBe(400);
      expect(r.json.code).toBe('bad_geojson');
      expect(r.json.message).toMatch(zh);
      expect(r.json.message_en).toMatch(/^Invalid district map file: /);
    }
    const plain = await sys.put('/api/admin/district-map', city());
    expect(plain.status).toBe(400);
    expect(plain.json.message).toMatch(/multipart/);
    const big = await upload(sys, Buffer.alloc(MAX_MAP_BYTES + 10, 0x20));
    expect(big.status).toBe(413);
    expect(big.json.code).toBe('too_large');
    expect((await leader.get('/api/dashboard/map')).json.source).toBe('default');
    expect(await mapEvents()).toEqual([]);
  });

  it('previews a dry run without storing or auditing it', async () => {
    const r = await upload(sys, JSON.stringify(city()), '?dry_run=true');
    expect(r.status, r.body).toBe(200);
    expect(r.json.saved).toBe(false);
    expect(r.json.summary.names).toEqual([...DISTRICTS]);
    expect(r.json.geojson.features).toHaveLength(4);
    expect(r.json.warnings).toEqual([]);
    expect((await leader.get('/api/dashboard/map')).json.source).toBe('default');
    expect(await mapEvents()).toEqual([]);
  });

  it('stores an upload: the dashboard then shows it (not a schematic), audited with before/after summaries only', async () => {
    const r = await upload(sys, JSON.stringify(city()), '', '示范市区县.geojson');
    expect(r.status, r.body).toBe(200);
    expect(r.json.saved).toBe(true);
    expect(r.json.geojson).toBeUndefined();
    const g = await leader.get('/api/dashboard/map');
    expect(g.json.source).toBe('uploaded');
    expect(g.json.schematic).toBe(false);
    expect(g.json.file_name).toBe('示范市区县.geojson');
    expect(g.json.updated_by).toBe('系统管理员(sysadmin)');
    expect(g.json.geojson).toEqual(parseDistrictMap(JSON.stringify(city())));
    expect((await sys.get('/api/admin/district-map')).json.summary.sm3).toBe(g.json.summary.sm3);

    const events = await mapEvents();
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e.action).toBe('district_map.upload');
    expect(e.actor_name).toBe('系统管理员(sysadmin)');
    const detail = e.detail as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(detail.before).toEqual({ source: 'default' });
    expect(detail.after).toMatchObject({ source: 'uploaded', file_name: '示范市区县.geojson', features: 4, names: [...DISTRICTS], positions: 20, bbox: [116, 40, 116.5, 40.125] });
    expect(JSON.stringify(e.detail)).not.toContain('coordinates');

    // a second upload replaces the first; its event names the first as "before"
    const second = fc([...city().features, feature('新区', { type: 'Polygon', coordinates: square(116.5, 40) })]);
    const r2 = await upload(sys, JSON.stringify(second), '', 'v2.geojson');
    expect(r2.status, r2.body).toBe(200);
    expect(r2.json.warnings.join()).toMatch(/不在统计区县中.*新区/);
    const [, e2] = await mapEvents();
    expect((e2.detail as { before: { file_name: string; features: number } }).before).toMatchObject({ file_name: '示范市区县.geojson', features: 4 });
    expect((e2.detail as { after: { features: number } }).after.features).toBe(5);
    expect((await leader.get('/api/dashboard/map')).json.geojson.features).toHaveLength(5);
  });

  it('DELETE goes back to the default (audited once; a second reset changes nothing)', async () => {
    const r = await sys.del('/api/admin/district-map');
    expect(r.status, r.body).toBe(200);
    expect(r.json.reset).toBe(true);
    const g = await leader.get('/api/dashboard/map');
    expect(g.json.source).toBe('default');
    expect(g.json.schematic).toBe(true);
    const again = await sys.del('/api/admin/district-map');
    expect(again.json.reset).toBe(false);
    const events = await mapEvents();
    expect(events.map((e) => e.action)).toEqual(['district_map.upload', 'district_map.upload', 'district_map.reset']);
    expect((events[2].detail as { before: { file_name: string }; after: unknown }).before.file_name).toBe('v2.geojson');
    expect((events[2].detail as { after: unknown }).after).toEqual({ source: 'default' });
  });

  it('shows no map (not the demo schematic) once the organisations name districts other than the demo city’s', async () => {
    const org = await w.platform.db.insertInto('orgs').values({ name: '别处区纪委监委', kind: 'commission', district: '别处区' } as never).returning('id').executeTakeFirstOrThrow();
    try {
      const g = await leader.get('/api/dashboard/map');
      expect(g.json.source).toBe('none');
      expect(g.json.geojson).toBeNull();
    } finally {
      await w.platform.db.deleteFrom('orgs').where('id', '=', org.id).execute();
    }
  });
});
