/**
 * 整改台账: the problem list / responsibility list of every rectification the user can see, with
 * overdue items highlighted (逾期 counts official working days), filters, and registration.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, type FormInstance, Input, InputNumber, Progress, Radio, Select, Switch, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { CluePicker } from '../../components/CluePicker.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { type Campaign, RECT_SOURCE_LABELS, RECT_STATE_COLORS, RECT_STATE_LABELS } from './labels.ts';

export interface LedgerRow {
  id: number;
  code: string;
  title: string;
  source_type: string;
  source_label: string;
  campaign_id: number | null;
  campaign_name: string | null;
  responsible_org_id: number;
  responsible_org_name: string;
  responsible_leader_name: string;
  supervising_org_id: number;
  supervising_org_name: string;
  assigned_on: string;
  deadline: string;
  effective_deadline: string;
  deadline_basis: string;
  deadline_basis_label: string;
  status: string;
  status_label: string;
  progress_percent: number;
  overdue: boolean;
  overdue_days: number;
  rectified_on: string | null;
  reopen_count: number;
  version: number;
  actions: string[];
}

export function useCampaigns() {
  const [items, setItems] = useState<Campaign[]>([]);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<{ items: Campaign[] }>('/api/rectification/campaigns')
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [tick]);
  return { items, reload: () => setTick((t) => t + 1) };
}

const FILTERS = ['status', 'source_type', 'responsible_org_id', 'supervising_org_id', 'campaign_id', 'overdue'] as const;

interface FilterValues {
  q?: string;
  status?: string;
  source_type?: string;
  responsible_org_id?: number;
  campaign_id?: number;
  overdue?: boolean;
}

export default function LedgerPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const t = useServerTable<LedgerRow>('/api/rectification/items', { filterKeys: FILTERS, defaultSort: 'deadline', defaultOrder: 'asc' });
  const [form] = Form.useForm<FilterValues>();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const f = t.query.filters;

  const columns: TableColumnsType<LedgerRow> = [
    { title: '台账编号', dataIndex: 'code', key: 'code', width: 140, sorter: true, sortOrder: t.sortOrderOf('code'), render: (c: string, r) => <Link to={`/rectify/items/${r.id}`}>{c}</Link> },
    { title: '问题', dataIndex: 'title', key: 'title', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
    { title: '来源', dataIndex: 'source_label', key: 'source', width: 90 },
    { title: '责任单位', dataIndex: 'responsible_org_name', key: 'responsible', width: 160, ellipsis: true },
    { title: '责任领导', dataIndex: 'responsible_leader_name', key: 'leader', width: 90 },
    { title: '监督主体', dataIndex: 'supervising_org_name', key: 'supervising', width: 150, ellipsis: true },
    {
      title: '整改期限',
      dataIndex: 'deadline',
      key: 'deadline',
      width: 150,
      sorter: true,
      sortOrder: t.sortOrderOf('deadline'),
      render: (d: string, r) =>
        r.overdue ? (
          <Tooltip title={`期限 ${r.effective_deadline}（${r.deadline_basis_label}）`}>
            <Tag color="red">逾期 {r.overdue_days} 天</Tag>
            <div className="gt-small">{d}</div>
          </Tooltip>
        ) : (
          <span title={r.effective_deadline !== d ? `遇节假日顺延至 ${r.effective_deadline}` : undefined}>{d}</span>
        ),
    },
    {
      title: '进度',
      dataIndex: 'progress_percent',
      key: 'progress',
      width: 110,
      render: (p: number, r) => <Progress percent={r.status === 'rectified' ? 100 : p} size="small" status={r.overdue ? 'exception' : r.status === 'rectified' ? 'success' : 'active'} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 150,
      sorter: true,
      sortOrder: t.sortOrderOf('status'),
      render: (s: string, r) => (
        <>
          <Tag color={RECT_STATE_COLORS[s]}>{r.status_label ?? RECT_STATE_LABELS[s]}</Tag>
          {r.reopen_count ? <Tag color="volcano">反弹 {r.reopen_count}</Tag> : null}
        </>
      ),
    },
  ];

  return (
    <Page
      title="整改台账"
      description="问题清单、任务清单、责任清单“三张清单”；期限按工作日计算（遇法定节假日顺延），逾期事项红色标示并生成问责建议（双问责）。"
      extra={
        can('rectify:edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记整改事项
          </Button>
        ) : null
      }
    >
      <FilterBar<FilterValues>
        form={form}
        initial={{
          q: f.q,
          status: f.status,
          source_type: f.source_type,
          responsible_org_id: f.responsible_org_id ? Number(f.responsible_org_id) : undefined,
          campaign_id: f.campaign_id ? Number(f.campaign_id) : undefined,
          overdue: f.overdue === 'true',
        }}
        onApply={(v) =>
          t.setFilters({
            q: v.q?.trim(),
            status: v.status,
            source_type: v.source_type,
            responsible_org_id: v.responsible_org_id ? String(v.responsible_org_id) : undefined,
            campaign_id: v.campaign_id ? String(v.campaign_id) : undefined,
            overdue: v.overdue ? 'true' : undefined,
          })
        }
        onReset={t.resetFilters}
        label="筛选整改事项"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="编号或问题" style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" style={{ width: 170 }} options={Object.entries(RECT_STATE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="source_type" label="来源">
          <Select allowClear placeholder="全部" style={{ width: 110 }} options={Object.entries(RECT_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="responsible_org_id" label="责任单位">
          <OrgPicker allowClear placeholder="全部" style={{ width: 200 }} />
        </Form.Item>
        {campaigns.items.length ? (
          <Form.Item name="campaign_id" label="专项整治">
            <Select allowClear placeholder="全部" style={{ width: 180 }} options={campaigns.items.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="overdue" label="仅看逾期" valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<LedgerRow>
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1300 }}
        rowClassName={(r) => (r.overdue ? 'gt-row-overdue' : '')}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的整改事项' : '暂无整改事项' }}
      />
      {creating ? (
        <NewItemModal
          campaigns={campaigns.items}
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/rectify/items/${id}`);
          }}
        />
      ) : null}
    </Page>
  );
}

interface NewValues {
  source_type: string;
  source_ref?: string;
  clue_id?: number | null;
  campaign_id?: number;
  title: string;
  description?: string;
  responsible_org_id: number;
  responsible_leader_name: string;
  responsible_leader_title?: string;
  supervising_org_id: number;
  supervisor_name?: string;
  measures?: string;
  assigned_on: Dayjs;
  limit_kind: 'days' | 'date';
  time_limit_days?: number;
  deadline?: Dayjs;
  deadline_basis: 'working_days' | 'calendar_days';
}

/** 来源编号; for a problem clue, the clue itself is chosen (linked by id, its code becomes the reference). */
function SourceRefField({ form }: { form: FormInstance<NewValues> }) {
  const source = Form.useWatch('source_type', form);
  if (source !== 'clue') {
    return (
      <Form.Item label="来源编号" name="source_ref" rules={[{ max: 300 }]}>
        <Input placeholder="如审计报告条目、巡察反馈问题编号" />
      </Form.Item>
    );
  }
  return (
    <>
      <Form.Item label="关联问题线索" name="clue_id" rules={[{ required: true, message: '请选择问题线索' }]}>
        <CluePicker onPick={(c) => form.setFieldValue('source_ref', c?.code)} />
      </Form.Item>
      <Form.Item name="source_ref" hidden>
        <Input />
      </Form.Item>
    </>
  );
}

