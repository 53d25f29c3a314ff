/**
 * 模型命中核查: the hits of the models (case content: who and why), reviewed one by one
 * (属实 / 部分属实 / 不属实 / 无法核实 — the model's measured precision comes from these), and turned
 * into a problem clue in one step.
 */
import { Alert, Button, Descriptions, Drawer, Form, Input, Radio, Segmented, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import type { Model } from './ModelsPage.tsx';
import { REVIEW_COLORS, REVIEW_RESULTS, subjectText } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';

interface Hit {
  id: number;
  model_id: string;
  name: string;
  title: string;
  subject: Record<string, unknown>;
  reasons: string[];
  score: number;
  model_version: number;
  first_seen: string;
  last_seen: string;
  runs: number;
  review_result: string | null;
  reviewed_at: string | null;
  clue_id: number | null;
  version: number;
  evidence_count: number;
}

interface HitDetail extends Hit {
  evidence: Record<string, unknown>[];
  review_note: string | null;
}

interface ClueDraft {
  title: string;
  summary: string;
  domain_tags?: string[];
  persons: { name: string; idNumber?: string | null; orgName?: string | null; position?: string | null; cadreLevel?: string }[];
}

export default function HitsPage() {
  const [params, setParams] = useSearchParams();
  const t = useServerTable<Hit>('/api/model-hits', { filterKeys: ['model_id', 'review'], defaultSort: 'last_seen', defaultOrder: 'desc' });
  const [models, setModels] = useState<Model[]>([]);
  const f = t.query.filters;
  const openId = Number(params.get('open')) || null;
  useEffect(() => {
    api
      .get<{ items: Model[] }>('/api/models')
      .then((r) => setModels(r.items))
      .catch(() => setModels([]));
  }, []);
  const setOpen = (id: number | null) => paramSetter(setParams)('open', id);

  const columns: TableColumnsType<Hit> = [
    { title: '模型', dataIndex: 'title', key: 'model', width: 200, ellipsis: true, render: (v: string, h) => `${h.model_id} ${v}` },
    {
      title: '主体',
      dataIndex: 'subject',
      key: 'subject',
      width: 220,
      ellipsis: true,
      render: (s: Record<string, unknown>, h) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setOpen(h.id)}>
          {subjectText(s)}
        </Button>
      ),
    },
    { title: '命中理由', dataIndex: 'reasons', key: 'reasons', ellipsis: true, render: (r: string[]) => r.join('；') },
    { title: '分值', dataIndex: 'score', key: 'score', width: 80, sorter: true, sortOrder: t.sortOrderOf('score'), render: (v: number) => Number(v).toFixed(2) },
    { title: '最近命中', dataIndex: 'last_seen', key: 'last_seen', width: 165, sorter: true, sortOrder: t.sortOrderOf('last_seen'), render: fmtTime },
    {
      title: '核查',
      dataIndex: 'review_result',
      key: 'review',
      width: 130,
      render: (r: string | null, h) => (
        <Space size={2}>
          {r ? <Tag color={REVIEW_COLORS[r]}>{r}</Tag> : <Tag color="gold">待核查</Tag>}
          {h.clue_id ? <Link to={`/clues/${h.clue_id}`}>线索</Link> : null}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title="模型命中核查"
      description="命中含被监督对象信息，属案件内容，仅显示本人数据权限范围内的命中（本单位发起运行的、或涉及权限内单位的），查看、导出与核查均记入审计日志。核查结论用于计算模型实测准确率；属实的可一键转为问题线索。"
      extra={
        <Button
          onClick={() =>
            download('/api/model-hits/export', { model_id: f.model_id, review: f.review, q: f.q }, 'model-hits.csv').catch(showError)
          }
        >
          导出 CSV
        </Button>
      }
    >
      <Space wrap className="gt-filters">
        <Select allowClear placeholder="全部模型" style={{ width: 260 }} value={f.model_id} onChange={(v) => t.setFilters({ model_id: v })} options={models.map((m) => ({ value: m.id, label: `${m.id} ${m.title}` }))} showSearch={{ optionFilterProp: 'label' }} aria-label="模型" />
        <Segmented
          value={f.review ?? ''}
          onChange={(v) => t.setFilters({ review: (v as string) || undefined })}
          options={[{ value: '', label: '全部' }, { value: 'pending', label: '待核查' }, { value: 'reviewed', label: '已核查' }, ...REVIEW_RESULTS.map((r) => ({ value: r, label: r }))]}
        />
        <Input.Search allowClear placeholder="主体关键字" style={{ width: 200 }} defaultValue={f.q} onSearch={(v) => t.setFilters({ q: v.trim() || undefined })} aria-label="主体关键字" />
      </Space>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Hit> rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} {...t.tableProps} locale={{ emptyText: t.hasFilters ? '没有符合条件的命中' : '暂无命中（请先运行模型）' }} />
      {openId ? (
        <HitDrawer
          id={openId}
          onClose={(changed) => {
            setOpen(null);
            if (changed) t.reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function HitDrawer({ id, onClose }: { id: number; onClose: (changed: boolean) => void }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [hit, setHit] = useState<HitDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [changed, setChanged] = useState(false);
  const [toClue, setToClue] = useState<ClueDraft | null>(null);
  const [form] = Form.useForm<{ result: string; note?: string }>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<HitDetail>(`/api/model-hits/${id}`)
      .then((h) => {
        setHit(h);
        setError(null);
        form.setFieldsValue({ result: h.review_result ?? undefined, note: h.review_note ?? '' });
      })
      .catch(setError);
  }, [id, tick, form]);

  const evidenceCols = useMemo(() => {
    const keys = new Set<string>();
    for (const e of hit?.evidence ?? []) for (const k of Object.keys(e)) keys.add(k);
    return [...keys].slice(0, 12).map((k) => ({ title: k, dataIndex: k, key: k, ellipsis: true, render: (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)) }));
  }, [hit]);

  const review = async () => {
    if (!hit) return;
    const v = await form.validateFields();
    await api.post(`/api/model-hits/${hit.id}/review`, { result: v.result, note: v.note?.trim() || null, version: hit.version });
    showSuccess('核查结论已保存');
    setChanged(true);
    setTick((x) => x + 1);
  };

  return (
    <Drawer open size={860} title="命中详情" onClose={() => onClose(changed)}>
      {error ? <LoadError error={error} /> : null}
      {hit ? (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="模型" span={2}>
              {hit.model_id} {hit.title}（v{hit.model_version}）
            </Descriptions.Item>
            <Descriptions.Item label="主体" span={2}>
              {Object.entries(hit.subject).map(([k, v]) => (
                <Tag key={k}>
                  {k}：{String(v)}
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="命中理由" span={2}>
              <ul className="gt-reasons">
                {hit.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </Descriptions.Item>
            <Descriptions.Item label="分值">{Number(hit.score).toFixed(2)}</Descriptions.Item>
            <Descriptions.Item label="命中次数">{hit.runs}</Descriptions.Item>
            <Descriptions.Item label="首次命中">{fmtTime(hit.first_seen)}</Descriptions.Item>
            <Descriptions.Item label="最近命中">{fmtTime(hit.last_seen)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            证据（{hit.evidence.length} 行）
          </Typography.Title>
          <Table size="small" rowKey={(_r, i) => String(i)} dataSource={hit.evidence} columns={evidenceCols} pagination={hit.evidence.length > 10 ? { pageSize: 10 } : false} scroll={{ x: Math.max(700, evidenceCols.length * 130) }} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            核查结论
          </Typography.Title>
          <Form form={form} layout="vertical" onFinish={review}>
            <Form.Item name="result" rules={[{ required: true, message: '请选择核查结论' }]}>
              <Radio.Group options={REVIEW_RESULTS.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
            <Form.Item name="note" label="核查说明" rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                保存核查结论
              </Button>
              {hit.clue_id ? (
                <Button onClick={() => navigate(`/clues/${hit.clue_id}`)}>查看已生成的线索</Button>
              ) : can('clue:create') ? (
                <Button onClick={() => api.get<ClueDraft>(`/api/model-hits/${hit.id}/clue-draft`).then(setToClue).catch(setError)}>转为问题线索</Button>
              ) : null}
            </Space>
          </Form>
        </>
      ) : null}
      {toClue && hit ? (
        <FormModal<{ title: string; summary: string }>
          title="转为问题线索"
          okText="登记线索"
          width={680}
          initialValues={{ title: toClue.title, summary: toClue.summary }}
          onClose={(ok) => {
            setToClue(null);
            if (ok) {
              setChanged(true);
              setTick((x) => x + 1);
            }
          }}
          onSubmit={async (v) => {
            const r = await api.post<{ id: number; code: string }>(`/api/model-hits/${hit.id}/clue`, { title: v.title.trim(), summary: v.summary.trim() });
            showSuccess(`已登记线索 ${r.code}`);
          }}
        >
          <Alert type="info" showIcon title={`被反映人：${toClue.persons.map((p) => `${p.name}${p.orgName ? `（${p.orgName}）` : ''}`).join('、') || '—'}`} style={{ marginBottom: 12 }} />
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="问题摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写摘要' }, { max: 10000 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Drawer>
  );
}
