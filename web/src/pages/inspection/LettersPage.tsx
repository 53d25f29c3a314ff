/**
 * 建议书: 巡察建议书 and 纪检监察建议书 as official documents (GB/T 9704 .docx), issued with a
 * document number, answered by the recipient within the deadline, then closed or returned.
 */
import { DownloadOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Form, Input, InputNumber, Segmented, Select, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { LETTER_KIND_LABELS, LETTER_STATE_COLORS, LETTER_STATE_LABELS } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';

interface Letter {
  id: number;
  kind: string;
  kind_label: string;
  round_id: number | null;
  issuer_org_id: number;
  issuer_mark: string;
  recipient_org_id: number;
  recipient_name: string;
  doc_number: string | null;
  title: string;
  intro: string;
  problems: string[];
  recommendations: string[];
  cc: string[];
  answer_days: number;
  deadline: string | null;
  status: string;
  status_label: string;
  issued_on: string | null;
  answer: string | null;
  answered_on: string | null;
  close_opinion: string | null;
  version: number;
  created_at: string;
  overdue: boolean;
  answered_late: boolean;
  issuer_org_name?: string;
  recipient_org_name?: string;
  actions?: string[];
}

export default function LettersPage() {
  const { can, me } = useAuth();
  const [params, setParams] = useSearchParams();
  const t = useServerTable<Letter>('/api/inspections/letters', { filterKeys: ['box', 'kind', 'status', 'overdue'] });
  const [creating, setCreating] = useState(false);
  const openId = Number(params.get('open')) || null;
  const f = t.query.filters;
  const setOpen = (id: number | null) => paramSetter(setParams)('open', id);

  const columns: TableColumnsType<Letter> = [
    { title: '文号', dataIndex: 'doc_number', key: 'doc', width: 170, render: (d: string | null) => d ?? <span className="gt-muted">（草稿）</span> },
    { title: '标题', dataIndex: 'title', key: 'title', ellipsis: true, render: (v: string, l) => <Button type="link" size="small" className="gt-link-button" onClick={() => setOpen(l.id)}>{v}</Button> },
    { title: '类别', dataIndex: 'kind_label', key: 'kind', width: 130 },
    { title: '主送', dataIndex: 'recipient_name', key: 'to', width: 200, ellipsis: true },
    { title: '印发日期', dataIndex: 'issued_on', key: 'issued', width: 105, render: (v) => v ?? '—' },
    { title: '反馈期限', dataIndex: 'deadline', key: 'deadline', width: 130, render: (d: string | null, l) => (d ? l.overdue ? <Tag color="red">{d} 超期</Tag> : d : '—') },
    { title: '状态', dataIndex: 'status', key: 'status', width: 120, render: (s: string, l) => <Tag color={LETTER_STATE_COLORS[s]}>{l.status_label ?? LETTER_STATE_LABELS[s]}</Tag> },
  ];

  return (
    <Page
      title="建议书"
      description="巡察建议书、纪检监察建议书按党政机关公文格式（GB/T 9704）生成，印发时编发文字号并通知被建议单位；被建议单位在期限内反馈落实情况。"
      extra={
        can(['inspection:edit', 'clue:dispose']) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            起草建议书
          </Button>
        ) : null
      }
    >
      <Space wrap className="gt-filters">
        <Segmented value={f.box ?? ''} onChange={(v) => t.setFilters({ box: (v as string) || undefined })} options={[{ value: '', label: '全部' }, { value: 'issued', label: '本单位制发' }, { value: 'received', label: '本单位收到' }]} />
        <Select allowClear placeholder="全部类别" style={{ width: 150 }} value={f.kind} onChange={(v) => t.setFilters({ kind: v })} options={Object.entries(LETTER_KIND_LABELS).map(([value, label]) => ({ value, label }))} aria-label="类别" />
        <Select allowClear placeholder="全部状态" style={{ width: 150 }} value={f.status} onChange={(v) => t.setFilters({ status: v })} options={Object.entries(LETTER_STATE_LABELS).map(([value, label]) => ({ value, label }))} aria-label="状态" />
        <span>
          仅看超期 <Switch size="small" checked={f.overdue === 'true'} onChange={(on) => t.setFilters({ overdue: on ? 'true' : undefined })} />
        </span>
      </Space>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Letter> rowKey="id" size="middle" columns={columns} scroll={{ x: 1000 }} rowClassName={(l) => (l.overdue ? 'gt-row-overdue' : '')} {...t.tableProps} locale={{ emptyText: '暂无建议书' }} />
      {openId ? (
        <LetterDrawer
          id={openId}
          onClose={(changed) => {
            setOpen(null);
            if (changed) t.reload();
          }}
        />
      ) : null}
      {creating ? (
        <FormModal<{ kind: string; recipient_org_id: number; recipient_name?: string; title?: string; intro: string; problems: string; recommendations: string; answer_days?: number }>
          title="起草建议书"
          okText="保存草稿"
          width={760}
          success="已保存草稿"
          initialValues={{ kind: can('inspection:edit') ? 'inspection' : 'discipline', answer_days: 30 }}
          onClose={(ok) => {
            setCreating(false);
            if (ok) t.reload();
          }}
          onSubmit={(v) =>
            api.post('/api/inspections/letters', {
              kind: v.kind,
              issuer_org_id: me?.org_id,
              recipient_org_id: v.recipient_org_id,
              ...(v.recipient_name?.trim() ? { recipient_name: v.recipient_name.trim() } : {}),
              ...(v.title?.trim() ? { title: v.title.trim() } : {}),
              intro: v.intro.trim(),
              problems: v.problems.split(/\n+/).map((s) => s.trim()).filter(Boolean),
              recommendations: v.recommendations.split(/\n+/).map((s) => s.trim()).filter(Boolean),
              ...(v.answer_days ? { answer_days: v.answer_days } : {}),
            })
          }
        >
          <div className="gt-form-grid">
            <Form.Item label="类别" name="kind" rules={[{ required: true }]}>
              <Select options={Object.entries(LETTER_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item label="被建议单位" name="recipient_org_id" rules={[{ required: true, message: '请选择被建议单位' }]}>
              <OrgPicker />
            </Form.Item>
            <Form.Item label="反馈期限（工作日）" name="answer_days">
              <InputNumber min={1} max={250} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </div>
          <Form.Item label="主送（称谓）" name="recipient_name" rules={[{ max: 200 }]} extra="不填则用单位全称">
            <Input placeholder="如：中共示范市农业农村局党组" />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ max: 200 }]} extra="不填则按类别与单位自动生成">
            <Input />
          </Form.Item>
          <Form.Item label="导语" name="intro" rules={[{ required: true, whitespace: true, message: '请填写导语' }, { max: 10000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item label="存在的问题（每行一条）" name="problems" rules={[{ required: true, whitespace: true, message: '请至少填写一条问题' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item label="建议（每行一条）" name="recommendations" rules={[{ required: true, whitespace: true, message: '请至少填写一条建议' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}

/** A letter opened from a notification (the recipient may have no inspection menu). */
export function LetterPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  return (
    <Page title="建议书" card={false}>
      <LetterDrawer id={Number(id)} onClose={() => navigate(-1)} />
    </Page>
  );
}

function LetterDrawer({ id, onClose }: { id: number; onClose: (changed: boolean) => void }) {
  const [l, setL] = useState<Letter | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [changed, setChanged] = useState(false);
  const [action, setAction] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<Letter>(`/api/inspections/letters/${id}`)
      .then((x) => {
        setL(x);
        setError(null);
      })
      .catch(setError);
  }, [id, tick]);
  const after = (ok: boolean) => {
    setAction(null);
    if (ok) {
      setChanged(true);
      setTick((x) => x + 1);
    }
  };
  const LABELS: Record<string, string> = { issue: '印发', answer: '反馈落实情况', return: '退回重新反馈', close: '办结' };
  return (
    <Drawer
      open
      size={760}
      title={l?.title ?? '建议书'}
      onClose={() => onClose(changed)}
      extra={
        l ? (
          <Space>
            {l.status === 'draft' ? (
              <Button icon={<FileWordOutlined />} onClick={() => download(`/api/inspections/letters/${l.id}/preview`, undefined, '草稿.docx').catch(showError)}>
                预览
              </Button>
            ) : (
              <Button icon={<DownloadOutlined />} onClick={() => download(`/api/inspections/letters/${l.id}/docx`, undefined, `${l.doc_number}.docx`).catch(showError)}>
                下载公文
              </Button>
            )}
            {(l.actions ?? []).map((a) => (
              <Button key={a} type={a === 'issue' || a === 'answer' || a === 'close' ? 'primary' : 'default'} danger={a === 'return'} onClick={() => setAction(a)}>
                {LABELS[a] ?? a}
              </Button>
            ))}
          </Space>
        ) : null
      }
    >
      {error ? <LoadError error={error} /> : null}
      {l ? (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="类别">{l.kind_label}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={LETTER_STATE_COLORS[l.status]}>{l.status_label}</Tag>
              {l.overdue ? <Tag color="red">超期未反馈</Tag> : null}
              {l.answered_late ? <Tag color="orange">逾期反馈</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="文号">{l.doc_number ?? '（印发时编号）'}</Descriptions.Item>
            <Descriptions.Item label="制发单位">{l.issuer_org_name ?? l.issuer_mark}</Descriptions.Item>
            <Descriptions.Item label="主送" span={2}>
              {l.recipient_name}
            </Descriptions.Item>
            <Descriptions.Item label="印发日期">{l.issued_on ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="反馈期限">{l.deadline ?? `印发后 ${l.answer_days} 个工作日`}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph className="gt-prewrap" style={{ marginTop: 16 }}>
            {l.intro}
          </Typography.Paragraph>
          <Typography.Title level={5}>存在的问题</Typography.Title>
          <ol>
            {l.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
          <Typography.Title level={5}>建议</Typography.Title>
          <ol>
            {l.recommendations.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
          {l.answer ? (
            <>
              <Typography.Title level={5}>落实情况（{l.answered_on}）</Typography.Title>
              <Typography.Paragraph className="gt-prewrap">{l.answer}</Typography.Paragraph>
            </>
          ) : null}
          {l.close_opinion ? <Typography.Paragraph type="secondary">办结意见：{l.close_opinion}</Typography.Paragraph> : null}
          <div className="gt-small gt-muted">起草于 {fmtTime(l.created_at)}</div>
        </>
      ) : null}
      {l && action === 'issue' ? (
        <FormModal<Record<string, never>> title="印发建议书" okText="印发" success="已印发，文号已编发" onClose={after} onSubmit={() => api.post(`/api/inspections/letters/${l.id}/issue`, { version: l.version })}>
          <Typography.Paragraph>印发后将编发文字号、生成正式公文并通知被建议单位，内容不能再修改。</Typography.Paragraph>
        </FormModal>
      ) : null}
      {l && action === 'answer' ? (
        <FormModal<{ answer: string }> title="反馈落实情况" okText="反馈" success="已反馈" width={640} onClose={after} onSubmit={(v) => api.post(`/api/inspections/letters/${l.id}/answer`, { version: l.version, answer: v.answer.trim() })}>
          <Form.Item label="落实情况" name="answer" rules={[{ required: true, whitespace: true, message: '请填写落实情况' }, { max: 20000 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
        </FormModal>
      ) : null}
      {l && (action === 'return' || action === 'close') ? (
        <FormModal<{ opinion: string }> title={LABELS[action]} okText={LABELS[action]} danger={action === 'return'} success="已处理" onClose={after} onSubmit={(v) => api.post(`/api/inspections/letters/${l.id}/${action}`, { version: l.version, opinion: v.opinion.trim() })}>
          <Form.Item label="意见" name="opinion" rules={[{ required: true, whitespace: true, message: '请填写意见' }, { max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Drawer>
  );
}
