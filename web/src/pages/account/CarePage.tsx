/**
 * 关心关爱: 容错纠错 (the “three distinctions”), 澄清正名 (incl. 查处诬告陷害) and 回访 of cadres
 * who were dealt with. Three registries in tabs, each with its own registration form.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Statistic, Table, type TableColumnsType, Tabs, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { type Catalog, labelOf, useCatalog } from './catalog.ts';

type Tab = 'tolerances' | 'clearings' | 'revisits';

interface Base {
  id: number;
  person_name: string;
  person_title: string | null;
  org_id: number;
  org_name: string | null;
  handling_org_name: string | null;
}

interface Tolerance extends Base {
  matter: string;
  distinction: string;
  distinction_label?: string;
  outcome: string;
  outcome_label?: string;
  correction: string;
  decided_on: string;
}

interface Clearing extends Base {
  finding: string;
  method: string;
  audience: string | null;
  false_accusation: boolean;
  false_accusation_clue_id: number | null;
  false_accusation_ref: string | null;
  cleared_on: string;
}

interface Revisit extends Base {
  decision_id: number | null;
  visited_on: string;
  method: string;
  visitors: string;
  findings: string;
  assessment: string;
  follow_up: string | null;
}

const who = (r: Base) => `${r.person_name}（${r.org_name ?? ''}${r.person_title ?? ''}）`;

function Tolerances({ catalog, adding, onAdded }: { catalog: Catalog | null; adding: boolean; onAdded: (ok: boolean) => void }) {
  const t = useServerTable<Tolerance>('/api/accountability/tolerances', { prefix: 't_' });
  const columns: TableColumnsType<Tolerance> = [
    { title: '日期', dataIndex: 'decided_on', width: 110 },
    { title: '对象', key: 'who', width: 220, render: (_v, r) => who(r) },
    { title: '事项', dataIndex: 'matter', ellipsis: true },
    { title: '三个区分开来', dataIndex: 'distinction', width: 200, ellipsis: { showTitle: false }, render: (d: string, r) => <Tooltip title={r.distinction_label ?? labelOf(catalog?.distinctions, d)}>{(r.distinction_label ?? labelOf(catalog?.distinctions, d)).slice(0, 14)}…</Tooltip> },
    { title: '结果', dataIndex: 'outcome', width: 150, render: (o: string, r) => <Tag color="green">{r.outcome_label ?? labelOf(catalog?.tolerance_outcomes, o)}</Tag> },
  ];
  return (
    <>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Tolerance> rowKey="id" size="middle" columns={columns} {...t.tableProps} locale={{ emptyText: '暂无容错纠错记录' }} />
      {adding && catalog ? (
        <FormModal<{ person_name: string; person_title?: string; org_id: number; matter: string; distinction: string; outcome: string; correction?: string; decided_on: Dayjs }>
          title="登记容错纠错"
          okText="登记"
          width={680}
          success="已登记"
          initialValues={{ decided_on: dayjs(), outcome: 'exempted' }}
          onClose={(ok) => {
            onAdded(ok);
            if (ok) t.reload();
          }}
          onSubmit={(v) =>
            api.post('/api/accountability/tolerances', {
              person_name: v.person_name.trim(),
              person_title: v.person_title?.trim() || null,
              org_id: v.org_id,
              matter: v.matter.trim(),
              distinction: v.distinction,
              outcome: v.outcome,
              ...(v.correction?.trim() ? { correction: v.correction.trim() } : {}),
              decided_on: v.decided_on.format('YYYY-MM-DD'),
            })
          }
        >
          <PersonFields />
          <Form.Item label="事项" name="matter" rules={[{ required: true, whitespace: true, message: '请填写事项' }, { max: 10000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="三个区分开来" name="distinction" rules={[{ required: true, message: '请选择' }]}>
            <Select options={catalog.distinctions} popupMatchSelectWidth={600} />
          </Form.Item>
          <div className="gt-form-grid">
            <Form.Item label="结果" name="outcome" rules={[{ required: true }]}>
              <Select options={catalog.tolerance_outcomes} />
            </Form.Item>
            <Form.Item label="认定日期" name="decided_on" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </div>
          <Form.Item label="纠错措施" name="correction" rules={[{ max: 10000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}

function Clearings({ catalog, adding, onAdded }: { catalog: Catalog | null; adding: boolean; onAdded: (ok: boolean) => void }) {
  const t = useServerTable<Clearing>('/api/accountability/clearings', { prefix: 'c_', filterKeys: ['false_accusation'] });
  const columns: TableColumnsType<Clearing> = [
    { title: '日期', dataIndex: 'cleared_on', width: 110 },
    { title: '对象', key: 'who', width: 220, render: (_v, r) => who(r) },
    { title: '查实情况', dataIndex: 'finding', ellipsis: true },
    { title: '方式', dataIndex: 'method', width: 100, render: (m: string) => labelOf(catalog?.clearing_methods, m) },
    {
      title: '诬告陷害',
      dataIndex: 'false_accusation',
      width: 160,
      render: (f: boolean, r) =>
        f ? (
          <span>
            <Tag color="red">查处诬告</Tag>
            {r.false_accusation_clue_id ? <Link to={`/clues/${r.false_accusation_clue_id}`}>线索</Link> : r.false_accusation_ref}
          </span>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Clearing> rowKey="id" size="middle" columns={columns} {...t.tableProps} locale={{ emptyText: '暂无澄清正名记录' }} />
      {adding && catalog ? (
        <FormModal<{ person_name: string; person_title?: string; org_id: number; finding: string; method: string; audience?: string; false_accusation?: boolean; false_accusation_clue_id?: number; false_accusation_ref?: string; cleared_on: Dayjs }>
          title="登记澄清正名"
          okText="登记"
          width={680}
          success="已登记"
          initialValues={{ cleared_on: dayjs(), method: 'meeting', false_accusation: false }}
          onClose={(ok) => {
            onAdded(ok);
            if (ok) t.reload();
          }}
          onSubmit={(v) =>
            api.post('/api/accountability/clearings', {
              person_name: v.person_name.trim(),
              person_title: v.person_title?.trim() || null,
              org_id: v.org_id,
              finding: v.finding.trim(),
              method: v.method,
              audience: v.audience?.trim() || null,
              false_accusation: !!v.false_accusation,
              ...(v.false_accusation ? { false_accusation_clue_id: v.false_accusation_clue_id ?? null, false_accusation_ref: v.false_accusation_ref?.trim() || null } : {}),
              cleared_on: v.cleared_on.format('YYYY-MM-DD'),
            })
          }
        >
          {(form) => (
            <>
              <PersonFields />
              <Form.Item label="查实情况（反映不实）" name="finding" rules={[{ required: true, whitespace: true, message: '请填写' }, { max: 10000 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <div className="gt-form-grid">
                <Form.Item label="澄清方式" name="method" rules={[{ required: true }]}>
                  <Select options={catalog.clearing_methods} />
                </Form.Item>
                <Form.Item label="澄清范围" name="audience" rules={[{ max: 300 }]}>
                  <Input placeholder="如：本单位干部职工大会" />
                </Form.Item>
                <Form.Item label="澄清日期" name="cleared_on" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </div>
              <Form.Item name="false_accusation" valuePropName="checked">
                <Checkbox>经查属诬告陷害（须关联对诬告者的查处）</Checkbox>
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.false_accusation !== b.false_accusation}>
                {() =>
                  form.getFieldValue('false_accusation') ? (
                    <div className="gt-form-grid">
                      <Form.Item label="查处线索编号（id）" name="false_accusation_clue_id">
                        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                      <Form.Item
                        label="或案号"
                        name="false_accusation_ref"
                        dependencies={['false_accusation_clue_id']}
                        rules={[
                          { max: 100 },
                          ({ getFieldValue }) => ({
                            validator: async (_r, v?: string) => {
                              if (!v?.trim() && !getFieldValue('false_accusation_clue_id')) throw new Error('认定为诬告陷害的，须关联查处案件（线索编号或案号）');
                            },
                          }),
                        ]}
                      >
                        <Input />
                      </Form.Item>
                    </div>
                  ) : null
                }
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}
    </>
  );
}

function Revisits({ catalog, adding, onAdded }: { catalog: Catalog | null; adding: boolean; onAdded: (ok: boolean) => void }) {
  const t = useServerTable<Revisit>('/api/accountability/revisits', { prefix: 'r_' });
  const columns: TableColumnsType<Revisit> = [
    { title: '日期', dataIndex: 'visited_on', width: 110 },
    { title: '对象', key: 'who', width: 220, render: (_v, r) => who(r) },
    { title: '方式', dataIndex: 'method', width: 100, render: (m: string) => labelOf(catalog?.revisit_methods, m) },
    { title: '回访人', dataIndex: 'visitors', width: 140, ellipsis: true },
    { title: '情况', dataIndex: 'findings', ellipsis: true },
    { title: '评估', dataIndex: 'assessment', width: 170, render: (a: string) => <Tag color={a === 'good' ? 'green' : a === 'fair' ? 'gold' : 'red'}>{labelOf(catalog?.revisit_assessments, a)}</Tag> },
  ];
  return (
    <>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Revisit> rowKey="id" size="middle" columns={columns} {...t.tableProps} locale={{ emptyText: '暂无回访记录' }} />
      {adding && catalog ? (
        <FormModal<{ person_name: string; person_title?: string; org_id: number; decision_id?: number; visited_on: Dayjs; method: string; visitors: string; findings: string; assessment: string; follow_up?: string }>
          title="登记回访"
          okText="登记"
          width={680}
          success="已登记"
          initialValues={{ visited_on: dayjs(), method: 'talk', assessment: 'good' }}
          onClose={(ok) => {
            onAdded(ok);
            if (ok) t.reload();
          }}
          onSubmit={(v) =>
            api.post('/api/accountability/revisits', {
              person_name: v.person_name.trim(),
              person_title: v.person_title?.trim() || null,
              org_id: v.org_id,
              decision_id: v.decision_id ?? null,
              visited_on: v.visited_on.format('YYYY-MM-DD'),
              method: v.method,
              visitors: v.visitors.trim(),
              findings: v.findings.trim(),
              assessment: v.assessment,
              follow_up: v.follow_up?.trim() || null,
            })
          }
        >
          <PersonFields />
          <div className="gt-form-grid">
            <Form.Item label="关联决定编号" name="decision_id" tooltip="可选：被回访人受到的处理或处分决定">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="回访日期" name="visited_on" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="方式" name="method" rules={[{ required: true }]}>
              <Select options={catalog.revisit_methods} />
            </Form.Item>
          </div>
          <Form.Item label="回访人" name="visitors" rules={[{ required: true, whitespace: true, message: '请填写回访人' }, { max: 300 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="回访情况" name="findings" rules={[{ required: true, whitespace: true, message: '请填写回访情况' }, { max: 10000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="评估" name="assessment" rules={[{ required: true }]}>
            <Select options={catalog.revisit_assessments} />
          </Form.Item>
          <Form.Item label="后续措施" name="follow_up" rules={[{ max: 5000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}

function PersonFields() {
  return (
    <div className="gt-form-grid">
      <Form.Item label="姓名" name="person_name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 60 }]}>
        <Input />
      </Form.Item>
      <Form.Item label="职务" name="person_title" rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item label="所在单位" name="org_id" rules={[{ required: true, message: '请选择单位' }]}>
        <OrgPicker />
      </Form.Item>
    </div>
  );
}

export default function CarePage() {
  const { can } = useAuth();
  const catalog = useCatalog();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) || 'tolerances';
  const [adding, setAdding] = useState(false);
  const [counts, setCounts] = useState<{ tolerance: number; clearing: number; false_accusation: number; revisit: number } | null>(null);
  const [tick, setTick] = useState(0);
  const [err, setErr] = useState<unknown>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reload counter (tick) re-runs the load on purpose
  useEffect(() => {
    api
      .get<{ tolerance: number; clearing: number; false_accusation: number; revisit: number }>('/api/accountability/care/counts')
      .then(setCounts)
      .catch(setErr);
  }, [tick]);

  const added = (ok: boolean) => {
    setAdding(false);
    if (ok) setTick((t) => t + 1);
  };
  const labels: Record<Tab, string> = { tolerances: '登记容错纠错', clearings: '登记澄清正名', revisits: '登记回访' };

  return (
    <Page
      title="容错纠错 · 澄清正名 · 回访"
      description="落实“三个区分开来”，为受到不实举报的干部澄清正名、严查诬告陷害，对受处理处分的干部回访教育。"
      card={false}
      extra={
        can('account:edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!catalog}>
            {labels[tab]}
          </Button>
        ) : null
      }
    >
      {err ? <LoadError error={err} /> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {[
          { title: '容错纠错', value: counts?.tolerance },
          { title: '澄清正名', value: counts?.clearing },
          { title: '其中查处诬告陷害', value: counts?.false_accusation },
          { title: '回访教育', value: counts?.revisit },
        ].map((s) => (
          <Col key={s.title} span={6}>
            <Card variant="borderless" size="small" loading={!counts && !err}>
              <Statistic title={s.title} value={s.value ?? 0} suffix="人次" />
            </Card>
          </Col>
        ))}
      </Row>
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'tolerances', label: '容错纠错', children: <Tolerances catalog={catalog} adding={adding && tab === 'tolerances'} onAdded={added} /> },
            { key: 'clearings', label: '澄清正名', children: <Clearings catalog={catalog} adding={adding && tab === 'clearings'} onAdded={added} /> },
            { key: 'revisits', label: '回访', children: <Revisits catalog={catalog} adding={adding && tab === 'revisits'} onAdded={added} /> },
          ]}
        />
      </Card>
    </Page>
  );
}
