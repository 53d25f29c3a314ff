/**
 * One 专项监督 / 专项整治: its dashboard numbers (“N个领域M项重点任务…”), areas and key tasks with
 * their progress, problems found (each goes on the rectification ledger under the campaign), and closing.
 */
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Select, Skeleton, Space, Statistic, Table, type TableColumnsType, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import type { CampaignRow } from './CampaignsPage.tsx';
import { orNull } from './labels.ts';
import { LinkModal, type LinkedRecord, LinkedRecords } from './LinkModal.tsx';

interface CampaignTask {
  id: number;
  area_id: number;
  seq: number;
  content: string;
  owner_org_id: number | null;
  owner_org_name: string | null;
  deadline: string | null;
  status: 'open' | 'done';
  progress_note: string | null;
  done_on: string | null;
  overdue: boolean;
  version: number;
  links: LinkedRecord[];
}

interface Dashboard {
  areas: number;
  tasks: number;
  tasks_done: number;
  tasks_overdue: number;
  problems: number;
  problems_rectified: number;
  problems_overdue: number;
  rectification_rate: number | null;
  clues: number;
  text: string;
}

interface CampaignDetail extends Omit<CampaignRow, 'areas' | 'tasks' | 'tasks_done'> {
  description: string | null;
  rect_campaign_id: number | null;
  version: number;
  areas: { id: number; seq: number; name: string; tasks: CampaignTask[] }[];
  links: LinkedRecord[];
  dashboard: Dashboard;
}

