/**
 * One entity's dossier (主体档案): facts, every dataset's rows that mention it, related entities,
 * and the relation graph (人员 ↔ 亲属 ↔ 企业 ↔ 招投标 ↔ 采购单位 …) drawn with ECharts.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, InputNumber, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { Chart } from '../../components/Chart.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { fmtTime } from '../../format.ts';
import { KIND_COLORS } from './EntitySearchPage.tsx';

interface Section {
  id: string;
  title: string;
  dataset: string;
  role: string;
  total: number;
  items: Record<string, unknown>[];
  truncated: boolean;
}

interface Dossier {
  kind: string;
  key: string;
  key_valid: boolean;
  label: string;
  names: string[];
  facts: Record<string, unknown>;
  sections: Section[];
  links: { kind: string; key: string; label: string; relation: string }[];
}

interface Graph {
  root: string;
  nodes: { id: string; kind: string; key: string; label: string; depth: number; flags: Record<string, unknown> }[];
  edges: { source: string; target: string; kind: string; label: string }[];
  truncated: boolean;
}

const KIND_LABELS: Record<string, string> = { person: '人员', enterprise: '企业', phone: '电话号码', org: '单位', plate: '车辆', tender: '招投标项目' };
const FACT_LABELS: Record<string, string> = { is_official: '公职人员', deceased: '已死亡', death_date: '死亡日期', org: '工作单位', position: '职务', gender: '性别', birth_date: '出生日期', status: '状态', legal_rep_name: '法定代表人', registered_capital: '注册资本' };
const COLORS: Record<string, string> = { person: '#1f5fbf', enterprise: '#722ed1', phone: '#13c2c2', org: '#d48806', plate: '#389e0d', tender: '#c41d7f' };

/** Column names of the datasets, for users who may read the catalogue (others see the column keys). */
function useColumnNames() {
  const { can } = useAuth();
  const mayReadCatalog = can('data:catalog');
  const [names, setNames] = useState<Map<string, Map<string, string>>>(new Map());
  useEffect(() => {
    if (!mayReadCatalog) return;
    api
      .get<{ items: { name: string; columns: { key: string; name: string }[] }[] }>('/api/datasets')
      .then((r) => setNames(new Map(r.items.map((d) => [d.name, new Map(d.columns.map((c) => [c.key, c.name]))]))))
      .catch(() => setNames(new Map()));
  }, [mayReadCatalog]);
  return names;
}

