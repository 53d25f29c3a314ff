/** One transfer: what it carries (the receiver's view), its deadlines and history; 签收 / 退回 / 反馈. */
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Result, Row, Select, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { HISTORY_LABELS, OBJECT_LABELS, TRANSFER_OUTCOME_LABELS, TRANSFER_STATE_COLORS } from './labels.ts';

interface Item {
  id: number;
  seq: number;
  object_type: string;
  object_id: string | null;
  title: string;
  snapshot: Record<string, unknown>;
  outcome: string | null;
  outcome_note: string | null;
}

interface TransferDetail {
  id: number;
  code: string;
  title: string;
  note: string | null;
  object_type: string;
  mode: string;
  tour: boolean;
  sender_org_id: number;
  sender_org_name: string | null;
  receiver_org_id: number;
  receiver_org_name: string | null;
  cc_orgs: { id: number; name: string | null }[];
  item_count: number;
  status: string;
  status_label: string;
  sent_on: string;
  ack_days: number;
  ack_due: string;
  ack_on: string | null;
  handle_days: number;
  handle_due: string | null;
  returned_at: string | null;
  return_reason: string | null;
  feedback_on: string | null;
  feedback_result: string | null;
  feedback_outcome: string | null;
  escalated_at: string | null;
  ack_overdue: boolean;
  feedback_overdue: boolean;
  acknowledged_on_time: boolean | null;
  version: number;
  items: Item[];
  history: { seq: number; at: string; actor_name: string | null; action: string; detail: Record<string, unknown> | null }[];
}

const SNAPSHOT_LABELS: Record<string, string> = {
  code: '编号',
  title: '标题',
  summary: '问题摘要',
  content: '内容',
  source: '来源',
  domain_tags: '领域',
  cadre_level: '干部管理权限',
  received_on: '受理日期',
  status: '移交时状态',
  outcome: '处置结果',
  form: '四种形态',
  persons: '被反映人',
};

function snapshotValue(k: string, v: unknown): React.ReactNode {
  if (v === null || v === undefined || v === '') return '—';
  if (k === 'persons' && Array.isArray(v)) {
    return (v as { name: string; org_name?: string | null; position?: string | null; cadre_level?: string }[])
      .map((p) => `${p.name}${p.org_name ? `（${p.org_name}${p.position ?? ''}）` : ''}${p.cadre_level ? ` ${p.cadre_level}` : ''}`)
      .join('；');
  }
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'object') return <pre className="gt-json">{JSON.stringify(v, null, 2)}</pre>;
  return <span className="gt-prewrap">{String(v)}</span>;
}

