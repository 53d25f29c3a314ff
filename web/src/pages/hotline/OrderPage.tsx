/**
 * One 12345 order as the supervision side sees it: its category (given, predicted with the words
 * that decided it, or corrected), the responsible unit by the routing list, and corrections.
 * Officers who approve 督办公开 see the order's publication state and approve or withdraw it here.
 * Also a box to try the classifier on any text.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Progress, Result, Row, Skeleton, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { PublicationCard } from './PublishDialog.tsx';

interface Category {
  order_id: string;
  category: string | null;
  category_source: 'given' | 'predicted' | 'corrected';
  confidence: number;
  explanation: { term: string; weight: number }[];
  version: number | null;
}

const SOURCE_LABELS: Record<string, string> = { given: '工单原有类别', predicted: '自动分类', corrected: '人工修正' };

export default function OrderPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [cat, setCat] = useState<Category | null>(null);
  const [resp, setResp] = useState<{ handler_unit: string | null; responsible: { unit: string; by: string } | null } | null>(null);
  const [corrections, setCorrections] = useState<Record<string, unknown>[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [correcting, setCorrecting] = useState(false);
  const load = useCallback(async () => {
    try {
      const [c, r, k] = await Promise.all([
        api.get<Category>(`/api/hotline/orders/${encodeURIComponent(id)}/category`),
        api.get<NonNullable<typeof resp>>(`/api/hotline/orders/${encodeURIComponent(id)}/responsible`),
        api.get<Record<string, unknown>[]>(`/api/hotline/orders/${encodeURIComponent(id)}/corrections`),
      ]);
      setCat(c);
      setResp(r);
      setCorrections(k);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) {
    if (error instanceof ApiError && error.status === 404) return <Result status="404" title="工单不存在" extra={<Link to="/hotline/orders">返回工单列表</Link>} />;
    return <LoadError error={error} onRetry={load} />;
  }
  if (!cat) return <Skeleton active />;
  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          12345 工单 {cat.order_id}
        </Space>
      }
      extra={
        can('hotline:classify') && cat.category_source !== 'given' ? (
          <Button type="primary" onClick={() => setCorrecting(true)}>
            修正诉求类别
          </Button>
        ) : null
      }
    >
      <Row gutter={12}>
        <Col span={14}>
          <Card title="诉求类别" variant="borderless" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="类别">{cat.category ?? <span className="gt-muted">未分类</span>}</Descriptions.Item>
              <Descriptions.Item label="来源">
                <Tag>{SOURCE_LABELS[cat.category_source]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="置信度" span={2}>
                <Progress percent={Math.round(cat.confidence * 1000) / 10} size="small" style={{ width: 240 }} />
              </Descriptions.Item>
              <Descriptions.Item label="依据词" span={2}>
                {cat.explanation.length ? cat.explanation.map((e) => <Tag key={e.term} color="gold">{e.term}（{e.weight}）</Tag>) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="分类修正记录" variant="borderless">
            <Table
              size="small"
              rowKey={(r) => String(r.id)}
              dataSource={corrections}
              pagination={false}
              locale={{ emptyText: '无修正记录' }}
              columns={[
                { title: '时间', dataIndex: 'corrected_at', width: 170, render: (v) => fmtTime(v as string) },
                { title: '原类别', dataIndex: 'old_category', render: (v) => String(v ?? '—') },
                { title: '修正为', dataIndex: 'new_category', render: (v) => String(v ?? '—') },
                { title: '说明', dataIndex: 'note', render: (v) => String(v ?? '') },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card title="责任单位认定" variant="borderless">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="当前承办单位">{resp?.handler_unit ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="按处置清单应由">{resp?.responsible ? `${resp.responsible.unit}（依${resp.responsible.by === 'keyword' ? '关键词' : '类别'}）` : '清单未覆盖'}</Descriptions.Item>
            </Descriptions>
            {resp?.responsible && resp.handler_unit && resp.responsible.unit !== resp.handler_unit ? <Alert type="warning" showIcon title="承办单位与处置清单不一致，可能存在推诿。" /> : null}
          </Card>
          {can('hotline:publish') ? <PublicationCard orderId={cat.order_id} /> : null}
        </Col>
      </Row>
      {correcting ? (
        <FormModal<{ category: string; note?: string }>
          title="修正诉求类别"
          okText="修正"
          success="已修正，分类模型已学习"
          initialValues={{ category: cat.category ?? '' }}
          onClose={(ok) => {
            setCorrecting(false);
            if (ok) void load();
          }}
          onSubmit={(v) => api.post(`/api/hotline/orders/${encodeURIComponent(id)}/category`, { category: v.category.trim(), note: v.note?.trim() || null, ...(cat.version ? { version: cat.version } : {}) })}
        >
          <Form.Item label="类别" name="category" rules={[{ required: true, whitespace: true, message: '请填写类别' }, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="说明" name="note" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}

/** Try the classifier on a text (category, confidence, the deciding words). */
export function ClassifierPage() {
  const [result, setResult] = useState<{ category: string; confidence: number; explanation: { term: string; weight: number }[]; probabilities: { category: string; probability: number }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (v: { text: string }) => {
    setBusy(true);
    try {
      setResult(await api.post('/api/hotline/classifier/explain', { text: v.text }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="诉求智能分类" description="基于中文分词的分类模型：显示类别、置信度与起决定作用的词；工作人员的修正会被模型持续学习。">
      <Form layout="vertical" onFinish={run} name="explain">
        <Form.Item label="诉求内容" name="text" rules={[{ required: true, whitespace: true, message: '请输入诉求内容' }, { max: 20000 }]}>
          <Input.TextArea rows={5} placeholder="如：小区物业不作为，电梯坏了三个月没人修" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          试分类
        </Button>
      </Form>
      {result ? (
        <Descriptions size="small" column={1} bordered style={{ marginTop: 16 }}>
          <Descriptions.Item label="类别">
            <b>{result.category}</b>（置信度 {(result.confidence * 100).toFixed(1)}%）
          </Descriptions.Item>
          <Descriptions.Item label="依据词">{result.explanation.map((e) => <Tag key={e.term} color="gold">{e.term}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label="备选">{result.probabilities.map((p) => `${p.category} ${(p.probability * 100).toFixed(1)}%`).join('；')}</Descriptions.Item>
        </Descriptions>
      ) : null}
    </Page>
  );
}
