/**
 * The database schema as one Kysely interface. Each module adds its own tables by
 * declaration merging in its `schema.ts`:
 *
 *   declare module '../../platform/db/types.ts' { interface Database { clues: ClueTable } }
 *
 * so the platform never needs to know business tables, and every query is typed.
 */
import type { Kysely, Transaction } from 'kysely';

// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface Database {}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either a connection or an open transaction: services accept both. */
export type Queryable = Kysely<Database> | Transaction<Database>;