function Snapshot({ data }: { data: Record<string, unknown> }) {
  return (
    <Descriptions size="small" column={2} bordered>
      {Object.entries(data).map(([k, v]) => (
        <Descriptions.Item key={k} label={SNAPSHOT_LABELS[k] ?? k} span={['summary', 'content', 'persons'].includes(k) ? 2 : 1}>
          {snapshotValue(k, v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export default function TransferDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { modal } = feedback();
  const [t, setT] = useState<TransferDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<'return' | 'feedback' | null>(null);

  const load = useCallback(async () => {
    try {
      setT(await api.get<TransferDetail>(`/api/transfers/${id}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void load();
  }, [id, load]);

  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
      return <Result status="404" title="移交不存在或不在您的知悉范围内" extra={<Link to="/transfers/inbox">返回</Link>} />;
    }
    return <LoadError error={error} onRetry={load} />;
  }
  if (!t) return <Skeleton active paragraph={{ rows: 10 }} />;

  const receiving = !!me && me.org_id === t.receiver_org_id && can('transfer:receive');
  const acknowledge = () =>
    modal.confirm({
      title: `签收移交 ${t.code}？`,
      content: t.object_type === 'clue' ? '签收后，所移交的线索转由本单位承办，并可在“问题线索”中查看和处置。' : '签收后请在办理时限内反馈办理结果。',
      okText: '签收',
      onOk: async () => {
        try {
          await api.post(`/api/transfers/${t.id}/acknowledge`, { version: t.version });
          showSuccess('已签收');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          <span>{t.code}</span>
          <Tag color={TRANSFER_STATE_COLORS[t.status]}>{t.status_label}</Tag>
          {t.tour ? <Tag color="purple">边巡边查</Tag> : null}
        </Space>
      }
      extra={
        receiving ? (
          <>
            {t.status === 'sent' ? (
              <>
                <Button type="primary" icon={<CheckOutlined />} onClick={acknowledge}>
                  签收
                </Button>
                <Button danger icon={<RollbackOutlined />} onClick={() => setAction('return')}>
                  退回
                </Button>
              </>
            ) : null}
            {t.status === 'acknowledged' ? (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setAction('feedback')}>
                反馈结果
              </Button>
            ) : null}
          </>
        ) : null
      }
    >
      {t.ack_overdue ? <Alert type="error" showIcon title={`签收已超期（期限 ${t.ack_due}）${t.escalated_at ? '，已向上级督办' : ''}`} style={{ marginBottom: 12 }} /> : null}
      {t.feedback_overdue ? <Alert type="error" showIcon title={`反馈已超期（期限 ${t.handle_due}）`} style={{ marginBottom: 12 }} /> : null}
      {t.status === 'returned' ? <Alert type="warning" showIcon title="已退回" description={t.return_reason} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={12}>
        <Col span={16}>
          <Card title={t.title} variant="borderless" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="类别">{OBJECT_LABELS[t.object_type] ?? t.object_type}</Descriptions.Item>
              <Descriptions.Item label="方式">{t.mode === 'batch' ? '定期批量移送' : '随时移送'}</Descriptions.Item>
              <Descriptions.Item label="件数">{t.item_count}</Descriptions.Item>
              <Descriptions.Item label="移交单位">{t.sender_org_name}</Descriptions.Item>
              <Descriptions.Item label="接收单位">{t.receiver_org_name}</Descriptions.Item>
              <Descriptions.Item label="抄送">{t.cc_orgs.length ? t.cc_orgs.map((o) => o.name).join('、') : '—'}</Descriptions.Item>
              <Descriptions.Item label="移交日期">{t.sent_on}</Descriptions.Item>
              <Descriptions.Item label="签收期限">
                {t.ack_due}（{t.ack_days} 个工作日）
              </Descriptions.Item>
              <Descriptions.Item label="签收日期">
                {t.ack_on ?? '—'}
                {t.acknowledged_on_time === false ? <Tag color="red" style={{ marginLeft: 4 }}>超期签收</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label="办理时限">{t.handle_days} 个工作日</Descriptions.Item>
              <Descriptions.Item label="反馈期限">{t.handle_due ?? '签收后起算'}</Descriptions.Item>
              <Descriptions.Item label="反馈日期">{t.feedback_on ?? '—'}</Descriptions.Item>
              {t.note ? (
                <Descriptions.Item label="附言" span={3}>
                  <span className="gt-prewrap">{t.note}</span>
                </Descriptions.Item>
              ) : null}
              {t.feedback_result ? (
                <Descriptions.Item label="办理结果" span={3}>
                  <Tag color="green">{TRANSFER_OUTCOME_LABELS[t.feedback_outcome ?? ''] ?? t.feedback_outcome}</Tag>
                  <span className="gt-prewrap">{t.feedback_result}</span>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card title={`移交内容（${t.items.length} 件）`} variant="borderless">
            <Table<Item>
              rowKey="id"
              size="small"
              pagination={t.items.length > 20 ? { pageSize: 20 } : false}
              dataSource={t.items}
              expandable={{ expandedRowRender: (it) => <Snapshot data={it.snapshot} />, defaultExpandedRowKeys: t.items.length === 1 ? [t.items[0].id] : [] }}
              columns={[
                { title: '序号', dataIndex: 'seq', width: 60 },
                {
                  title: '标题',
                  dataIndex: 'title',
                  render: (title: string, it) =>
                    it.object_type === 'clue' && it.object_id && t.status !== 'sent' && me?.org_id === t.receiver_org_id ? <Link to={`/clues/${it.object_id}`}>{title}</Link> : title,
                },
                { title: '办理结果', dataIndex: 'outcome', width: 120, render: (o: string | null) => (o ? TRANSFER_OUTCOME_LABELS[o] ?? o : '—') },
                { title: '说明', dataIndex: 'outcome_note', width: 200, render: (v) => v ?? '—' },
              ]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card title="流转记录" variant="borderless">
            {t.history.length ? (
              <Timeline
                items={t.history.map((h) => ({
                  key: h.seq,
                  color: h.action === 'transfer.return' ? 'red' : h.action === 'transfer.feedback' ? 'green' : 'blue',
                  content: (
                    <div>
                      <b>{HISTORY_LABELS[h.action] ?? h.action}</b> <span className="gt-muted gt-small">{h.actor_name}</span>
                      <div className="gt-muted gt-small">{fmtTime(h.at)}</div>
                      {typeof h.detail?.reason === 'string' ? <div className="gt-small">{h.detail.reason}</div> : null}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
            )}
          </Card>
        </Col>
      </Row>

      {action === 'return' ? (
        <FormModal<{ reason: string }>
          title={`退回移交 ${t.code}`}
          okText="退回"
          danger
          success="已退回"
          onClose={(ok) => {
            setAction(null);
            if (ok) void load();
          }}
          onSubmit={(v) => api.post(`/api/transfers/${t.id}/return`, { reason: v.reason.trim(), version: t.version })}
        >
          <Typography.Paragraph type="secondary">退回须说明理由（如不属于本单位管辖、材料不全），移交单位将收到通知。</Typography.Paragraph>
          <Form.Item label="退回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }, { max: 5000 }]}>
            <Input.TextArea rows={4} autoFocus />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'feedback' ? (
        <FormModal<{ result: string; outcome: string; items?: { seq: number; outcome?: string; note?: string }[] }>
          title={`反馈办理结果：${t.code}`}
          okText="反馈"
          width={720}
          success="已反馈办理结果"
          initialValues={{ outcome: 'in_progress', items: t.items.map((it) => ({ seq: it.seq })) }}
          onClose={(ok) => {
            setAction(null);
            if (ok) void load();
          }}
          onSubmit={(v) =>
            api.post(`/api/transfers/${t.id}/feedback`, {
              result: v.result.trim(),
              outcome: v.outcome,
              version: t.version,
              ...(t.items.length > 1
                ? {
                    items: (v.items ?? [])
                      .filter((i) => i.outcome)
                      .map((i) => ({ seq: i.seq, outcome: i.outcome, ...(i.note?.trim() ? { note: i.note.trim() } : {}) })),
                  }
                : {}),
            })
          }
        >
          <Form.Item label="办理结果（总体）" name="outcome" rules={[{ required: true, message: '请选择办理结果' }]}>
            <Select options={Object.entries(TRANSFER_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="办理情况" name="result" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }, { max: 10000 }]}>
            <Input.TextArea rows={4} showCount maxLength={10000} />
          </Form.Item>
          {t.items.length > 1 ? (
            <Form.List name="items">
              {(fields) => (
                <Table
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={fields}
                  scroll={{ y: 260 }}
                  columns={[
                    { title: '序号', width: 60, render: (_v, f) => t.items[f.name]?.seq },
                    { title: '标题', render: (_v, f) => t.items[f.name]?.title, ellipsis: true },
                    {
                      title: '逐件结果（不选则同总体）',
                      width: 190,
                      render: (_v, f) => (
                        <Form.Item name={[f.name, 'outcome']} noStyle>
                          <Select allowClear size="small" style={{ width: 170 }} options={Object.entries(TRANSFER_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: '说明',
                      width: 180,
                      render: (_v, f) => (
                        <Form.Item name={[f.name, 'note']} noStyle rules={[{ max: 2000 }]}>
                          <Input size="small" />
                        </Form.Item>
                      ),
                    },
                  ]}
                />
              )}
            </Form.List>
          ) : null}
        </FormModal>
      ) : null}
    </Page>
  );
}
