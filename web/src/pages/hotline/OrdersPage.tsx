/**
 * 工单列表: the 12345 work orders within the user's data scope, filtered, sorted and paged on the
 * server; each order number opens the order page. Reading this list (it shows the citizens'
 * names, phone numbers and addresses) is recorded in the audit log.
 */
import { AutoComplete, DatePicker, Form, Input, Select, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { FilterBar } from '../../components/FilterBar.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';

export interface OrderItem {
  order_id: string;
  received_at: string;
  caller_name: string | null;
  caller_phone: string | null;
  address: string | null;
  district: string | null;
  street: string | null;
  content: string;
  category: string | null;
  category_source: 'given' | 'predicted' | 'corrected' | 'none';
  handler_unit: string | null;
  due_at: string | null;
  closed_at: string | null;
  status: string | null;
  satisfaction: string | null;
  supervised: boolean;
  published: boolean;
}

interface Facets {
  districts: string[];
  streets: string[];
  categories: string[];
  units: string[];
  statuses: string[];
}

export const STATUS_COLORS: Record<string, string> = { 已办结: 'green', 办理中: 'blue', 已退回: 'orange', 超期: 'red' };
export const SOURCE_TAGS: Record<string, { text: string; color?: string }> = {
  given: { text: '原有' },
  predicted: { text: '自动分类', color: 'purple' },
  corrected: { text: '人工修正', color: 'gold' },
  none: { text: '未分类' },
};

const FILTERS = ['district', 'street', 'category', 'category_source', 'unit', 'status', 'from', 'to', 'supervised'] as const;

interface FilterValues {
  q?: string;
  district?: string;
  street?: string;
  category?: string;
  category_source?: string;
  unit?: string;
  status?: string;
  range?: [Dayjs, Dayjs] | null;
  supervised?: string;
}

const options = (values: readonly string[] | undefined) => (values ?? []).map((v) => ({ value: v }));

export function useOrderFacets(): Facets | null {
  const [facets, setFacets] = useState<Facets | null>(null);
  useEffect(() => {
    api.get<Facets>('/api/hotline/order-filters').then(setFacets, () => setFacets(null));
  }, []);
  return facets;
}

export default function OrdersPage() {
  const t = useServerTable<OrderItem>('/api/hotline/orders', { filterKeys: FILTERS, defaultSort: 'received_at', defaultOrder: 'desc' });
  const [form] = Form.useForm<FilterValues>();
  const facets = useOrderFacets();
  const f = t.query.filters;
  const text = (v: string | undefined) => v?.trim() || undefined;

  const columns: TableColumnsType<OrderItem> = [
    {
      title: '工单编号',
      dataIndex: 'order_id',
      key: 'order_id',
      width: 170,
      fixed: 'left',
      sorter: true,
      sortOrder: t.sortOrderOf('order_id'),
      render: (id: string) => <Link to={`/hotline/orders/${encodeURIComponent(id)}`}>{id}</Link>,
    },
    { title: '受理时间', dataIndex: 'received_at', key: 'received_at', width: 160, sorter: true, sortOrder: t.sortOrderOf('received_at'), render: fmtTime },
    {
      title: '诉求内容',
      dataIndex: 'content',
      key: 'content',
      width: 300,
      ellipsis: { showTitle: false },
      render: (c: string) => (
        <Tooltip title={c} placement="topLeft">
          {c}
        </Tooltip>
      ),
    },
    { title: '区县', dataIndex: 'district', key: 'district', width: 90, sorter: true, sortOrder: t.sortOrderOf('district'), render: (v: string | null) => v ?? '—' },
    { title: '乡镇街道', dataIndex: 'street', key: 'street', width: 110, sorter: true, sortOrder: t.sortOrderOf('street'), render: (v: string | null) => v ?? '—' },
    {
      title: '诉求类别',
      dataIndex: 'category',
      key: 'category',
      width: 170,
      sorter: true,
      sortOrder: t.sortOrderOf('category'),
      render: (c: string | null, o) => (
        <>
          {c ?? <span className="gt-muted">未分类</span>}{' '}
          {o.category_source !== 'given' && c ? <Tag color={SOURCE_TAGS[o.category_source]?.color}>{SOURCE_TAGS[o.category_source]?.text}</Tag> : null}
        </>
      ),
    },
    { title: '承办单位', dataIndex: 'handler_unit', key: 'handler_unit', width: 180, ellipsis: true, sorter: true, sortOrder: t.sortOrderOf('handler_unit'), render: (v: string | null) => v ?? '—' },
    {
      title: '办理状态',
      dataIndex: 'status',
      key: 'status',
      width: 120,
      sorter: true,
      sortOrder: t.sortOrderOf('status'),
      render: (s: string | null, o) => (
        <>
          {s ? <Tag color={STATUS_COLORS[s]}>{s}</Tag> : '—'}
          {o.supervised ? <Tag color="volcano">督办</Tag> : null}
          {o.published ? <Tag color="cyan">已公开</Tag> : null}
        </>
      ),
    },
    { title: '办理时限', dataIndex: 'due_at', key: 'due_at', width: 160, sorter: true, sortOrder: t.sortOrderOf('due_at'), render: (v: string | null) => (v ? fmtTime(v) : '—') },
    { title: '回访满意度', dataIndex: 'satisfaction', key: 'satisfaction', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: '诉求人',
      key: 'caller',
      width: 160,
      render: (_: unknown, o) => (
        <span>
          {o.caller_name ?? '—'}
          {o.caller_phone ? <Typography.Text type="secondary"> {o.caller_phone}</Typography.Text> : null}
        </span>
      ),
    },
  ];

  return (
    <Page title="工单列表" description="本人数据权限范围内的12345工单，可按区县、街道、诉求类别（原有或自动分类）、承办单位、办理状态和受理日期筛选。列表含诉求人个人信息，每次查看均记入审计日志。">
      <FilterBar<FilterValues>
        form={form}
        initial={{
          q: f.q,
          district: f.district,
          street: f.street,
          category: f.category,
          category_source: f.category_source,
          unit: f.unit,
          status: f.status,
          supervised: f.supervised,
          range: f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : null,
        }}
        onApply={(v) =>
          t.setFilters({
            q: text(v.q),
            district: text(v.district),
            street: text(v.street),
            category: text(v.category),
            category_source: v.category_source,
            unit: text(v.unit),
            status: v.status,
            supervised: v.supervised,
            from: v.range?.[0]?.format('YYYY-MM-DD'),
            to: v.range?.[1]?.format('YYYY-MM-DD'),
          })
        }
        onReset={t.resetFilters}
        label="筛选工单"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="工单编号、诉求内容、地址" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="district" label="区县">
          <AutoComplete allowClear options={options(facets?.districts)} placeholder="全部" style={{ width: 120 }} filterOption />
        </Form.Item>
        <Form.Item name="street" label="乡镇街道">
          <AutoComplete allowClear options={options(facets?.streets)} placeholder="全部" style={{ width: 130 }} filterOption />
        </Form.Item>
        <Form.Item name="category" label="诉求类别">
          <AutoComplete allowClear options={options(facets?.categories)} placeholder="全部" style={{ width: 140 }} filterOption />
        </Form.Item>
        <Form.Item name="category_source" label="类别来源">
          <Select allowClear placeholder="全部" style={{ width: 110 }} options={Object.entries(SOURCE_TAGS).map(([value, s]) => ({ value, label: s.text }))} />
        </Form.Item>
        <Form.Item name="unit" label="承办单位">
          <AutoComplete allowClear options={options(facets?.units)} placeholder="全部" style={{ width: 200 }} filterOption />
        </Form.Item>
        <Form.Item name="status" label="办理状态">
          <Select allowClear placeholder="全部" style={{ width: 110 }} options={(facets?.statuses ?? Object.keys(STATUS_COLORS)).map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="supervised" label="督办">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '督办' },
              { value: 'false', label: '非督办' },
            ]}
          />
        </Form.Item>
        <Form.Item name="range" label="受理日期">
          <DatePicker.RangePicker allowClear />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<OrderItem>
        rowKey="order_id"
        size="small"
        columns={columns}
        scroll={{ x: 1700 }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的工单' : '暂无工单' }}
      />
    </Page>
  );
}
