/**
 * 我的待办 from rectification and accountability (registered in src/modules/todo/providers.ts):
 * - items my org is responsible for, awaiting progress or 申请销号 (rectify:edit);
 * - items my org supervises, submitted and awaiting 核验销号 (rectify:verify);
 * - major accountability decisions awaiting my 提级审核 (account:approve).
 */
import { sql, type SqlBool } from 'kysely';
import { parseAncestors } from '../../platform/access/context.ts';
import { approvalRefusal } from '../accountability/accountability.policy.ts';
import { MEASURE_LABELS } from '../accountability/catalog.ts';
import { isUnitActorOf, isVerifierOf } from '../rectification/rectification.policy.ts';
import { listLedgerItems } from '../rectification/rectification.service.ts';
import { RECT_STATE_LABELS } from '../rectification/workflow.ts';
import type { TodoProvider } from '../todo/todo.service.ts';

const MAX = 200;

export const rectTodoProviders: TodoProvider[] = [
  {
    kind: 'rect.report',
    label: '整改待填报',
    permission: 'rectify:edit',
    async list(db, access) {
      const out = [];
      for (const status of ['pending', 'in_progress', 'reopened'] as const) {
        const r = await listLedgerItems(db, access, { status, pageSize: MAX, sort: 'deadline' });
        for (const i of r.items) {
          // my org (or below) is the responsible unit: the supervising body's own verifiers see rect.verify instead
          if (!access.orgPath.includes(i.responsible_org_id) || !isUnitActorOf(access, i)) continue;
          out.push({ title: `${i.code} ${i.title}（${RECT_STATE_LABELS[i.status]}）`, link: `/rectify/items/${i.id}`, objectType: 'rect_item', objectId: i.id, due: i.effective_deadline, overdue: i.overdue });
        }
      }
      return out;
    },
  },
  {
    kind: 'rect.verify',
    label: '整改待核验销号',
    permission: 'rectify:verify',
    async list(db, access) {
      const r = await listLedgerItems(db, access, { status: 'submitted', pageSize: MAX, sort: 'deadline' });
      return r.items
        .filter((i) => isVerifierOf(access, i))
        .map((i) => ({ title: `${i.code} ${i.title}（待核验）`, link: `/rectify/items/${i.id}`, objectType: 'rect_item', objectId: i.id, due: i.effective_deadline, since: i.updated_at }));
    },
  },
];

export const accountabilityTodoProviders: TodoProvider[] = [
  {
    kind: 'account.approve',
    label: '问责决定待审核',
    permission: 'account:approve',
    async list(db, access) {
      // TODO(service): move to accountability — decisions pending approval whose handling org is below mine.
      const rows = await db
        .selectFrom('account_decisions')
        .innerJoin('orgs', 'orgs.id', 'account_decisions.handling_org_id')
        .select(['account_decisions.id', 'account_decisions.measure', 'account_decisions.person_name', 'account_decisions.handling_org_id', 'account_decisions.created_by', 'account_decisions.created_at', 'orgs.ancestors', 'orgs.name as org_name'])
        .where('account_decisions.status', '=', 'pending_approval')
        .where(sql<SqlBool>`(',' || orgs.ancestors || ',') LIKE ${`%,${access.orgId},%`}`)
        .orderBy('account_decisions.created_at')
        .limit(MAX)
        .execute();
      return rows
        .filter((d) => approvalRefusal(access, d, parseAncestors(d.ancestors)) === null)
        .map((d) => ({
          title: `${d.org_name}：${d.person_name ?? ''}${MEASURE_LABELS[d.measure]}（待提级审核）`,
          link: `/account/decisions?open=${d.id}`,
          objectType: 'account_decision',
          objectId: d.id,
          since: d.created_at,
        }));
    },
  },
];
