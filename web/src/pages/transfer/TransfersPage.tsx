/**
 * 移交协作: transfers received by the user's organisation (签收 / 退回 / 反馈), sent by it
 * (follow the status live), and copied to it (抄送). Overdue deadlines are highlighted.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Switch, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { DESCRIBED_KINDS, OBJECT_LABELS, TRANSFER_OUTCOME_LABELS, TRANSFER_STATE_COLORS, TRANSFER_STATE_LABELS } from './labels.ts';

export interface TransferRow {
  id: number;
  code: string;
  title: string;
  object_type: string;
  mode: 'single' | 'batch';
  tour: boolean;
  sender_org_id: number;
  sender_org_name: string;
  receiver_org_id: number;
  receiver_org_name: string;
  cc_org_ids: number[];
  item_count: number;
  status: string;
  status_label: string;
  sent_on: string;
  ack_due: string;
  ack_on: string | null;
  handle_due: string | null;
  feedback_on: string | null;
  feedback_outcome: string | null;
  escalated_at: string | null;
  feedback_overdue_at: string | null;
  ack_overdue: boolean;
  feedback_overdue: boolean;
  acknowledged_on_time: boolean | null;
  version: number;
}

type Box = 'received' | 'sent' | 'cc';

const TITLES: Record<Box, { title: string; desc: string; empty: string }> = {
  received: { title: '收到的移交', desc: '其他单位移交给本单位的事项：须在时限内签收（或说明理由退回），并在办理时限内反馈结果。', empty: '暂无收到的移交' },
  sent: { title: '发出的移交', desc: '本单位移交出去的事项：实时跟踪签收、退回与反馈；超期未签收的自动督办。', empty: '暂无发出的移交' },
  cc: { title: '抄送本单位', desc: '抄送给本单位跟踪的移交事项（如立行立改事项抄送派驻纪检监察组）。', empty: '暂无抄送' },
};

interface FilterValues {
  q?: string;
  status?: string;
  object_type?: string;
  overdue?: boolean;
}

function Due({ date, overdue, done }: { date: string | null; overdue: boolean; done?: string | null }) {
  if (!date) return <span className="gt-muted">—</span>;
  if (done) return <span>{date}</span>;
  return overdue ? (
    <Tooltip title="已超期">
      <Tag color="red">{date} 超期</Tag>
    </Tooltip>
  ) : (
    <span>{date}</span>
  );
}

function TransfersList({ box }: { box: Box }) {
  const { can } = useAuth();
  const t = useServerTable<TransferRow>('/api/transfers', { filterKeys: ['status', 'object_type', 'overdue'], extra: { box }, defaultOrder: 'desc' });
  const [form] = Form.useForm<FilterValues>();
  const [sending, setSending] = useState(false);
  const f = t.query.filters;
  const meta = TITLES[box];

  const columns: TableColumnsType<TransferRow> = [
    { title: '移交单号', dataIndex: 'code', key: 'code', width: 150, render: (c: string, r) => <Link to={`/transfers/${r.id}`}>{c}</Link> },
    { title: '标题', dataIndex: 'title', key: 'title', ellipsis: true },
    { title: '类别', dataIndex: 'object_type', key: 'object_type', width: 120, render: (o: string, r) => `${OBJECT_LABELS[o] ?? o}${r.item_count > 1 ? `（${r.item_count}件）` : ''}` },
    box === 'sent'
      ? { title: '接收单位', dataIndex: 'receiver_org_name', key: 'receiver', width: 170, ellipsis: true }
      : { title: '移交单位', dataIndex: 'sender_org_name', key: 'sender', width: 170, ellipsis: true },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 130,
      render: (s: string, r) => (
        <>
          <Tag color={TRANSFER_STATE_COLORS[s]}>{r.status_label ?? TRANSFER_STATE_LABELS[s]}</Tag>
          {r.tour ? <Tag color="purple">边巡边查</Tag> : null}
        </>
      ),
    },
    { title: '移交日期', dataIndex: 'sent_on', key: 'sent_on', width: 105 },
    { title: '签收期限', dataIndex: 'ack_due', key: 'ack_due', width: 130, render: (d: string, r) => <Due date={d} overdue={r.ack_overdue} done={r.ack_on} /> },
    { title: '反馈期限', dataIndex: 'handle_due', key: 'handle_due', width: 130, render: (d: string | null, r) => <Due date={d} overdue={r.feedback_overdue} done={r.feedback_on} /> },
    { title: '办理结果', dataIndex: 'feedback_outcome', key: 'feedback_outcome', width: 110, render: (o: string | null) => (o ? TRANSFER_OUTCOME_LABELS[o] ?? o : '—') },
  ];

  return (
    <Page
      title={meta.title}
      description={meta.desc}
      extra={
        box === 'sent' && can('transfer:send') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSending(true)}>
            新建移交
          </Button>
        ) : null
      }
    >
      <FilterBar<FilterValues>
        form={form}
        initial={{ q: f.q, status: f.status, object_type: f.object_type, overdue: f.overdue === 'true' }}
        onApply={(v) => t.setFilters({ q: v.q?.trim(), status: v.status, object_type: v.object_type, overdue: v.overdue ? 'true' : undefined })}
        onReset={t.resetFilters}
        label="筛选移交"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="单号或标题" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" style={{ width: 140 }} options={Object.entries(TRANSFER_STATE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="object_type" label="类别">
          <Select allowClear placeholder="全部" style={{ width: 160 }} options={Object.entries(OBJECT_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="overdue" label="仅看超期" valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<TransferRow>
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1150 }}
        rowClassName={(r) => (r.ack_overdue || r.feedback_overdue ? 'gt-row-overdue' : '')}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的移交' : meta.empty }}
      />
      {sending ? (
        <SendTransferModal
          onClose={(ok) => {
            setSending(false);
            if (ok) t.reload();
          }}
        />
      ) : null}
    </Page>
  );
}

interface SendValues {
  receiver_org_id: number;
  object_type: string;
  title: string;
  note?: string;
  ack_days?: number;
  tour?: boolean;
  cc_org_ids?: number[];
  items: { title: string; content: string }[];
}

/** A transfer of problems described here (an audit finding, a batch of 12345 orders, rectification items). */
function SendTransferModal({ onClose }: { onClose: (ok: boolean) => void }) {
  const { me } = useAuth();
  return (
    <FormModal<SendValues>
      title="新建移交"
      okText="移交"
      width={720}
      success="已移交，等待接收单位签收"
      initialValues={{ object_type: 'problem', items: [{ title: '', content: '' }], tour: false }}
      onClose={onClose}
      onSubmit={(v) =>
        api.post('/api/transfers', {
          receiver_org_id: v.receiver_org_id,
          object_type: v.object_type,
          title: v.title.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          ...(v.tour ? { tour: true } : {}),
          ...(v.cc_org_ids?.length ? { cc_org_ids: v.cc_org_ids } : {}),
          items: v.items.map((i) => ({ title: i.title.trim(), snapshot: { content: i.content.trim() } })),
        })
      }
    >
      <Form.Item label="接收单位" name="receiver_org_id" rules={[{ required: true, message: '请选择接收单位' }]}>
        <OrgPicker exclude={me?.org_id} />
      </Form.Item>
      <Form.Item label="类别" name="object_type" rules={[{ required: true }]}>
        <Select options={DESCRIBED_KINDS.map((k) => ({ value: k, label: OBJECT_LABELS[k] }))} />
      </Form.Item>
      <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}>
        <Input placeholder="如：2025年度财政预算执行审计发现问题线索移送" />
      </Form.Item>
      <Form.List name="items" rules={[{ validator: async (_r, v) => (v?.length ? undefined : Promise.reject(new Error('请至少填写一项'))) }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} className="gt-item-row">
                <Form.Item label={`第 ${i + 1} 项标题`} name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}>
                  <Input />
                </Form.Item>
                <Form.Item label="内容" name={[field.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写内容' }, { max: 5000 }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button type="link" danger onClick={() => remove(field.name)}>
                    删除第 {i + 1} 项
                  </Button>
                ) : null}
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', content: '' })} style={{ marginBottom: 12 }}>
              添加一项
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item label="附言" name="note" rules={[{ max: 5000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item label="抄送单位" name="cc_org_ids">
        <OrgPicker multiple allowClear placeholder="可选" exclude={me?.org_id} />
      </Form.Item>
      <Form.Item label="边巡边查（办理时限缩短为 10 个工作日）" name="tour" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

export function InboxPage() {
  return <TransfersList box="received" />;
}

export function OutboxPage() {
  return <TransfersList box="sent" />;
}

export function CcPage() {
  return <TransfersList box="cc" />;
}
