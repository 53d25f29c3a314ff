import type { Db, Queryable, Tx } from './types.ts';

/** Run `fn` in a transaction; when already inside one, join it. */
export async function inTx<T>(db: Queryable, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return (db as Db).transaction().execute(fn);
}
