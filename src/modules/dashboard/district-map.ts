/**
 * 区划地图 for the dashboard: the city's district boundaries as GeoJSON (a FeatureCollection of
 * Polygon/MultiPolygon features whose `properties.name` is the district name used in the data,
 * e.g. 东城区), validated here, plus the built-in schematic of the demo city 示范市.
 *
 * Pure functions (no database): `parseDistrictMap` turns an uploaded file into the normalised map
 * or throws `AppError('bad_geojson', …)` with the reason in Chinese and English.
 */
import { sm3 } from '../../platform/crypto/sm3.ts';
import { AppError } from '../../platform/errors.ts';
import { CITY, DISTRICTS } from '../demo/city.ts';

export const MAX_MAP_BYTES = 5 * 1024 * 1024;
export const MAX_MAP_FEATURES = 1000;
export const MAX_MAP_POSITIONS = 500_000;
const MAX_NAME = 50;

export type Position = [number, number];
export type Ring = Position[];
export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface DistrictFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: Geometry;
}

export interface DistrictMap {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

/** What the audit trail and the admin page show of a map (never the geometry itself). */
export interface MapSummary {
  features: number;
  names: string[];
  positions: number;
  /** [min longitude, min latitude, max longitude, max latitude] */
  bbox: [number, number, number, number];
  /** Bytes of the normalised GeoJSON. */
  bytes: number;
  /** SM3 of the normalised GeoJSON (hex). */
  sm3: string;
}

const bad = (zh: string, en: string, details?: unknown) => new AppError('bad_geojson', `区划地图文件无效：${zh}`, `Invalid district map file: ${en}`, 400, details);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decode, parse and validate an uploaded GeoJSON file; returns the normalised map (names and geometry only). */
export function parseDistrictMap(input: Buffer | string): DistrictMap {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes === 0) throw bad('文件为空', 'the file is empty');
  if (bytes > MAX_MAP_BYTES) throw new AppError('too_large', `区划地图文件超过 ${MAX_MAP_BYTES / 1024 / 1024} MB，请简化边界后再上传`, `The district map file is larger than ${MAX_MAP_BYTES / 1024 / 1024} MB: simplify the boundaries`, 413);
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw bad('文件不是 UTF-8 编码（GeoJSON 须为 UTF-8）', 'the file is not UTF-8 (GeoJSON must be UTF-8)');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    throw bad(`不是合法的 JSON（${why}）`, `not valid JSON (${why})`);
  }
  return validateDistrictMap(doc);
}

