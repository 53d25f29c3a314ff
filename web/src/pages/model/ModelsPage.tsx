/**
 * 监督模型库: the catalogue models and the user-built ones, with their parameters, measured
 * precision (from hit reviews), last run; enable/disable, edit parameters (a new version), run.
 */
import { EditOutlined, PlayCircleOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Progress, Select, Space, Switch, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { SEVERITY_COLORS } from './labels.ts';

interface ParamDef {
  key: string;
  label: string;
  type: 'integer' | 'number' | 'amount' | 'days' | 'hour' | 'ratio' | 'text_list';
  default: number | string[];
  min?: number;
  max?: number;
  unit?: string;
}

export interface Model {
  id: string;
  kind: 'catalogue' | 'custom';
  name: string;
  title: string;
  description: string;
  severity: string;
  severity_label: string;
  enabled: boolean;
  current_version: number;
  version: number;
  datasets: string[];
  subject: string[];
  params: Record<string, number | string[]>;
  param_defs: ParamDef[];
  stats: { hits: number; pending: number; reviewed: number; confirmed: number; precision: number | null; by_result: Record<string, number> };
  last_run: { id: number; status: string; started_at: string; as_of: string; hits: number | null; duration_ms: number | null } | null;
}

interface RunSummary {
  run_id: number;
  model_id: string;
  title: string;
  status: 'success' | 'failed';
  rows_scanned: number | null;
  hits: number | null;
  new_hits: number | null;
  duration_ms: number;
  error: string | null;
}

export default function ModelsPage() {
  const { can } = useAuth();
  const [models, setModels] = useState<Model[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Model | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const { modal } = feedback();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setModels((await api.get<{ items: Model[] }>('/api/models')).items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (ids: string[] | null) => {
    setRunning(ids?.[0] ?? 'all');
    try {
      const r = await api.post<{ batch_id: string; runs: RunSummary[] }>('/api/models/run', ids ? { models: ids } : {});
      modal.info({
        title: '运行结果',
        width: 640,
        content: (
          <Table<RunSummary>
            size="small"
            rowKey="run_id"
            pagination={false}
            dataSource={r.runs}
            columns={[
              { title: '模型', dataIndex: 'title' },
              { title: '状态', dataIndex: 'status', width: 70, render: (s: string, x) => (s === 'success' ? <Tag color="green">成功</Tag> : <Tooltip title={x.error}><Tag color="red">失败</Tag></Tooltip>) },
              { title: '命中（新增）', key: 'h', width: 110, render: (_v, x) => `${x.hits ?? 0}（${x.new_hits ?? 0}）` },
              { title: '耗时', dataIndex: 'duration_ms', width: 80, render: (ms: number) => `${(ms / 1000).toFixed(1)} 秒` },
            ]}
          />
        ),
      });
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setRunning(null);
    }
  };

  const toggle = async (m: Model, enabled: boolean) => {
    try {
      await api.put(`/api/models/${m.id}/enabled`, { enabled, version: m.version });
      showSuccess(enabled ? '已启用' : '已停用');
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Model> = [
    { title: '编号', dataIndex: 'id', key: 'id', width: 70 },
    {
      title: '模型',
      dataIndex: 'title',
      key: 'title',
      render: (t: string, m) => (
        <Tooltip title={m.description}>
          <span>
            {t} {m.kind === 'custom' ? <Tag color="purple">自定义</Tag> : null}
            {m.kind === 'custom' && !m.enabled ? <Tag>草稿</Tag> : null}
          </span>
        </Tooltip>
      ),
    },
    { title: '风险', dataIndex: 'severity', key: 'severity', width: 60, render: (s: string, m) => <Tag color={SEVERITY_COLORS[s]}>{m.severity_label}</Tag> },
    { title: '版本', dataIndex: 'current_version', key: 'v', width: 60, render: (v: number) => `v${v}` },
    {
      title: '命中 / 待核查',
      key: 'hits',
      width: 120,
      render: (_v, m) =>
        can('hit:review') ? (
          <Link to={`/model/hits?model_id=${m.id}`}>
            {m.stats.hits} / {m.stats.pending}
          </Link>
        ) : (
          `${m.stats.hits} / ${m.stats.pending}`
        ),
    },
    {
      title: '实测准确率',
      key: 'precision',
      width: 150,
      render: (_v, m) =>
        m.stats.precision === null ? (
          <span className="gt-muted">尚无核查</span>
        ) : (
          <Tooltip title={`已核查 ${m.stats.reviewed} 条，属实或部分属实 ${m.stats.confirmed} 条`}>
            <Progress percent={Math.round(m.stats.precision * 1000) / 10} size="small" status={m.stats.precision < 0.3 ? 'exception' : 'normal'} />
          </Tooltip>
        ),
    },
    {
      title: '最近运行',
      key: 'last',
      width: 180,
      render: (_v, m) => (m.last_run ? <span title={`数据日期 ${m.last_run.as_of}`}>{fmtTime(m.last_run.started_at)}{m.last_run.status === 'failed' ? <Tag color="red" style={{ marginLeft: 4 }}>失败</Tag> : ''}</span> : <span className="gt-muted">未运行</span>),
    },
    {
      title: '启用',
      dataIndex: 'enabled',
      key: 'enabled',
      width: 70,
      render: (e: boolean, m) => <Switch size="small" checked={e} disabled={!can('model:edit')} onChange={(on) => void toggle(m, on)} aria-label={`启用模型 ${m.title}`} />,
    },
    {
      title: '操作',
      key: 'a',
      width: 150,
      render: (_v, m) => (
        <Space size={0}>
          {can('model:run') ? (
            <Button type="link" size="small" icon={<PlayCircleOutlined />} loading={running === m.id} disabled={!!running} onClick={() => void run([m.id])}>
              运行
            </Button>
          ) : null}
          {can('model:edit') && m.kind === 'custom' ? (
            <Link to={`/model/builder/${m.id}`}>
              <Button type="link" size="small" icon={<EditOutlined />}>
                编辑
              </Button>
            </Link>
          ) : null}
          {can('model:edit') && m.param_defs.length ? (
            <Button type="link" size="small" icon={<SettingOutlined />} onClick={() => setEditing(m)}>
              参数
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title="监督模型库"
      description="模型以 SQL 在数据库中运行；每次运行记录参数、版本、扫描行数与命中数。核查结论回流计算“实测准确率”，用于调整参数。"
      extra={
        <>
          {can('model:edit') ? (
            <Link to="/model/builder">
              <Button icon={<PlusOutlined />}>新建自定义模型</Button>
            </Link>
          ) : null}
          {can('model:run') ? (
            <Button type="primary" icon={<PlayCircleOutlined />} loading={running === 'all'} disabled={!!running} onClick={() => void run(null)}>
              运行全部已启用模型
            </Button>
          ) : null}
        </>
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Model>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={models}
        pagination={false}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (m) => (
            <div className="gt-small">
              <Typography.Paragraph className="gt-prewrap" style={{ marginBottom: 6 }}>
                {m.description}
              </Typography.Paragraph>
              <div>数据集：{m.datasets.join('、') || '—'}　主体：{m.subject.join('、') || '—'}</div>
              {m.param_defs.length ? (
                <div>
                  参数：
                  {m.param_defs.map((p) => (
                    <Tag key={p.key}>
                      {p.label} = {Array.isArray(m.params[p.key]) ? (m.params[p.key] as string[]).join('、') : String(m.params[p.key])}
                      {p.unit ?? ''}
                    </Tag>
                  ))}
                </div>
              ) : null}
            </div>
          ),
        }}
      />
      {editing ? (
        <FormModal<Record<string, number | string[] | string | null>>
          title={`修改参数：${editing.title}`}
          okText="保存为新版本"
          success="参数已保存（新版本）"
          initialValues={{ ...editing.params, __note: null }}
          onClose={(ok) => {
            setEditing(null);
            if (ok) void load();
          }}
          onSubmit={(v) => {
            const { __note, ...params } = v;
            return api.put(`/api/models/${editing.id}/params`, { params, version: editing.version, note: (__note as string | null)?.trim() || null });
          }}
        >
          {editing.param_defs.map((p) =>
            p.type === 'text_list' ? (
              <Form.Item key={p.key} label={p.label} name={p.key}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} />
              </Form.Item>
            ) : (
              <Form.Item key={p.key} label={`${p.label}${p.unit ? `（${p.unit}）` : ''}`} name={p.key} rules={[{ required: true, message: '请填写' }]} extra={`默认 ${String(p.default)}${p.min !== undefined ? `，最小 ${p.min}` : ''}${p.max !== undefined ? `，最大 ${p.max}` : ''}`}>
                <InputNumber min={p.min} max={p.max} precision={p.type === 'integer' || p.type === 'days' || p.type === 'hour' ? 0 : undefined} step={p.type === 'ratio' ? 0.05 : 1} style={{ width: 200 }} />
              </Form.Item>
            ),
          )}
          <Form.Item label="修改说明" name="__note" rules={[{ max: 500 }]}>
            <Input placeholder="可选，如：根据核查结果提高阈值" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
