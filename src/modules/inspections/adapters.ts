/**
 * What the inspection briefing needs from the 12345 hotline area, through its analysis service
 * (never its tables). One place to change if that service changes.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { breakdown } from '../hotline/analysis.service.ts';

/**
 * 12345 orders the unit handled (承办单位) over the last twelve months: how many, on time, how
 * satisfied the callers were, and the main categories — from the hotline area's daily aggregates.
 * (Orders are matched by the handling unit's name as the hotline data spells it.)
 */
export async function hotlineOrdersAbout(
  db: Queryable,
  _actor: Actor,
  access: AccessContext,
  unit: { id: number; name: string },
): Promise<{ available: boolean; reason?: string; total?: number; [k: string]: unknown }> {
  if (!access.permissions.has('hotline:read')) return { available: false, reason: '无热线工单查看权限' };
  const to = todayInShanghai();
  const from = addDays(to, -365);
  const [total] = await breakdown(db, 'unit', from, to, { unit: unit.name }, 1);
  const categories = await breakdown(db, 'category', from, to, { unit: unit.name }, 10);
  return {
    available: true,
    from,
    to,
    total: total?.received ?? 0,
    closed: total?.closed ?? 0,
    on_time_rate: total?.on_time_rate ?? null,
    satisfaction_rate: total?.satisfaction_rate ?? null,
    unsatisfied: total?.unsatisfied ?? 0,
    categories: categories.map((c) => ({ category: c.key, received: c.received, unsatisfied: c.unsatisfied })),
  };
}
