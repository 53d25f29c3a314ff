/** “四种形态”统计: people-times by form, period and unit (effective person decisions only). */
import { Card, Col, DatePicker, Form, Row, Segmented, Space, Statistic, Table, type TableColumnsType, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { Chart } from '../../components/Chart.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { paramSetter } from '../../components/searchParams.ts';

interface StatsRow {
  period: string;
  org_id: number | null;
  org_name: string | null;
  form1: number;
  form2: number;
  form3: number;
  form4: number;
  total: number;
}

interface Stats {
  rows: StatsRow[];
  totals: { form1: number; form2: number; form3: number; form4: number; total: number; shares: Record<string, number | null> };
}

const FORM_NAMES = ['第一种形态', '第二种形态', '第三种形态', '第四种形态'];
const COLORS = ['#5b8ff9', '#f6bd16', '#e86452', '#8b1a1a'];

export default function FormStatsPage() {
  // from / to / district may come from a link (the 驾驶舱 drill-down): then only the units of that 区县, by unit
  const [params, setParams] = useSearchParams();
  const district = params.get('district') ?? undefined;
  const [period, setPeriod] = useState<'month' | 'quarter' | 'year'>('quarter');
  const [by, setBy] = useState<'none' | 'unit'>(district ? 'unit' : 'none');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() => {
    const f = params.get('from');
    const t = params.get('to');
    return f || t ? [f ? dayjs(f) : null, t ? dayjs(t) : null] : [dayjs().startOf('year').subtract(1, 'year'), dayjs()];
  });
  const [data, setData] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    setLoading(true);
    api
      .get<Stats>('/api/accountability/stats/forms', { query: { period, by, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'), district } })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [period, by, range, district]);

  const byPeriod = useMemo(() => {
    const m = new Map<string, number[]>();
    for (const r of data?.rows ?? []) {
      const v = m.get(r.period) ?? [0, 0, 0, 0];
      v[0] += r.form1;
      v[1] += r.form2;
      v[2] += r.form3;
      v[3] += r.form4;
      m.set(r.period, v);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data]);

  const barOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: byPeriod.map(([p]) => p) },
      yAxis: { type: 'value', minInterval: 1, name: '人次' },
      series: FORM_NAMES.map((name, i) => ({ name, type: 'bar', stack: 'forms', data: byPeriod.map(([, v]) => v[i]), itemStyle: { color: COLORS[i] } })),
    }),
    [byPeriod],
  );

  const t = data?.totals;
  const pieOption = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人次（{d}%）' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          label: { formatter: '{d}%' },
          data: FORM_NAMES.map((name, i) => ({ name, value: t ? [t.form1, t.form2, t.form3, t.form4][i] : 0, itemStyle: { color: COLORS[i] } })),
        },
      ],
    }),
    [t],
  );

  const columns: TableColumnsType<StatsRow> = [
    { title: '期间', dataIndex: 'period', key: 'period', width: 100 },
    ...(by === 'unit' ? [{ title: '单位', dataIndex: 'org_name', key: 'org', render: (v: string | null) => v ?? '—' }] : []),
    ...FORM_NAMES.map((n, i) => ({ title: n, dataIndex: `form${i + 1}`, key: `form${i + 1}`, width: 110, align: 'right' as const })),
    { title: '合计', dataIndex: 'total', key: 'total', width: 90, align: 'right' },
  ];

  return (
    <Page title="四种形态统计" description="按生效日期统计已生效的个人处理（人次）；撤销、未通过和待审核的决定不计入。" card={false}>
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Space wrap size={16}>
          <Segmented value={period} onChange={(v) => setPeriod(v as typeof period)} options={[{ value: 'month', label: '按月' }, { value: 'quarter', label: '按季度' }, { value: 'year', label: '按年' }]} />
          <Segmented value={by} onChange={(v) => setBy(v as typeof by)} options={[{ value: 'none', label: '全部单位' }, { value: 'unit', label: '按单位' }]} />
          <Form.Item label="期间" style={{ margin: 0 }}>
            <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} allowEmpty={[true, true]} />
          </Form.Item>
          {district ? (
            <Tag color="blue" closable onClose={() => paramSetter(setParams)('district', undefined)} aria-label="区县筛选">
              区县：{district}
            </Tag>
          ) : null}
        </Space>
      </Card>
      {error ? <LoadError error={error} /> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {FORM_NAMES.map((n, i) => {
          const v = t ? [t.form1, t.form2, t.form3, t.form4][i] : 0;
          const share = t?.shares[`form${i + 1}`];
          return (
            <Col key={n} span={5}>
              <Card variant="borderless" size="small" loading={loading && !data}>
                <Statistic title={n} value={v} suffix={`人次${share !== null && share !== undefined ? ` · ${Math.round(share * 1000) / 10}%` : ''}`} styles={{ content: { color: COLORS[i] } }} />
              </Card>
            </Col>
          );
        })}
        <Col span={4}>
          <Card variant="borderless" size="small" loading={loading && !data}>
            <Statistic title="合计" value={t?.total ?? 0} suffix="人次" />
          </Card>
        </Col>
      </Row>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={15}>
          <Card title="各期间人次" variant="borderless">
            <Chart option={barOption} height={280} label="四种形态各期间人次柱状图" />
          </Card>
        </Col>
        <Col span={9}>
          <Card title="占比" variant="borderless">
            <Chart option={pieOption} height={280} label="四种形态占比环形图" />
          </Card>
        </Col>
      </Row>
      <Card variant="borderless">
        <Table<StatsRow> rowKey={(r) => `${r.period}-${r.org_id}`} size="small" loading={loading} columns={columns} dataSource={data?.rows ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: '所选期间暂无已生效的处理' }} />
      </Card>
    </Page>
  );
}
