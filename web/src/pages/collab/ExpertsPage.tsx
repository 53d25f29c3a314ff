/**
 * 监督人才库: experts by field and availability; registration with declared ties (亲属、关联企业、
 * 曾任职单位); assignment to a task after the conflict-of-interest check (回避审查), whose refusal
 * reasons are shown in full.
 */
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, type Paged, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { ASSIGNMENT_STATUS_LABELS, AVAILABILITY_COLORS, AVAILABILITY_LABELS, EXPERT_FIELDS, TASK_TYPE_LABELS, TIE_KIND_LABELS, orNull } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';

interface Expert {
  id: number;
  name: string;
  employer: string;
  title: string | null;
  fields: string[];
  availability: string;
  availability_label: string;
  org_id: number | null;
  version: number;
  assignments: number;
}

interface Assignment {
  id: number;
  task_type: string;
  task_type_label: string;
  task_ref: string | null;
  title: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

interface ExpertDetail extends Omit<Expert, 'assignments'> {
  phone: string | null;
  has_id_number: boolean;
  note: string | null;
  ties: { id: number; kind: 'relative' | 'enterprise' | 'employer'; name: string; relation: string | null; uscc: string | null; has_id_number: boolean }[];
  assignments: Assignment[];
}

interface Conflict {
  kind: string;
  reason: string;
}

interface CheckResult {
  clear: boolean;
  conflicts: Conflict[];
  entity_index_checked: boolean;
  entity_index_note: string | null;
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export default function ExpertsPage() {
  const { can } = useAuth();
  const t = useServerTable<Expert>('/api/collab/experts', { filterKeys: ['field', 'availability'] });
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('open')) || null;
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<Expert | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [drawerKey, setDrawerKey] = useState(0);
  const [q, setQ] = useState(t.query.filters.q ?? '');
  const byField = (t.data as (Paged<Expert> & { by_field?: { field: string; count: number }[] }) | null)?.by_field ?? [];
  const setOpen = (id: number | null) => paramSetter(setParams)('open', id);
  const editable = can('collab:edit');
  const columns: TableColumnsType<Expert> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (n: string, e) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setOpen(e.id)}>
          {n}
        </Button>
      ),
    },
    { title: '工作单位', dataIndex: 'employer', ellipsis: true },
    { title: '职称', dataIndex: 'title', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '专业领域', dataIndex: 'fields', width: 200, render: (fs: string[]) => fs.map((f) => <Tag key={f}>{f}</Tag>) },
    { title: '状态', dataIndex: 'availability', width: 110, render: (a: string, e) => <Tag color={AVAILABILITY_COLORS[a]}>{e.availability_label}</Tag> },
    { title: '选派次数', dataIndex: 'assignments', width: 90, align: 'right' },
    {
      title: '操作',
      key: 'a',
      width: 120,
      render: (_v, e) =>
        editable ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing(e.id)}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => setAssigning(e)}>
              选派
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <Page
      title="监督人才库"
      description="按专业领域、可选派状态管理监督人才；选派前进行回避审查（本单位、申报的亲属和关联企业、主体档案关系、同期任务），有冲突即拒绝选派。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            人才入库
          </Button>
        ) : null
      }
    >
      <Space wrap className="gt-filters">
        <Input.Search aria-label="搜索人才" placeholder="姓名或工作单位" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => t.setFilters({ q: v.trim() || undefined })} style={{ width: 220 }} />
        <Select aria-label="专业领域" allowClear placeholder="专业领域" style={{ width: 150 }} value={t.query.filters.field} onChange={(v?: string) => t.setFilters({ field: v })} options={EXPERT_FIELDS.map((f) => ({ value: f, label: f }))} />
        <Select aria-label="可选派状态" allowClear placeholder="可选派状态" style={{ width: 150 }} value={t.query.filters.availability} onChange={(v?: string) => t.setFilters({ availability: v })} options={options(AVAILABILITY_LABELS)} />
      </Space>
      {byField.length ? (
        <div style={{ marginBottom: 12 }}>
          <span className="gt-muted">各领域人数：</span>
          {byField.map((b) => (
            <Tag key={b.field}>
              {b.field} {b.count}
            </Tag>
          ))}
        </div>
      ) : null}
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Expert> rowKey="id" size="middle" columns={columns} scroll={{ x: 1000 }} {...t.tableProps} locale={{ emptyText: t.hasFilters ? '没有符合条件的人员' : '人才库暂无人员' }} />
      {creating ? (
        <ExpertModal
          onClose={(ok) => {
            setCreating(false);
            if (ok) t.reload();
          }}
        />
      ) : null}
      {assigning ? (
        <AssignModal
          expert={assigning}
          onClose={(ok) => {
            setAssigning(null);
            if (ok) t.reload();
          }}
        />
      ) : null}
      {editing ? (
        <EditExpertModal
          id={editing}
          onClose={(ok) => {
            setEditing(null);
            if (ok) {
              t.reload();
              setDrawerKey((k) => k + 1);
            }
          }}
        />
      ) : null}
      {openId ? <ExpertDrawer key={`${openId}-${drawerKey}`} id={openId} editable={editable} onEdit={() => setEditing(openId)} onClose={() => setOpen(null)} onChanged={t.reload} /> : null}
    </Page>
  );
}

