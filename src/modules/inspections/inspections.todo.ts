/** 我的待办 from inspections: letters my body must answer, briefings my dispatched group owes a round. */
import { sql } from 'kysely';
import type { TodoProvider } from '../todo/todo.service.ts';
import { LETTER, LETTER_KIND_DEFS } from './letters.service.ts';

export const inspectionTodoProviders: TodoProvider[] = [
  {
    kind: 'inspection.letter.answer',
    label: '建议书待反馈',
    permission: 'todo:view',
    async list(db, access) {
      const rows = await db
        .selectFrom('insp_letters')
        .select(['id', 'kind', 'doc_number', 'title', 'deadline', 'issued_on'])
        .where('status', '=', 'issued')
        .where(sql<boolean>`recipient_org_id = ANY(${sql.val(access.orgPath)}::int[])`)
        .where(sql<boolean>`NOT (issuer_org_id = ANY(${sql.val(access.orgPath)}::int[]))`)
        .orderBy('deadline')
        .execute();
      return rows.map((r) => ({ title: `${r.doc_number} ${r.title}（${LETTER_KIND_DEFS[r.kind].label}）`, link: `/letters/${r.id}`, objectType: LETTER, objectId: r.id, due: r.deadline, since: r.issued_on }));
    },
  },
  {
    kind: 'inspection.briefing',
    label: '巡前“画像”待提供',
    permission: 'inspection:read',
    async list(db, access) {
      const rows = await db
        .selectFrom('insp_targets')
        .innerJoin('insp_rounds', 'insp_rounds.id', 'insp_targets.round_id')
        .innerJoin('orgs', 'orgs.id', 'insp_targets.target_org_id')
        .leftJoin('insp_briefings', 'insp_briefings.target_id', 'insp_targets.id')
        .select(['insp_targets.id', 'insp_rounds.id as round_id', 'insp_rounds.name', 'insp_rounds.starts_on', 'orgs.name as target'])
        .where('insp_rounds.phase', 'in', ['before', 'planning'])
        .where(sql<boolean>`insp_targets.supervising_org_id = ANY(${sql.val(access.orgPath)}::int[])`)
        .where((eb) => eb.or([eb('insp_briefings.status', 'is', null), eb('insp_briefings.status', '=', 'draft')]))
        .execute();
      return rows.map((r) => ({ title: `${r.name}：${r.target}巡前“画像”`, link: `/inspections/${r.round_id}`, objectType: 'insp_target', objectId: r.id, due: r.starts_on }));
    },
  },
];
