/**
 * 驾驶舱: the leadership overview for a period — clues, transfers, rectification (见底清零),
 * the four forms, 12345, models, districts — each number with last year's and a drill-down into
 * the page that lists it. Exports to Excel and a Word report.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Progress, Row, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, download } from '../../api/client.ts';
import { Chart } from '../../components/Chart.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { showError } from '../../feedback.ts';
import { DistrictMap } from './DistrictMap.tsx';

export interface Metric {
  key: string;
  label: string;
  value: number;
  unit?: string;
  drill?: { route: string; query: Record<string, string | number> } | null;
  last_year?: number | null;
  yoy_pct?: number | null;
}

interface UnitRow {
  key: number | null;
  name: string;
  total: number;
  rectified: number;
  in_progress: number;
  overdue: number;
  rate: number | null;
  cleared: boolean;
}

interface Dashboard {
  period: { from: string; to: string };
  compare_period: { from: string; to: string };
  as_of: string;
  clues: { total: Metric; by_source: Metric[]; by_outcome: Metric[]; closed: Metric } | null;
  transfers: { transfers: Metric; items: Metric; acknowledged: Metric; acknowledged_on_time: Metric; returned: Metric; fed_back: Metric; fed_back_on_time: Metric; ack_overdue: Metric; on_time_rate: number | null } | null;
  rectification: { found: Metric; rectified: Metric; in_progress: Metric; overdue: Metric; clearance_rate: number | null; cleared_units: number; units: number; by_unit: UnitRow[] } | null;
  accountability: { total: Metric; forms: Metric[]; shares: Record<string, number | null>; tolerance: Metric; clearing: Metric; false_accusation: Metric; revisit: Metric } | null;
  hotline: { received: Metric; mom_pct: number | null; sentence: string; trend: { period?: string; month?: string; day?: string; value?: number; count?: number }[]; top_categories: Metric[] } | null;
  models: { models: number; enabled: number; new_hits: Metric; hits: Metric; pending: Metric; reviewed: Metric; confirmed: Metric; precision: number | null; by_model: { id?: string; model_id?: string; title?: string; hits?: number; precision?: number | null }[] } | null;
  districts: { district: string; clues: Metric; rectification: { total: number; rectified: number; overdue: number; rate: number | null }; forms: Metric; hotline: Metric }[];
  hidden: string[];
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);

function drillUrl(m: Metric): string | null {
  if (!m.drill) return null;
  const q = new URLSearchParams(Object.entries(m.drill.query).map(([k, v]) => [k, String(v)])).toString();
  return q ? `${m.drill.route}?${q}` : m.drill.route;
}

function Kpi({ m, color, small, short }: { m: Metric; color?: string; small?: boolean; short?: boolean }) {
  const navigate = useNavigate();
  const url = drillUrl(m);
  const yoy = m.yoy_pct;
  const body = (
    <div className={`gt-kpi ${url ? 'gt-kpi-link' : ''}`} data-testid={`kpi-${m.key}`}>
      <div className="gt-kpi-label" title={m.label}>
        {short ? m.label.replace(/（.*）/, '') : m.label}
      </div>
      <div className={small ? 'gt-kpi-value gt-kpi-small' : 'gt-kpi-value'} style={{ color }}>
        {m.value.toLocaleString('zh-CN')}
        <span className="gt-kpi-unit">{m.unit}</span>
      </div>
      {m.last_year !== undefined && m.last_year !== null ? (
        <div className="gt-kpi-yoy">
          上年同期 {m.last_year}
          {yoy !== null && yoy !== undefined ? (
            <span className={yoy >= 0 ? 'gt-up' : 'gt-down'}>
              {yoy >= 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(yoy).toFixed(1)}%
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
  return url ? (
    <button type="button" className="gt-kpi-button" onClick={() => navigate(url)} aria-label={`${m.label} ${m.value}${m.unit ?? ''}，查看明细`}>
      {body}
    </button>
  ) : (
    body
  );
}

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} extra={extra} variant="borderless" size="small" className="gt-dash-card">
      {children}
    </Card>
  );
}

function barOption(metrics: Metric[], color = '#1f5fbf', horizontal = false) {
  const names = metrics.map((m) => m.label.replace(/（.*）/, ''));
  const values = metrics.map((m) => m.value);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? { type: 'value', minInterval: 1 } : { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: horizontal ? { type: 'category', data: names, inverse: true, axisLabel: { width: 90, overflow: 'truncate' } } : { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 28 }],
  };
}

export default function DashboardPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('year').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    setD(null);
    api
      .get<Dashboard>('/api/dashboard', { query: { from, to } })
      .then((x) => {
        setD(x);
        setError(null);
      })
      .catch(setError);
  }, [from, to]);

  const exportFile = async (kind: 'xlsx' | 'docx') => {
    setBusy(kind);
    try {
      await download(kind === 'xlsx' ? '/api/dashboard/export.xlsx' : '/api/dashboard/report.docx', { from, to }, kind === 'xlsx' ? '驾驶舱数据.xlsx' : '情况报告.docx');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const formsOption = useMemo(() => {
    const a = d?.accountability;
    if (!a) return null;
    const colors = ['#5b8ff9', '#f6bd16', '#e86452', '#8b1a1a'];
    return {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人次（{d}%）' },
      legend: { bottom: 0, itemWidth: 12 },
      series: [{ type: 'pie', radius: ['42%', '68%'], center: ['50%', '44%'], label: { formatter: '{d}%' }, data: a.forms.map((m, i) => ({ name: m.label, value: m.value, itemStyle: { color: colors[i] } })) }],
    };
  }, [d]);

  const unitsOption = useMemo(() => {
    const rows = (d?.rectification?.by_unit ?? []).slice(0, 10);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemWidth: 12 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { name: '已销号', type: 'bar', stack: 'n', data: rows.map((r) => r.rectified), itemStyle: { color: '#52c41a' } },
        { name: '整改中', type: 'bar', stack: 'n', data: rows.map((r) => r.in_progress), itemStyle: { color: '#1f5fbf' } },
        { name: '逾期', type: 'bar', stack: 'n', data: rows.map((r) => r.overdue), itemStyle: { color: '#cf1322' } },
      ],
    };
  }, [d]);

  const trendOption = useMemo(() => {
    const t = d?.hotline?.trend ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: t.map((p) => p.period ?? p.month ?? p.day ?? '') },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: t.map((p) => p.value ?? p.count ?? 0), itemStyle: { color: '#9f1d20' } }],
    };
  }, [d]);

  return (
    <Page
      title="驾驶舱"
      card={false}
      description={d ? `统计期间 ${d.period.from} 至 ${d.period.to}，与上年同期（${d.compare_period.from} 至 ${d.compare_period.to}）对比；点击数字查看明细。仅统计您有权查看的数据。` : undefined}
      extra={
        <>
          <DatePicker.RangePicker
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(v) => {
              const r = v as [Dayjs, Dayjs] | null;
              if (r) setParams({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') }, { replace: true });
            }}
            presets={[
              { label: '本年', value: [dayjs().startOf('year'), dayjs()] },
              { label: '本季度', value: [dayjs().startOf('month').subtract(dayjs().month() % 3, 'month'), dayjs()] },
              { label: '本月', value: [dayjs().startOf('month'), dayjs()] },
              { label: '上一年', value: [dayjs().subtract(1, 'year').startOf('year'), dayjs().subtract(1, 'year').endOf('year')] },
            ]}
            aria-label="统计期间"
          />
          <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void exportFile('xlsx')}>
            导出 Excel
          </Button>
          <Button icon={<FileWordOutlined />} loading={busy === 'docx'} onClick={() => void exportFile('docx')}>
            生成情况报告
          </Button>
        </>
      }
    >
      {error ? <LoadError error={error} /> : null}
      {!d && !error ? <Skeleton active paragraph={{ rows: 12 }} /> : null}
      {d ? (
        <Row gutter={[12, 12]}>
          {d.clues ? (
            <Col span={12}>
              <Section title="问题线索">
                <Row gutter={8}>
                  <Col span={8}>
                    <Kpi m={d.clues.total} />
                  </Col>
                  <Col span={8}>
                    <Kpi m={d.clues.closed} color="#389e0d" />
                  </Col>
                  <Col span={8}>
                    {d.clues.by_outcome.slice(0, 3).map((m) => (
                      <Kpi key={m.key} m={m} small short />
                    ))}
                  </Col>
                </Row>
                <Chart option={barOption(d.clues.by_source)} height={190} label={`问题线索来源分布：${d.clues.by_source.map((m) => `${m.label} ${m.value}${m.unit ?? ''}`).join('，')}`} />
              </Section>
            </Col>
          ) : null}
          {d.accountability ? (
            <Col span={12}>
              <Section title="“四种形态”与关心关爱">
                <Row gutter={8}>
                  <Col span={12}>{formsOption ? <Chart option={formsOption} height={250} label="四种形态占比" /> : null}</Col>
                  <Col span={12}>
                    <Kpi m={d.accountability.total} />
                    <Row gutter={8}>
                      {[d.accountability.tolerance, d.accountability.clearing, d.accountability.false_accusation, d.accountability.revisit].map((m) => (
                        <Col key={m.key} span={12}>
                          <Kpi m={m} small />
                        </Col>
                      ))}
                    </Row>
                  </Col>
                </Row>
              </Section>
            </Col>
          ) : null}
          {d.rectification ? (
            <Col span={12}>
              <Section title="整改台账 · 见底清零" extra={<Button type="link" size="small" onClick={() => navigate('/rectify/zero')}>见底清零</Button>}>
                <Row gutter={8}>
                  {[d.rectification.found, d.rectification.rectified, d.rectification.in_progress, d.rectification.overdue].map((m, i) => (
                    <Col key={m.key} span={6}>
                      <Kpi m={m} small color={['#262626', '#389e0d', '#1f5fbf', '#cf1322'][i]} />
                    </Col>
                  ))}
                </Row>
                <Space style={{ margin: '4px 0 8px' }}>
                  <span className="gt-small">整改完成率</span>
                  <Progress percent={Math.round((d.rectification.clearance_rate ?? 0) * 1000) / 10} size="small" style={{ width: 200 }} aria-label="整改完成率" />
                  <span className="gt-small">
                    已清零单位 {d.rectification.cleared_units} / {d.rectification.units}
                  </span>
                </Space>
                {d.rectification.by_unit.length ? <Chart option={unitsOption} height={220} label="各单位整改进度" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Section>
            </Col>
          ) : null}
          {d.transfers ? (
            <Col span={12}>
              <Section title="移交协作">
                <Row gutter={8}>
                  {[d.transfers.transfers, d.transfers.items, d.transfers.acknowledged, d.transfers.acknowledged_on_time, d.transfers.fed_back, d.transfers.fed_back_on_time, d.transfers.returned, d.transfers.ack_overdue].map((m) => (
                    <Col key={m.key} span={6}>
                      <Kpi m={m} small color={m.key.endsWith('overdue') && m.value ? '#cf1322' : undefined} />
                    </Col>
                  ))}
                </Row>
                <Space style={{ marginTop: 8 }}>
                  <span className="gt-small">按时签收率</span>
                  <Progress percent={Math.round((d.transfers.on_time_rate ?? 0) * 1000) / 10} size="small" style={{ width: 220 }} aria-label="按时签收率" />
                </Space>
              </Section>
            </Col>
          ) : null}
          {d.hotline ? (
            <Col span={12}>
              <Section title="12345热线">
                <Row gutter={8}>
                  <Col span={8}>
                    <Kpi m={d.hotline.received} />
                  </Col>
                  <Col span={16}>
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                      {d.hotline.sentence}
                    </Typography.Paragraph>
                  </Col>
                </Row>
                {d.hotline.trend.length ? <Chart option={trendOption} height={150} label="12345诉求趋势" /> : null}
                <Chart option={barOption(d.hotline.top_categories, '#d48806', true)} height={200} label="诉求类别排行" />
              </Section>
            </Col>
          ) : null}
          {d.models ? (
            <Col span={12}>
              <Section title="监督模型" extra={<span className="gt-small gt-muted">已启用 {d.models.enabled} / {d.models.models} 个</span>}>
                <Row gutter={8}>
                  {[d.models.new_hits, d.models.hits, d.models.pending, d.models.reviewed, d.models.confirmed].map((m) => (
                    <Col key={m.key} span={Math.floor(24 / 5)}>
                      <Kpi m={m} small />
                    </Col>
                  ))}
                  <Col span={4}>
                    <div className="gt-kpi" data-testid="kpi-models.precision">
                      <div className="gt-kpi-label">实测准确率</div>
                      <div className="gt-kpi-value gt-kpi-small">{pct(d.models.precision)}</div>
                    </div>
                  </Col>
                </Row>
              </Section>
            </Col>
          ) : null}
          <Col span={24}>
            <Section title="各区县">
              <DistrictMap rows={d.districts} />
              <Table
                size="small"
                rowKey="district"
                pagination={false}
                dataSource={d.districts}
                columns={[
                  { title: '区县', dataIndex: 'district' },
                  { title: '问题线索', key: 'clues', render: (_v, r) => <Kpi m={{ ...r.clues, label: '' }} small /> },
                  { title: '整改（销号/总数）', key: 'rect', render: (_v, r) => <Tooltip title={`逾期 ${r.rectification.overdue}`}>{r.rectification.rectified} / {r.rectification.total}（{pct(r.rectification.rate)}）</Tooltip> },
                  { title: '“四种形态”', key: 'forms', render: (_v, r) => <Kpi m={{ ...r.forms, label: '' }} small /> },
                  { title: '12345诉求', key: 'hotline', render: (_v, r) => <Kpi m={{ ...r.hotline, label: '' }} small /> },
                ]}
              />
            </Section>
          </Col>
          {d.hidden.length ? (
            <Col span={24}>
              <Typography.Text type="secondary" className="gt-small">
                部分板块因权限未显示。
              </Typography.Text>
            </Col>
          ) : null}
        </Row>
      ) : null}
    </Page>
  );
}
