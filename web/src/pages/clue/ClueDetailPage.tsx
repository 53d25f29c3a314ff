/**
 * One clue: its facts, reported persons (ID numbers masked), documents, the disposal steps the
 * chosen method requires, likely duplicates, and its full timeline. The action buttons are the
 * ones the server says this user may take now (`actions`); each opens a validated form.
 */
import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Steps,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { UploadButton, fmtSize } from '../../components/Upload.tsx';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { CLUE_ACTION_LABELS, CLUE_STATE_COLORS, FORM_DESCRIPTIONS, FORM_LABELS, METHOD_LABELS, OUTCOMES } from './labels.ts';

interface Attachment {
  id: number;
  file_name: string;
  mime: string;
  size: number;
  sm3: string;
  created_at: string;
}

interface StepRow {
  id: number;
  method: string;
  step: string;
  note: string | null;
  attachment_ids: number[];
  done_by_name: string | null;
  done_at: string;
}

export interface ClueDetail {
  id: number;
  code: string;
  title: string;
  summary: string;
  source_type: string;
  source_label: string;
  source_ref: string | null;
  source_org_name: string | null;
  domain_tags: string[];
  cadre_level: string;
  status: string;
  status_label: string;
  method: string | null;
  method_label: string | null;
  method_reason: string | null;
  outcome: string | null;
  outcome_label: string | null;
  outcome_form: number | null;
  form_label: string | null;
  outcome_note: string | null;
  org_id: number;
  org_name: string;
  created_by_name: string | null;
  handler_id: number | null;
  handler_name: string | null;
  approver_id: number | null;
  approver_name: string | null;
  received_on: string;
  closed_at: string | null;
  merged_into: number | null;
  merged_into_code: string | null;
  version: number;
  created_at: string;
  has_whistleblower: boolean;
  persons: { name: string; id_number: string | null; org_name: string | null; position: string | null; cadre_level: string }[];
  attachments: Attachment[];
  steps: StepRow[];
  required_steps: { code: string; label: string; documents: string; done: boolean }[];
  allowed_outcomes: string[];
  merged_from: { id: number; code: string; source_type: string; source_ref: string | null; received_on: string }[];
  actions: string[];
}

interface TimelineItem {
  seq: number;
  at: string;
  action: string;
  label: string;
  actor_name: string | null;
  detail: Record<string, unknown> | null;
  documents: { id: number; file_name: string; sm3: string }[];
}

interface Duplicate {
  id: number;
  code: string;
  title: string;
  status: string;
  similarity: number;
  persons: string;
}

interface Candidate {
  id: number;
  display_name: string;
  org_name: string;
}

const STAGES = ['registered', 'method_pending', 'in_disposal', 'result_pending', 'closed'];

function stageIndex(status: string): number {
  if (status === 'shelved') return 2;
  const i = STAGES.indexOf(status);
  return i < 0 ? 0 : i;
}

function detailText(action: string, d: Record<string, unknown> | null): string | null {
  if (!d) return null;
  const parts: string[] = [];
  if (typeof d.method === 'string') parts.push(`处置方式：${METHOD_LABELS[d.method] ?? d.method}`);
  if (typeof d.outcome === 'string') parts.push(`处置结果：${OUTCOMES[d.outcome]?.label ?? d.outcome}`);
  if (typeof d.form === 'number') parts.push(FORM_LABELS[d.form]);
  if (typeof d.step === 'string') parts.push(`步骤：${d.step}`);
  for (const k of ['reason', 'comment', 'note']) if (typeof d[k] === 'string' && d[k]) parts.push(String(d[k]));
  if (typeof d.transfer_code === 'string') parts.push(`移交单号：${d.transfer_code}`);
  if (typeof d.into_code === 'string') parts.push(`并入 ${d.into_code}`);
  if (typeof d.from_code === 'string') parts.push(`合并 ${d.from_code}`);
  if (typeof d.file_name === 'string') parts.push(d.file_name);
  if (action === 'clue.create' && Array.isArray(d.possible_duplicates) && d.possible_duplicates.length) parts.push(`疑似重复 ${d.possible_duplicates.length} 条`);
  return parts.length ? parts.join('；') : null;
}

