/** 运行记录: every model run — who or which schedule, when, on which data date, version, rows scanned, hits, time. */
import { Select, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';
import type { Model } from './ModelsPage.tsx';

interface Run {
  id: number;
  batch_id: string;
  model_id: string;
  model_version: number;
  as_of: string;
  trigger: 'manual' | 'cli' | 'schedule';
  requested_by_name: string;
  status: 'running' | 'success' | 'failed';
  started_at: string;
  duration_ms: number | null;
  rows_scanned: number | null;
  hits: number | null;
  new_hits: number | null;
  error: string | null;
}

const TRIGGERS: Record<string, string> = { manual: '手动', cli: '命令行', schedule: '定时' };

export default function RunsPage() {
  const { can } = useAuth();
  const t = useServerTable<Run>('/api/model-runs', { filterKeys: ['model_id'] });
  const [models, setModels] = useState<Model[]>([]);
  useEffect(() => {
    api
      .get<{ items: Model[] }>('/api/models')
      .then((r) => setModels(r.items))
      .catch(() => setModels([]));
  }, []);
  const title = (id: string) => models.find((m) => m.id === id)?.title ?? '';
  const columns: TableColumnsType<Run> = [
    { title: '编号', dataIndex: 'id', width: 70 },
    { title: '模型', dataIndex: 'model_id', render: (id: string, r) => `${id} ${title(id)}（v${r.model_version}）` },
    { title: '数据日期', dataIndex: 'as_of', width: 110 },
    { title: '触发', dataIndex: 'trigger', width: 80, render: (v: string) => TRIGGERS[v] ?? v },
    { title: '执行人', dataIndex: 'requested_by_name', width: 150, ellipsis: true },
    { title: '开始时间', dataIndex: 'started_at', width: 165, render: fmtTime },
    { title: '扫描行数', dataIndex: 'rows_scanned', width: 100, align: 'right', render: (v: number | null) => (v === null ? '—' : Number(v).toLocaleString('zh-CN')) },
    {
      title: '命中（新增）',
      key: 'hits',
      width: 110,
      render: (_v, r) => (r.hits === null ? '—' : can('hit:review') ? <Link to={`/model/hits?model_id=${r.model_id}`}>{r.hits}（{r.new_hits ?? 0}）</Link> : `${r.hits}（${r.new_hits ?? 0}）`),
    },
    { title: '耗时', dataIndex: 'duration_ms', width: 80, render: (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} 秒`) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: string, r) => (s === 'success' ? <Tag color="green">成功</Tag> : s === 'failed' ? <Tooltip title={r.error}><Tag color="red">失败</Tag></Tooltip> : <Tag color="processing">运行中</Tag>),
    },
  ];
  return (
    <Page title="运行记录" description="每次运行的参数、模型版本与结果均留存，可复现、可审计。">
      <Space className="gt-filters">
        <Select allowClear placeholder="全部模型" style={{ width: 260 }} value={t.query.filters.model_id} onChange={(v) => t.setFilters({ model_id: v })} options={models.map((m) => ({ value: m.id, label: `${m.id} ${m.title}` }))} aria-label="模型" />
      </Space>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Run> rowKey="id" size="middle" columns={columns} scroll={{ x: 1150 }} {...t.tableProps} locale={{ emptyText: '暂无运行记录' }} />
    </Page>
  );
}
