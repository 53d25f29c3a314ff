/** 登录日志 (安全审计员): every sign-in attempt, second-factor check and sign-out. */
import { Form, Input, Select, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { FilterBar } from '../../components/FilterBar.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { OUTCOME_LABELS, fmtTime } from '../../format.ts';

interface LoginRow {
  id: number | string;
  username: string;
  user_id: number | null;
  at: string;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  reason: string | null;
}

const REASONS: Record<string, string> = {
  'unknown user': '用户不存在',
  disabled: '账号已停用',
  'password ok, second factor pending': '口令正确，待验证动态口令',
  'second factor ok': '动态口令验证通过',
};

function reasonText(r: string | null): string {
  if (!r) return '—';
  const m = /^failure (\d+)$/.exec(r);
  if (m) return `口令错误（连续第 ${m[1]} 次）`;
  return REASONS[r] ?? r;
}

interface FilterValues {
  q?: string;
  username?: string;
  outcome?: string;
}

export default function LoginLogPage() {
  const t = useServerTable<LoginRow>('/api/audit/login-log', { filterKeys: ['username', 'outcome'] });
  const [form] = Form.useForm<FilterValues>();
  const f = t.query.filters;

  const columns: TableColumnsType<LoginRow> = [
    { title: '时间', dataIndex: 'at', key: 'at', width: 170, render: fmtTime },
    { title: '用户名', dataIndex: 'username', key: 'username', width: 140 },
    {
      title: '结果',
      dataIndex: 'outcome',
      key: 'outcome',
      width: 130,
      render: (o: string) => <Tag color={OUTCOME_LABELS[o]?.color}>{OUTCOME_LABELS[o]?.text ?? o}</Tag>,
    },
    { title: '说明', dataIndex: 'reason', key: 'reason', render: reasonText },
    { title: 'IP', dataIndex: 'ip', key: 'ip', width: 140, render: (v) => v ?? '—' },
    {
      title: '浏览器',
      dataIndex: 'user_agent',
      key: 'user_agent',
      width: 220,
      ellipsis: { showTitle: false },
      render: (v: string | null) => (v ? <Tooltip title={v}>{v}</Tooltip> : '—'),
    },
  ];

  return (
    <Page title="登录日志" description="记录每一次登录尝试、动态口令验证与退出；连续失败 5 次的账号锁定 10 分钟。">
      <FilterBar<FilterValues>
        form={form}
        initial={{ q: f.q, username: f.username, outcome: f.outcome }}
        onApply={(v) => t.setFilters({ q: v.q?.trim(), username: v.username?.trim(), outcome: v.outcome })}
        onReset={t.resetFilters}
        label="筛选登录日志"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="用户名或 IP（模糊）" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="username" label="用户名">
          <Input allowClear placeholder="精确匹配" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="outcome" label="结果">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 150 }}
            options={['success', 'failure', 'locked', 'mfa_failure', 'logout'].map((o) => ({ value: o, label: OUTCOME_LABELS[o].text }))}
          />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<LoginRow>
        rowKey="id"
        size="small"
        columns={columns}
        scroll={{ x: 1000 }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的登录记录' : '暂无登录记录' }}
      />
    </Page>
  );
}