interface TieValue {
  /** A stored tie being kept (editing): its ID number stays unless a new one is typed. */
  id?: number;
  kind: 'relative' | 'enterprise' | 'employer';
  name: string;
  relation?: string;
  id_number?: string;
  uscc?: string;
}
interface ExpertValues {
  name: string;
  employer: string;
  org_id?: number;
  title?: string;
  fields: string[];
  phone?: string;
  id_number?: string;
  availability: string;
  note?: string;
  ties: TieValue[];
}

/** `registered`: ids of stored relatives whose ID number is held (editing). */
function TiesField({ registered = new Set<number>() }: { registered?: Set<number> }) {
  return (
    <Form.List name="ties">
      {(fields, { add, remove }) => (
        <fieldset className="gt-perm-group">
          <legend>申报的亲属、关联企业、曾任职单位（用于回避审查）</legend>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" wrap>
              <Form.Item name={[f.name, 'id']} hidden>
                <Input />
              </Form.Item>
              <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                <Select aria-label={`关系${i + 1}类别`} style={{ width: 120 }} options={options(TIE_KIND_LABELS)} />
              </Form.Item>
              <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 200 }]}>
                <Input aria-label={`关系${i + 1}名称`} placeholder="姓名或企业/单位名称" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'relation']} rules={[{ max: 50 }]}>
                <Input aria-label={`关系${i + 1}关系`} placeholder="关系（如配偶、持股）" style={{ width: 150 }} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) =>
                  getFieldValue(['ties', f.name, 'kind']) === 'relative' ? (
                    <Form.Item name={[f.name, 'id_number']} rules={[{ max: 30 }]}>
                      <Input aria-label={`关系${i + 1}身份证号`} placeholder={registered.has(getFieldValue(['ties', f.name, 'id'])) ? '已登记，不修改请留空' : '身份证号（可选）'} style={{ width: 190 }} />
                    </Form.Item>
                  ) : (
                    <Form.Item name={[f.name, 'uscc']} rules={[{ max: 30 }]}>
                      <Input aria-label={`关系${i + 1}统一社会信用代码`} placeholder="统一社会信用代码（可选）" style={{ width: 190 }} />
                    </Form.Item>
                  )
                }
              </Form.Item>
              <Button type="text" aria-label="删除" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'relative', name: '' })}>
            添加关系
          </Button>
        </fieldset>
      )}
    </Form.List>
  );
}

const tiesBody = (ties: TieValue[] | undefined) =>
  (ties ?? []).map((x) => ({
    ...(x.id ? { id: Number(x.id) } : {}),
    kind: x.kind,
    name: x.name.trim(),
    relation: orNull(x.relation),
    id_number: x.kind === 'relative' ? orNull(x.id_number) : null,
    uscc: x.kind === 'relative' ? null : orNull(x.uscc),
  }));

