/** 筛查移送: orders kicked between units (踢皮球) and units with abnormal dissatisfaction, screened and sent to the commission. */
import { PlayCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

interface Rule {
  kind: string;
  label: string;
  mode: 'immediate' | 'periodic' | 'off';
  params: Record<string, unknown>;
}

type Hit = Record<string, unknown> & { id?: number; kind?: string; title?: string; reasons?: string[]; severity?: string; sent_at?: string | null; transfer_id?: number | null };

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
      const r = await api.post<Record<string, unknown>>('/api/hotline/screening/run', {});
      showSuccess(`筛查完成${typeof r.hits === 'number' ? `：${r.hits} 条` : ''}`);
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
          const r = await api.post<Record<string, unknown>>('/api/hotline/screening/send', { mode });
          showSuccess(`已移送${typeof r.sent === 'number' ? ` ${r.sent} 条` : ''}`);
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const keys = [...new Set(hits.flatMap((h) => Object.keys(h)))].filter((k) => !['id', 'kind', 'reasons', 'evidence', 'detail', 'fingerprint', 'version'].includes(k)).slice(0, 6);

  return (
    <Page
      title="筛查移送"
      card={false}
      description="自动筛查“踢皮球”（退回或改派多次）和承办单位不满意率异常，按移送规则随时或定期移送纪检监察机关。"
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
            <Typography.Text type="secondary" className="gt-small" style={{ marginLeft: 8 }}>
              {Object.entries(r.params)
                .filter(([, v]) => v !== null)
                .map(([k, v]) => `${k}=${String(v)}`)
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
            rowKey={(h) => String(h.id ?? JSON.stringify(h))}
            dataSource={hits}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            expandable={{ expandedRowRender: (h) => <pre className="gt-json">{JSON.stringify(h, null, 2)}</pre> }}
            columns={[
              { title: '类型', dataIndex: 'kind', width: 140, render: (k: string) => rules.find((r) => r.kind === k)?.label.replace(/（.*）/, '') ?? k },
              ...keys.map((k) => ({ title: k, dataIndex: k, key: k, ellipsis: true, render: (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? fmtTime(v) : typeof v === 'object' ? JSON.stringify(v) : String(v)) })),
              { title: '理由', dataIndex: 'reasons', render: (r: string[] | undefined) => (r ?? []).join('；') },
            ]}
          />
        ) : null}
      </Card>
    </Page>
  );
}