export default function CampaignPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { modal } = feedback();
  const [c, setC] = useState<CampaignDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reporting, setReporting] = useState<CampaignTask | null>(null);
  const [problem, setProblem] = useState<{ task?: CampaignTask } | null>(null);
  const [linking, setLinking] = useState<CampaignTask | null>(null);
  const load = useCallback(() => {
    api
      .get<CampaignDetail>(`/api/collab/campaigns/${id}`)
      .then((x) => {
        setC(x);
        setError(null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);
  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return <Result status="404" title="专项不存在或无权查看" extra={<Link to="/collab/campaigns">返回</Link>} />;
    return <LoadError error={error} onRetry={load} />;
  }
  if (!c) return <Skeleton active paragraph={{ rows: 8 }} />;
  const active = c.status === 'active';
  const lead = can('collab:edit');
  const mayReport = (t: CampaignTask) => active && (lead || (t.owner_org_id !== null && t.owner_org_id === me?.org_id));
  const close = () =>
    modal.confirm({
      title: `结束“${c.name}”？`,
      content: '专项结束后不能再填报任务进展或登记问题；已列入整改台账的问题继续督促整改。',
      okText: '结束专项',
      onOk: async () => {
        try {
          await api.post(`/api/collab/campaigns/${c.id}/close`, { version: c.version });
          showSuccess('专项已结束');
          load();
        } catch (e) {
          showError(e);
        }
      },
    });
  const done = (ok: boolean) => {
    setReporting(null);
    setProblem(null);
    if (ok) load();
  };
  const d = c.dashboard;
  const taskCols: TableColumnsType<CampaignTask> = [
    { title: '序号', dataIndex: 'seq', width: 60 },
    { title: '重点任务', dataIndex: 'content' },
    { title: '责任单位', dataIndex: 'owner_org_name', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '期限', dataIndex: 'deadline', width: 130, render: (v: string | null, t) => (t.overdue ? <Tag color="red">{v} 超期</Tag> : (v ?? '—')) },
    { title: '进展', dataIndex: 'progress_note', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: string, t) =>
        s === 'done' ? (
          <span>
            <Tag color="green">已完成</Tag>
            {t.done_on ? <div className="gt-small gt-muted">{t.done_on}</div> : null}
          </span>
        ) : (
          <Tag color="processing">推进中</Tag>
        ),
    },
    { title: '关联', key: 'links', width: 120, render: (_v, t) => <LinkedRecords links={t.links} /> },
    {
      title: '操作',
      key: 'a',
      width: 160,
      render: (_v, t) => (
        <Space size={0}>
          {mayReport(t) ? (
            <Button type="link" size="small" onClick={() => setReporting(t)}>
              填报进展
            </Button>
          ) : null}
          {active && lead ? (
            <Button type="link" size="small" onClick={() => setProblem({ task: t })}>
              登记问题
            </Button>
          ) : null}
          {lead ? (
            <Button type="link" size="small" onClick={() => setLinking(t)}>
              关联
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  const stats: [keyof Dashboard, string][] = [
    ['areas', '重点领域'],
    ['tasks', '重点任务'],
    ['tasks_done', '已完成任务'],
    ['tasks_overdue', '超期任务'],
    ['problems', '发现问题'],
    ['problems_rectified', '已整改'],
    ['problems_overdue', '逾期未整改'],
    ['clues', '关联线索'],
  ];
  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          {c.name}
          <Tag>{c.kind_label}</Tag>
          {active ? <Tag color="processing">进行中</Tag> : <Tag>已结束</Tag>}
        </Space>
      }
      extra={
        active && lead ? (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setProblem({})}>
              登记发现问题
            </Button>
            <Button danger onClick={close}>
              结束专项
            </Button>
          </>
        ) : null
      }
    >
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="牵头单位">{c.lead_org_name}</Descriptions.Item>
          <Descriptions.Item label="起止">
            {c.starts_on} 至 {c.ends_on ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="整改台账">{c.rect_campaign_id ? <Link to={`/rectify/ledger?campaign_id=${c.rect_campaign_id}`}>查看本专项整改事项</Link> : '—'}</Descriptions.Item>
          {c.description ? (
            <Descriptions.Item label="说明" span={3}>
              <span className="gt-prewrap">{c.description}</span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {stats.map(([k, l]) => (
          <Col key={k} flex="1">
            <Card variant="borderless" size="small">
              <Statistic title={l} value={d[k] as number} />
            </Card>
          </Col>
        ))}
        <Col flex="1">
          <Card variant="borderless" size="small">
            <Statistic title="整改率" value={d.rectification_rate === null ? '—' : Math.round(d.rectification_rate * 1000) / 10} suffix={d.rectification_rate === null ? undefined : '%'} />
          </Card>
        </Col>
      </Row>
      <Alert type="info" showIcon title={d.text} style={{ marginBottom: 12 }} />
      {c.areas.map((a) => (
        <Card key={a.id} title={`领域${a.seq}：${a.name}（${a.tasks.length}项）`} variant="borderless" style={{ marginBottom: 12 }}>
          <Table<CampaignTask> rowKey="id" size="small" pagination={false} columns={taskCols} dataSource={a.tasks} rowClassName={(t) => (t.overdue ? 'gt-row-overdue' : '')} scroll={{ x: 1100 }} locale={{ emptyText: '本领域暂无重点任务' }} />
        </Card>
      ))}
      {c.links.length ? (
        <Card title="专项关联事项" variant="borderless">
          <LinkedRecords links={c.links} />
        </Card>
      ) : null}
      {linking ? (
        <LinkModal
          owner="campaign_task"
          ownerId={linking.id}
          title={linking.content}
          onClose={(ok) => {
            setLinking(null);
            if (ok) load();
          }}
        />
      ) : null}
      {reporting ? <ReportModal task={reporting} onClose={done} /> : null}
      {problem ? <ProblemModal campaign={c} task={problem.task} onClose={done} /> : null}
    </Page>
  );
}

function ReportModal({ task, onClose }: { task: CampaignTask; onClose: (ok: boolean) => void }) {
  return (
    <FormModal<{ progress_note: string; done: boolean }>
      title={`填报进展：${task.content.slice(0, 30)}`}
      okText="提交"
      success="已填报任务进展"
      initialValues={{ progress_note: task.progress_note ?? '', done: task.status === 'done' }}
      onClose={onClose}
      onSubmit={(v) => api.post(`/api/collab/campaign-tasks/${task.id}/progress`, { version: task.version, progress_note: v.progress_note.trim(), done: !!v.done })}
    >
      <Form.Item label="进展情况" name="progress_note" rules={[{ required: true, whitespace: true, message: '请填写进展情况' }, { max: 5000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="done" valuePropName="checked">
        <Checkbox>任务已完成</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

interface ProblemValues {
  task_id?: number;
  title: string;
  description?: string;
  responsible_org_id: number;
  responsible_leader_name: string;
  responsible_leader_title?: string;
  measures?: string;
  limit_kind: 'days' | 'date';
  time_limit_days?: number;
  deadline?: Dayjs;
}

function ProblemModal({ campaign, task, onClose }: { campaign: CampaignDetail; task?: CampaignTask; onClose: (ok: boolean) => void }) {
  const tasks = campaign.areas.flatMap((a) => a.tasks.map((t) => ({ value: t.id, label: `${a.seq}.${t.seq} ${t.content}` })));
  return (
    <FormModal<ProblemValues>
      title="登记专项发现问题"
      okText="登记"
      width={720}
      success="已登记，问题已列入整改台账"
      initialValues={{ task_id: task?.id, responsible_org_id: task?.owner_org_id ?? undefined, limit_kind: 'days', time_limit_days: 30 }}
      onClose={onClose}
      onSubmit={(v) =>
        api.post(`/api/collab/campaigns/${campaign.id}/problems`, {
          task_id: v.task_id ?? null,
          title: v.title.trim(),
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          responsible_org_id: v.responsible_org_id,
          responsible_leader_name: v.responsible_leader_name.trim(),
          responsible_leader_title: orNull(v.responsible_leader_title),
          ...(v.measures?.trim() ? { measures: v.measures.trim() } : {}),
          ...(v.limit_kind === 'days' ? { time_limit_days: v.time_limit_days } : { deadline: v.deadline?.format('YYYY-MM-DD') }),
        })
      }
    >
      {(form) => (
        <>
          <Alert type="info" showIcon title="问题列入整改台账（专项整治），由本单位督促整改销号。" style={{ marginBottom: 12 }} />
          <Form.Item label="所属重点任务" name="task_id">
            <Select allowClear placeholder="不属于具体任务" options={tasks} />
          </Form.Item>
          <Form.Item label="问题" name="title" rules={[{ required: true, whitespace: true, message: '请填写问题' }, { max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="具体情况" name="description" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <div className="gt-form-grid">
            <Form.Item label="责任单位" name="responsible_org_id" rules={[{ required: true, message: '请选择责任单位' }]}>
              <OrgPicker />
            </Form.Item>
            <Form.Item label="主体责任领导" name="responsible_leader_name" rules={[{ required: true, whitespace: true, message: '须明确主体责任领导' }, { max: 50 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="领导职务" name="responsible_leader_title" rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="整改时限" name="limit_kind">
              <Radio.Group options={[{ value: 'days', label: '按天数' }, { value: 'date', label: '指定日期' }]} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.limit_kind !== b.limit_kind}>
              {() =>
                form.getFieldValue('limit_kind') === 'days' ? (
                  <Form.Item label="工作日天数" name="time_limit_days" rules={[{ required: true, message: '请填写天数' }]}>
                    <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ) : (
                  <Form.Item label="截止日期" name="deadline" rules={[{ required: true, message: '请选择截止日期' }]}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                )
              }
            </Form.Item>
          </div>
          <Form.Item label="整改要求" name="measures" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
