/** 筛查移送: orders kicked between units (踢皮球) and units with abnormal dissatisfaction, screened and sent to the commission. */
import { PlayCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, InputNumber, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

interface Rule {
  kind: string;
  label: string;
  mode: 'immediate' | 'periodic' | 'off';
  receiver_org_id: number | null;
  sender_org_id: number | null;
  params: Record<string, unknown>;
  param_options: Record<string, string[]>;
  version: number;
}

/** Labels of the rules' thresholds (params); ratios are edited as percentages. */
const PARAM_LABELS: Record<string, { label: string; percent?: boolean; min?: number }> = {
  minReturns: { label: '退回或改派次数达到', min: 1 },
  seriousReturns: { label: '严重（立即移送）次数达到', min: 1 },
  sigmas: { label: '高于平均值的标准差倍数', min: 0 },
  minVisited: { label: '参与统计的最少回访件数', min: 1 },
  threshold: { label: '固定不满意率阈值（%，空=按标准差）', percent: true, min: 0 },
  seriousRate: { label: '严重（立即移送）不满意率（%）', percent: true, min: 0 },
  windowDays: { label: '统计窗口（天）', min: 1 },
  seriousOrders: { label: '严重（立即移送）：同一事项工单达到（件）', min: 2 },
  seriousDays: { label: '严重（立即移送）：超期天数达到', min: 0 },
};
/** Labels of list thresholds; their allowed values come with the rule (`param_options`). */
const LIST_LABELS: Record<string, string> = { seriousKinds: '严重（立即移送）的作风问题类型' };

/** A screening finding (hotline_screen_hits). */
interface Hit {
  id: number;
  kind: string;
  order_ids: string[];
  unit: string | null;
  responsible_unit: string | null;
  serious: boolean;
  detail: Record<string, unknown> | null;
  found_at: string;
  transfer_id: number | null;
  transferred_at: string | null;
  withdrawn: string | null;
}

/** The finding in a sentence: what was found, from its detail. */
function findingText(h: Hit): string {
  const d = h.detail ?? {};
  if (Array.isArray(d.reasons)) return (d.reasons as string[]).join('；');
  if (h.kind === 'kickball') return `退回或改派 ${String(d.returns)} 次，经手单位：${((d.units as string[]) ?? []).join('、')}`;
  if (h.kind === 'unsatisfied_unit') return `${String(d.from)} 至 ${String(d.to)} 回访 ${String(d.visited)} 件，不满意 ${String(d.unsatisfied)} 件（${Math.round(Number(d.rate) * 1000) / 10}%）`;
  return '';
}

const MODE_LABELS: Record<string, string> = { immediate: '随时移送', periodic: '定期移送', off: '不移送' };

export default function ScreeningPage() {
  const { can } = useAuth();
  const { modal } = feedback();
  const [rules, setRules] = useState<Rule[]>([]);
  const [hits, setHits] = useState<Hit[]>([]);
  const [kind, setKind] = useState('');
  const [pending, setPending] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<Rule | null>(null);

  const load = useCallback(async () => {
    try {
      const [r, h] = await Promise.all([api.get<Rule[]>('/api/hotline/transfer-rules'), api.get<Hit[] | { items: Hit[] }>('/api/hotline/screening/hits', { query: { kind: kind || undefined, pending: pending || undefined } })]);
      setRules(r);
      setHits(Array.isArray(h) ? h : h.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [kind, pending]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async () => {
    setBusy('run');
    try {
      const r = await api.post<{ kickball: number; unsatisfied_units: number; model_hits: Record<string, number>; new_hits: number[] }>('/api/hotline/screening/run', {});
      const m = r.model_hits;
      showSuccess(
        `筛查完成：踢皮球工单 ${r.kickball} 件，不满意率异常单位 ${r.unsatisfied_units} 个，作风问题 ${m.hotline_conduct ?? 0} 件，重复诉求 ${m.hotline_repeat ?? 0} 件，督办超期 ${m.hotline_overdue ?? 0} 件，新增筛查结果 ${r.new_hits.length} 条`,
      );
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const send = (mode: 'immediate' | 'periodic') =>
    modal.confirm({
      title: mode === 'immediate' ? '移送随时移送类的筛查结果？' : '移送定期移送类的筛查结果？',
      content: '将按移送规则生成移交，接收单位签收后办理。',
      okText: '移送',
      onOk: async () => {
        try {
          const r = await api.post<{ sent: { transfer_id: number; items: number }[]; skipped: { kind: string; reason: string }[] }>('/api/hotline/screening/send', { mode });
          const items = r.sent.reduce((n, x) => n + x.items, 0);
          showSuccess(r.sent.length ? `已生成 ${r.sent.length} 件移交，共 ${items} 条筛查结果` : '没有需要移送的筛查结果');
          if (r.skipped.length) feedback().message.warning(`未移送：${r.skipped.map((x) => `${rules.find((k) => k.kind === x.kind)?.label ?? x.kind}（${x.reason.split(' / ')[0]}）`).join('；')}`);
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <Page
      title="筛查移送"
      card={false}
      description="自动筛查“踢皮球”（退回或改派多次）、承办单位不满意率异常，并运行作风问题（M13）、重复诉求（M14）、督办超期（M15）模型，按移送规则随时或定期移送纪检监察机关。已转为问题线索或核查不属实的模型命中不再移送。"
      extra={
        can('hotline:transfer') ? (
          <>
            <Button icon={<PlayCircleOutlined />} loading={busy === 'run'} onClick={run}>
              立即筛查
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => send('immediate')}>
              移送随时类
            </Button>
            <Button icon={<SendOutlined />} onClick={() => send('periodic')}>
              移送定期类
            </Button>
          </>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Card variant="borderless" size="small" title="移送规则" style={{ marginBottom: 12 }}>
        {rules.map((r) => (
          <div key={r.kind} style={{ marginBottom: 4 }}>
            <Tag color={r.mode === 'off' ? 'default' : 'blue'}>{MODE_LABELS[r.mode]}</Tag> {r.label}
            {can('hotline:transfer') ? (
              <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={`修改移送规则：${r.label}`}>
                修改
              </Button>
            ) : null}
            <Typography.Text type="secondary" className="gt-small" style={{ marginLeft: 8 }}>
              {Object.entries(r.params)
                .filter(([, v]) => v !== null)
                .map(([k, v]) => `${PARAM_LABELS[k]?.label ?? LIST_LABELS[k] ?? k}：${Array.isArray(v) ? v.join('、') : PARAM_LABELS[k]?.percent ? `${Math.round(Number(v) * 10_000) / 100}%` : String(v)}`)
                .join('，')}
            </Typography.Text>
          </div>
        ))}
      </Card>
      <Card variant="borderless" size="small">
        <Space style={{ marginBottom: 8 }} wrap>
          <Segmented value={kind} onChange={(v) => setKind(v as string)} options={[{ value: '', label: '全部' }, ...rules.map((r) => ({ value: r.kind, label: r.label.replace(/（.*）/, '') }))]} />
          <Segmented value={pending ? 'pending' : 'all'} onChange={(v) => setPending(v === 'pending')} options={[{ value: 'pending', label: '待移送' }, { value: 'all', label: '全部' }]} />
        </Space>
        {!hits.length ? <Alert type="info" showIcon title="暂无筛查结果" description={can('hotline:transfer') ? '点击“立即筛查”对现有工单运行筛查。' : undefined} /> : null}
        {hits.length ? (
          <Table<Hit>
            size="small"
            rowKey="id"
            dataSource={hits}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '类型', dataIndex: 'kind', width: 140, render: (k: string) => rules.find((r) => r.kind === k)?.label.replace(/（.*）/, '') ?? k },
              {
                title: '工单',
                dataIndex: 'order_ids',
                width: 170,
                render: (ids: string[]) => (
                  <Space size={2} wrap>
                    {ids.slice(0, 3).map((id) => (
                      <Link key={id} to={`/hotline/orders/${encodeURIComponent(id)}`}>
                        {id}
                      </Link>
                    ))}
                    {ids.length > 3 ? <Typography.Text type="secondary">等{ids.length}件</Typography.Text> : null}
                  </Space>
                ),
              },
              { title: '承办单位', dataIndex: 'unit', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: '责任单位', dataIndex: 'responsible_unit', width: 150, ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">清单未覆盖</Typography.Text> },
              { title: '严重', dataIndex: 'serious', width: 64, render: (v: boolean) => (v ? <Tag color="red">严重</Tag> : '一般') },
              { title: '发现时间', dataIndex: 'found_at', width: 140, render: (v: string) => fmtTime(v) },
              {
                title: '状态',
                key: 'state',
                width: 120,
                render: (_: unknown, h: Hit) =>
                  h.transfer_id ? (
                    <Link to={`/transfers/${h.transfer_id}`}>已移送</Link>
                  ) : h.withdrawn ? (
                    <Tooltip title={h.withdrawn.split(' / ')[0]}>
                      <Tag>不再移送</Tag>
                    </Tooltip>
                  ) : (
                    <Tag color="gold">待移送</Tag>
                  ),
              },
              { title: '发现', key: 'finding', ellipsis: true, render: (_: unknown, h: Hit) => findingText(h) },
            ]}
          />
        ) : null}
      </Card>
      {editing ? (
        <RuleDialog
          rule={editing}
          onClose={(ok) => {
            setEditing(null);
            if (ok) void load();
          }}
        />
      ) : null}
    </Page>
  );
}

/** Edit one transfer rule: 随时 / 定期 / 不移送, receiving and sending organisation, thresholds. */
function RuleDialog({ rule, onClose }: { rule: Rule; onClose: (ok: boolean) => void }) {
  const keys = Object.keys(rule.params).filter((k) => k in PARAM_LABELS);
  const lists = Object.keys(rule.param_options ?? {});
  const toForm = (k: string, v: unknown) => (v === null || v === undefined ? null : PARAM_LABELS[k].percent ? Math.round(Number(v) * 10_000) / 100 : Number(v));
  const fromForm = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? null : PARAM_LABELS[k].percent ? Number(v) / 100 : Number(v));
  return (
    <FormModal<{ mode: Rule['mode']; receiver_org_id?: number | null; sender_org_id?: number | null; params: Record<string, number | null>; lists: Record<string, string[]> }>
      title={`修改移送规则：${rule.label}`}
      okText="保存"
      success="移送规则已保存"
      name="rule"
      initialValues={{ mode: rule.mode, receiver_org_id: rule.receiver_org_id, sender_org_id: rule.sender_org_id, params: Object.fromEntries(keys.map((k) => [k, toForm(k, rule.params[k])])), lists: Object.fromEntries(lists.map((k) => [k, rule.params[k] as string[]])) }}
      onClose={onClose}
      onSubmit={(v) =>
        api.put(`/api/hotline/transfer-rules/${encodeURIComponent(rule.kind)}`, {
          mode: v.mode,
          receiver_org_id: v.receiver_org_id ?? null,
          sender_org_id: v.sender_org_id ?? null,
          params: { ...Object.fromEntries(keys.map((k) => [k, fromForm(k, v.params?.[k])])), ...Object.fromEntries(lists.map((k) => [k, v.lists?.[k] ?? []])) },
          version: rule.version,
        })
      }
    >
      <Form.Item label="移送方式" name="mode" rules={[{ required: true }]} extra="随时移送：每条筛查结果立即移送；定期移送：每周汇总一批移送（严重的仍立即移送）。">
        <Select options={Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item label="接收单位" name="receiver_org_id" rules={[{ required: true, message: '请选择接收单位' }]}>
        <OrgPicker placeholder="选择接收的纪检监察机关" />
      </Form.Item>
      <Form.Item label="定期移送的发送单位" name="sender_org_id" extra="定时任务以该单位名义移送（通常为12345热线办）；手动移送时以操作人所在单位名义。">
        <OrgPicker allowClear placeholder="选择发送单位" />
      </Form.Item>
      {keys.map((k) => (
        <Form.Item key={k} label={PARAM_LABELS[k].label} name={['params', k]} rules={k === 'threshold' ? [] : [{ required: true, message: '请填写' }]}>
          <InputNumber min={PARAM_LABELS[k].min} max={PARAM_LABELS[k].percent ? 100 : undefined} style={{ width: 200 }} />
        </Form.Item>
      ))}
      {lists.map((k) => (
        <Form.Item key={k} label={LIST_LABELS[k] ?? k} name={['lists', k]}>
          <Select mode="multiple" allowClear options={rule.param_options[k].map((o) => ({ value: o, label: o }))} />
        </Form.Item>
      ))}
    </FormModal>
  );
}
