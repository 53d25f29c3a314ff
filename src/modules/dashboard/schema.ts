/**
 * The dashboard's one table: the city's 区划地图 (district boundaries, GeoJSON) as uploaded by the
 * system administrator. At most one row; no row = the built-in schematic (see district-map.ts).
 */
import type { MigrationSet } from '../../platform/db/migrate.ts';
import { sqlMigration } from '../../platform/db/migrate.ts';
import type { DistrictMap, MapSummary } from './district-map.ts';

export interface DistrictMapTable {
  id: number;
  geojson: DistrictMap;
  file_name: string | null;
  summary: MapSummary;
  updated_by: number | null;
  updated_by_name: string;
  updated_at: Date;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    district_map: DistrictMapTable;
  }
}

export const dashboardMigrations: MigrationSet = {
  '0140_district_map': sqlMigration(`
    CREATE TABLE district_map (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      geojson jsonb NOT NULL,
      file_name text,
      summary jsonb NOT NULL,
      updated_by integer REFERENCES users(id) ON DELETE SET NULL,
      updated_by_name text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `),
};
