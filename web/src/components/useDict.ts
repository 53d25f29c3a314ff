/** Dictionary items of one type (GET /api/admin/dicts, cached for the session), enabled ones only. */
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

export interface DictOption {
  value: string;
  label: string;
}

let cache: Promise<Map<string, DictOption[]>> | null = null;

function loadDicts(): Promise<Map<string, DictOption[]>> {
  if (!cache) {
    cache = api
      .get<{ items: { code: string; items: { value: string; label: string; enabled: boolean }[] }[] }>('/api/admin/dicts')
      .then((r) => new Map(r.items.map((t) => [t.code, t.items.filter((i) => i.enabled).map((i) => ({ value: i.value, label: i.label }))])));
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function useDict(type: string): DictOption[] {
  const [items, setItems] = useState<DictOption[]>([]);
  useEffect(() => {
    let live = true;
    loadDicts()
      .then((m) => live && setItems(m.get(type) ?? []))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [type]);
  return items;
}