function useCandidates(clueId: number, role: 'handler' | 'approver', enabled: boolean) {
  const [items, setItems] = useState<Candidate[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    api
      .get<{ items: Candidate[] }>(`/api/clues/${clueId}/candidates`, { query: { role } })
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [clueId, role, enabled]);
  return items;
}

function PersonPicker({ clueId, kind, value, onChange, id }: { clueId: number; kind: 'handler' | 'approver'; value?: number; onChange?: (v: number) => void; id?: string }) {
  const items = useCandidates(clueId, kind, true);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={items === null}
      placeholder={kind === 'handler' ? '选择承办人' : '选择审批人（有管理权限的领导）'}
      options={(items ?? []).map((c) => ({ value: c.id, label: `${c.display_name}（${c.org_name}）` }))}
      notFoundContent={items === null ? '加载中…' : '没有可选人员'}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}

export default function ClueDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const { can } = useAuth();
  const navigate = useNavigate();
  const [clue, setClue] = useState<ClueDetail | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [dups, setDups] = useState<Duplicate[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<string | null>(null);
  const [wb, setWb] = useState<Record<string, unknown> | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, t, d] = await Promise.all([
        api.get<ClueDetail>(`/api/clues/${id}`),
        api.get<{ items: TimelineItem[] }>(`/api/clues/${id}/timeline`),
        api.get<{ items: Duplicate[] }>(`/api/clues/${id}/duplicates`).catch(() => ({ items: [] as Duplicate[] })),
      ]);
      setClue(c);
      setTimeline(t.items);
      setDups(d.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void load();
  }, [id, load]);

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="线索不存在" />;
  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
      return <Result status="404" title="线索不存在或不在您的知悉范围内" extra={<Link to="/clues">返回线索列表</Link>} />;
    }
    return <LoadError error={error} onRetry={load} />;
  }
  if (!clue) return <Skeleton active paragraph={{ rows: 12 }} />;

  const done = () => {
    setAction(null);
    void load();
  };
  const post = (path: string, body: object) => api.post(`/api/clues/${clue.id}/${path}`, { ...body, version: clue.version });

  const showWhistleblower = async () => {
    try {
      const r = await api.get<{ whistleblower: Record<string, unknown> | null }>(`/api/clues/${clue.id}/whistleblower`);
      setWb(r.whistleblower ?? {});
    } catch (e) {
      showError(e);
    }
  };

  const downloadDoc = (aid: number, name: string) => download(`/api/clues/${clue.id}/attachments/${aid}`, undefined, name).catch(showError);

  const stepLabel = (code: string) => clue.required_steps.find((s) => s.code === code)?.label ?? code;
  const mergeTargets = dups.filter((d) => d.status !== 'closed' && d.status !== 'merged');
  const actionButtons = clue.actions.filter((a) => (a !== 'transfer' || can('transfer:send')) && (a !== 'merge' || mergeTargets.length > 0));

  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          <span>{clue.code}</span>
          <Tag color={CLUE_STATE_COLORS[clue.status]}>{clue.status_label}</Tag>
        </Space>
      }
      extra={actionButtons.map((a) => (
        <Button key={a} type={['approve', 'propose', 'report', 'record_step'].includes(a) ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setAction(a)}>
          {CLUE_ACTION_LABELS[a] ?? a}
        </Button>
      ))}
    >
      {clue.merged_into ? (
        <Alert type="info" showIcon title={<span>本线索已并入 <Link to={`/clues/${clue.merged_into}`}>{clue.merged_into_code}</Link>，请在该线索中继续处置。</span>} style={{ marginBottom: 12 }} />
      ) : null}
      {dups.length ? (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          style={{ marginBottom: 12 }}
          title={`发现 ${dups.length} 条疑似重复线索（同一被反映人，内容相似）`}
          description={
            <Space wrap>
              {dups.map((d) => (
                <Link key={d.id} to={`/clues/${d.id}`}>
                  {d.code}（{d.persons}，相似度 {Math.round(d.similarity * 100)}%）
                </Link>
              ))}
            </Space>
          }
          action={clue.actions.includes('merge') && mergeTargets.length ? <Button size="small" onClick={() => setAction('merge')}>合并</Button> : undefined}
        />
      ) : null}
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Steps
          size="small"
          current={stageIndex(clue.status)}
          status={clue.status === 'shelved' ? 'wait' : clue.status === 'closed' ? 'finish' : 'process'}
          items={[
            { title: '登记' },
            { title: '处置方式审批' },
            { title: clue.status === 'shelved' ? '暂存待查' : '处置' },
            { title: '结果审批' },
            { title: '办结' },
          ]}
        />
      </Card>
      <Row gutter={12}>
        <Col span={16}>
          <Card title="线索信息" variant="borderless" style={{ marginBottom: 12 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {clue.title}
            </Typography.Title>
            <Typography.Paragraph className="gt-prewrap">{clue.summary}</Typography.Paragraph>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="来源">{clue.source_label}</Descriptions.Item>
              <Descriptions.Item label="来源编号">{clue.source_ref ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="移送单位">{clue.source_org_name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="受理日期">{clue.received_on}</Descriptions.Item>
              <Descriptions.Item label="干部管理权限">{clue.cadre_level}</Descriptions.Item>
              <Descriptions.Item label="领域">{clue.domain_tags.length ? clue.domain_tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}</Descriptions.Item>
              <Descriptions.Item label="承办部门">{clue.org_name}</Descriptions.Item>
              <Descriptions.Item label="承办人">{clue.handler_name ?? '未指定'}</Descriptions.Item>
              <Descriptions.Item label="审批人">{clue.approver_name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="处置方式">{clue.method_label ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="处置结果" span={2}>
                {clue.outcome_label ?? '—'}
                {clue.form_label ? <div className="gt-muted gt-small">{clue.form_label}</div> : null}
              </Descriptions.Item>
              {clue.method_reason ? (
                <Descriptions.Item label="处置意见" span={3}>
                  {clue.method_reason}
                </Descriptions.Item>
              ) : null}
              {clue.outcome_note ? (
                <Descriptions.Item label="结果说明" span={3}>
                  {clue.outcome_note}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label="登记人">{clue.created_by_name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="登记时间">{fmtTime(clue.created_at)}</Descriptions.Item>
              <Descriptions.Item label="举报人">
                {clue.has_whistleblower ? (
                  can('clue:whistleblower') ? (
                    <Button size="small" icon={<EyeOutlined />} onClick={showWhistleblower}>
                      查看（留痕）
                    </Button>
                  ) : (
                    '有（加密，无权查看）'
                  )
                ) : (
                  '无'
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={`被反映人（${clue.persons.length}）`} variant="borderless" style={{ marginBottom: 12 }}>
            <Table
              rowKey={(p) => `${p.name}-${p.id_number ?? ''}-${p.org_name ?? ''}`}
              size="small"
              pagination={false}
              dataSource={clue.persons}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '身份证号（脱敏）', dataIndex: 'id_number', render: (v) => v ?? '—' },
                { title: '工作单位', dataIndex: 'org_name', render: (v) => v ?? '—' },
                { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
                { title: '干部管理权限', dataIndex: 'cadre_level' },
              ]}
            />
          </Card>
          {clue.method && clue.required_steps.length ? (
            <Card title={`处置步骤（${clue.method_label}）`} variant="borderless" style={{ marginBottom: 12 }}>
              <List
                dataSource={clue.required_steps}
                renderItem={(s) => {
                  const rec = clue.steps.filter((x) => x.step === s.code && x.method === clue.method);
                  return (
                    <List.Item actions={!s.done && clue.actions.includes('record_step') ? [<Button key="rec" size="small" onClick={() => setAction(`record_step:${s.code}`)}>记录</Button>] : []}>
                      <List.Item.Meta
                        title={
                          <Space>
                            {s.done ? <Tag color="green">已完成</Tag> : <Tag>待完成</Tag>}
                            {s.label}
                          </Space>
                        }
                        description={
                          <>
                            <div>所需材料：{s.documents}</div>
                            {rec.map((r) => (
                              <div key={r.id} className="gt-small">
                                {fmtTime(r.done_at)} {r.done_by_name}：{r.note || '（无说明）'} · 材料{' '}
                                {r.attachment_ids.map((aid) => {
                                  const a = clue.attachments.find((x) => x.id === aid);
                                  return a ? (
                                    <Button key={aid} type="link" size="small" onClick={() => void downloadDoc(a.id, a.file_name)}>
                                      {a.file_name}
                                    </Button>
                                  ) : null;
                                })}
                              </div>
                            ))}
                          </>
                        }
                      />
                    </List.Item>
                  );
                }}
              />
            </Card>
          ) : null}
          <Card
            title={`材料（${clue.attachments.length}）`}
            variant="borderless"
            style={{ marginBottom: 12 }}
            extra={clue.status !== 'merged' && clue.actions.length ? <UploadButton url={`/api/clues/${clue.id}/attachments`} onUploaded={() => void load()} /> : null}
          >
            {clue.attachments.length ? (
              <Table<Attachment>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={clue.attachments}
                columns={[
                  { title: '文件名', dataIndex: 'file_name' },
                  { title: '大小', dataIndex: 'size', width: 90, render: fmtSize },
                  { title: '上传时间', dataIndex: 'created_at', width: 170, render: fmtTime },
                  { title: 'SM3 摘要', dataIndex: 'sm3', width: 140, render: (v: string) => <Typography.Text code title={v}>{v.slice(0, 12)}…</Typography.Text> },
                  {
                    title: '',
                    key: 'dl',
                    width: 60,
                    render: (_v, a) => <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void downloadDoc(a.id, a.file_name)} aria-label={`下载 ${a.file_name}`} />,
                  },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无材料" />
            )}
          </Card>
          {clue.merged_from.length ? (
            <Card title="已并入本线索的线索" variant="borderless" style={{ marginBottom: 12 }}>
              <List
                size="small"
                dataSource={clue.merged_from}
                renderItem={(m) => (
                  <List.Item>
                    <Link to={`/clues/${m.id}`}>{m.code}</Link> · 受理 {m.received_on} {m.source_ref ? `· ${m.source_ref}` : ''}
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
        </Col>
        <Col span={8}>
          <Card title="全流程记录" variant="borderless" className="gt-timeline-card">
            {timeline.length ? (
              <Timeline
                items={timeline.map((e) => {
                  const text = detailText(e.action, e.detail);
                  return {
                    key: e.seq,
                    color: e.action === 'clue.reject' ? 'red' : e.action === 'clue.approve' ? 'green' : 'blue',
                    content: (
                      <div className="gt-tl-item">
                        <div>
                          <b>{e.label}</b> <span className="gt-muted gt-small">{e.actor_name}</span>
                        </div>
                        <div className="gt-muted gt-small">{fmtTime(e.at)}</div>
                        {text ? <div className="gt-small gt-prewrap">{text}</div> : null}
                        {e.documents.map((d) => (
                          <Button key={d.id} type="link" size="small" className="gt-link-button" onClick={() => void downloadDoc(d.id, d.file_name)}>
                            {d.file_name}
                          </Button>
                        ))}
                      </div>
                    ),
                  };
                })}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
            )}
          </Card>
        </Col>
      </Row>

      {action === 'assign' ? (
        <FormModal<{ handler_id: number }> title="指定承办人" success="已指定承办人" onClose={(ok) => (ok ? done() : setAction(null))} onSubmit={(v) => post('assign', v)} initialValues={{ handler_id: clue.handler_id ?? undefined }}>
          <Form.Item label="承办人" name="handler_id" rules={[{ required: true, message: '请选择承办人' }]}>
            <PersonPicker clueId={clue.id} kind="handler" />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'propose' ? (
        <FormModal<{ method: string; reason: string; approver_id: number }> title="提出处置意见" okText="提交审批" success="处置意见已提交审批" onClose={(ok) => (ok ? done() : setAction(null))} onSubmit={(v) => post('propose', { ...v, reason: v.reason.trim() })}>
          <Form.Item label="处置方式（四种方式）" name="method" rules={[{ required: true, message: '请选择处置方式' }]}>
            <Radio.Group options={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 5000 }]}>
            <Input.TextArea rows={4} showCount maxLength={5000} />
          </Form.Item>
          <Form.Item label="审批人" name="approver_id" rules={[{ required: true, message: '请选择审批人' }]}>
            <PersonPicker clueId={clue.id} kind="approver" />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'approve' ? (
        <FormModal<{ comment?: string }> title={clue.status === 'method_pending' ? `审批处置意见：${clue.method_label}` : `审批处置结果：${clue.outcome_label}`} okText="同意" success="已审批同意" onClose={(ok) => (ok ? done() : setAction(null))} onSubmit={(v) => post('approve', v.comment?.trim() ? { comment: v.comment.trim() } : {})}>
          {clue.status === 'method_pending' && clue.method_reason ? <Alert type="info" title="承办人意见" description={clue.method_reason} style={{ marginBottom: 12 }} /> : null}
          {clue.status === 'result_pending' && clue.outcome_note ? <Alert type="info" title={`结果说明${clue.form_label ? `（${clue.form_label}）` : ''}`} description={clue.outcome_note} style={{ marginBottom: 12 }} /> : null}
          <Form.Item label="审批意见" name="comment" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} placeholder="可选" />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'reject' ? (
        <FormModal<{ comment: string }> title="审批退回" okText="退回" danger success="已退回" onClose={(ok) => (ok ? done() : setAction(null))} onSubmit={(v) => post('reject', { comment: v.comment.trim() })}>
          <Form.Item label="退回理由" name="comment" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }, { max: 5000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action?.startsWith('record_step') ? (
        <FormModal<{ step: string; note?: string; attachment_ids: number[] }>
          title="记录处置步骤"
          success="已记录处置步骤"
          width={620}
          initialValues={{ step: action.split(':')[1] ?? clue.required_steps.find((s) => !s.done)?.code, attachment_ids: [] }}
          onClose={(ok) => (ok ? done() : setAction(null))}
          onSubmit={(v) => post('steps', { step: v.step, attachment_ids: v.attachment_ids ?? [], ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}
        >
          {(form) => (
            <>
              <Form.Item label="步骤" name="step" rules={[{ required: true, message: '请选择步骤' }]}>
                <Select options={clue.required_steps.map((s) => ({ value: s.code, label: `${s.label}${s.done ? '（已记录）' : ''}` }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.step !== b.step}>
                {() => {
                  const s = clue.required_steps.find((x) => x.code === form.getFieldValue('step'));
                  return s ? <Alert type="info" showIcon title={`所需材料：${s.documents}`} style={{ marginBottom: 12 }} /> : null;
                }}
              </Form.Item>
              <Form.Item label="说明" name="note" rules={[{ max: 5000 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item
                label="材料"
                name="attachment_ids"
                rules={[{ required: true, type: 'array', min: 1, message: '每个处置步骤须附至少一份材料' }]}
                extra={<UploadButton url={`/api/clues/${clue.id}/attachments`} label="上传新材料" onUploaded={(f) => { form.setFieldValue('attachment_ids', [...(form.getFieldValue('attachment_ids') ?? []), f.id]); void load(); }} />}
              >
                <Select mode="multiple" placeholder="选择已上传的材料" options={clue.attachments.map((a) => ({ value: a.id, label: a.file_name }))} />
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}

      {action === 'report' ? (
        <FormModal<{ outcome: string; form?: number; note: string; approver_id: number }>
          title="报告处置结果"
          okText="提交审批"
          success="处置结果已提交审批"
          width={620}
          onClose={(ok) => (ok ? done() : setAction(null))}
          onSubmit={(v) => post('report', { outcome: v.outcome, note: v.note.trim(), approver_id: v.approver_id, ...(v.form ? { form: v.form } : {}) })}
        >
          {(form) => (
            <>
              {clue.required_steps.some((s) => !s.done) ? (
                <Alert type="warning" showIcon title={`尚有必经步骤未记录：${clue.required_steps.filter((s) => !s.done).map((s) => s.label).join('、')}`} style={{ marginBottom: 12 }} />
              ) : null}
              <Form.Item label="处置结果" name="outcome" rules={[{ required: true, message: '请选择处置结果' }]}>
                <Select options={clue.allowed_outcomes.map((o) => ({ value: o, label: OUTCOMES[o]?.label ?? o }))} onChange={() => form.setFieldValue('form', undefined)} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome}>
                {() => {
                  const forms = OUTCOMES[form.getFieldValue('outcome')]?.forms ?? [];
                  if (forms.length < 2) return forms.length === 1 ? <Alert type="info" title={`归入${FORM_LABELS[forms[0]]}：${FORM_DESCRIPTIONS[forms[0]]}`} style={{ marginBottom: 12 }} /> : null;
                  return (
                    <Form.Item label="四种形态" name="form" rules={[{ required: true, message: '请选择四种形态' }]}>
                      <Radio.Group>
                        <Space orientation="vertical">
                          {forms.map((f) => (
                            <Radio key={f} value={f}>
                              {FORM_LABELS[f]}：{FORM_DESCRIPTIONS[f]}
                            </Radio>
                          ))}
                        </Space>
                      </Radio.Group>
                    </Form.Item>
                  );
                }}
              </Form.Item>
              <Form.Item label="结果说明" name="note" rules={[{ required: true, whitespace: true, message: '请填写结果说明' }, { max: 5000 }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item label="审批人" name="approver_id" rules={[{ required: true, message: '请选择审批人' }]}>
                <PersonPicker clueId={clue.id} kind="approver" />
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}

      {action === 'reactivate' ? (
        <FormModal<{ reason: string }> title="重新启用暂存线索" success="线索已重新启用" onClose={(ok) => (ok ? done() : setAction(null))} onSubmit={(v) => post('reactivate', { reason: v.reason.trim() })}>
          <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 5000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'merge' ? (
        <FormModal<{ into: number }>
          title="合并重复线索"
          okText="合并"
          danger
          success="已合并"
          onClose={() => setAction(null)}
          onSubmit={async (v) => {
            await post('merge', { into: v.into });
            navigate(`/clues/${v.into}`);
          }}
        >
          <Typography.Paragraph>将本线索 {clue.code} 并入下列线索之一；合并后本线索不再单独处置，来源记录保留。</Typography.Paragraph>
          <Form.Item label="并入" name="into" rules={[{ required: true, message: '请选择要并入的线索' }]}>
            <Radio.Group>
              <Space orientation="vertical">
                {mergeTargets.map((d) => (
                    <Radio key={d.id} value={d.id}>
                      {d.code} {d.title}（{d.persons}）
                    </Radio>
                  ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'transfer' ? (
        <FormModal<{ receiver_org_id: number; title: string; note?: string; ack_days?: number; handle_days?: number; tour?: boolean; cc_org_ids?: number[] }>
          title="移交线索"
          okText="移交"
          width={620}
          initialValues={{ title: `移交问题线索 ${clue.code}`, ack_days: 3, tour: false }}
          onClose={(ok) => (ok ? done() : setAction(null))}
          onSubmit={async (v) => {
            const r = await api.post<{ id: number; code: string }>('/api/transfers', {
              receiver_org_id: v.receiver_org_id,
              object_type: 'clue',
              title: v.title.trim(),
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
              ...(v.ack_days ? { ack_days: v.ack_days } : {}),
              ...(v.handle_days ? { handle_days: v.handle_days } : {}),
              ...(v.tour ? { tour: true } : {}),
              ...(v.cc_org_ids?.length ? { cc_org_ids: v.cc_org_ids } : {}),
              items: [{ object_id: String(clue.id) }],
            });
            Modal.success({ title: `已移交（单号 ${r.code}）`, content: '接收单位签收后，线索转由其承办；您可在“移交协作”中跟踪签收与反馈。' });
          }}
        >
          <Alert type="info" showIcon title="接收单位看到的是线索摘要（不含身份证号和举报人信息）；签收后线索转由接收单位承办。" style={{ marginBottom: 12 }} />
          <Form.Item label="接收单位" name="receiver_org_id" rules={[{ required: true, message: '请选择接收单位' }]}>
            <OrgPicker exclude={clue.org_id} />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="附言" name="note" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Space size={24}>
            <Form.Item label="签收时限（工作日）" name="ack_days">
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Form.Item label="办理时限（工作日）" name="handle_days" tooltip="默认 30 个工作日；边巡边查 10 个工作日">
              <InputNumber min={1} max={250} precision={0} placeholder="默认" />
            </Form.Item>
            <Form.Item label="边巡边查" name="tour" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item label="抄送单位" name="cc_org_ids">
            <OrgPicker multiple allowClear placeholder="可选" exclude={clue.org_id} />
          </Form.Item>
        </FormModal>
      ) : null}

      <Modal open={!!wb} title="举报人信息" footer={null} onCancel={() => setWb(null)}>
        <Alert type="warning" showIcon title="举报人信息严格保密，本次查看已记入审计日志。" style={{ marginBottom: 12 }} />
        {wb ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="姓名">{String(wb.name ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{String(wb.phone ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{String(wb.id_number ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="地址">{String(wb.address ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="举报方式">{wb.anonymous ? '匿名' : '实名'}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Modal>
    </Page>
  );
}
