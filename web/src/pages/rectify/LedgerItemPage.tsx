/**
 * One rectification item: the ledger entry (problem, responsible unit and leader, supervising
 * body, measures, deadline), its history and evidence, accountability proposals (双问责), and the
 * actions the server allows this user now (report progress, apply for 销号, verify, reopen, cancel).
 */
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Progress, Radio, Result, Row, Select, Skeleton, Space, Table, Tag, Timeline } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, download } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { UploadButton, fmtSize } from '../../components/Upload.tsx';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import type { LedgerRow } from './LedgerPage.tsx';
import { RECT_EVENT_LABELS, RECT_STATE_COLORS } from './labels.ts';

interface ItemDetail extends LedgerRow {
  source_ref: string | null;
  clue_id: number | null;
  description: string;
  domain: string | null;
  responsible_leader_title: string | null;
  supervisor_name: string | null;
  measures: string;
  overdue_since: string | null;
  created_at: string;
  events: { id: number; event: string; event_label: string; from_state: string; to_state: string; note: string; progress_percent: number | null; actor_name: string; created_at: string }[];
  attachments: { id: number; event_id: number | null; file_name: string; mime: string; size_bytes: number; sm3: string; created_at: string }[];
  proposals: { id: number; status: string; status_label: string; responsibility_label: string; target_org_name: string; reason?: string; created_at: string }[];
}

const ACTION_LABELS: Record<string, string> = {
  report: '填报进展',
  submit: '申请销号',
  verify_pass: '核验',
  verify_fail: '核验',
  reopen: '重新打开',
  cancel: '撤销',
};

