/**
 * 问责处分: decisions on organisations (检查、通报、改组) and on persons (批评教育 … 纪律处分), each
 * classified by the 四种形态; major ones wait for the higher level's approval (提级审核).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, Radio, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';
import { type Catalog, DECISION_STATE_COLORS, useCatalog } from './catalog.ts';
import { paramSetter } from '../../components/searchParams.ts';

export interface Decision {
  id: number;
  target_kind: 'org' | 'person';
  measure: string;
  measure_label: string;
  target_org_id: number;
  target_org_name: string;
  person_name: string | null;
  person_title: string | null;
  cadre_level: string | null;
  party_member: boolean | null;
  party_sanction: string | null;
  party_sanction_label: string | null;
  gov_sanction: string | null;
  gov_sanction_label: string | null;
  judicial_transfer: boolean;
  form: number | null;
  form_label: string | null;
  major: boolean;
  status: string;
  status_label: string;
  responsibility: string | null;
  responsibility_label: string | null;
  reason: string;
  basis: string | null;
  doc_no: string | null;
  clue_id: number | null;
  rect_item_id: number | null;
  proposal_id: number | null;
  decided_on: string;
  effective_on: string | null;
  handling_org_name: string;
  approved_at: string | null;
  approval_opinion: string | null;
  version: number;
  revisits?: { id: number; visited_on: string; method: string; visitors: string; findings: string; assessment: string }[];
}

const FILTERS = ['status', 'measure', 'target_kind', 'form', 'from', 'to'] as const;

interface FilterValues {
  q?: string;
  status?: string;
  measure?: string;
  target_kind?: string;
  form?: number;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function DecisionsPage() {
  const { can } = useAuth();
  const catalog = useCatalog();
  const [params, setParams] = useSearchParams();
  const t = useServerTable<Decision>('/api/accountability/decisions', { filterKeys: FILTERS, defaultOrder: 'desc' });
  const [form] = Form.useForm<FilterValues>();
  const [creating, setCreating] = useState(false);
  const openId = Number(params.get('open')) || null;
  const f = t.query.filters;

  const open = (id: number | null) => paramSetter(setParams)('open', id);

  const columns: TableColumnsType<Decision> = [
    { title: '决定日期', dataIndex: 'decided_on', key: 'decided_on', width: 110 },
    {
      title: '对象',
      key: 'target',
      render: (_v, d) => (
        <Button type="link" className="gt-link-button" onClick={() => open(d.id)}>
          {d.target_kind === 'person' ? `${d.person_name}（${d.target_org_name}${d.person_title ?? ''}）` : d.target_org_name}
        </Button>
      ),
    },
    { title: '方式', dataIndex: 'measure_label', key: 'measure', width: 200, ellipsis: true },
    {
      title: '处分',
      key: 'sanction',
      width: 170,
      render: (_v, d) => [d.party_sanction_label && `党纪：${d.party_sanction_label}`, d.gov_sanction_label && `政务：${d.gov_sanction_label}`, d.judicial_transfer && '移送司法'].filter(Boolean).join('；') || '—',
    },
    { title: '四种形态', dataIndex: 'form_label', key: 'form', width: 110, render: (v) => v ?? '—' },
    { title: '责任', dataIndex: 'responsibility_label', key: 'responsibility', width: 90, render: (v) => v ?? '—' },
    { title: '状态', dataIndex: 'status', key: 'status', width: 110, render: (s: string, d) => <Tag color={DECISION_STATE_COLORS[s]}>{d.status_label}</Tag> },
  ];

  return (
    <Page
      title="问责处分"
      description="对党组织和个人的问责、处理与处分决定。改组、组织调整、重大职务调整、纪律处分须报上一级审核后生效（提级审核）；生效的个人处理按“四种形态”统计。"
      extra={
        can('account:edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!catalog}>
            登记决定
          </Button>
        ) : null
      }
    >
      <FilterBar<FilterValues>
        form={form}
        initial={{
          q: f.q,
          status: f.status,
          measure: f.measure,
          target_kind: f.target_kind,
          form: f.form ? Number(f.form) : undefined,
          range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : undefined,
        }}
        onApply={(v) =>
          t.setFilters({
            q: v.q?.trim(),
            status: v.status,
            measure: v.measure,
            target_kind: v.target_kind,
            form: v.form ? String(v.form) : undefined,
            from: v.range?.[0]?.format('YYYY-MM-DD'),
            to: v.range?.[1]?.format('YYYY-MM-DD'),
          })
        }
        onReset={t.resetFilters}
        label="筛选问责处分"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="姓名或事由" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="target_kind" label="对象">
          <Select allowClear placeholder="全部" style={{ width: 100 }} options={[{ value: 'person', label: '个人' }, { value: 'org', label: '党组织' }]} />
        </Form.Item>
        <Form.Item name="measure" label="方式">
          <Select allowClear placeholder="全部" style={{ width: 160 }} options={catalog?.measures.map((m) => ({ value: m.value, label: m.label }))} popupMatchSelectWidth={320} />
        </Form.Item>
        <Form.Item name="form" label="四种形态">
          <Select allowClear placeholder="全部" style={{ width: 130 }} options={catalog?.forms} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" style={{ width: 120 }} options={catalog?.decision_states} />
        </Form.Item>
        <Form.Item name="range" label="决定日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Decision> rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} {...t.tableProps} locale={{ emptyText: t.hasFilters ? '没有符合条件的决定' : '暂无问责处分决定' }} />
      {creating && catalog ? (
        <DecisionModal
          catalog={catalog}
          onClose={(ok) => {
            setCreating(false);
            if (ok) t.reload();
          }}
        />
      ) : null}
      {openId ? (
        <DecisionDrawer
          id={openId}
          onClose={(changed) => {
            open(null);
            if (changed) t.reload();
          }}
        />
      ) : null}
    </Page>
  );
}

export interface DecisionPreset {
  proposal_id?: number;
  rect_item_id?: number | null;
  target_org_id?: number;
  person_name?: string | null;
  person_title?: string | null;
  responsibility?: string;
  reason?: string;
}

interface DecisionValues {
  target_kind: 'org' | 'person';
  measure: string;
  target_org_id: number;
  person_name?: string;
  person_title?: string;
  cadre_level?: string;
  party_member?: boolean;
  party_sanction?: string;
  gov_sanction?: string;
  judicial_transfer?: boolean;
  responsibility?: string;
  reason: string;
  basis?: string;
  doc_no?: string;
  decided_on: Dayjs;
}

export function DecisionModal({ catalog, preset, onClose }: { catalog: Catalog; preset?: DecisionPreset; onClose: (ok: boolean) => void }) {
  return (
    <FormModal<DecisionValues>
      title={preset?.proposal_id ? '根据问责建议作出决定' : '登记问责/处分决定'}
      okText="登记"
      width={760}
      success="已登记"
      initialValues={{
        target_kind: preset?.person_name ? 'person' : preset?.proposal_id ? 'org' : 'person',
        decided_on: dayjs(),
        judicial_transfer: false,
        party_member: true,
        target_org_id: preset?.target_org_id,
        person_name: preset?.person_name ?? undefined,
        person_title: preset?.person_title ?? undefined,
        responsibility: preset?.responsibility,
        reason: preset?.reason,
      }}
      onClose={onClose}
      onSubmit={(v) => {
        const person = v.target_kind === 'person';
        return api.post('/api/accountability/decisions', {
          target_kind: v.target_kind,
          measure: v.measure,
          target_org_id: v.target_org_id,
          // Optional fields are left out rather than sent as null (the server's enum schemas refuse null).
          ...(person
            ? {
                person_name: v.person_name?.trim(),
                ...(v.person_title?.trim() ? { person_title: v.person_title.trim() } : {}),
                ...(v.cadre_level ? { cadre_level: v.cadre_level } : {}),
                party_member: !!v.party_member,
              }
            : {}),
          ...(v.measure === 'discipline'
            ? {
                ...(v.party_sanction ? { party_sanction: v.party_sanction } : {}),
                ...(v.gov_sanction ? { gov_sanction: v.gov_sanction } : {}),
                judicial_transfer: !!v.judicial_transfer,
              }
            : {}),
          ...(v.responsibility ? { responsibility: v.responsibility } : {}),
          reason: v.reason.trim(),
          ...(v.basis?.trim() ? { basis: v.basis.trim() } : {}),
          ...(v.doc_no?.trim() ? { doc_no: v.doc_no.trim() } : {}),
          ...(preset?.proposal_id ? { proposal_id: preset.proposal_id } : {}),
          ...(preset?.rect_item_id ? { rect_item_id: preset.rect_item_id } : {}),
          decided_on: v.decided_on.format('YYYY-MM-DD'),
        });
      }}
    >
      {(form) => (
        <>
          <Form.Item label="对象" name="target_kind">
            <Radio.Group
              options={[
                { value: 'person', label: '个人' },
                { value: 'org', label: '党组织/单位' },
              ]}
              onChange={() => form.setFieldValue('measure', undefined)}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.target_kind !== b.target_kind || a.measure !== b.measure || a.party_member !== b.party_member}>
            {() => {
              const kind = form.getFieldValue('target_kind') as 'org' | 'person';
              const measure = catalog.measures.find((m) => m.value === form.getFieldValue('measure'));
              return (
                <>
                  <div className="gt-form-grid">
                    <Form.Item label={kind === 'person' ? '所在单位' : '党组织/单位'} name="target_org_id" rules={[{ required: true, message: '请选择单位' }]}>
                      <OrgPicker />
                    </Form.Item>
                    {kind === 'person' ? (
                      <>
                        <Form.Item label="姓名" name="person_name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 60 }]}>
                          <Input />
                        </Form.Item>
                        <Form.Item label="职务" name="person_title" rules={[{ max: 100 }]}>
                          <Input />
                        </Form.Item>
                        <Form.Item label="干部管理权限" name="cadre_level">
                          <Select allowClear options={['市管', '县管', '乡管', '其他'].map((l) => ({ value: l, label: l }))} />
                        </Form.Item>
                        <Form.Item label="中共党员" name="party_member" valuePropName="checked">
                          <Checkbox>是</Checkbox>
                        </Form.Item>
                      </>
                    ) : null}
                    <Form.Item label="责任类型" name="responsibility">
                      <Select allowClear options={[{ value: 'primary', label: '主体责任' }, { value: 'supervisory', label: '监督责任' }]} />
                    </Form.Item>
                  </div>
                  <Form.Item label="问责/处理方式" name="measure" rules={[{ required: true, message: '请选择方式' }]}>
                    <Select options={catalog.measures.filter((m) => m.target_kind === kind).map((m) => ({ value: m.value, label: `${m.label}${m.major ? '（须提级审核）' : ''}` }))} />
                  </Form.Item>
                  {measure?.major ? <Alert type="warning" showIcon title="该决定须报上一级审核通过后生效（提级审核）。" style={{ marginBottom: 12 }} /> : null}
                  {measure?.value === 'discipline' ? (
                    <div className="gt-form-grid">
                      <Form.Item label="党纪处分" name="party_sanction">
                        <Select allowClear options={catalog.party_sanctions} disabled={form.getFieldValue('party_member') === false} />
                      </Form.Item>
                      <Form.Item label="政务处分" name="gov_sanction">
                        <Select allowClear options={catalog.gov_sanctions} />
                      </Form.Item>
                      <Form.Item
                        label="移送司法机关"
                        name="judicial_transfer"
                        valuePropName="checked"
                        rules={[
                          {
                            validator: async () => {
                              const v = form.getFieldsValue(['party_sanction', 'gov_sanction', 'judicial_transfer']);
                              if (!v.party_sanction && !v.gov_sanction && !v.judicial_transfer) throw new Error('纪律处分须填写党纪处分、政务处分或移送司法中的至少一项');
                            },
                          },
                        ]}
                      >
                        <Checkbox>是</Checkbox>
                      </Form.Item>
                    </div>
                  ) : null}
                </>
              );
            }}
          </Form.Item>
          <Form.Item label="事由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写事由' }, { max: 10000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <div className="gt-form-grid">
            <Form.Item label="依据" name="basis" rules={[{ max: 5000 }]}>
              <Input placeholder="如《中国共产党问责条例》第七条" />
            </Form.Item>
            <Form.Item label="文号" name="doc_no" rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item label="决定日期" name="decided_on" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </div>
        </>
      )}
    </FormModal>
  );
}

function DecisionDrawer({ id, onClose }: { id: number; onClose: (changed: boolean) => void }) {
  const { can } = useAuth();
  const [d, setD] = useState<Decision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<'approve' | 'reject' | 'revoke' | null>(null);
  const [changed, setChanged] = useState(false);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<Decision>(`/api/accountability/decisions/${id}`)
      .then((x) => {
        setD(x);
        setError(null);
      })
      .catch(setError);
  }, [id, tick]);

  const after = (ok: boolean) => {
    setAction(null);
    if (ok) {
      setChanged(true);
      setTick((t) => t + 1);
    }
  };

  return (
    <Drawer
      open
      size={640}
      title="问责/处分决定"
      onClose={() => onClose(changed)}
      extra={
        d && can('account:approve') ? (
          <Space>
            {d.status === 'pending_approval' ? (
              <>
                <Button type="primary" onClick={() => setAction('approve')}>
                  审核通过
                </Button>
                <Button danger onClick={() => setAction('reject')}>
                  审核不通过
                </Button>
              </>
            ) : null}
            {d.status === 'effective' ? (
              <Button danger onClick={() => setAction('revoke')}>
                撤销决定
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {error ? <LoadError error={error} /> : null}
      {d ? (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="状态" span={2}>
              <Tag color={DECISION_STATE_COLORS[d.status]}>{d.status_label}</Tag>
              {d.major ? <Tag color="orange">提级审核</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="对象" span={2}>
              {d.target_kind === 'person' ? `${d.person_name}（${d.target_org_name}${d.person_title ?? ''}）` : d.target_org_name}
            </Descriptions.Item>
            {d.target_kind === 'person' ? (
              <>
                <Descriptions.Item label="干部管理权限">{d.cadre_level ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="中共党员">{d.party_member === null ? '—' : d.party_member ? '是' : '否'}</Descriptions.Item>
              </>
            ) : null}
            <Descriptions.Item label="方式" span={2}>
              {d.measure_label}
            </Descriptions.Item>
            {d.measure === 'discipline' ? (
              <>
                <Descriptions.Item label="党纪处分">{d.party_sanction_label ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="政务处分">{d.gov_sanction_label ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="移送司法" span={2}>
                  {d.judicial_transfer ? '是' : '否'}
                </Descriptions.Item>
              </>
            ) : null}
            <Descriptions.Item label="四种形态">{d.form_label ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="责任类型">{d.responsibility_label ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="事由" span={2}>
              <span className="gt-prewrap">{d.reason}</span>
            </Descriptions.Item>
            <Descriptions.Item label="依据" span={2}>
              {d.basis ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="文号">{d.doc_no ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="作出单位">{d.handling_org_name}</Descriptions.Item>
            <Descriptions.Item label="决定日期">{d.decided_on}</Descriptions.Item>
            <Descriptions.Item label="生效日期">{d.effective_on ?? '—'}</Descriptions.Item>
            {d.approval_opinion ? (
              <Descriptions.Item label="审核意见" span={2}>
                {d.approval_opinion}（{fmtTime(d.approved_at)}）
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label="关联" span={2}>
              <Space>
                {d.clue_id ? <Link to={`/clues/${d.clue_id}`}>问题线索</Link> : null}
                {d.rect_item_id ? <Link to={`/rectify/items/${d.rect_item_id}`}>整改事项</Link> : null}
                {!d.clue_id && !d.rect_item_id ? '—' : null}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            回访记录
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.revisits ?? []}
            locale={{ emptyText: '暂无回访' }}
            columns={[
              { title: '日期', dataIndex: 'visited_on', width: 110 },
              { title: '回访人', dataIndex: 'visitors', width: 120 },
              { title: '情况', dataIndex: 'findings' },
            ]}
          />
        </>
      ) : null}
      {d && action === 'approve' ? (
        <FormModal<{ opinion?: string; effective_on?: Dayjs }>
          title="审核通过"
          okText="通过"
          success="决定已生效"
          initialValues={{ effective_on: dayjs() }}
          onClose={after}
          onSubmit={(v) => api.post(`/api/accountability/decisions/${d.id}/approve`, { version: d.version, ...(v.opinion?.trim() ? { opinion: v.opinion.trim() } : {}), ...(v.effective_on ? { effective_on: v.effective_on.format('YYYY-MM-DD') } : {}) })}
        >
          <Form.Item label="审核意见" name="opinion" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="生效日期" name="effective_on">
            <DatePicker />
          </Form.Item>
        </FormModal>
      ) : null}
      {d && (action === 'reject' || action === 'revoke') ? (
        <FormModal<{ text: string }>
          title={action === 'reject' ? '审核不通过' : '撤销决定'}
          okText={action === 'reject' ? '不通过' : '撤销'}
          danger
          success={action === 'reject' ? '已退回' : '已撤销'}
          onClose={after}
          onSubmit={(v) =>
            api
              .post(`/api/accountability/decisions/${d.id}/${action}`, action === 'reject' ? { version: d.version, opinion: v.text.trim() } : { version: d.version, reason: v.text.trim() })
          }
        >
          <Form.Item label={action === 'reject' ? '审核意见' : '撤销理由（如申诉成立）'} name="text" rules={[{ required: true, whitespace: true, message: '请填写' }, { max: 5000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Drawer>
  );
}

