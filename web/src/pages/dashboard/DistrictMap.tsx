/**
 * 区划地图 on the dashboard: the city's districts (GeoJSON from GET /api/dashboard/map, registered
 * with ECharts) coloured by the metric the user picks; the tooltip gives every number of the
 * district and a click opens the same drill-down as the districts table. The table below stays the
 * keyboard-accessible way to the same numbers and drills.
 *
 * Only the map chart, tooltip and visual map of ECharts are imported here, and this file is only
 * loaded with the dashboard and the 区划地图 admin page (lazy chunks), not with the login page.
 */
import { Alert, Empty, Flex, Segmented, Skeleton, Tag, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';

echarts.use([MapChart, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

const FONT = '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { name: string }; geometry: unknown }[];
}

export interface MapSummary {
  features: number;
  names: string[];
  positions: number;
  bbox: [number, number, number, number];
  bytes: number;
  sm3: string;
}

export interface MapView {
  source: 'uploaded' | 'default' | 'none';
  schematic: boolean;
  name: string | null;
  geojson: GeoFeatureCollection | null;
  summary: MapSummary | null;
  file_name: string | null;
  updated_at: string | null;
  updated_by: string | null;
  districts: string[];
}

interface Drill {
  route: string;
  query: Record<string, string | number | boolean>;
}

interface Counted {
  value: number | null;
  unit?: string;
  drill?: Drill | null;
}

/** One row of the dashboard's `districts` (dashboard.service.ts). */
export interface DistrictRow {
  district: string;
  clues: Counted;
  rectification: { total: number | null; rectified: number | null; overdue: number | null; rate: number | null; drill?: Drill | null };
  forms: Counted;
  hotline: Counted;
}

type MetricKey = 'clues' | 'rectification' | 'forms' | 'hotline';

const METRICS: { key: MetricKey; label: string; unit: string }[] = [
  { key: 'clues', label: '问题线索', unit: '件' },
  { key: 'rectification', label: '整改', unit: '个问题' },
  { key: 'forms', label: '四种形态', unit: '人次' },
  { key: 'hotline', label: '12345 工单', unit: '件' },
];

function metricValue(r: DistrictRow, k: MetricKey): number | null {
  return k === 'rectification' ? r.rectification.total : r[k].value;
}

function drillOf(r: DistrictRow, k: MetricKey): Drill | null {
  return (k === 'rectification' ? r.rectification.drill : r[k].drill) ?? null;
}

function drillUrl(d: Drill): string {
  const q = new URLSearchParams(Object.entries(d.query).map(([k, v]) => [k, String(v)])).toString();
  return q ? `${d.route}?${q}` : d.route;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The map as the server gives it, fetched once per page load (the admin page invalidates it). */
let cached: Promise<MapView> | null = null;
export function loadDistrictMap(): Promise<MapView> {
  if (!cached) {
    cached = api.get<MapView>('/api/dashboard/map');
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
export function invalidateDistrictMap(): void {
  cached = null;
}

/** Register a GeoJSON with ECharts under a name derived from its hash (once per content). */
function registered(geojson: GeoFeatureCollection, hash: string): string {
  const name = `gt-districts-${hash.slice(0, 16)}`;
  if (!echarts.getMap(name)) echarts.registerMap(name, geojson as never);
  return name;
}

export interface GeoMapProps {
  geojson: GeoFeatureCollection;
  hash: string;
  /** Value per district name (districts without one are drawn grey). */
  data: { name: string; value: number | null; color?: string }[];
  tooltip?: (name: string) => string;
  onClick?: (name: string) => void;
  height?: number;
  label: string;
  /** Colour scale legend text, e.g. "问题线索（件）". */
  legend?: string;
  testId?: string;
  /** Show the colour scale (default true). */
  scale?: boolean;
}

/** A choropleth of the given GeoJSON (ECharts map series, canvas). */
export function GeoMap({ geojson, hash, data, tooltip, onClick, height = 380, label, legend, testId, scale = true }: GeoMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas', locale: 'ZH' });
    chart.current = c;
    c.on('click', (p) => {
      const name = (p as { name?: string }).name;
      if (name) click.current?.(name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  const option = useMemo<EChartsCoreOption>(() => {
    const map = registered(geojson, hash);
    const values = data.map((d) => d.value).filter((v): v is number => v !== null);
    const max = Math.max(1, ...values);
    return {
      textStyle: { fontFamily: FONT },
      animationDuration: 300,
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { name: string }) => (tooltip ? tooltip(p.name) : esc(p.name)),
      },
      visualMap: scale && values.length
        ? { type: 'continuous', min: 0, max, left: 8, bottom: 8, calculable: false, text: [`${max}`, legend ? `${legend} 0` : '0'], inRange: { color: ['#fdecea', '#f3a59a', '#d4493a', '#8b1a1a'] }, itemHeight: 100 }
        : undefined,
      series: [
        {
          type: 'map',
          map,
          roam: false,
          selectedMode: false,
          label: { show: true, color: '#262626', fontSize: 12 },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.5, areaColor: '#e8e8e8' },
          emphasis: { label: { color: '#000' }, itemStyle: { areaColor: '#f6bd16' } },
          data: data.map((d) => ({ name: d.name, value: d.value ?? undefined, ...(d.color ? { itemStyle: { areaColor: d.color } } : {}) })),
        },
      ],
    };
  }, [geojson, hash, data, tooltip, legend, scale]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }} role="img" aria-label={label} data-testid={testId} />;
}

/** The dashboard's 区划地图 card content. */
export function DistrictMap({ rows }: { rows: DistrictRow[] }) {
  const navigate = useNavigate();
  const [view, setView] = useState<MapView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const available = METRICS.filter((m) => rows.some((r) => metricValue(r, m.key) !== null));
  const [metric, setMetric] = useState<MetricKey>('clues');
  const current = available.find((m) => m.key === metric) ?? available[0] ?? METRICS[0];

  useEffect(() => {
    let live = true;
    loadDistrictMap()
      .then((v) => live && setView(v))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, []);

  const byName = useMemo(() => new Map(rows.map((r) => [r.district, r])), [rows]);
  const data = useMemo(() => rows.map((r) => ({ name: r.district, value: metricValue(r, current.key) })), [rows, current.key]);
  const tooltip = useMemo(
    () => (name: string) => {
      const r = byName.get(name);
      if (!r) return `${esc(name)}<br/>（无统计数据）`;
      const line = (k: MetricKey, text: string) => (k === current.key ? `<b>${text}</b>` : text);
      const rect = r.rectification;
      return [
        `<b>${esc(name)}</b>`,
        line('clues', `问题线索：${num(r.clues.value)} 件`),
        line('rectification', `整改：销号 ${num(rect.rectified)} / 共 ${num(rect.total)}（${pct(rect.rate)}），逾期 ${num(rect.overdue)}`),
        line('forms', `“四种形态”：${num(r.forms.value)} 人次`),
        line('hotline', `12345 诉求：${num(r.hotline.value)} 件`),
        drillOf(r, current.key) ? '<span style="color:#8c8c8c">点击查看明细</span>' : '',
      ]
        .filter(Boolean)
        .join('<br/>');
    },
    [byName, current.key],
  );
  const onClick = (name: string) => {
    const r = byName.get(name);
    const d = r ? drillOf(r, current.key) : null;
    if (d) navigate(drillUrl(d));
  };

  if (error) return <Alert type="warning" showIcon title="区划地图加载失败，请使用下方表格" />;
  if (!view) return <Skeleton.Node active style={{ width: '100%', height: 380 }} />;
  if (!view.geojson || !view.summary) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未配置本市区划地图（请系统管理员在“系统管理 › 区划地图”上传 GeoJSON）；各区县数据见下表。" />;
  }
  const summaryText = rows.map((r) => `${r.district} ${num(metricValue(r, current.key))}`).join('，');
  return (
    <div data-testid="district-map-card">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 4 }}>
        <Segmented
          size="small"
          value={current.key}
          onChange={(v) => setMetric(v as MetricKey)}
          options={METRICS.map((m) => ({ value: m.key, label: m.label, disabled: !available.includes(m) }))}
          aria-label="地图着色指标"
        />
        {view.schematic ? (
          <span data-testid="district-map-schematic">
            <Tag color="orange">示意图</Tag>
            <Typography.Text type="secondary" className="gt-small">
              {view.name}：非真实行政区划边界，仅示意各区县相对位置
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary" className="gt-small">
            {view.file_name ?? '区划地图'}
          </Typography.Text>
        )}
      </Flex>
      <GeoMap
        geojson={view.geojson}
        hash={view.summary.sm3}
        data={data}
        tooltip={tooltip}
        onClick={onClick}
        label={`各区县${current.label}地图：${summaryText}。点击区县查看明细；也可使用下方表格。`}
        legend={`${current.label}（${current.unit}）`}
        testId="district-map"
      />
    </div>
  );
}
