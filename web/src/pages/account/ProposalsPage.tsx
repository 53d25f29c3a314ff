/** 问责建议: proposals raised by overdue rectifications (双问责) and others; decide or dismiss them. */
import { Button, Form, Input, Segmented, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';
import { DecisionModal } from './DecisionsPage.tsx';
import { useCatalog } from './catalog.ts';

interface Proposal {
  id: number;
  source_type: string;
  rect_item_id: number | null;
  clue_id: number | null;
  responsibility: string;
  responsibility_label: string;
  target_org_id: number;
  target_org_name: string;
  person_name: string | null;
  person_title: string | null;
  proposing_org_name: string | null;
  reason: string;
  status: string;
  status_label: string;
  decision_id: number | null;
  dismissed_reason: string | null;
  version: number;
  created_at: string;
}

const STATUS_COLORS: Record<string, string> = { open: 'gold', decided: 'green', dismissed: 'default' };

export default function ProposalsPage() {
  const { can } = useAuth();
  const catalog = useCatalog();
  const t = useServerTable<Proposal>('/api/accountability/proposals', { filterKeys: ['status'] });
  const [deciding, setDeciding] = useState<Proposal | null>(null);
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  const status = t.query.filters.status ?? '';

  const columns: TableColumnsType<Proposal> = [
    { title: '生成时间', dataIndex: 'created_at', key: 'created_at', width: 170, render: fmtTime },
    { title: '责任', dataIndex: 'responsibility_label', key: 'responsibility', width: 90, render: (v: string) => <Tag color={v === '主体责任' ? 'volcano' : 'blue'}>{v}</Tag> },
    { title: '对象', key: 'target', width: 220, render: (_v, p) => (p.person_name ? `${p.person_name}（${p.target_org_name}）` : p.target_org_name) },
    { title: '事由', dataIndex: 'reason', key: 'reason', ellipsis: true },
    {
      title: '来源',
      key: 'source',
      width: 110,
      render: (_v, p) => (p.rect_item_id ? <Link to={`/rectify/items/${p.rect_item_id}`}>整改逾期</Link> : p.clue_id ? <Link to={`/clues/${p.clue_id}`}>问题线索</Link> : '—'),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: string, p) => (
        <Tag color={STATUS_COLORS[s]} title={p.dismissed_reason ?? undefined}>
          {p.status_label}
        </Tag>
      ),
    },
    ...(can('account:edit')
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 150,
            render: (_v: unknown, p: Proposal) =>
              p.status === 'open' ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setDeciding(p)} disabled={!catalog}>
                    作出决定
                  </Button>
                  <Button type="link" size="small" onClick={() => setDismissing(p)}>
                    不予问责
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Page title="问责建议" description="整改逾期未完成的，系统自动对责任单位（主体责任）和监督主体（监督责任）生成问责建议（双问责），由纪检监察机关作出决定或说明不予问责的理由。">
      <div className="gt-toolbar">
        <Segmented
          value={status}
          onChange={(v) => t.setFilters({ status: (v as string) || undefined })}
          options={[
            { value: '', label: '全部' },
            { value: 'open', label: '待处理' },
            { value: 'decided', label: '已作出决定' },
            { value: 'dismissed', label: '不予问责' },
          ]}
        />
      </div>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Proposal> rowKey="id" size="middle" columns={columns} scroll={{ x: 1000 }} rowClassName={(p) => (p.status === 'open' ? 'gt-row-due-soon' : '')} {...t.tableProps} locale={{ emptyText: '暂无问责建议' }} />
      {deciding && catalog ? (
        <DecisionModal
          catalog={catalog}
          preset={{
            proposal_id: deciding.id,
            rect_item_id: deciding.rect_item_id,
            target_org_id: deciding.target_org_id,
            person_name: deciding.person_name,
            person_title: deciding.person_title,
            responsibility: deciding.responsibility,
            reason: deciding.reason,
          }}
          onClose={(ok) => {
            setDeciding(null);
            if (ok) t.reload();
          }}
        />
      ) : null}
      {dismissing ? (
        <FormModal<{ reason: string }>
          title="不予问责"
          okText="确定"
          success="已处理"
          onClose={(ok) => {
            setDismissing(null);
            if (ok) t.reload();
          }}
          onSubmit={(v) => api.post(`/api/accountability/proposals/${dismissing.id}/dismiss`, { version: dismissing.version, reason: v.reason.trim() })}
        >
          <Form.Item label="不予问责的理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 5000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
