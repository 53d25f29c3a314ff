/**
 * 见底清零: for every responsible unit (or campaign), how many problems, how many 销号, how many
 * still open and how many overdue; a unit is 清零 when every problem is rectified.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Progress, Row, Segmented, Select, Space, Statistic, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { Chart } from '../../components/Chart.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useAuth } from '../../auth/session.tsx';
import { useCampaigns } from './LedgerPage.tsx';
import { NewCampaignModal } from './NewCampaignModal.tsx';
import { RECT_SOURCE_LABELS } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';

interface ClearanceRow {
  key: number | null;
  name: string;
  total: number;
  rectified: number;
  in_progress: number;
  overdue: number;
  rate: number | null;
  cleared: boolean;
}

interface Clearance {
  rows: ClearanceRow[];
  totals: ClearanceRow;
}

export default function ClearancePage() {
  const [params, setParams] = useSearchParams();
  const by = params.get('by') === 'campaign' ? 'campaign' : 'unit';
  const campaignId = params.get('campaign_id') ?? undefined;
  const sourceType = params.get('source_type') ?? undefined;
  /** From the 驾驶舱 drill-down: only the units lying in this 区县. */
  const district = params.get('district') ?? undefined;
  const campaigns = useCampaigns();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const [data, setData] = useState<Clearance | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    setLoading(true);
    api
      .get<Clearance>('/api/rectification/clearance', { query: { by, campaign_id: campaignId, source_type: sourceType, district } })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [by, campaignId, sourceType, district, tick]);

  const set = paramSetter(setParams);

  const top = useMemo(() => (data?.rows ?? []).slice(0, 15), [data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: ['已销号', '整改中', '逾期'], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: top.map((r) => r.name), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [
        { name: '已销号', type: 'bar', stack: 'n', data: top.map((r) => r.rectified), itemStyle: { color: '#52c41a' } },
        { name: '整改中', type: 'bar', stack: 'n', data: top.map((r) => r.in_progress), itemStyle: { color: '#1f5fbf' } },
        { name: '逾期', type: 'bar', stack: 'n', data: top.map((r) => r.overdue), itemStyle: { color: '#cf1322' } },
      ],
    }),
    [top],
  );

  const columns: TableColumnsType<ClearanceRow> = [
    {
      title: by === 'unit' ? '责任单位' : '专项整治',
      dataIndex: 'name',
      key: 'name',
      render: (n: string, r) =>
        r.key !== null ? (
          <Link to={`/rectify/ledger?${by === 'unit' ? 'responsible_org_id' : 'campaign_id'}=${r.key}`}>{n}</Link>
        ) : (
          n
        ),
    },
    { title: '问题总数', dataIndex: 'total', key: 'total', width: 100, align: 'right' },
    { title: '已销号', dataIndex: 'rectified', key: 'rectified', width: 90, align: 'right' },
    { title: '整改中', dataIndex: 'in_progress', key: 'in_progress', width: 90, align: 'right' },
    {
      title: '逾期',
      dataIndex: 'overdue',
      key: 'overdue',
      width: 90,
      align: 'right',
      render: (n: number, r) => (n ? <Link to={`/rectify/ledger?overdue=true${r.key !== null ? `&${by === 'unit' ? 'responsible_org_id' : 'campaign_id'}=${r.key}` : ''}`}><Tag color="red">{n}</Tag></Link> : 0),
    },
    { title: '整改完成率', dataIndex: 'rate', key: 'rate', width: 180, render: (r: number | null, row) => <Progress percent={r === null ? 0 : Math.round(r * 1000) / 10} size="small" status={row.overdue ? 'exception' : row.cleared ? 'success' : 'normal'} /> },
    { title: '见底清零', dataIndex: 'cleared', key: 'cleared', width: 100, render: (c: boolean) => (c ? <Tag color="green">已清零</Tag> : <Tag>未清零</Tag>) },
  ];

  const totals = data?.totals;
  return (
    <Page
      title="见底清零"
      description="按责任单位或专项整治统计整改进度：全部问题销号即“见底清零”；逾期事项单列并可直接查看。"
      card={false}
      extra={
        can('rectify:edit') ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建专项整治
          </Button>
        ) : null
      }
    >
      {creating ? (
        <NewCampaignModal
          onClose={(created) => {
            setCreating(false);
            if (created) {
              campaigns.reload();
              setTick((t) => t + 1);
            }
          }}
        />
      ) : null}
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Space wrap size={16}>
          <Segmented
            value={by}
            onChange={(v) => set('by', v === 'campaign' ? 'campaign' : undefined)}
            options={[
              { value: 'unit', label: '按责任单位' },
              { value: 'campaign', label: '按专项整治' },
            ]}
          />
          <Form.Item label="专项整治" style={{ margin: 0 }}>
            <Select allowClear placeholder="全部" style={{ width: 200 }} value={campaignId ? Number(campaignId) : undefined} onChange={(v) => set('campaign_id', v ? String(v) : undefined)} options={campaigns.items.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item label="来源" style={{ margin: 0 }}>
            <Select allowClear placeholder="全部" style={{ width: 130 }} value={sourceType} onChange={(v) => set('source_type', v)} options={Object.entries(RECT_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {district ? (
            <Tag color="blue" closable onClose={() => set('district', undefined)} aria-label="区县筛选">
              区县：{district}
            </Tag>
          ) : null}
        </Space>
      </Card>
      {error ? <LoadError error={error} onRetry={() => setTick((t) => t + 1)} /> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {[
          { title: '问题总数', value: totals?.total ?? 0 },
          { title: '已销号', value: totals?.rectified ?? 0, color: '#389e0d' },
          { title: '整改中', value: totals?.in_progress ?? 0, color: '#1f5fbf' },
          { title: '逾期', value: totals?.overdue ?? 0, color: '#cf1322' },
          { title: '整改完成率', value: totals?.rate === null || totals?.rate === undefined ? 0 : Math.round(totals.rate * 1000) / 10, suffix: '%' },
          { title: '已清零单位', value: (data?.rows ?? []).filter((r) => r.cleared).length, suffix: `/ ${(data?.rows ?? []).length}` },
        ].map((s) => (
          <Col key={s.title} span={4}>
            <Card variant="borderless" size="small" loading={loading && !data}>
              <Statistic title={s.title} value={s.value} suffix={s.suffix} styles={{ content: { color: s.color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={`整改进度（前 ${top.length} 名，逾期优先）`} variant="borderless" style={{ marginBottom: 12 }}>
        {top.length ? <Chart option={option} height={Math.min(360, Math.max(200, top.length * 24 + 60))} label="各单位整改进度条形图" /> : <div className="gt-muted">暂无数据</div>}
      </Card>
      <Card variant="borderless">
        <Table<ClearanceRow> rowKey={(r) => String(r.key)} size="small" loading={loading} columns={columns} dataSource={data?.rows ?? []} pagination={{ pageSize: 15, hideOnSinglePage: true }} rowClassName={(r) => (r.overdue ? 'gt-row-overdue' : '')} locale={{ emptyText: '暂无整改事项' }} />
      </Card>
    </Page>
  );
}
