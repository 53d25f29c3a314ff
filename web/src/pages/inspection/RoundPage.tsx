/**
 * One inspection round: phase (筹备 → 巡前 → 巡中 → 巡后 → 完结), teams, targets with their
 * pre-inspection briefing (画像), the findings and what became of them (边巡边查 clue transfer,
 * 立行立改, feedback, the rectification ledger), special audits (巡审联动), and the round's counts.
 */
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Steps,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { CADRE_LEVELS } from '../clue/labels.ts';
import { DISPOSITION_LABELS, FINDING_CATEGORIES, FINDING_STATE_COLORS, PHASE_EVENTS, PHASE_ORDER } from './labels.ts';
import { AddTargetModal } from './SetupModals.tsx';
import { TeamsCard } from './TeamsCard.tsx';

interface Target {
  id: number;
  team_id: number;
  target_org_id: number;
  target_org_name: string;
  party_org_name: string;
  supervising_org_id: number;
  supervising_org_name: string;
  stationed_on: string | null;
  left_on: string | null;
  feedback_on: string | null;
  feedback_note: string | null;
  briefing_status: string | null;
  findings: number;
  my_roles: string[];
  version: number;
}

interface RoundDetail {
  id: number;
  code: string;
  name: string;
  term: string;
  round_no: number;
  kind_label: string;
  phase: string;
  phase_label: string;
  organizer_org_name: string;
  starts_on: string | null;
  ends_on: string | null;
  version: number;
  may_set_up: boolean;
  phase_allows: string[];
  teams: { id: number; name: string; org_name: string; members: { user_id: number; name: string; org_name: string; role_label: string }[] }[];
  targets: Target[];
  audits: { id: number; target_id: number; audit_org_name: string; title: string; kind: string; status: string; starts_on: string; ends_on: string | null; report_summary: string | null }[];
}

interface Finding {
  id: number;
  target_id: number;
  target_org_name: string;
  code: string;
  source: 'inspection' | 'audit';
  category: string;
  title: string;
  description: string;
  disposition: string;
  disposition_label: string;
  status: string;
  status_label: string;
  clue_id: number | null;
  transfer_id: number | null;
  transfer_code: string | null;
  rect_item_id: number | null;
  notes: number;
  ledger: { status: string; status_label?: string; overdue?: boolean } | null;
}

interface Stats {
  total: Record<string, number>;
  text: string;
}

const ROLE_LABELS: Record<string, string> = { leader: '组长', team: '巡察组', second_deputy: '第二副组长', group: '派驻纪检监察组', organizer: '组织单位' };
const SOURCE_TITLES: Record<string, string> = { clues: '问题线索', hits: '模型命中', rectification: '整改台账', hotline: '12345热线', decisions: '问责处分', accountability: '问责处分', transfers: '移交', previous: '以往巡察', letters: '建议书' };

