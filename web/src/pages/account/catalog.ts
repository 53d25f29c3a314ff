/** The accountability catalogue (GET /api/accountability/catalog): labels of every enumeration. */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

export interface Opt<V = string> {
  value: V;
  label: string;
}

export interface Catalog {
  measures: (Opt & { target_kind: 'org' | 'person'; major: boolean })[];
  party_sanctions: Opt[];
  gov_sanctions: Opt[];
  forms: Opt<number>[];
  distinctions: Opt[];
  tolerance_outcomes: Opt[];
  clearing_methods: Opt[];
  revisit_methods: Opt[];
  revisit_assessments: Opt[];
  decision_states: Opt[];
}

let cache: Promise<Catalog> | null = null;

export function useCatalog(): Catalog | null {
  const [c, setC] = useState<Catalog | null>(null);
  useEffect(() => {
    if (!cache) {
      cache = api.get<Catalog>('/api/accountability/catalog');
      cache.catch(() => {
        cache = null;
      });
    }
    let live = true;
    cache.then((x) => live && setC(x)).catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return c;
}

export const labelOf = (opts: Opt<string | number>[] | undefined, v: string | number | null | undefined) => (v === null || v === undefined ? '—' : (opts?.find((o) => o.value === v)?.label ?? String(v)));

export const DECISION_STATE_COLORS: Record<string, string> = { pending_approval: 'gold', effective: 'green', rejected: 'red', revoked: 'default' };
export const RESPONSIBILITY_LABELS: Record<string, string> = { primary: '主体责任', supervisory: '监督责任' };
