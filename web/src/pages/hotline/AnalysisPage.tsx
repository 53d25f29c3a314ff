/** 12345 热线分析: volumes by district/street/category/unit/day/month, year-on-year and month-on-month, new hot topics, 专项深办 lists. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { Chart } from '../../components/Chart.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';

const DIMS: Record<string, string> = { district: '区县', street: '街道', category: '诉求类别', unit: '承办单位', day: '按日', month: '按月' };

interface CompareRow {
  key: string;
  current: number;
  previous: number;
  last_year: number;
  mom_pct: number | null;
  yoy_pct: number | null;
  sentence: string;
}

const HOT_LABELS: Record<string, string> = { keyword: '热点词', term: '热点词', word: '热点词', count: '工单数', orders: '工单数', previous: '上期', growth: '增长', lift: '增幅倍数', ratio: '增幅倍数' };

const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)}%`);

export default function AnalysisPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().subtract(1, 'year').startOf('year').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  /** From the 驾驶舱 drill-downs: the volumes and comparisons of one 区县 / 诉求类别 (hot topics and 专项深办 stay city-wide). */
  const district = params.get('district') ?? undefined;
  const category = params.get('category') ?? undefined;
  const drop = (key: string) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        n.delete(key);
        return n;
      },
      { replace: true },
    );
  const [dim, setDim] = useState('category');
  const [breakdown, setBreakdown] = useState<Record<string, unknown>[]>([]);
  const [compare, setCompare] = useState<{ total: CompareRow; rows: CompareRow[] } | null>(null);
  const [hot, setHot] = useState<Record<string, unknown>[]>([]);
  const [topics, setTopics] = useState<{ id: number; name: string; keywords: string[]; received: number; closed: number; unsatisfied_rate: number | null; previous: number; mom_pct: number | null }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const q = { from, to };
    Promise.all([
      api.get<Record<string, unknown>[] | { items: Record<string, unknown>[] }>('/api/hotline/analysis/breakdown', { query: { ...q, dim, district, category } }),
      api.get<{ total: CompareRow; rows: CompareRow[] }>('/api/hotline/analysis/compare', { query: { ...q, dim: ['day', 'month'].includes(dim) ? 'category' : dim, district, category } }),
      api.get<Record<string, unknown>[] | { items: Record<string, unknown>[] }>('/api/hotline/analysis/hot-topics', { query: q }),
    ])
      .then(([b, c, h]) => {
        setBreakdown(Array.isArray(b) ? b : b.items);
        setCompare(c);
        setHot(Array.isArray(h) ? h : h.items);
        setError(null);
      })
      .catch(setError);
  }, [from, to, dim, district, category]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<typeof topics>('/api/hotline/analysis/topics', { query: { from, to } })
      .then(setTopics)
      .catch(() => setTopics([]));
  }, [from, to, tick]);

  const option = useMemo(() => {
    const rows = breakdown.slice(0, 30);
    const label = (r: Record<string, unknown>) => String(r.key ?? r.name ?? r[dim] ?? '');
    const value = (r: Record<string, unknown>) => Number(r.count ?? r.total ?? r.received ?? r.value ?? 0);
    const time = dim === 'day' || dim === 'month';
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map(label), axisLabel: { rotate: time ? 0 : 30, interval: time ? 'auto' : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: time ? 'line' : 'bar', data: rows.map(value), itemStyle: { color: '#d48806' }, barMaxWidth: 28, smooth: true }],
    };
  }, [breakdown, dim]);

  return (
    <Page
      title="12345热线分析"
      card={false}
      description="按区县、街道、诉求类别、承办单位统计诉求量，同比环比，发现新出现的热点问题；专项深办清单按关键词跟踪。"
      extra={
        <DatePicker.RangePicker
          value={[dayjs(from), dayjs(to)]}
          allowClear={false}
          onChange={(v) => {
            const r = v as [Dayjs, Dayjs] | null;
            if (r) setParams((p) => ({ ...Object.fromEntries(p), from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') }), { replace: true });
          }}
          aria-label="统计期间"
        />
      }
    >
      {error ? <LoadError error={error} /> : null}
      {district || category ? (
        <Space size={8} style={{ marginBottom: 8 }}>
          {district ? (
            <Tag color="blue" closable onClose={() => drop('district')} aria-label="区县筛选">
              区县：{district}
            </Tag>
          ) : null}
          {category ? (
            <Tag color="blue" closable onClose={() => drop('category')} aria-label="类别筛选">
              诉求类别：{category}
            </Tag>
          ) : null}
          <Typography.Text type="secondary">诉求量与同比环比仅统计所选范围；新出现的热点问题与专项深办为全市数据。</Typography.Text>
        </Space>
      ) : null}
      {compare ? (
        <Card variant="borderless" size="small" style={{ marginBottom: 12 }}>
          <Space size={32} wrap>
            <span>
              本期诉求 <b style={{ fontSize: 22 }}>{compare.total.current}</b> 件
            </span>
            <span>上期 {compare.total.previous} 件（环比 {pct(compare.total.mom_pct)}）</span>
            <span>上年同期 {compare.total.last_year} 件（同比 {pct(compare.total.yoy_pct)}）</span>
            <Typography.Text type="secondary">{compare.total.sentence}</Typography.Text>
          </Space>
        </Card>
      ) : null}
      <Row gutter={12}>
        <Col span={14}>
          <Card variant="borderless" size="small" title="诉求量分布" extra={<Segmented size="small" value={dim} onChange={(v) => setDim(v as string)} options={Object.entries(DIMS).map(([value, label]) => ({ value, label }))} />} style={{ marginBottom: 12 }}>
            {breakdown.length ? <Chart option={option} height={280} label={`按${DIMS[dim]}的诉求量`} /> : <div className="gt-muted" style={{ padding: 40, textAlign: 'center' }}>所选期间无数据</div>}
          </Card>
        </Col>
        <Col span={10}>
          <Card variant="borderless" size="small" title="新出现的热点问题" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey={(r) => String(r.keyword ?? r.term ?? r.key ?? JSON.stringify(r))}
              dataSource={hot}
              pagination={false}
              scroll={{ y: 250 }}
              locale={{ emptyText: '所选期间未发现新热点' }}
              columns={Object.keys(hot[0] ?? { keyword: '' })
                .slice(0, 4)
                .map((k) => ({ title: HOT_LABELS[k] ?? (k.startsWith('baseline') ? '历史基线' : k), dataIndex: k, key: k, ellipsis: true, render: (v: unknown) => (Array.isArray(v) ? v.join('、') : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v ?? '')) }))}
            />
          </Card>
        </Col>
      </Row>
      {compare ? (
        <Card variant="borderless" size="small" title={`同比环比（按${DIMS[['day', 'month'].includes(dim) ? 'category' : dim]}）`} style={{ marginBottom: 12 }}>
          <Table<CompareRow>
            size="small"
            rowKey="key"
            dataSource={compare.rows}
            pagination={compare.rows.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: '名称', dataIndex: 'key' },
              { title: '本期', dataIndex: 'current', width: 90, align: 'right', sorter: (a, b) => a.current - b.current },
              { title: '上期', dataIndex: 'previous', width: 90, align: 'right' },
              { title: '环比', dataIndex: 'mom_pct', width: 100, render: (v: number | null) => <Tag color={v === null ? 'default' : v > 0 ? 'red' : 'green'}>{pct(v)}</Tag> },
              { title: '上年同期', dataIndex: 'last_year', width: 100, align: 'right' },
              { title: '同比', dataIndex: 'yoy_pct', width: 100, render: (v: number | null) => <Tag color={v === null ? 'default' : v > 0 ? 'red' : 'green'}>{pct(v)}</Tag> },
            ]}
          />
        </Card>
      ) : null}
      <Card
        variant="borderless"
        size="small"
        title="专项深办"
        extra={
          can('hotline:routing') ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              新增专项
            </Button>
          ) : null
        }
      >
        <Table
          size="small"
          rowKey="id"
          dataSource={topics}
          pagination={false}
          locale={{ emptyText: '暂无专项深办' }}
          columns={[
            { title: '专项', dataIndex: 'name', width: 140 },
            { title: '关键词', dataIndex: 'keywords', render: (k: string[]) => k.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: '本期诉求', dataIndex: 'received', width: 90, align: 'right' },
            { title: '已办结', dataIndex: 'closed', width: 80, align: 'right' },
            { title: '不满意率', dataIndex: 'unsatisfied_rate', width: 90, render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`) },
            { title: '环比', dataIndex: 'mom_pct', width: 90, render: (v: number | null) => pct(v) },
          ]}
        />
      </Card>
      {adding ? (
        <FormModal<{ name: string; keywords: string[] }>
          title="新增专项深办"
          okText="新增"
          success="已新增专项"
          onClose={(ok) => {
            setAdding(false);
            if (ok) setTick((t) => t + 1);
          }}
          onSubmit={(v) => api.post('/api/hotline/topics', { name: v.name.trim(), keywords: v.keywords.map((k) => k.trim()).filter(Boolean) })}
        >
          <Form.Item label="专项名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100 }]}>
            <Input placeholder="如：校园餐饮" />
          </Form.Item>
          <Form.Item label="关键词" name="keywords" rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一个关键词' }]} extra="输入后回车；工单内容含任一关键词即计入">
            <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