export default function RoundPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const { can } = useAuth();
  const { modal } = feedback();
  const [round, setRound] = useState<RoundDetail | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<{ kind: string; target?: Target; finding?: Finding } | null>(null);
  const [briefing, setBriefing] = useState<Target | null>(null);

  const load = useCallback(async () => {
    try {
      const [r, f, s] = await Promise.all([
        api.get<RoundDetail>(`/api/inspections/rounds/${id}`),
        api.get<{ items: Finding[] }>(`/api/inspections/rounds/${id}/findings`),
        api.get<Stats>(`/api/inspections/rounds/${id}/stats`).catch(() => null),
      ]);
      setRound(r);
      setFindings(f.items);
      setStats(s);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return <Result status="404" title="巡察轮次不存在或无权查看" extra={<Link to="/inspection/rounds">返回</Link>} />;
    return <LoadError error={error} onRetry={load} />;
  }
  if (!round) return <Skeleton active paragraph={{ rows: 10 }} />;

  const allows = (a: string) => round.phase_allows.includes(a);
  const next = PHASE_EVENTS[round.phase];
  const changePhase = () =>
    modal.confirm({
      title: `${next.label}？`,
      content: `本轮巡察将进入下一阶段。`,
      onOk: async () => {
        try {
          await api.post(`/api/inspections/rounds/${round.id}/phase`, { version: round.version, event: next.event });
          showSuccess('阶段已更新');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });
  const done = (ok: boolean) => {
    setAction(null);
    if (ok) void load();
  };
  const mayAddSetup = round.may_set_up && can('inspection:edit') && (round.phase === 'planning' || round.phase === 'before');
  const teamRole = (t: Target) => t.my_roles.includes('team') || t.my_roles.includes('leader');

  const targetCols: TableColumnsType<Target> = [
    { title: '被巡察单位', dataIndex: 'target_org_name', key: 'org', render: (n: string, t) => <span>{n}<div className="gt-small gt-muted">{t.party_org_name}</div></span> },
    { title: '监督单位（派驻组）', dataIndex: 'supervising_org_name', key: 'sup', width: 190, ellipsis: true },
    { title: '我的角色', dataIndex: 'my_roles', key: 'roles', width: 160, render: (r: string[]) => r.map((x) => <Tag key={x}>{ROLE_LABELS[x] ?? x}</Tag>) },
    { title: '画像', dataIndex: 'briefing_status', key: 'briefing', width: 90, render: (s: string | null) => (s === 'delivered' ? <Tag color="green">已提供</Tag> : s === 'draft' ? <Tag color="gold">草稿</Tag> : <Tag>未生成</Tag>) },
    { title: '发现问题', dataIndex: 'findings', key: 'findings', width: 80, align: 'right' },
    { title: '反馈', dataIndex: 'feedback_on', key: 'fb', width: 105, render: (d: string | null) => d ?? '—' },
    {
      title: '操作',
      key: 'a',
      width: 280,
      render: (_v, t) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setBriefing(t)}>
            画像
          </Button>
          {allows('find') && can('inspection:edit') && teamRole(t) ? (
            <Button type="link" size="small" onClick={() => setAction({ kind: 'finding', target: t })}>
              登记问题
            </Button>
          ) : null}
          {allows('feedback') && can('inspection:edit') && !t.feedback_on ? (
            <Button type="link" size="small" onClick={() => setAction({ kind: 'feedback', target: t })}>
              巡察反馈
            </Button>
          ) : null}
          {allows('ledger') && can('inspection:edit') && t.feedback_on ? (
            <Button type="link" size="small" onClick={() => setAction({ kind: 'ledger', target: t })}>
              列入整改台账
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const findingCols: TableColumnsType<Finding> = [
    { title: '编号', dataIndex: 'code', key: 'code', width: 150 },
    { title: '被巡察单位', dataIndex: 'target_org_name', key: 'org', width: 160, ellipsis: true },
    { title: '问题', dataIndex: 'title', key: 'title', ellipsis: true, render: (t: string, f) => <span>{f.source === 'audit' ? <Tag color="cyan">审计</Tag> : null}{t}</span> },
    { title: '类别', dataIndex: 'category', key: 'category', width: 170, ellipsis: true },
    { title: '处理方式', dataIndex: 'disposition_label', key: 'disp', width: 150 },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 220,
      render: (s: string, f) => (
        <Space size={2} wrap>
          <Tag color={FINDING_STATE_COLORS[s]}>{f.status_label}</Tag>
          {f.transfer_id ? <Link to={`/transfers/${f.transfer_id}`}>{f.transfer_code}</Link> : null}
          {f.rect_item_id ? (
            <Link to={`/rectify/items/${f.rect_item_id}`}>
              台账{f.ledger?.status_label ? `：${f.ledger.status_label}` : ''}
              {f.ledger?.overdue ? '（逾期）' : ''}
            </Link>
          ) : null}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'a',
      width: 170,
      render: (_v, f) => {
        const t = round.targets.find((x) => x.id === f.target_id);
        const mine = !!t && teamRole(t) && can('inspection:edit');
        return f.status === 'open' ? (
          <Space size={0}>
            {mine && f.disposition === 'clue' && allows('transfer') ? (
              <Button type="link" size="small" onClick={() => setAction({ kind: 'transfer', finding: f })}>
                移交线索
              </Button>
            ) : null}
            {mine && f.disposition === 'immediate' && allows('immediate') ? (
              <Button type="link" size="small" onClick={() => setAction({ kind: 'immediate', finding: f })}>
                立行立改
              </Button>
            ) : null}
          </Space>
        ) : null;
      },
    },
  ];

  return (
    <Page
      card={false}
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
          <span>{round.name}</span>
          <Tag>{round.kind_label}</Tag>
        </Space>
      }
      extra={
        round.may_set_up && next && can('inspection:edit') ? (
          <Button type="primary" onClick={changePhase}>
            {next.label}
          </Button>
        ) : null
      }
    >
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Steps size="small" current={PHASE_ORDER.indexOf(round.phase)} items={[{ title: '筹备' }, { title: '巡前' }, { title: '巡中（进驻）' }, { title: '巡后（反馈整改）' }, { title: '完结' }]} />
        <Descriptions size="small" column={4} style={{ marginTop: 16 }}>
          <Descriptions.Item label="编号">{round.code}</Descriptions.Item>
          <Descriptions.Item label="届次">
            {round.term} 第{round.round_no}轮
          </Descriptions.Item>
          <Descriptions.Item label="组织单位">{round.organizer_org_name}</Descriptions.Item>
          <Descriptions.Item label="起止">
            {round.starts_on ?? '—'} 至 {round.ends_on ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {stats ? (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          {[
            ['problems', '发现问题'],
            ['audit_problems', '其中专项审计'],
            ['clues_transferred', '移交问题线索'],
            ['immediate', '立行立改'],
            ['on_ledger', '列入整改台账'],
            ['rectified', '已整改'],
            ['sanctioned', '党纪政务处分（人）'],
          ].map(([k, l]) => (
            <Col key={k} flex="1">
              <Card variant="borderless" size="small">
                <Statistic title={l} value={stats.total[k] ?? 0} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      {stats?.text ? <Alert type="info" showIcon title={stats.text} style={{ marginBottom: 12 }} /> : null}
      <Card
        title="被巡察单位"
        variant="borderless"
        style={{ marginBottom: 12 }}
        extra={
          mayAddSetup ? (
            <Button size="small" onClick={() => setAction({ kind: 'addTarget' })}>
              增加被巡察单位
            </Button>
          ) : null
        }
      >
        <Table<Target> rowKey="id" size="small" pagination={false} columns={targetCols} dataSource={round.targets} locale={{ emptyText: '无可见的被巡察单位' }} scroll={{ x: 1000 }} />
      </Card>
      <Card title={`发现问题（${findings.length}）`} variant="borderless" style={{ marginBottom: 12 }}>
        <Table<Finding>
          rowKey="id"
          size="small"
          columns={findingCols}
          dataSource={findings}
          pagination={findings.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1150 }}
          expandable={{ expandedRowRender: (f) => <Typography.Paragraph className="gt-prewrap" style={{ margin: 0 }}>{f.description}</Typography.Paragraph> }}
          locale={{ emptyText: '尚未登记发现问题' }}
        />
      </Card>
      <Row gutter={12}>
        <Col span={12}>
          <TeamsCard roundId={round.id} teams={round.teams} editable={round.may_set_up && round.phase !== 'closed' && can('inspection:edit')} mayAdd={mayAddSetup} onChanged={load} />
        </Col>
        <Col span={12}>
          <Card title="专项审计（巡审联动）" variant="borderless">
            {round.audits.length ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={round.audits}
                columns={[
                  { title: '审计项目', dataIndex: 'title', ellipsis: true },
                  { title: '审计机关', dataIndex: 'audit_org_name', width: 130, ellipsis: true },
                  { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'reported' ? <Tag color="green">已报告</Tag> : <Tag color="processing">进行中</Tag>) },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本轮未部署专项审计" />
            )}
          </Card>
        </Col>
      </Row>

      {action?.kind === 'addTarget' ? <AddTargetModal roundId={round.id} teams={round.teams} onClose={done} /> : null}

      {action?.kind === 'finding' && action.target ? (
        <FormModal<{ category: string; title: string; description: string; disposition: string }>
          title={`登记发现问题：${action.target.target_org_name}`}
          okText="登记"
          success="已登记发现问题"
          width={640}
          initialValues={{ disposition: 'problem', category: FINDING_CATEGORIES[1] }}
          onClose={done}
          onSubmit={(v) => api.post(`/api/inspections/targets/${action.target!.id}/findings`, { ...v, title: v.title.trim(), description: v.description.trim() })}
        >
          <Form.Item label="类别（三个聚焦）" name="category" rules={[{ required: true }]}>
            <Select options={FINDING_CATEGORIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item label="问题" name="title" rules={[{ required: true, whitespace: true, message: '请填写问题' }, { max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="具体情况" name="description" rules={[{ required: true, whitespace: true, message: '请填写具体情况' }, { max: 10000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item label="处理方式" name="disposition" rules={[{ required: true }]}>
            <Select options={Object.entries(DISPOSITION_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action?.kind === 'transfer' && action.finding ? (
        <FormModal<{ receiver_org_id: number; persons: { name: string; org_name?: string; position?: string; cadre_level: string }[]; summary?: string; note?: string }>
          title={`移交问题线索：${action.finding.code}`}
          okText="移交"
          success="已移交问题线索"
          width={760}
          initialValues={{ persons: [{ name: '', cadre_level: '其他', org_name: action.finding.target_org_name }], summary: action.finding.description }}
          onClose={done}
          onSubmit={(v) =>
            api.post(`/api/inspections/findings/${action.finding!.id}/transfer`, {
              receiver_org_id: v.receiver_org_id,
              persons: v.persons.map((p) => ({ name: p.name.trim(), cadre_level: p.cadre_level, org_name: p.org_name?.trim() || null, position: p.position?.trim() || null })),
              ...(v.summary?.trim() ? { summary: v.summary.trim() } : {}),
              note: v.note?.trim() || null,
            })
          }
        >
          {round.phase === 'during' ? <Alert type="info" showIcon title="巡中移交为“边巡边查”，办理时限缩短。" style={{ marginBottom: 12 }} /> : null}
          <Form.Item label="接收单位" name="receiver_org_id" rules={[{ required: true, message: '请选择接收单位' }]}>
            <OrgPicker kinds={['commission', 'office', 'dispatched_group']} />
          </Form.Item>
          <Form.List name="persons">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" wrap>
                    <Form.Item label={i === 0 ? '被反映人' : ''} name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                      <Input placeholder="姓名" style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item label={i === 0 ? '单位' : ''} name={[field.name, 'org_name']}>
                      <Input placeholder="单位" style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item label={i === 0 ? '职务' : ''} name={[field.name, 'position']}>
                      <Input placeholder="职务" style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item label={i === 0 ? '管理权限' : ''} name={[field.name, 'cadre_level']} rules={[{ required: true }]}>
                      <Select style={{ width: 90 }} options={CADRE_LEVELS.map((l) => ({ value: l, label: l }))} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button type="link" danger onClick={() => remove(field.name)} style={{ marginTop: i === 0 ? 30 : 0 }}>
                        删除
                      </Button>
                    ) : null}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', cadre_level: '其他' })} style={{ marginBottom: 12 }}>
                  添加被反映人
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item label="问题摘要" name="summary" rules={[{ max: 10000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="附言" name="note" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action?.kind === 'immediate' && action.finding ? (
        <FormModal<{ responsible_leader_name: string; responsible_leader_title?: string; measures?: string; time_limit_days?: number }>
          title={`立行立改：${action.finding.title}`}
          okText="交办"
          success="已交办立行立改（列入整改台账并抄送派驻纪检监察组）"
          initialValues={{ time_limit_days: 10 }}
          onClose={done}
          onSubmit={(v) =>
            api.post(`/api/inspections/findings/${action.finding!.id}/immediate`, {
              responsible_leader_name: v.responsible_leader_name.trim(),
              responsible_leader_title: v.responsible_leader_title?.trim() || null,
              ...(v.measures?.trim() ? { measures: v.measures.trim() } : {}),
              ...(v.time_limit_days ? { time_limit_days: v.time_limit_days } : {}),
            })
          }
        >
          <Form.Item label="主体责任领导" name="responsible_leader_name" rules={[{ required: true, whitespace: true, message: '请填写' }, { max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="职务" name="responsible_leader_title" rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="整改要求" name="measures" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="整改时限（工作日）" name="time_limit_days">
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action?.kind === 'feedback' && action.target ? (
        <FormModal<{ note: string }>
          title={`巡察反馈：${action.target.target_org_name}`}
          okText="反馈"
          success="已记录巡察反馈"
          width={640}
          onClose={done}
          onSubmit={(v) => api.post(`/api/inspections/targets/${action.target!.id}/feedback`, { version: action.target!.version, note: v.note.trim() })}
        >
          <Form.Item label="反馈意见" name="note" rules={[{ required: true, whitespace: true, message: '请填写反馈意见' }, { max: 20000 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
        </FormModal>
      ) : null}

      {action?.kind === 'ledger' && action.target ? (
        <FormModal<{ responsible_leader_name: string; responsible_leader_title?: string; time_limit_days?: number; measures?: string }>
          title={`反馈问题列入整改台账：${action.target.target_org_name}`}
          okText="列入台账"
          success="已列入整改台账"
          initialValues={{ time_limit_days: 60 }}
          onClose={done}
          onSubmit={(v) =>
            api.post(`/api/inspections/targets/${action.target!.id}/ledger`, {
              responsible_leader_name: v.responsible_leader_name.trim(),
              responsible_leader_title: v.responsible_leader_title?.trim() || null,
              ...(v.time_limit_days ? { time_limit_days: v.time_limit_days } : {}),
              ...(v.measures?.trim() ? { measures: v.measures.trim() } : {}),
            })
          }
        >
          <Alert type="info" showIcon title="反馈的一般问题逐条列入整改台账，由派驻纪检监察组督促整改销号。" style={{ marginBottom: 12 }} />
          <Form.Item label="主体责任领导" name="responsible_leader_name" rules={[{ required: true, whitespace: true, message: '请填写' }, { max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="职务" name="responsible_leader_title" rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="整改时限（工作日）" name="time_limit_days">
            <InputNumber min={1} max={500} precision={0} />
          </Form.Item>
          <Form.Item label="整改要求" name="measures" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      ) : null}

      {briefing ? <BriefingDrawer target={briefing} canPrepare={allows('brief')} onClose={() => setBriefing(null)} onChanged={load} /> : null}
    </Page>
  );
}

interface Briefing {
  id: number;
  status: 'draft' | 'delivered';
  sources: Record<string, { available: boolean; reason?: string; total?: number; items?: Record<string, unknown>[] }>;
  key_people: { name: string; position?: string | null; matters: string }[];
  key_matters: string[];
  note: string | null;
  generated_at: string;
  delivered_at: string | null;
  version: number;
  target_org_name: string;
}

function BriefingDrawer({ target, canPrepare, onClose, onChanged }: { target: Target; canPrepare: boolean; onClose: () => void; onChanged: () => void }) {
  const [b, setB] = useState<Briefing | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<Briefing>(`/api/inspections/targets/${target.id}/briefing`)
      .then((x) => {
        setB(x);
        setMissing(false);
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
        else showError(e);
      });
  }, [target.id, tick]);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      showSuccess(ok);
      setTick((x) => x + 1);
      onChanged();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const preparer = canPrepare && (target.my_roles.includes('group') || target.my_roles.includes('organizer'));
  return (
    <Drawer
      open
      size={820}
      title={`巡前“画像”：${target.target_org_name}`}
      onClose={onClose}
      extra={
        preparer ? (
          <Space>
            <Button loading={busy} onClick={() => act(() => api.post(`/api/inspections/targets/${target.id}/briefing/generate`, {}), '已汇集平台数据生成画像')}>
              {b ? '重新生成' : '生成画像'}
            </Button>
            {b && b.status === 'draft' ? (
              <Button type="primary" loading={busy} onClick={() => act(() => api.post(`/api/inspections/targets/${target.id}/briefing/deliver`, { version: b.version }), '已提供给巡察组')}>
                提供给巡察组
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {missing && !b ? <Empty description={preparer ? '尚未生成画像，点击右上角“生成画像”汇集平台数据' : '画像尚未提供'} /> : null}
      {b ? (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label="状态">{b.status === 'delivered' ? <Tag color="green">已提供巡察组</Tag> : <Tag color="gold">草稿</Tag>}</Descriptions.Item>
            <Descriptions.Item label="生成时间">{fmtTime(b.generated_at)}</Descriptions.Item>
            <Descriptions.Item label="重点人" span={2}>
              {b.key_people.length ? b.key_people.map((p) => <div key={p.name}>{p.name}{p.position ? `（${p.position}）` : ''}：{p.matters}</div>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="重点事" span={2}>
              {b.key_matters.length ? b.key_matters.map((m) => <div key={m}>{m}</div>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          {Object.entries(b.sources).map(([k, s]) => {
            const keys = s.items?.length ? Object.keys(s.items[0]) : [];
            return (
              <Card key={k} size="small" title={`${SOURCE_TITLES[k] ?? k}${s.available && s.total !== undefined ? `（${s.total}）` : ''}`} style={{ marginBottom: 8 }}>
                {!s.available ? (
                  <span className="gt-muted">{s.reason ?? '不可用'}</span>
                ) : s.items?.length ? (
                  <Table size="small" rowKey={(_r, i) => String(i)} dataSource={s.items} pagination={false} scroll={{ x: 700, y: 240 }} columns={keys.map((c) => ({ title: c, dataIndex: c, key: c, ellipsis: true, render: (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'object' ? JSON.stringify(v) : String(v)) }))} />
                ) : (
                  <span className="gt-muted">无记录</span>
                )}
              </Card>
            );
          })}
        </>
      ) : null}
    </Drawer>
  );
}
