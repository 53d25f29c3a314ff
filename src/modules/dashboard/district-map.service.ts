/**
 * The configured 区划地图: read (uploaded, else the demo city's schematic when the organisations'
 * districts are the demo's, else none), replace (validated, audited with a before/after summary —
 * never the geometry) and reset to the default.
 */
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import { cityDistricts } from '../../platform/access/districts.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { DISTRICTS } from '../demo/city.ts';
import { type DistrictMap, type MapSummary, SCHEMATIC_NAME, mapWarnings, parseDistrictMap, schematicMap, summarize } from './district-map.ts';

export interface MapView {
  /** uploaded: set by the administrator; default: the built-in schematic; none: nothing to show. */
  source: 'uploaded' | 'default' | 'none';
  /** A schematic (示意图), not real boundaries. */
  schematic: boolean;
  name: string | null;
  geojson: DistrictMap | null;
  summary: MapSummary | null;
  file_name: string | null;
  updated_at: string | null;
  updated_by: string | null;
  /** The districts the dashboard counts (its map colours only these). */
  districts: string[];
}

let schematicCache: { map: DistrictMap; summary: MapSummary } | null = null;
function schematic() {
  if (!schematicCache) {
    const map = schematicMap();
    schematicCache = { map, summary: summarize(map) };
  }
  return schematicCache;
}

/** True when the city's districts are the demo city's (then its schematic stands in for a map). */
const districtsAreDemo = (districts: readonly string[]): boolean => districts.length > 0 && districts.every((d) => (DISTRICTS as readonly string[]).includes(d));

export async function getDistrictMap(db: Queryable): Promise<MapView> {
  const districts = await cityDistricts(db);
  const row = await db.selectFrom('district_map').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row) {
    return {
      source: 'uploaded',
      schematic: false,
      name: row.file_name,
      geojson: row.geojson,
      summary: row.summary,
      file_name: row.file_name,
      updated_at: new Date(row.updated_at).toISOString(),
      updated_by: row.updated_by_name,
      districts,
    };
  }
  if (districtsAreDemo(districts)) {
    const s = schematic();
    return { source: 'default', schematic: true, name: SCHEMATIC_NAME, geojson: s.map, summary: s.summary, file_name: null, updated_at: null, updated_by: null, districts };
  }
  return { source: 'none', schematic: false, name: null, geojson: null, summary: null, file_name: null, updated_at: null, updated_by: null, districts };
}

/** The audit's picture of what is in force: the uploaded map's summary, or which default. */
function auditState(row: { summary: MapSummary; file_name: string | null } | undefined) {
  if (!row) return { source: 'default' };
  const { names, ...rest } = row.summary;
  return { source: 'uploaded', file_name: row.file_name, ...rest, names: names.slice(0, 100) };
}

export interface MapCheck {
  saved: boolean;
  summary: MapSummary;
  warnings: string[];
  /** Only on a dry run: the normalised map, for the preview. */
  geojson?: DistrictMap;
}

/**
 * Validate an uploaded file; unless `dryRun`, store it as the city's map (replacing any before)
 * with an audit event `district_map.upload` holding the before/after summaries.
 */
export async function uploadDistrictMap(db: Queryable, actor: Actor, file: { content: Buffer | string; fileName: string | null }, dryRun = false): Promise<MapCheck> {
  const map = parseDistrictMap(file.content);
  const summary = summarize(map);
  const warnings = mapWarnings(summary, await cityDistricts(db));
  if (dryRun) return { saved: false, summary, warnings, geojson: map };
  const fileName = file.fileName ? file.fileName.slice(0, 200) : null;
  await inTx(db, async (tx) => {
    const before = await tx.selectFrom('district_map').select(['summary', 'file_name']).where('id', '=', 1).forUpdate().executeTakeFirst();
    const values = {
      geojson: JSON.stringify(map),
      file_name: fileName,
      summary: JSON.stringify(summary),
      updated_by: actor.userId,
      updated_by_name: actor.name,
      updated_at: new Date(),
    };
    await tx
      .insertInto('district_map')
      .values({ id: 1, ...values } as never)
      .onConflict((oc) => oc.column('id').doUpdateSet(values as never))
      .execute();
    await recordAudit(tx, actor, {
      action: 'district_map.upload',
      objectType: 'district_map',
      objectId: 'city',
      detail: { before: auditState(before), after: auditState({ summary, file_name: fileName }), warnings },
    });
  });
  return { saved: true, summary, warnings };
}

/** Remove the uploaded map (back to the default); audited when there was one. */
export async function resetDistrictMap(db: Queryable, actor: Actor): Promise<{ reset: boolean }> {
  return inTx(db, async (tx) => {
    const before = await tx.selectFrom('district_map').select(['summary', 'file_name']).where('id', '=', 1).forUpdate().executeTakeFirst();
    if (!before) return { reset: false };
    await tx.deleteFrom('district_map').where('id', '=', 1).execute();
    await recordAudit(tx, actor, { action: 'district_map.reset', objectType: 'district_map', objectId: 'city', detail: { before: auditState(before), after: auditState(undefined) } });
    return { reset: true };
  });
}