/** The fields of an expert (registration and editing). Editing: phone and ID number are write-only. */
function ExpertFields({ stored }: { stored?: ExpertDetail }) {
  const keep = '不修改请留空';
  return (
    <>
      <div className="gt-form-grid">
        <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 50 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item label="工作单位" name="employer" rules={[{ required: true, whitespace: true, message: '请填写工作单位' }, { max: 200 }]} style={{ gridColumn: 'span 2' }}>
          <Input />
        </Form.Item>
        <Form.Item label="平台内所在单位" name="org_id" tooltip="人员所在单位在本平台有组织机构时选择，用于本单位回避">
          <OrgPicker allowClear placeholder="无" />
        </Form.Item>
        <Form.Item label="职称/职务" name="title" rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item label="可选派状态" name="availability" rules={[{ required: true }]}>
          <Select options={options(AVAILABILITY_LABELS)} />
        </Form.Item>
        <Form.Item label="专业领域" name="fields" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个专业领域' }]} style={{ gridColumn: 'span 3' }}>
          <Select mode="multiple" options={EXPERT_FIELDS.map((f) => ({ value: f, label: f }))} />
        </Form.Item>
        <Form.Item label="联系电话" name="phone" rules={[{ max: 20 }]}>
          <Input placeholder={stored?.phone ? `已登记 ${stored.phone}，${keep}` : undefined} />
        </Form.Item>
        <Form.Item label="身份证号" name="id_number" rules={[{ max: 30 }]} style={{ gridColumn: 'span 2' }} extra="加密存储，仅用于回避审查比对">
          <Input placeholder={stored?.has_id_number ? `已登记（加密），${keep}` : undefined} />
        </Form.Item>
      </div>
      <Form.Item label="备注" name="note" rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <TiesField registered={new Set(stored?.ties.filter((t) => t.has_id_number).map((t) => t.id))} />
    </>
  );
}

function ExpertModal({ onClose }: { onClose: (ok: boolean) => void }) {
  return (
    <FormModal<ExpertValues>
      title="人才入库"
      okText="入库"
      width={820}
      success="已登记入库"
      initialValues={{ availability: 'available', fields: [], ties: [] }}
      onClose={onClose}
      onSubmit={(v) =>
        api.post('/api/collab/experts', {
          name: v.name.trim(),
          employer: v.employer.trim(),
          org_id: v.org_id ?? null,
          title: orNull(v.title),
          fields: v.fields,
          phone: orNull(v.phone),
          id_number: orNull(v.id_number),
          availability: v.availability,
          note: orNull(v.note),
          ties: tiesBody(v.ties),
        })
      }
    >
      <ExpertFields />
    </FormModal>
  );
}

/**
 * 编辑: the stored details in the form (ties keep their ids, so a relative's registered ID number
 * stays); phone and ID number are sent only when typed. Sent with the version read, so a change by
 * someone else in between is refused by the server (its message is shown, the dialog stays open).
 */
function EditExpertModal({ id, onClose }: { id: number; onClose: (ok: boolean) => void }) {
  const [e, setE] = useState<ExpertDetail | null>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    api
      .get<ExpertDetail>(`/api/collab/experts/${id}`)
      .then(setE)
      .catch((err) => {
        showError(err);
        close.current(false);
      });
  }, [id]);
  if (!e) return null;
  return (
    <FormModal<ExpertValues>
      title={`编辑人才信息：${e.name}`}
      okText="保存"
      width={820}
      success="已保存人才信息"
      initialValues={{
        name: e.name,
        employer: e.employer,
        org_id: e.org_id ?? undefined,
        title: e.title ?? undefined,
        fields: e.fields,
        availability: e.availability,
        note: e.note ?? undefined,
        ties: e.ties.map((t) => ({ id: t.id, kind: t.kind, name: t.name, relation: t.relation ?? undefined, uscc: t.uscc ?? undefined })),
      }}
      onClose={onClose}
      onSubmit={(v) =>
        api.patch(`/api/collab/experts/${e.id}`, {
          version: e.version,
          name: v.name.trim(),
          employer: v.employer.trim(),
          org_id: v.org_id ?? null,
          title: orNull(v.title),
          fields: v.fields,
          availability: v.availability,
          note: orNull(v.note),
          ties: tiesBody(v.ties),
          ...(orNull(v.phone) ? { phone: orNull(v.phone) } : {}),
          ...(orNull(v.id_number) ? { id_number: orNull(v.id_number) } : {}),
        })
      }
    >
      <ExpertFields stored={e} />
    </FormModal>
  );
}