/** Validate a parsed GeoJSON document (see `parseDistrictMap`). */
export function validateDistrictMap(doc: unknown): DistrictMap {
  if (!isObject(doc) || doc.type !== 'FeatureCollection') {
    const got = isObject(doc) && typeof doc.type === 'string' ? doc.type : Array.isArray(doc) ? 'array' : typeof doc;
    throw bad(`顶层须为 FeatureCollection（实际为 ${got}）`, `the top level must be a FeatureCollection (got ${got})`);
  }
  if (!Array.isArray(doc.features) || doc.features.length === 0) throw bad('features 须为非空数组', 'features must be a non-empty array');
  if (doc.features.length > MAX_MAP_FEATURES) throw bad(`区域过多（${doc.features.length} 个，最多 ${MAX_MAP_FEATURES} 个）`, `too many features (${doc.features.length}, at most ${MAX_MAP_FEATURES})`);
  const seen = new Set<string>();
  let positions = 0;
  const features: DistrictFeature[] = doc.features.map((f: unknown, i: number) => {
    const at = `第 ${i + 1} 个区域`;
    const atEn = `feature ${i + 1}`;
    if (!isObject(f) || f.type !== 'Feature') throw bad(`${at}不是 Feature`, `${atEn} is not a Feature`);
    const rawName = isObject(f.properties) ? f.properties.name : undefined;
    const name = typeof rawName === 'string' ? rawName.trim() : '';
    if (!name) throw bad(`${at}缺少名称（properties.name），名称须与数据中的区县名称一致，如“东城区”`, `${atEn} has no name (properties.name); use the district names of the data, e.g. 东城区`);
    if (name.length > MAX_NAME) throw bad(`${at}名称过长（最多 ${MAX_NAME} 字）`, `${atEn}: name longer than ${MAX_NAME} characters`);
    if (seen.has(name)) throw bad(`区域名称“${name}”重复；同一区县的多块区域请合并为一个 MultiPolygon`, `duplicate name "${name}": merge the parts of one district into a MultiPolygon`);
    seen.add(name);
    const where = `${at}（${name}）`;
    const whereEn = `${atEn} (${name})`;
    const g = f.geometry;
    if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      const got = isObject(g) && typeof g.type === 'string' ? g.type : g === null ? 'null' : typeof g;
      throw bad(`${where}的几何类型须为 Polygon 或 MultiPolygon（实际为 ${got}）`, `${whereEn}: geometry must be a Polygon or MultiPolygon (got ${got})`);
    }
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0) throw bad(`${where}没有坐标`, `${whereEn} has no coordinates`);
    const cleanPolys = polygons.map((poly: unknown) => {
      if (!Array.isArray(poly) || poly.length === 0) throw bad(`${where}的多边形没有坐标环`, `${whereEn}: a polygon has no rings`);
      return poly.map((ring: unknown) => {
        const r = cleanRing(ring, where, whereEn);
        positions += r.length;
        if (positions > MAX_MAP_POSITIONS) throw bad(`坐标点过多（超过 ${MAX_MAP_POSITIONS} 个），请简化边界`, `too many positions (over ${MAX_MAP_POSITIONS}): simplify the boundaries`);
        return r;
      });
    });
    const geometry: Geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: cleanPolys[0] } : { type: 'MultiPolygon', coordinates: cleanPolys };
    return { type: 'Feature', properties: { name }, geometry };
  });
  return { type: 'FeatureCollection', features };
}

function cleanRing(ring: unknown, where: string, whereEn: string): Ring {
  if (!Array.isArray(ring) || ring.length < 4) throw bad(`${where}的坐标环至少需要 4 个点（首尾相同）`, `${whereEn}: a linear ring needs at least 4 positions (first = last)`);
  const out: Ring = ring.map((p: unknown) => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw bad(`${where}含有非数字坐标`, `${whereEn} has a position that is not a pair of numbers`);
    }
    const [lon, lat] = p as number[];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw bad(
        `${where}的坐标 [${lon}, ${lat}] 超出经纬度范围（经度 -180~180，纬度 -90~90）；可能是投影坐标，请转换为经纬度（WGS84/CGCS2000）`,
        `${whereEn}: position [${lon}, ${lat}] is outside longitude -180..180 / latitude -90..90; projected coordinates? Convert to longitude/latitude`,
      );
    }
    return [lon, lat];
  });
  const a = out[0];
  const b = out[out.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) throw bad(`${where}的坐标环未闭合（首尾坐标须相同）`, `${whereEn}: a linear ring is not closed (first and last positions must be equal)`);
  return out;
}

/** Counts, names, extent and hash of a (valid) map. */
export function summarize(map: DistrictMap): MapSummary {
  let positions = 0;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of map.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys)
      for (const ring of poly)
        for (const [lon, lat] of ring) {
          positions++;
          if (lon < box[0]) box[0] = lon;
          if (lat < box[1]) box[1] = lat;
          if (lon > box[2]) box[2] = lon;
          if (lat > box[3]) box[3] = lat;
        }
  }
  const json = JSON.stringify(map);
  return {
    features: map.features.length,
    names: map.features.map((f) => f.properties.name),
    positions,
    bbox: box,
    bytes: Buffer.byteLength(json),
    sm3: sm3(json).toString('hex'),
  };
}

