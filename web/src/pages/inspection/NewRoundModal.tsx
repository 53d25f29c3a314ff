/**
 * 部署巡察轮次: name, term and number, dates, the teams (组长, 副组长, 第二副组长, 成员) and the
 * targets (被巡察单位) with the team sent there and their dispatched group (派驻纪检监察组).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, type FormInstance, Input, InputNumber, Select, Space } from 'antd';
import type { FormListProps } from 'antd/es/form/FormList.js';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { CandidateSelect, type Candidate, MEMBER_ROLE_OPTIONS, ROUND_KIND_LABELS, useCandidates } from './team.tsx';

interface MemberValue {
  user_id: number;
  role: string;
}
interface RoundValues {
  name: string;
  term: string;
  round_no: number;
  kind: string;
  organizer_org_id: number;
  period: [Dayjs, Dayjs];
  focus?: string;
  expedite_days: number;
  teams: { org_id: number; name?: string; members: MemberValue[] }[];
  targets: { org_id: number; team_org_id: number; party_org_name?: string; supervising_org_id: number }[];
}

const COMMISSION_BODIES = ['commission', 'office', 'dispatched_group'] as const;

/** The members of one team; `path` is the list's full name in the form, `name` its name inside the enclosing list (if any). */
export function MembersField({ name, path, label, candidates, rules }: { name: (string | number)[]; path: (string | number)[]; label: string; candidates: Candidate[]; rules?: FormListProps['rules'] }) {
  return (
    <Form.List name={name} rules={rules}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="start">
              <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '请选择职务' }]} style={{ marginBottom: 8 }}>
                <Select aria-label={`${label}人员${i + 1}职务`} style={{ width: 130 }} options={MEMBER_ROLE_OPTIONS} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => (
                  <Form.Item name={[f.name, 'user_id']} rules={[{ required: true, message: '请选择人员' }]} style={{ marginBottom: 8 }}>
                    <CandidateSelect aria-label={`${label}人员${i + 1}`} candidates={candidates} secondDeputy={getFieldValue([...path, f.name, 'role']) === 'second_deputy'} />
                  </Form.Item>
                )}
              </Form.Item>
              <Button type="text" aria-label="删除人员" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'member' })}>
            添加人员
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

function TeamsField({ candidates }: { candidates: Candidate[] }) {
  return (
    <Form.List
      name="teams"
      rules={[
        {
          validator: async (_r, teams?: RoundValues['teams']) => {
            if (!teams?.length) throw new Error('请至少部署一个巡察组');
            if (teams.some((t) => !t.members?.some((m) => m?.role === 'leader'))) throw new Error('每个巡察组须有组长');
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <fieldset className="gt-perm-group">
          <legend>巡察组</legend>
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              style={{ marginBottom: 8 }}
              title={
                <Form.Item name={[f.name, 'org_id']} rules={[{ required: true, message: '请选择巡察组' }]} style={{ margin: '8px 0' }}>
                  <OrgPicker aria-label={`巡察组${i + 1}`} kinds={['inspection']} placeholder="选择巡察组" />
                </Form.Item>
              }
              extra={
                fields.length > 1 ? (
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    删除巡察组
                  </Button>
                ) : null
              }
            >
              <MembersField name={[f.name, 'members']} path={['teams', f.name, 'members']} label={`巡察组${i + 1}`} candidates={candidates} />
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ members: [{ role: 'leader' }] })}>
            添加巡察组
          </Button>
          <Form.ErrorList errors={errors} />
        </fieldset>
      )}
    </Form.List>
  );
}