interface AssignValues {
  task_type: string;
  task_ref?: string;
  title: string;
  period: [Dayjs, Dayjs];
  org_ids?: number[];
  persons: { name: string; id_number?: string }[];
  enterprises: { name: string; uscc?: string }[];
}

const assignmentBody = (expertId: number, v: AssignValues) => ({
  expert_id: expertId,
  task_type: v.task_type,
  task_ref: orNull(v.task_ref),
  title: v.title.trim(),
  starts_on: v.period[0].format('YYYY-MM-DD'),
  ends_on: v.period[1].format('YYYY-MM-DD'),
  subjects: {
    org_ids: v.org_ids ?? [],
    persons: (v.persons ?? []).filter((p) => p.name?.trim()).map((p) => ({ name: p.name.trim(), id_number: orNull(p.id_number) })),
    enterprises: (v.enterprises ?? []).filter((x) => x.name?.trim()).map((x) => ({ name: x.name.trim(), uscc: orNull(x.uscc) })),
  },
});

/** Two-column list of names (persons or enterprises) under review. */
function SubjectList({ name, label, extraName, extraLabel }: { name: 'persons' | 'enterprises'; label: string; extraName: 'id_number' | 'uscc'; extraLabel: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div style={{ marginBottom: 12 }}>
          <div style={{ marginBottom: 4 }}>{label}</div>
          {fields.map((f, i) => (
            <Space key={f.key} align="start">
              <Form.Item name={[f.name, 'name']} rules={[{ max: 200 }]} style={{ marginBottom: 8 }}>
                <Input aria-label={`${label}${i + 1}`} placeholder="名称" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={[f.name, extraName]} rules={[{ max: 30 }]} style={{ marginBottom: 8 }}>
                <Input aria-label={`${label}${i + 1}${extraLabel}`} placeholder={`${extraLabel}（可选）`} style={{ width: 220 }} />
              </Form.Item>
              <Button type="text" aria-label="删除" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
            添加{label}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function CheckResultView({ r }: { r: CheckResult }) {
  const note = !r.entity_index_checked && r.entity_index_note ? `（未核对主体档案关系：${r.entity_index_note}）` : '';
  return r.clear ? (
    <Alert type="success" showIcon title={`回避审查通过，未发现需回避的情形${note}`} style={{ marginBottom: 12 }} />
  ) : (
    <Alert
      type="error"
      showIcon
      title="回避审查不通过，不能选派"
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {r.conflicts.map((c) => (
            <li key={c.reason}>{c.reason}</li>
          ))}
          {note ? <li>{note}</li> : null}
        </ul>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

function AssignModal({ expert, onClose }: { expert: Expert; onClose: (ok: boolean) => void }) {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  return (
    <FormModal<AssignValues>
      title={`选派：${expert.name}（${expert.employer}）`}
      okText="选派"
      width={760}
      success="已选派"
      initialValues={{ task_type: 'inspection_round', persons: [], enterprises: [] }}
      onClose={onClose}
      onSubmit={async (v) => {
        try {
          await api.post('/api/collab/assignments', assignmentBody(expert.id, v));
        } catch (e) {
          if (e instanceof ApiError && e.code === 'conflict_of_interest') setResult(e.details as CheckResult);
          throw e;
        }
      }}
    >
      {(form) => (
        <>
          {result ? <CheckResultView r={result} /> : null}
          <div className="gt-form-grid">
            <Form.Item label="任务类型" name="task_type" rules={[{ required: true }]}>
              <Select options={options(TASK_TYPE_LABELS)} />
            </Form.Item>
            <Form.Item label="任务名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写任务名称' }, { max: 200 }]} style={{ gridColumn: 'span 2' }}>
              <Input />
            </Form.Item>
            <Form.Item label="任务期间" name="period" rules={[{ required: true, message: '请选择任务期间' }]} style={{ gridColumn: 'span 2' }}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="任务编号" name="task_ref" rules={[{ max: 100 }]}>
              <Input placeholder="如轮次编号（可选）" />
            </Form.Item>
          </div>
          <Form.Item label="被监督单位" name="org_ids">
            <OrgPicker multiple allowClear placeholder="选择被监督单位（可多选）" />
          </Form.Item>
          <SubjectList name="persons" label="被监督人员" extraName="id_number" extraLabel="身份证号" />
          <SubjectList name="enterprises" label="被监督企业" extraName="uscc" extraLabel="统一社会信用代码" />
          <Button
            loading={checking}
            onClick={async () => {
              let v: AssignValues;
              try {
                v = await form.validateFields();
              } catch {
                return;
              }
              setChecking(true);
              try {
                setResult(await api.post<CheckResult>('/api/collab/experts/conflict-check', assignmentBody(expert.id, v)));
              } catch (e) {
                showError(e);
              } finally {
                setChecking(false);
              }
            }}
          >
            回避审查
          </Button>
        </>
      )}
    </FormModal>
  );
}

function ExpertDrawer({ id, editable, onEdit, onClose, onChanged }: { id: number; editable: boolean; onEdit: () => void; onClose: () => void; onChanged: () => void }) {
  const [e, setE] = useState<ExpertDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api
      .get<ExpertDetail>(`/api/collab/experts/${id}`)
      .then(setE)
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      showSuccess(ok);
      load();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Drawer
      open
      size={820}
      title={e ? `${e.name}（${e.employer}）` : '人才库人员'}
      onClose={onClose}
      extra={
        editable && e ? (
          <Button icon={<EditOutlined />} onClick={onEdit}>
            编辑
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} /> : null}
      {e ? (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label="职称/职务">{e.title ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="可选派状态">
              {editable ? (
                <Select
                  aria-label="修改可选派状态"
                  size="small"
                  style={{ width: 140 }}
                  value={e.availability}
                  onChange={(a: string) => act(() => api.patch(`/api/collab/experts/${e.id}`, { version: e.version, availability: a }), '已更新可选派状态')}
                  options={options(AVAILABILITY_LABELS)}
                />
              ) : (
                <Tag color={AVAILABILITY_COLORS[e.availability]}>{e.availability_label}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="专业领域">{e.fields.join('、')}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{e.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{e.has_id_number ? '已登记（加密）' : '未登记'}</Descriptions.Item>
            <Descriptions.Item label="备注">{e.note ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="申报关系" span={2}>
              {e.ties.length
                ? e.ties.map((t) => (
                    <Tag key={t.id}>
                      {TIE_KIND_LABELS[t.kind]}：{t.name}
                      {t.relation ? `（${t.relation}）` : ''}
                      {t.has_id_number ? '（已登记身份证号）' : ''}
                    </Tag>
                  ))
                : '—'}
            </Descriptions.Item>
          </Descriptions>
          <h4>选派记录</h4>
          <Table<Assignment>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={e.assignments}
            locale={{ emptyText: '暂无选派记录' }}
            columns={[
              { title: '任务', dataIndex: 'title', ellipsis: true },
              { title: '类型', dataIndex: 'task_type_label', width: 90 },
              { title: '期间', key: 'p', width: 200, render: (_v, a) => `${a.starts_on} 至 ${a.ends_on}` },
              { title: '状态', dataIndex: 'status', width: 80, render: (s: string) => ASSIGNMENT_STATUS_LABELS[s] ?? s },
              {
                title: '操作',
                key: 'a',
                width: 110,
                render: (_v, a) =>
                  editable && a.status === 'active' ? (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => act(() => api.post(`/api/collab/assignments/${a.id}/close`, { status: 'completed' }), '选派已结束')}>
                        结束
                      </Button>
                      <Button type="link" size="small" danger onClick={() => act(() => api.post(`/api/collab/assignments/${a.id}/close`, { status: 'withdrawn' }), '选派已撤回')}>
                        撤回
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
