/** Picking inspection team members: the candidates (GET /api/inspections/candidates) and their roles. */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { showError } from '../../feedback.ts';

export const MEMBER_ROLE_LABELS: Record<string, string> = { leader: '组长', deputy: '副组长', second_deputy: '第二副组长', member: '成员' };
export const MEMBER_ROLE_OPTIONS = Object.entries(MEMBER_ROLE_LABELS).map(([value, label]) => ({ value, label }));
export const ROUND_KIND_LABELS: Record<string, string> = { routine: '常规巡察', special: '专项巡察', mobile: '机动巡察', review: '巡察“回头看”' };

export interface Candidate {
  id: number;
  display_name: string;
  org_id: number;
  org_name: string;
  org_kind: string;
  second_deputy_eligible: boolean;
}

let cache: Promise<Candidate[]> | null = null;

export function useCandidates(): Candidate[] {
  const [items, setItems] = useState<Candidate[]>([]);
  useEffect(() => {
    if (!cache) {
      cache = api.get<{ items: Candidate[] }>('/api/inspections/candidates').then((r) => r.items);
      cache.catch(() => {
        cache = null;
      });
    }
    cache.then(setItems).catch(showError);
  }, []);
  return items;
}

/** A searchable select of candidates (name and unit); `secondDeputy` keeps only the eligible ones. */
export function CandidateSelect(props: { value?: number; onChange?: (v: number) => void; id?: string; 'aria-label'?: string; candidates: Candidate[]; secondDeputy?: boolean; style?: React.CSSProperties }) {
  const list = props.secondDeputy ? props.candidates.filter((c) => c.second_deputy_eligible) : props.candidates;
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value}
      onChange={props.onChange}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="选择人员"
      style={props.style ?? { width: 260 }}
      options={list.map((c) => ({ value: c.id, label: `${c.display_name}（${c.org_name}）` }))}
    />
  );
}
