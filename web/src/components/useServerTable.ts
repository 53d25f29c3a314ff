/**
 * Server-side paging, sorting and filtering for list routes that take
 * `?page&pageSize&sort&order&q&…filters` and reply `{items, total, page, pageSize}`.
 * The table state lives in the page URL, so reloading, sharing a link and the back button keep it.
 */
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface.js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, type Paged, api } from '../api/client.ts';

export interface TableQuery {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
  /** Free-text search and the page's own filters, as strings from the URL. */
  filters: Record<string, string>;
}

export interface ServerTableOptions {
  /** Filter names (besides `q`) this page keeps in the URL. */
  filterKeys?: readonly string[];
  defaultSort?: string;
  defaultOrder?: 'asc' | 'desc';
  defaultPageSize?: number;
  /** Extra fixed query parameters. */
  extra?: Record<string, string | number | undefined>;
  /** Prefix of the URL parameters when a page shows two tables. */
  prefix?: string;
}

export interface ServerTable<T> {
  query: TableQuery;
  data: Paged<T> | null;
  loading: boolean;
  error: ApiError | null;
  reload(): void;
  /** Set filters (resets to page 1). Empty strings remove a filter. */
  setFilters(patch: Record<string, string | undefined>): void;
  resetFilters(): void;
  /** Props for antd <Table> (dataSource, pagination, sorting, loading). */
  tableProps: Pick<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'onChange'>;
  /** Controlled sort order for a column key. */
  sortOrderOf(key: string): 'ascend' | 'descend' | null;
  hasFilters: boolean;
}

export function useServerTable<T>(url: string | null, opts: ServerTableOptions = {}): ServerTable<T> {
  const [params, setParams] = useSearchParams();
  const p = opts.prefix ?? '';
  const filterKeys = useMemo(() => ['q', ...(opts.filterKeys ?? [])], [opts.filterKeys]);
  const query: TableQuery = useMemo(() => {
    const filters: Record<string, string> = {};
    for (const k of filterKeys) {
      const v = params.get(p + k);
      if (v) filters[k] = v;
    }
    const order = params.get(`${p}order`);
    return {
      page: Math.max(1, Number(params.get(`${p}page`)) || 1),
      pageSize: Math.min(200, Math.max(5, Number(params.get(`${p}pageSize`)) || opts.defaultPageSize || 20)),
      sort: params.get(`${p}sort`) || opts.defaultSort,
      order: order === 'asc' || order === 'desc' ? order : opts.defaultOrder,
      filters,
    };
  }, [params, p, filterKeys, opts.defaultSort, opts.defaultOrder, opts.defaultPageSize]);

  const [data, setData] = useState<Paged<T> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const extraKey = JSON.stringify(opts.extra ?? {});
  const queryKey = JSON.stringify(query);
  const latest = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    if (!url) return;
    const ctl = new AbortController();
    const n = ++latest.current;
    setLoading(true);
    const q = JSON.parse(queryKey) as TableQuery;
    api
      .get<Paged<T>>(url, {
        signal: ctl.signal,
        query: { page: q.page, pageSize: q.pageSize, sort: q.sort, order: q.order, ...q.filters, ...(JSON.parse(extraKey) as Record<string, string>) },
      })
      .then((r) => {
        if (n !== latest.current) return;
        setData(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (n !== latest.current || (e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : new ApiError(0, { code: 'error', message: '加载失败' }));
      })
      .finally(() => {
        if (n === latest.current) setLoading(false);
      });
    return () => ctl.abort();
  }, [url, queryKey, extraKey, tick]);

  const update = useCallback(
    (patch: Record<string, string | number | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(p + k);
            else next.set(p + k, String(v));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams, p],
  );

  const setFilters = useCallback((patch: Record<string, string | undefined>) => update({ ...patch, page: undefined }), [update]);
  const resetFilters = useCallback(() => update(Object.fromEntries([...filterKeys, 'page'].map((k) => [k, undefined]))), [update, filterKeys]);

  const onChange = useCallback(
    (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? String(s.columnKey ?? s.field ?? '') : '';
      const sortChanged = key !== (query.sort ?? '') || (s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined) !== query.order;
      update({
        page: sortChanged ? undefined : pg.current && pg.current > 1 ? pg.current : undefined,
        pageSize: pg.pageSize && pg.pageSize !== (opts.defaultPageSize ?? 20) ? pg.pageSize : undefined,
        sort: key || undefined,
        order: s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined,
      });
    },
    [update, query.sort, query.order, opts.defaultPageSize],
  );

  return {
    query,
    data,
    loading,
    error,
    reload: () => setTick((t) => t + 1),
    setFilters,
    resetFilters,
    hasFilters: Object.keys(query.filters).length > 0,
    sortOrderOf: (key) => (query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null),
    tableProps: {
      dataSource: data?.items ?? [],
      loading,
      onChange: onChange as TableProps<T>['onChange'],
      pagination: {
        current: query.page,
        pageSize: query.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => `共 ${total} 条`,
        showQuickJumper: (data?.total ?? 0) > query.pageSize * 5,
      },
    },
  };
}