/** Advice (not errors) about a valid map: names that do not match the data, an odd extent. */
export function mapWarnings(s: MapSummary, districts: readonly string[]): string[] {
  const out: string[] = [];
  const names = new Set(s.names);
  const missing = districts.filter((d) => !names.has(d));
  const extra = s.names.filter((n) => !districts.includes(n));
  if (missing.length) out.push(`数据中的区县在地图中没有对应区域（不会显示在地图上）：${missing.join('、')}`);
  if (extra.length) out.push(`地图中的区域不在统计区县中（将不着色）：${extra.slice(0, 20).join('、')}${extra.length > 20 ? ` 等 ${extra.length} 个` : ''}`);
  const [x0, y0, x1, y1] = s.bbox;
  if (x0 < 73 || x1 > 136 || y0 < 3 || y1 > 54) out.push(`坐标范围（经度 ${x0}~${x1}，纬度 ${y0}~${y1}）不在中国境内，请确认坐标系`);
  if (x1 - x0 > 10 || y1 - y0 > 10) out.push('地图范围超过 10 度，可能不是一个市的区划');
  return out;
}

// ---------------------------------------------------------------------------------------------
// The demo city's schematic (示意图): made up, NOT real-world boundaries.
// ---------------------------------------------------------------------------------------------

export const SCHEMATIC_NAME = `${CITY}区划示意图`;

/**
 * A hand-drawn schematic of 示范市 on a 12 × 10 grid (0.1° a unit, placed at 0°N 0°E so that it
 * cannot be mistaken for a real place): 北山县 in the north, the two urban districts 西城区 and
 * 东城区 in the middle (the centre of the map falls inside 东城区), 南湖区 in the south with its
 * lake (a hole in the polygon). Neighbours share their boundary points, so the districts tile.
 */
export function schematicMap(): DistrictMap {
  const u = (pts: [number, number][]): Ring => pts.map(([x, y]) => [Math.round(x * 1000) / 10_000, Math.round(y * 1000) / 10_000]);
  // boundary between the north (北山县) and the middle band, west → east
  const north: [number, number][] = [[0, 6.5], [2, 6.8], [4, 6.4], [5, 6.65], [6, 6.9], [8, 6.5], [10, 6.8], [12, 6.4]];
  // boundary between the middle band and the south (南湖区), west → east
  const south: [number, number][] = [[0.5, 3.5], [2.5, 3.2], [5, 3.6], [7, 3.3], [9.5, 3.6], [11.5, 3.4]];
  // 西城区 | 东城区, north → south (from north[3] to south[2])
  const middle: [number, number][] = [[5, 6.65], [5.3, 5.5], [4.8, 4.5], [5, 3.6]];
  const northOutline: [number, number][] = [[11, 9], [9, 10.2], [7, 9.8], [4, 10], [1.5, 9.5], [0.5, 8]]; // east → west
  const southOutline: [number, number][] = [[11, 1.5], [9, 0.3], [6, -0.2], [3, 0.2], [1, 1.5]]; // east → west
  const lake: [number, number][] = [[7.4, 1.3], [8.2, 0.9], [9.2, 1.2], [9.4, 1.9], [8.6, 2.4], [7.7, 2.2], [7.4, 1.3]]; // east of the district's label
  const close = (pts: [number, number][]) => [...pts, pts[0]];
  const polygons: Record<(typeof DISTRICTS)[number], Ring[]> = {
    北山县: [u(close([...north, ...northOutline]))],
    西城区: [u(close([...north.slice(0, 4).reverse(), [-0.3, 5.2], ...south.slice(0, 3), ...middle.slice(1, 3).reverse()]))],
    东城区: [u(close([...middle, ...south.slice(3), [12.4, 5], [12, 6.4], ...north.slice(4, 7).reverse()]))],
    南湖区: [u(close([...south, ...southOutline])), u(lake)],
  };
  return {
    type: 'FeatureCollection',
    features: DISTRICTS.map((name) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: polygons[name] } })),
  };
}
