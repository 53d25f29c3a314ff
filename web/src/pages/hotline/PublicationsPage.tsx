/**
 * 督办公开: the officer decides which supervised orders are published on the login-free page
 * (/public/hotline). 待审核 = supervised orders not (or no longer) published; 已公开 / 已撤回 =
 * the de-identified copies approved so far.
 */
import { ExportOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtDate, fmtTime } from '../../format.ts';
import type { OrderItem } from './OrdersPage.tsx';
import { STATUS_COLORS } from './OrdersPage.tsx';
import { confirmWithdraw, PublishDialog } from './PublishDialog.tsx';

interface Publication {
  order_id: string;
  received_on: string;
  district: string | null;
  category: string | null;
  summary: string;
  resolution: string;
  approved_at: string;
  approved_by_name: string | null;
  revoked_at: string | null;
}

type Tab = 'pending' | 'published' | 'revoked';

const orderLink = (id: string) => <Link to={`/hotline/orders/${encodeURIComponent(id)}`}>{id}</Link>;

export default function PublicationsPage() {
  const [params, setParams] = useSearchParams();
  const tab = (['pending', 'published', 'revoked'].includes(params.get('tab') ?? '') ? params.get('tab') : 'pending') as Tab;
  const pending = useServerTable<OrderItem>(tab === 'pending' ? '/api/hotline/orders' : null, { defaultSort: 'received_at', defaultOrder: 'desc', extra: { supervised: 'true', published: 'false' } });
  const done = useServerTable<Publication>(tab === 'pending' ? null : '/api/hotline/publications', { extra: { state: tab } });
  const [approving, setApproving] = useState<string | null>(null);
  const setTab = (t: Tab) =>
    setParams(
      (p) => {
        const n = new URLSearchParams();
        if (t !== 'pending') n.set('tab', t);
        void p;
        return n;
      },
      { replace: true },
    );

  const pendingColumns: TableColumnsType<OrderItem> = [
    { title: '工单编号', dataIndex: 'order_id', key: 'order_id', width: 170, render: orderLink },
    { title: '受理时间', dataIndex: 'received_at', key: 'received_at', width: 160, sorter: true, sortOrder: pending.sortOrderOf('received_at'), render: fmtTime },
    { title: '区县', dataIndex: 'district', key: 'district', width: 90, render: (v: string | null) => v ?? '—' },
    { title: '诉求类别', dataIndex: 'category', key: 'category', width: 130, render: (v: string | null) => v ?? '未分类' },
    { title: '诉求内容', dataIndex: 'content', key: 'content', ellipsis: true },
    { title: '承办单位', dataIndex: 'handler_unit', key: 'handler_unit', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '办理状态', dataIndex: 'status', key: 'status', width: 90, render: (s: string | null) => (s ? <Tag color={STATUS_COLORS[s]}>{s}</Tag> : '—') },
    {
      title: '操作',
      key: 'op',
      width: 100,
      fixed: 'right',
      render: (_: unknown, o) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setApproving(o.order_id)}>
          审核公开
        </Button>
      ),
    },
  ];

  const doneColumns: TableColumnsType<Publication> = [
    { title: '工单编号', dataIndex: 'order_id', key: 'order_id', width: 170, render: orderLink },
    { title: '受理日期', dataIndex: 'received_on', key: 'received_on', width: 110, render: fmtDate },
    { title: '区县', dataIndex: 'district', key: 'district', width: 90, render: (v: string | null) => v ?? '—' },
    { title: '诉求类别', dataIndex: 'category', key: 'category', width: 120, render: (v: string | null) => v ?? '—' },
    { title: '公开摘要', dataIndex: 'summary', key: 'summary', ellipsis: true },
    { title: '办理情况', dataIndex: 'resolution', key: 'resolution', ellipsis: true },
    { title: '审核人', dataIndex: 'approved_by_name', key: 'approved_by_name', width: 100, render: (v: string | null) => v ?? '系统' },
    { title: tab === 'revoked' ? '撤回时间' : '公开时间', key: 'at', width: 160, render: (_: unknown, p) => fmtTime(p.revoked_at ?? p.approved_at) },
    {
      title: '操作',
      key: 'op',
      width: 110,
      fixed: 'right',
      render: (_: unknown, p) =>
        p.revoked_at ? (
          <Button type="link" size="small" className="gt-link-button" onClick={() => setApproving(p.order_id)}>
            重新审核
          </Button>
        ) : (
          <Button type="link" danger size="small" className="gt-link-button" onClick={() => confirmWithdraw(p.order_id, done.reload)}>
            撤回公开
          </Button>
        ),
    },
  ];

  const error = tab === 'pending' ? pending.error : done.error;
  return (
    <Page
      title="督办公开"
      description="督办工单经审核同意后，去除诉求人姓名、电话、身份证号和详细地址，在无需登录的公开页面展示办理情况；可随时撤回。"
      extra={
        <a href="/public/hotline" target="_blank" rel="noreferrer">
          <Button icon={<ExportOutlined />}>查看公开页面</Button>
        </a>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <Segmented<Tab>
          value={tab}
          onChange={setTab}
          options={[
            { value: 'pending', label: '待审核' },
            { value: 'published', label: '已公开' },
            { value: 'revoked', label: '已撤回' },
          ]}
        />
      </Space>
      {error ? <LoadError error={error} onRetry={tab === 'pending' ? pending.reload : done.reload} /> : null}
      {tab === 'pending' ? (
        <Table<OrderItem> rowKey="order_id" size="small" columns={pendingColumns} scroll={{ x: 1200 }} {...pending.tableProps} locale={{ emptyText: '没有待审核公开的督办工单' }} />
      ) : (
        <Table<Publication> rowKey="order_id" size="small" columns={doneColumns} scroll={{ x: 1300 }} {...done.tableProps} locale={{ emptyText: tab === 'published' ? '暂无已公开的工单' : '暂无撤回记录' }} />
      )}
      {approving ? (
        <PublishDialog
          orderId={approving}
          onClose={(ok) => {
            setApproving(null);
            if (ok) {
              pending.reload();
              done.reload();
            }
          }}
        />
      ) : null}
    </Page>
  );
}