function val(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return fmtTime(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export default function EntityPage() {
  const { kind = '', key = '' } = useParams();
  const navigate = useNavigate();
  const names = useColumnNames();
  const [d, setD] = useState<Dossier | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [depth, setDepth] = useState(2);

  useEffect(() => {
    setD(null);
    api
      .get<Dossier>(`/api/entities/${kind}/${encodeURIComponent(key)}`)
      .then((x) => {
        setD(x);
        setError(null);
      })
      .catch(setError);
  }, [kind, key]);

  useEffect(() => {
    api
      .get<Graph>(`/api/entities/${kind}/${encodeURIComponent(key)}/graph`, { query: { depth, max_nodes: 150 } })
      .then(setGraph)
      .catch(() => setGraph(null));
  }, [kind, key, depth]);

  const option = useMemo(() => {
    if (!graph) return null;
    const kinds = [...new Set(graph.nodes.map((n) => n.kind))];
    return {
      tooltip: { formatter: (p: { dataType: string; data: { name?: string; value?: string; label?: { formatter?: string } } }) => (p.dataType === 'edge' ? (p.data as { value?: string }).value ?? '' : `${p.data.name}`) },
      legend: [{ data: kinds.map((k) => KIND_LABELS[k] ?? k), bottom: 0 }],
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 220, edgeLength: [60, 140] },
          categories: kinds.map((k) => ({ name: KIND_LABELS[k] ?? k, itemStyle: { color: COLORS[k] } })),
          label: { show: true, position: 'right', fontSize: 11 },
          edgeLabel: { show: graph.edges.length < 60, formatter: '{c}', fontSize: 10 },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 6,
          data: graph.nodes.map((n) => ({
            id: n.id,
            name: n.label || n.key,
            category: kinds.indexOf(n.kind),
            symbolSize: n.id === graph.root ? 34 : n.depth === 1 ? 20 : 13,
            itemStyle: n.flags.is_official ? { borderColor: '#cf1322', borderWidth: 2 } : undefined,
            kind: n.kind,
            key: n.key,
          })),
          links: graph.edges.map((e) => ({ source: e.source, target: e.target, value: e.label })),
        },
      ],
    };
  }, [graph]);

  const onNode = useCallback(
    (p: { dataType?: string; data?: unknown }) => {
      const n = p.data as { kind?: string; key?: string } | undefined;
      if (p.dataType === 'node' && n?.kind && n.key && n.kind !== 'tender') navigate(`/entity/${n.kind}/${encodeURIComponent(n.key)}`);
    },
    [navigate],
  );

  if (error) {
    if (error instanceof ApiError && error.status === 404) return <Result status="404" title="没有找到该主体" extra={<Link to="/entity/search">返回检索</Link>} />;
    return <LoadError error={error} />;
  }
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;

  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          <Tag color={KIND_COLORS[d.kind]}>{KIND_LABELS[d.kind] ?? d.kind}</Tag>
          <span>{d.label}</span>
          <Typography.Text type="secondary" className="gt-small">
            {d.key}
          </Typography.Text>
        </Space>
      }
    >
      {!d.key_valid ? <Alert type="warning" showIcon title="该证件号码校验位不正确（可能录入有误）" style={{ marginBottom: 12 }} /> : null}
      <Row gutter={12}>
        <Col span={11}>
          <Card title="基本情况" variant="borderless" size="small" style={{ marginBottom: 12 }}>
            {!d.names.length && !Object.values(d.facts).some((v) => v !== null && v !== undefined && v !== '') ? <span className="gt-muted">各数据源中没有该主体的登记信息</span> : null}
            <Descriptions size="small" column={1}>
              {d.names.length ? <Descriptions.Item label="名称">{d.names.join('、')}</Descriptions.Item> : null}
              {Object.entries(d.facts)
                .filter(([, v]) => v !== null && v !== undefined && v !== '')
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={FACT_LABELS[k] ?? k}>
                    {k === 'is_official' || k === 'deceased' ? (v ? <Tag color="red">是</Tag> : '否') : val(v)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
          <Card title={`关联主体（${d.links.length}）`} variant="borderless" size="small">
            {d.links.length ? (
              <div className="gt-links">
                {d.links.map((l) =>
                  l.kind === 'tender' ? (
                    <Tag key={`${l.kind}:${l.key}`} color={KIND_COLORS.tender}>
                      {l.relation}：{l.label}
                    </Tag>
                  ) : (
                    <Link key={`${l.kind}:${l.key}:${l.relation}`} to={`/entity/${l.kind}/${encodeURIComponent(l.key)}`}>
                      <Tag color={KIND_COLORS[l.kind]}>
                        {l.relation}：{l.label}
                      </Tag>
                    </Link>
                  ),
                )}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
            )}
          </Card>
        </Col>
        <Col span={13}>
          <Card
            title="关系图谱"
            variant="borderless"
            size="small"
            extra={
              <Space>
                <span className="gt-small">深度</span>
                <InputNumber size="small" min={1} max={4} value={depth} onChange={(v) => v && setDepth(v)} aria-label="图谱深度" />
              </Space>
            }
          >
            {option && graph && graph.nodes.length > 1 ? (
              <>
                <Chart option={option} height={380} label={`${d.label}的关系图谱`} onClick={onNode} />
                {graph.truncated ? <div className="gt-small gt-muted">节点较多，仅显示前 150 个。</div> : null}
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={graph ? '暂无关联关系' : '加载中…'} />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={`各数据源记录（${d.sections.reduce((s, x) => s + x.total, 0)} 条）`} variant="borderless" size="small" style={{ marginTop: 12 }}>
        {d.sections.length ? (
          <Collapse
            defaultActiveKey={d.sections.slice(0, 2).map((s) => s.id)}
            items={d.sections.map((s) => {
              const cn = names.get(s.dataset);
              const keys = [...new Set(s.items.flatMap((r) => Object.keys(r)))].filter((k) => !k.startsWith('_'));
              return {
                key: s.id,
                label: (
                  <span>
                    {s.title} <Tag>{s.role}</Tag> <span className="gt-muted gt-small">{s.total} 条{s.truncated ? '（仅显示前 200 条）' : ''}</span>
                  </span>
                ),
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => String(r._id)}
                    dataSource={s.items}
                    pagination={s.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                    scroll={{ x: Math.max(800, keys.length * 130) }}
                    columns={keys.map((k) => ({ title: cn?.get(k) ?? k, dataIndex: k, key: k, ellipsis: true, width: 130, render: val }))}
                  />
                ),
              };
            })}
          />
        ) : (
          <Empty description="各数据源中没有该主体的记录" />
        )}
      </Card>
    </Page>
  );
}
