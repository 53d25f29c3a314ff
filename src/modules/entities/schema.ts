/**
 * The entity index as SQL: the view `entity_refs (kind, key, dataset, row_id, role, name)`,
 * a UNION ALL of one branch per indexed reference column (refs.ts). Nothing is stored: a query
 * `WHERE kind = 'person' AND key = '…'` is planned as index scans of the branches of that kind
 * (the other branches are pruned by their constant `kind`).
 */
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import { entityRefsViewSql } from './refs.ts';

export interface EntityRefsView {
  kind: string;
  key: string;
  dataset: string;
  row_id: number;
  role: string;
  name: string | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    entity_refs: EntityRefsView;
  }
}

export const entityMigrations: MigrationSet = {
  '0210_entities_refs_view': sqlMigration(entityRefsViewSql()),
};
