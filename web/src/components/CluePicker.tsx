/** Choose a problem clue the user may see: type a code, a title word or a person, pick from the server's matches. */
import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';

export interface ClueChoice {
  id: number;
  code: string;
  title: string;
}

export function CluePicker({ value, onChange, onPick, id, placeholder = '输入线索编号或标题搜索' }: { value?: number | null; onChange?: (v: number | null) => void; onPick?: (c: ClueChoice | null) => void; id?: string; placeholder?: string }) {
  const [options, setOptions] = useState<ClueChoice[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    // Wait for a pause in typing, so that one request answers a word, not every keystroke.
    timer.current = setTimeout(async () => {
      setLoading(true);
      try {
        const r = await api.get<{ items: ClueChoice[] }>('/api/clues', { query: { q: q.trim() || undefined, pageSize: 10 } });
        setOptions(r.items);
      } catch {
        setOptions([]);
      } finally {
        setLoading(false);
      }
    }, 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first options load once, on mount
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
  }, []);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      loading={loading}
      placeholder={placeholder}
      notFoundContent={loading ? '搜索中…' : '没有找到可查看的线索'}
      options={options.map((c) => ({ value: c.id, label: `${c.code} ${c.title}` }))}
      onChange={(v) => {
        onChange?.(v ?? null);
        onPick?.(options.find((c) => c.id === v) ?? null);
      }}
    />
  );
}