function TargetsField({ form }: { form: FormInstance<RoundValues> }) {
  const { orgs } = useOrgs();
  return (
    <Form.List name="targets" rules={[{ validator: async (_r, v?: unknown[]) => { if (!v?.length) throw new Error('请至少列出一个被巡察单位'); } }]}>
      {(fields, { add, remove }, { errors }) => (
        <fieldset className="gt-perm-group">
          <legend>被巡察单位</legend>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" wrap>
              <Form.Item name={[f.name, 'org_id']} rules={[{ required: true, message: '请选择被巡察单位' }]} style={{ marginBottom: 8 }}>
                <OrgPicker aria-label={`被巡察单位${i + 1}`} placeholder="被巡察单位" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() => {
                  const teamOrgs = (form.getFieldValue('teams') as RoundValues['teams'] | undefined)?.map((t) => t?.org_id).filter(Boolean) ?? [];
                  return (
                    <Form.Item name={[f.name, 'team_org_id']} rules={[{ required: true, message: '请选择巡察组' }]} style={{ marginBottom: 8 }}>
                      <Select aria-label={`被巡察单位${i + 1}巡察组`} placeholder="派出的巡察组" style={{ width: 170 }} options={teamOrgs.map((id) => ({ value: id, label: orgs.find((o) => o.id === id)?.name ?? String(id) }))} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
              <Form.Item name={[f.name, 'supervising_org_id']} rules={[{ required: true, message: '请选择派驻纪检监察组' }]} style={{ marginBottom: 8 }}>
                <OrgPicker aria-label={`被巡察单位${i + 1}派驻纪检监察组`} kinds={COMMISSION_BODIES} placeholder="派驻纪检监察组" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'party_org_name']} rules={[{ max: 200 }]} style={{ marginBottom: 8 }}>
                <Input aria-label={`被巡察单位${i + 1}党组织`} placeholder="党组织名称（可选）" style={{ width: 190 }} />
              </Form.Item>
              <Button type="text" aria-label="删除被巡察单位" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <div>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              添加被巡察单位
            </Button>
          </div>
          <Form.ErrorList errors={errors} />
        </fieldset>
      )}
    </Form.List>
  );
}

export function NewRoundModal({ onClose }: { onClose: (id?: number) => void }) {
  const { me } = useAuth();
  const candidates = useCandidates();
  const created = useRef<number | undefined>(undefined);
  return (
    <FormModal<RoundValues>
      title="部署巡察轮次"
      okText="部署"
      width={980}
      success="已部署巡察轮次"
      initialValues={{ kind: 'routine', expedite_days: 10, organizer_org_id: me?.org_id, teams: [{ members: [{ role: 'leader' } as MemberValue] } as RoundValues['teams'][number]], targets: [{} as RoundValues['targets'][number]] }}
      onClose={(ok) => onClose(ok ? created.current : undefined)}
      onSubmit={async (v) => {
        const r = await api.post<{ id: number }>('/api/inspections/rounds', {
          name: v.name.trim(),
          term: v.term.trim(),
          round_no: v.round_no,
          kind: v.kind,
          organizer_org_id: v.organizer_org_id,
          starts_on: v.period[0].format('YYYY-MM-DD'),
          ends_on: v.period[1].format('YYYY-MM-DD'),
          focus: v.focus?.trim() || null,
          expedite_days: v.expedite_days,
          teams: v.teams.map((t) => ({ org_id: t.org_id, members: t.members.map((m) => ({ user_id: m.user_id, role: m.role })) })),
          targets: v.targets.map((t) => ({ org_id: t.org_id, team_org_id: t.team_org_id, supervising_org_id: t.supervising_org_id, ...(t.party_org_name?.trim() ? { party_org_name: t.party_org_name.trim() } : {}) })),
        });
        created.current = r.id;
      }}
    >
      {(form) => (
        <>
          <div className="gt-form-grid">
            <Form.Item label="轮次名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写轮次名称' }, { max: 200 }]} style={{ gridColumn: 'span 2' }}>
              <Input autoFocus placeholder="如：十五届市委第五轮巡察" />
            </Form.Item>
            <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
              <Select options={Object.entries(ROUND_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item label="届次" name="term" rules={[{ required: true, whitespace: true, message: '请填写届次' }, { max: 50 }]}>
              <Input placeholder="如：十五届市委" />
            </Form.Item>
            <Form.Item label="轮次" name="round_no" rules={[{ required: true, message: '请填写轮次' }]}>
              <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="组织单位" name="organizer_org_id" rules={[{ required: true, message: '请选择组织单位' }]}>
              <OrgPicker kinds={['inspection']} />
            </Form.Item>
            <Form.Item label="巡察期间" name="period" rules={[{ required: true, message: '请选择巡察期间' }]} style={{ gridColumn: 'span 2' }}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="边巡边查时限（工作日）" name="expedite_days" rules={[{ required: true }]} tooltip="巡中移交的问题线索办理时限缩短为此天数">
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </div>
          <Form.Item label="巡察重点" name="focus" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <TeamsField candidates={candidates} />
          <TargetsField form={form} />
        </>
      )}
    </FormModal>
  );
}