function NewItemModal({ campaigns, onClose }: { campaigns: Campaign[]; onClose: (id?: number) => void }) {
  const { me } = useAuth();
  const created = useRef<number | undefined>(undefined);
  return (
    <FormModal<NewValues>
      title="登记整改事项"
      okText="登记"
      width={760}
      success="已登记整改事项"
      initialValues={{ source_type: 'inspection', assigned_on: dayjs(), limit_kind: 'days', time_limit_days: 30, deadline_basis: 'working_days', supervising_org_id: me?.org_id }}
      onClose={(ok) => onClose(ok ? created.current : undefined)}
      onSubmit={async (v) => {
        const r = await api.post<{ id: number }>('/api/rectification/items', {
          source_type: v.source_type,
          ...(v.source_ref?.trim() ? { source_ref: v.source_ref.trim() } : {}),
          ...(v.source_type === 'clue' && v.clue_id ? { clue_id: v.clue_id } : {}),
          ...(v.campaign_id ? { campaign_id: v.campaign_id } : {}),
          title: v.title.trim(),
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          responsible_org_id: v.responsible_org_id,
          responsible_leader_name: v.responsible_leader_name.trim(),
          ...(v.responsible_leader_title?.trim() ? { responsible_leader_title: v.responsible_leader_title.trim() } : {}),
          supervising_org_id: v.supervising_org_id,
          ...(v.supervisor_name?.trim() ? { supervisor_name: v.supervisor_name.trim() } : {}),
          ...(v.measures?.trim() ? { measures: v.measures.trim() } : {}),
          assigned_on: v.assigned_on.format('YYYY-MM-DD'),
          deadline_basis: v.deadline_basis,
          ...(v.limit_kind === 'days' ? { time_limit_days: v.time_limit_days } : { deadline: v.deadline?.format('YYYY-MM-DD') }),
        });
        created.current = r.id;
      }}
    >
      {(form) => (
        <>
          <Form.Item label="问题" name="title" rules={[{ required: true, whitespace: true, message: '请填写问题' }, { max: 300 }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item label="问题描述" name="description" rules={[{ max: 20000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <div className="gt-form-grid">
            <Form.Item label="来源" name="source_type" rules={[{ required: true }]}>
              <Select options={Object.entries(RECT_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <SourceRefField form={form} />
            <Form.Item label="专项整治" name="campaign_id">
              <Select allowClear placeholder="无" options={campaigns.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item label="责任单位" name="responsible_org_id" rules={[{ required: true, message: '请选择责任单位' }]}>
              <OrgPicker />
            </Form.Item>
            <Form.Item label="主体责任领导" name="responsible_leader_name" rules={[{ required: true, whitespace: true, message: '须明确主体责任领导' }, { max: 60 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="领导职务" name="responsible_leader_title" rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="监督主体" name="supervising_org_id" rules={[{ required: true, message: '请选择监督主体' }]}>
              <OrgPicker />
            </Form.Item>
            <Form.Item label="监督责任人" name="supervisor_name" rules={[{ max: 60 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="交办日期" name="assigned_on" rules={[{ required: true, message: '请选择交办日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </div>
          <Form.Item label="整改措施" name="measures" rules={[{ max: 20000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <div className="gt-form-grid">
            <Form.Item label="整改时限" name="limit_kind">
              <Radio.Group options={[{ value: 'days', label: '按天数' }, { value: 'date', label: '指定日期' }]} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.limit_kind !== b.limit_kind}>
              {() =>
                form.getFieldValue('limit_kind') === 'days' ? (
                  <Form.Item label="天数" name="time_limit_days" rules={[{ required: true, message: '请填写天数' }]}>
                    <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ) : (
                  <Form.Item
                    label="截止日期"
                    name="deadline"
                    dependencies={['assigned_on']}
                    rules={[
                      { required: true, message: '请选择截止日期' },
                      ({ getFieldValue }) => ({
                        validator: async (_r, d?: Dayjs) => {
                          const a = getFieldValue('assigned_on') as Dayjs | undefined;
                          if (d && a && d.isBefore(a, 'day')) throw new Error('整改期限早于交办日期');
                        },
                      }),
                    ]}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                )
              }
            </Form.Item>
            <Form.Item label="计算方式" name="deadline_basis" tooltip="工作日：按国务院节假日安排计算，期限届满日为节假日的顺延">
              <Radio.Group options={[{ value: 'working_days', label: '工作日' }, { value: 'calendar_days', label: '自然日' }]} />
            </Form.Item>
          </div>
        </>
      )}
    </FormModal>
  );
}
