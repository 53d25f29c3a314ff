/** 巡视巡察: the rounds the user's body organises, stations teams in, or supervises targets of. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { PHASE_LABELS } from './labels.ts';
import { NewRoundModal } from './NewRoundModal.tsx';

export interface Round {
  id: number;
  code: string;
  name: string;
  term: string;
  round_no: number;
  kind: string;
  kind_label: string;
  phase: string;
  phase_label: string;
  organizer_org_name: string;
  starts_on: string | null;
  ends_on: string | null;
  targets: number;
  problems: number;
}

const PHASE_COLORS: Record<string, string> = { planning: 'default', before: 'blue', during: 'processing', after: 'orange', closed: 'green' };

export default function RoundsPage() {
  const t = useServerTable<Round>('/api/inspections/rounds', { filterKeys: ['phase'] });
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Round> = [
    { title: '编号', dataIndex: 'code', key: 'code', width: 140, render: (c: string, r) => <Link to={`/inspection/rounds/${r.id}`}>{c}</Link> },
    { title: '名称', dataIndex: 'name', key: 'name', render: (n: string, r) => <Link to={`/inspection/rounds/${r.id}`}>{n}</Link> },
    { title: '届次 / 轮次', key: 'term', width: 170, render: (_v, r) => `${r.term} 第${r.round_no}轮` },
    { title: '类型', dataIndex: 'kind_label', key: 'kind', width: 110 },
    { title: '组织单位', dataIndex: 'organizer_org_name', key: 'org', width: 150, ellipsis: true },
    { title: '起止', key: 'dates', width: 200, render: (_v, r) => `${r.starts_on ?? '—'} 至 ${r.ends_on ?? '—'}` },
    { title: '被巡察单位', dataIndex: 'targets', key: 'targets', width: 100, align: 'right' },
    { title: '发现问题', dataIndex: 'problems', key: 'problems', width: 90, align: 'right' },
    { title: '阶段', dataIndex: 'phase', key: 'phase', width: 130, render: (p: string, r) => <Tag color={PHASE_COLORS[p]}>{r.phase_label}</Tag> },
  ];
  return (
    <Page
      title="巡视巡察"
      description="巡前“画像”、巡中发现问题与边巡边查、立行立改，巡后反馈、整改台账与建议书，巡审联动全流程贯通。"
      extra={
        can('inspection:edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            部署巡察轮次
          </Button>
        ) : null
      }
    >
      <div className="gt-toolbar">
        <Segmented
          value={t.query.filters.phase ?? ''}
          onChange={(v) => t.setFilters({ phase: (v as string) || undefined })}
          options={[{ value: '', label: '全部' }, ...Object.entries(PHASE_LABELS).map(([value, label]) => ({ value, label }))]}
        />
      </div>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Round> rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} {...t.tableProps} locale={{ emptyText: '暂无巡察轮次' }} />
      {creating ? (
        <NewRoundModal
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/inspection/rounds/${id}`);
          }}
        />
      ) : null}
    </Page>
  );
}
