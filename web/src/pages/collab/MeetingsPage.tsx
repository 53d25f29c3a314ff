/** 会商与联席会议 and their agreed tasks (议定事项): who does what by when, and what is overdue. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Result, Segmented, Skeleton, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';

interface Meeting {
  id: number;
  kind: string;
  kind_label: string;
  title: string;
  held_on: string;
  status: string;
  host_org_name: string;
}

export interface Task {
  id: number;
  meeting_id: number;
  meeting_title?: string;
  seq: number;
  content: string;
  owner_org_id: number;
  owner_org_name: string;
  owner_user_name?: string | null;
  deadline: string;
  status: string;
  status_label: string;
  result: string | null;
  done_on: string | null;
  overdue: boolean;
  late: boolean;
  version: number;
}

export default function MeetingsPage() {
  const t = useServerTable<Meeting>('/api/collab/meetings', { filterKeys: ['kind'] });
  const columns: TableColumnsType<Meeting> = [
    { title: '日期', dataIndex: 'held_on', width: 110 },
    { title: '会议', dataIndex: 'title', render: (v: string, m) => <Link to={`/collab/meetings/${m.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'kind_label', width: 100 },
    { title: '召集单位', dataIndex: 'host_org_name', width: 200, ellipsis: true },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'held' ? <Tag color="green">已召开</Tag> : <Tag>计划中</Tag>) },
  ];
  return (
    <Page title="会商与联席会议" description="依协作配合机制召开的会商、联席会议，及其议定事项的跟踪办理。">
      <div className="gt-toolbar">
        <Segmented value={t.query.filters.kind ?? ''} onChange={(v) => t.setFilters({ kind: (v as string) || undefined })} options={[{ value: '', label: '全部' }, { value: 'consultation', label: '会商' }, { value: 'joint_meeting', label: '联席会议' }]} />
      </div>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Meeting> rowKey="id" size="middle" columns={columns} {...t.tableProps} locale={{ emptyText: '暂无会议' }} />
    </Page>
  );
}

function CompleteTask({ task, onClose }: { task: Task; onClose: (ok: boolean) => void }) {
  return (
    <FormModal<{ result: string }> title={`议定事项办结：${task.content.slice(0, 30)}`} okText="办结" success="已办结" onClose={onClose} onSubmit={(v) => api.post(`/api/collab/tasks/${task.id}/complete`, { version: task.version, result: v.result.trim() })}>
      <Form.Item label="办理结果" name="result" rules={[{ required: true, whitespace: true, message: '请填写办理结果' }, { max: 5000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    </FormModal>
  );
}

function taskColumns(onComplete: (t: Task) => void, mine: (t: Task) => boolean, withMeeting: boolean): TableColumnsType<Task> {
  return [
    ...(withMeeting ? [{ title: '会议', dataIndex: 'meeting_title', key: 'meeting', width: 200, ellipsis: true, render: (v: string, t: Task) => <Link to={`/collab/meetings/${t.meeting_id}`}>{v}</Link> }] : []),
    { title: '议定事项', dataIndex: 'content', key: 'content', ellipsis: true },
    { title: '责任单位', dataIndex: 'owner_org_name', key: 'owner', width: 170, ellipsis: true },
    { title: '期限', dataIndex: 'deadline', key: 'deadline', width: 130, render: (d: string, t: Task) => (t.overdue ? <Tag color="red">{d} 超期</Tag> : d) },
    { title: '状态', dataIndex: 'status_label', key: 'status', width: 120, render: (s: string, t: Task) => <span>{s}{t.late ? <Tag color="orange" style={{ marginLeft: 4 }}>逾期办结</Tag> : null}</span> },
    { title: '办理结果', dataIndex: 'result', key: 'result', width: 200, ellipsis: true, render: (v) => v ?? '—' },
    {
      title: '操作',
      key: 'a',
      width: 80,
      render: (_v: unknown, t: Task) =>
        t.status === 'open' && mine(t) ? (
          <Button type="link" size="small" onClick={() => onComplete(t)}>
            办结
          </Button>
        ) : null,
    },
  ];
}

export function MeetingPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [m, setM] = useState<(Meeting & { location: string | null; agenda: string[]; minutes: string | null; orgs: { id: number; name: string }[]; tasks: Task[]; mechanism: { id: number; name: string } | null }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [completing, setCompleting] = useState<Task | null>(null);
  const load = useCallback(() => {
    api
      .get<NonNullable<typeof m>>(`/api/collab/meetings/${id}`)
      .then((x) => {
        setM(x);
        setError(null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);
  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return <Result status="404" title="会议不存在或无权查看" extra={<Link to="/collab/meetings">返回</Link>} />;
    return <LoadError error={error} />;
  }
  if (!m) return <Skeleton active />;
  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          {m.title}
          <Tag>{m.kind_label}</Tag>
        </Space>
      }
    >
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="日期">{m.held_on}</Descriptions.Item>
          <Descriptions.Item label="地点">{m.location ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="召集单位">{m.host_org_name}</Descriptions.Item>
          <Descriptions.Item label="依据机制" span={3}>
            {m.mechanism ? <Link to={`/collab/mechanisms?open=${m.mechanism.id}`}>{m.mechanism.name}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="参会单位" span={3}>
            {m.orgs.map((o) => (
              <Tag key={o.id}>{o.name}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="议题" span={3}>
            {m.agenda.length ? m.agenda.join('；') : '—'}
          </Descriptions.Item>
        </Descriptions>
        {m.minutes ? (
          <>
            <Typography.Title level={5}>会议纪要</Typography.Title>
            <Typography.Paragraph className="gt-prewrap">{m.minutes}</Typography.Paragraph>
          </>
        ) : null}
      </Card>
      <Card title={`议定事项（${m.tasks.length}）`} variant="borderless">
        <Table<Task> rowKey="id" size="small" pagination={false} dataSource={m.tasks} columns={taskColumns(setCompleting, (t) => t.owner_org_id === me?.org_id, false)} rowClassName={(t) => (t.overdue ? 'gt-row-overdue' : '')} locale={{ emptyText: '暂无议定事项' }} />
      </Card>
      {completing ? (
        <CompleteTask
          task={completing}
          onClose={(ok) => {
            setCompleting(null);
            if (ok) load();
          }}
        />
      ) : null}
    </Page>
  );
}

export function TasksPage() {
  const { me } = useAuth();
  const t = useServerTable<Task>('/api/collab/tasks', { filterKeys: ['mine', 'status', 'overdue'] });
  const [completing, setCompleting] = useState<Task | null>(null);
  const f = t.query.filters;
  return (
    <Page title="议定事项" description="会商、联席会议议定事项的办理情况；超期未办结的红色标示。">
      <Space wrap className="gt-filters">
        <Segmented value={f.status ?? ''} onChange={(v) => t.setFilters({ status: (v as string) || undefined })} options={[{ value: '', label: '全部' }, { value: 'open', label: '办理中' }, { value: 'done', label: '已办结' }, { value: 'cancelled', label: '已取消' }]} />
        <span>
          本单位承办 <Switch size="small" checked={f.mine === 'true'} onChange={(on) => t.setFilters({ mine: on ? 'true' : undefined })} />
        </span>
        <span>
          仅看超期 <Switch size="small" checked={f.overdue === 'true'} onChange={(on) => t.setFilters({ overdue: on ? 'true' : undefined })} />
        </span>
      </Space>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Task> rowKey="id" size="middle" columns={taskColumns(setCompleting, (x) => x.owner_org_id === me?.org_id, true)} scroll={{ x: 1100 }} rowClassName={(x) => (x.overdue ? 'gt-row-overdue' : '')} {...t.tableProps} locale={{ emptyText: '暂无议定事项' }} />
      {completing ? (
        <CompleteTask
          task={completing}
          onClose={(ok) => {
            setCompleting(null);
            if (ok) t.reload();
          }}
        />
      ) : null}
    </Page>
  );
}
