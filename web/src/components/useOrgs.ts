/** Organisations (GET /api/admin/orgs), shared by the pages that pick or show one, as a tree. */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Org } from '../api/types.ts';

export interface OrgNode {
  key: number;
  value: number;
  title: string;
  org: Org;
  children?: OrgNode[];
}

let cache: Promise<Org[]> | null = null;

export function loadOrgs(force = false): Promise<Org[]> {
  if (!cache || force) {
    cache = api.get<{ items: Org[] }>('/api/admin/orgs').then((r) => r.items);
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

/** Flat rows with parent ids → a tree, children in server order (sort, id). */
export function orgTree(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map<number, OrgNode>();
  for (const o of orgs) nodes.set(o.id, { key: o.id, value: o.id, title: o.name, org: o });
  const roots: OrgNode[] = [];
  for (const o of orgs) {
    const n = nodes.get(o.id)!;
    const parent = o.parent_id ? nodes.get(o.parent_id) : undefined;
    if (parent) {
      parent.children = parent.children ?? [];
      parent.children.push(n);
    } else roots.push(n);
  }
  return roots;
}

export function useOrgs() {
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback((force = false) => {
    setLoading(true);
    loadOrgs(force)
      .then((o) => {
        setOrgs(o);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => load(false), [load]);
  return { orgs, tree: orgTree(orgs), loading, error, reload: () => load(true) };
}