export default function LedgerItemPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const [item, setItem] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItem(await api.get<ItemDetail>(`/api/rectification/items/${id}`));
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
      return <Result status="404" title="整改事项不存在或无权查看" extra={<Link to="/rectify/ledger">返回整改台账</Link>} />;
    }
    return <LoadError error={error} onRetry={load} />;
  }
  if (!item) return <Skeleton active paragraph={{ rows: 10 }} />;

  const done = (ok: boolean) => {
    setAction(null);
    if (ok) void load();
  };
  const post = (path: string, body: object) => api.post(`/api/rectification/items/${item.id}/${path}`, { ...body, version: item.version });
  const buttons = [...new Set(item.actions.map((a) => (a === 'verify_fail' ? 'verify_pass' : a)))];
  const canAttach = item.actions.length > 0;
  const dl = (a: { id: number; file_name: string }) => download(`/api/rectification/attachments/${a.id}`, undefined, a.file_name).catch(showError);
  const unattached = item.attachments.filter((a) => a.event_id === null);

  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          <span>{item.code}</span>
          <Tag color={RECT_STATE_COLORS[item.status]}>{item.status_label}</Tag>
          {item.overdue ? <Tag color="red">逾期 {item.overdue_days} 天</Tag> : null}
        </Space>
      }
      extra={buttons.map((a) => (
        <Button key={a} type={a === 'report' || a === 'verify_pass' ? 'primary' : 'default'} danger={a === 'cancel'} onClick={() => setAction(a)}>
          {ACTION_LABELS[a] ?? a}
        </Button>
      ))}
    >
      {item.overdue ? (
        <Alert type="error" showIcon title={`已逾期 ${item.overdue_days} 天（期限 ${item.effective_deadline}，按${item.deadline_basis_label}计算）`} description="逾期未整改的，按规定对主体责任和监督责任“双问责”。" style={{ marginBottom: 12 }} />
      ) : null}
      <Row gutter={12}>
        <Col span={16}>
          <Card title={item.title} variant="borderless" style={{ marginBottom: 12 }} extra={<Progress type="circle" size={44} percent={item.status === 'rectified' ? 100 : item.progress_percent} status={item.overdue ? 'exception' : undefined} />}>
            {item.description ? <p className="gt-prewrap">{item.description}</p> : null}
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="来源">{item.source_label}</Descriptions.Item>
              <Descriptions.Item label="来源编号">{item.source_ref ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="专项整治">{item.campaign_name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="责任单位">{item.responsible_org_name}</Descriptions.Item>
              <Descriptions.Item label="主体责任领导">
                {item.responsible_leader_name}
                {item.responsible_leader_title ? `（${item.responsible_leader_title}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="关联线索">{item.clue_id ? <Link to={`/clues/${item.clue_id}`}>查看线索</Link> : '—'}</Descriptions.Item>
              <Descriptions.Item label="监督主体">{item.supervising_org_name}</Descriptions.Item>
              <Descriptions.Item label="监督责任人">{item.supervisor_name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="交办日期">{item.assigned_on}</Descriptions.Item>
              <Descriptions.Item label="整改期限">
                {item.deadline}（{item.deadline_basis_label}）
                {item.effective_deadline !== item.deadline ? <div className="gt-small gt-muted">遇节假日顺延至 {item.effective_deadline}</div> : null}
              </Descriptions.Item>
              <Descriptions.Item label="销号日期">{item.rectified_on ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="反弹次数">{item.reopen_count}</Descriptions.Item>
              <Descriptions.Item label="整改措施" span={3}>
                <span className="gt-prewrap">{item.measures || '—'}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={`佐证材料（${item.attachments.length}）`}
            variant="borderless"
            style={{ marginBottom: 12 }}
            extra={canAttach ? <UploadButton url={`/api/rectification/items/${item.id}/attachments`} maxBytes={10 * 1024 * 1024} onUploaded={() => void load()} /> : null}
          >
            {item.attachments.length ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={item.attachments}
                columns={[
                  { title: '文件名', dataIndex: 'file_name' },
                  { title: '大小', dataIndex: 'size_bytes', width: 90, render: fmtSize },
                  { title: '关联记录', dataIndex: 'event_id', width: 110, render: (e: number | null) => (e ? RECT_EVENT_LABELS[item.events.find((x) => x.id === e)?.event ?? ''] ?? '已关联' : <Tag>未关联</Tag>) },
                  { title: '上传时间', dataIndex: 'created_at', width: 170, render: fmtTime },
                  { title: '', key: 'dl', width: 50, render: (_v, a) => <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void dl(a)} aria-label={`下载 ${a.file_name}`} /> },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无佐证材料" />
            )}
          </Card>
          <Card title="问责建议（双问责）" variant="borderless">
            {item.proposals.length ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={item.proposals}
                columns={[
                  { title: '责任', dataIndex: 'responsibility_label', width: 100 },
                  { title: '对象单位', dataIndex: 'target_org_name' },
                  { title: '状态', dataIndex: 'status_label', width: 110, render: (v: string) => <Tag>{v}</Tag> },
                  { title: '生成时间', dataIndex: 'created_at', width: 170, render: fmtTime },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无问责建议" />
            )}
          </Card>
        </Col>
        <Col span={8}>
          <Card title="整改过程" variant="borderless">
            {item.events.length ? (
              <Timeline
                items={item.events.map((e) => ({
                  key: e.id,
                  color: e.event === 'overdue' || e.event === 'verify_fail' || e.event === 'reopen' ? 'red' : e.event === 'verify_pass' ? 'green' : 'blue',
                  content: (
                    <div>
                      <b>{e.event_label ?? RECT_EVENT_LABELS[e.event]}</b> <span className="gt-muted gt-small">{e.actor_name}</span>
                      {e.progress_percent !== null ? <Tag style={{ marginLeft: 4 }}>{e.progress_percent}%</Tag> : null}
                      <div className="gt-muted gt-small">{fmtTime(e.created_at)}</div>
                      {e.note ? <div className="gt-small gt-prewrap">{e.note}</div> : null}
                      {item.attachments
                        .filter((a) => a.event_id === e.id)
                        .map((a) => (
                          <Button key={a.id} type="link" size="small" className="gt-link-button" onClick={() => void dl(a)}>
                            {a.file_name}
                          </Button>
                        ))}
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

      {action === 'report' ? (
        <FormModal<{ note: string; progress_percent?: number; attachment_ids?: number[] }>
          title="填报整改进展"
          success="已填报整改进展"
          initialValues={{ progress_percent: item.progress_percent, attachment_ids: [] }}
          onClose={done}
          onSubmit={(v) => post('progress', { note: v.note.trim(), progress_percent: v.progress_percent ?? null, attachment_ids: v.attachment_ids ?? [] })}
        >
          <Form.Item label="进展情况" name="note" rules={[{ required: true, whitespace: true, message: '请填写进展情况' }, { max: 5000 }]}>
            <Input.TextArea rows={4} autoFocus />
          </Form.Item>
          <Form.Item label="完成进度（%）" name="progress_percent">
            <InputNumber min={0} max={100} precision={0} />
          </Form.Item>
          <Form.Item label="佐证材料" name="attachment_ids" extra="先在“佐证材料”中上传，再在此选择">
            <Select mode="multiple" placeholder="选择未关联的材料" options={unattached.map((a) => ({ value: a.id, label: a.file_name }))} notFoundContent="没有未关联的材料" />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'submit' ? (
        <FormModal<{ note: string }> title="申请销号" okText="提交核验" success="已申请销号，等待监督主体核验" onClose={done} onSubmit={(v) => post('submit', { note: v.note.trim() })}>
          {!item.attachments.length ? <Alert type="warning" showIcon title="尚未上传佐证材料，核验时可能不予通过。" style={{ marginBottom: 12 }} /> : null}
          <Form.Item label="整改完成情况" name="note" rules={[{ required: true, whitespace: true, message: '请说明整改完成情况' }, { max: 5000 }]}>
            <Input.TextArea rows={4} autoFocus />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'verify_pass' ? (
        <FormModal<{ passed: boolean; opinion: string; rectified_on?: Dayjs; new_deadline?: Dayjs }>
          title="核验整改"
          okText="提交核验意见"
          success="已提交核验意见"
          initialValues={{ passed: true, rectified_on: dayjs() }}
          onClose={done}
          onSubmit={(v) =>
            post('verify', {
              passed: v.passed,
              opinion: v.opinion.trim(),
              ...(v.passed && v.rectified_on ? { rectified_on: v.rectified_on.format('YYYY-MM-DD') } : {}),
              ...(!v.passed && v.new_deadline ? { new_deadline: v.new_deadline.format('YYYY-MM-DD') } : {}),
            })
          }
        >
          {(form) => (
            <>
              <Form.Item label="核验结论" name="passed">
                <Radio.Group options={[{ value: true, label: '通过，予以销号' }, { value: false, label: '不通过，重新整改' }]} />
              </Form.Item>
              <Form.Item label="核验意见" name="opinion" rules={[{ required: true, whitespace: true, message: '请填写核验意见' }, { max: 5000 }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.passed !== b.passed}>
                {() =>
                  form.getFieldValue('passed') ? (
                    <Form.Item label="整改完成日期" name="rectified_on">
                      <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                    </Form.Item>
                  ) : (
                    <Form.Item label="新的整改期限" name="new_deadline" extra="不填则沿用原期限">
                      <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}

      {action === 'reopen' ? (
        <FormModal<{ reason: string; new_deadline: Dayjs }> title="重新打开（问题反弹）" okText="重新打开" danger success="已重新打开，限期重新整改" onClose={done} onSubmit={(v) => post('reopen', { reason: v.reason.trim(), new_deadline: v.new_deadline.format('YYYY-MM-DD') })}>
          <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="新的整改期限" name="new_deadline" rules={[{ required: true, message: '请选择新的整改期限' }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action === 'cancel' ? (
        <FormModal<{ reason: string }> title="撤销误录事项" okText="撤销" danger success="已撤销" onClose={done} onSubmit={(v) => post('cancel', { reason: v.reason.trim() })}>
          <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
