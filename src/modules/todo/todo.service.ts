/**
 * 我的待办: one list gathered from providers. Each area contributes providers (see providers.ts);
 * a provider is asked only when the user holds its permission, and answers only with what the
 * user may see.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { DateString } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';

export interface TodoEntry {
  title: string;
  /** Web route to open. */
  link: string;
  objectType: string;
  objectId: string | number;
  /** Deadline (business date), if any. */
  due?: string | null;
  overdue?: boolean;
  since?: Date | string | null;
}

export interface TodoProvider {
  kind: string;
  label: string;
  permission: string;
  list(db: Queryable, access: AccessContext, today: DateString): Promise<TodoEntry[]>;
}

export interface TodoItem extends TodoEntry {
  kind: string;
  kind_label: string;
  due: string | null;
  overdue: boolean;
}

/** All to-dos of the user, overdue first, then by deadline; with a count per kind. */
export async function myTodos(db: Queryable, access: AccessContext, today: DateString, providers: readonly TodoProvider[]) {
  const mine = providers.filter((p) => access.permissions.has(p.permission));
  const lists = await Promise.all(mine.map((p) => p.list(db, access, today)));
  const items: TodoItem[] = mine.flatMap((p, i) =>
    lists[i].map((e) => ({ ...e, kind: p.kind, kind_label: p.label, due: e.due ?? null, overdue: e.overdue ?? (!!e.due && e.due < today) })),
  );
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  const counts = Object.fromEntries(mine.map((p, i) => [p.kind, lists[i].length]));
  return { items, counts, total: items.length, overdue: items.filter((i) => i.overdue).length, as_of: today };
}
