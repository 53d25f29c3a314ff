/**
 * 问题线索 register: the clues given to the user (知悉范围), searched and filtered on the server,
 * with counts by status, CSV export (audited) and registration.
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Switch, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useDict } from '../../components/useDict.ts';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { CLUE_STATE_COLORS, CLUE_STATE_LABELS, FORM_LABELS, METHOD_LABELS, OUTCOMES, SOURCE_LABELS } from './labels.ts';

export interface ClueRow {
  id: number;
  code: string;
  title: string;
  source_type: string;
  source_label: string;
  source_ref: string | null;
  status: string;
  status_label: string;
  method: string | null;
  outcome: string | null;
  outcome_form: number | null;
  cadre_level: string;
  domain_tags: string[];
  received_on: string;
  org_id: number;
  org_name: string;
  handler_id: number | null;
  handler_name: string | null;
  persons: string | null;
  version: number;
}

/** `district` and `outcome` come from the 驾驶舱 drill-downs (clues whose unit lies in that 区县; of that 处置结果); shown as removable tags. */
const FILTERS = ['status', 'source_type', 'method', 'form', 'domain_tag', 'from', 'to', 'mine', 'id_number', 'district', 'outcome'] as const;

interface FilterValues {
  q?: string;
  status?: string;
  source_type?: string;
  method?: string;
  form?: number;
  domain_tag?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  mine?: boolean;
  id_number?: string;
}

const opts = (m: Record<string | number, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

export default function CluesPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const t = useServerTable<ClueRow>('/api/clues', { filterKeys: FILTERS, defaultSort: 'id', defaultOrder: 'desc' });
  const [form] = Form.useForm<FilterValues>();
  const tags = useDict('domain_tag');
  const [stats, setStats] = useState<{ total: number; by_status: Record<string, number> } | null>(null);
  const [exporting, setExporting] = useState(false);
  const f = t.query.filters;
  const filterKey = JSON.stringify({ ...f, status: undefined });

  // Counts by status under the other filters (the status tags below double as a filter).
  useEffect(() => {
    const q = JSON.parse(filterKey) as Record<string, string>;
    api
      .get<{ total: number; by_status: Record<string, number> }>('/api/clues/stats', { query: q })
      .then(setStats)
      .catch(() => setStats(null));
  }, [filterKey]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      await download('/api/clues/export', { ...f }, 'clues.csv');
      showSuccess('已导出（导出操作已记入审计日志）');
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<ClueRow> = [
    {
      title: '线索编号',
      dataIndex: 'code',
      key: 'code',
      width: 150,
      sorter: true,
      sortOrder: t.sortOrderOf('code'),
      render: (code: string, r) => <Link to={`/clues/${r.id}`}>{code}</Link>,
    },
    { title: '标题', dataIndex: 'title', key: 'title', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
    { title: '被反映人', dataIndex: 'persons', key: 'persons', width: 130, ellipsis: true, render: (v) => v ?? '—' },
    { title: '来源', dataIndex: 'source_label', key: 'source', width: 100 },
    { title: '干部管理权限', dataIndex: 'cadre_level', key: 'cadre_level', width: 110 },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 140,
      sorter: true,
      sortOrder: t.sortOrderOf('status'),
      render: (s: string, r) => <Tag color={CLUE_STATE_COLORS[s]}>{r.status_label ?? CLUE_STATE_LABELS[s]}</Tag>,
    },
    {
      title: '处置方式',
      dataIndex: 'method',
      key: 'method',
      width: 100,
      render: (m: string | null, r) => (m ? `${METHOD_LABELS[m] ?? m}${r.outcome_form ? ` · ${FORM_LABELS[r.outcome_form]}` : ''}` : '—'),
    },
    { title: '受理日期', dataIndex: 'received_on', key: 'received_on', width: 110, sorter: true, sortOrder: t.sortOrderOf('received_on') },
    { title: '承办人', dataIndex: 'handler_name', key: 'handler', width: 90, render: (v) => v ?? '—' },
  ];

  return (
    <Page
      title="问题线索"
      description="线索按“知悉范围”可见：仅登记单位、承办人和经授权的人员可以查看。所有查看、检索与导出均记入审计日志。"
      extra={
        <>
          <Button icon={<DownloadOutlined />} onClick={exportCsv} loading={exporting}>
            导出 CSV
          </Button>
          {can('clue:create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/clues/new')}>
              登记线索
            </Button>
          ) : null}
        </>
      }
    >
      <FilterBar<FilterValues>
        form={form}
        initial={{
          q: f.q,
          status: f.status,
          source_type: f.source_type,
          method: f.method,
          form: f.form ? Number(f.form) : undefined,
          domain_tag: f.domain_tag,
          range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : undefined,
          mine: f.mine === 'true',
          id_number: f.id_number,
        }}
        onApply={(v) =>
          t.setFilters({
            q: v.q?.trim(),
            status: v.status,
            source_type: v.source_type,
            method: v.method,
            form: v.form ? String(v.form) : undefined,
            domain_tag: v.domain_tag,
            from: v.range?.[0]?.format('YYYY-MM-DD'),
            to: v.range?.[1]?.format('YYYY-MM-DD'),
            mine: v.mine ? 'true' : undefined,
            id_number: v.id_number?.trim(),
          })
        }
        onReset={t.resetFilters}
        label="筛选线索"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="编号、标题、摘要、被反映人或单位" style={{ width: 230 }} />
        </Form.Item>
        <Form.Item name="source_type" label="来源">
          <Select allowClear placeholder="全部" options={opts(SOURCE_LABELS)} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" options={opts(CLUE_STATE_LABELS)} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="method" label="处置方式">
          <Select allowClear placeholder="全部" options={opts(METHOD_LABELS)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="form" label="四种形态">
          <Select allowClear placeholder="全部" options={Object.entries(FORM_LABELS).map(([v, l]) => ({ value: Number(v), label: l }))} style={{ width: 130 }} />
        </Form.Item>
        {tags.length ? (
          <Form.Item name="domain_tag" label="领域">
            <Select allowClear placeholder="全部" options={tags} style={{ width: 130 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="range" label="受理日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="id_number" label="身份证号" tooltip="按被反映人身份证号精确检索（仅比对哈希，不解密）；检索行为记入审计日志">
          <Input allowClear style={{ width: 190 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="mine" label="我承办的" valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterBar>
      {f.district || f.outcome ? (
        <Space size={4} style={{ margin: '4px 0 8px' }} aria-label="驾驶舱筛选">
          {f.district ? (
            <Tag color="blue" closable onClose={() => t.setFilters({ district: undefined })}>
              区县：{f.district}
            </Tag>
          ) : null}
          {f.outcome ? (
            <Tag color="blue" closable onClose={() => t.setFilters({ outcome: undefined })}>
              处置结果：{OUTCOMES[f.outcome]?.label ?? f.outcome}
            </Tag>
          ) : null}
        </Space>
      ) : null}
      {stats ? (
        <Space wrap size={[4, 8]} className="gt-status-tags" aria-label="按状态统计">
          <Tag.CheckableTag checked={!f.status} onChange={() => t.setFilters({ status: undefined })}>
            全部 {stats.total}
          </Tag.CheckableTag>
          {Object.entries(CLUE_STATE_LABELS)
            .filter(([s]) => s !== 'merged')
            .map(([s, label]) => (
              <Tag.CheckableTag key={s} checked={f.status === s} onChange={(on) => t.setFilters({ status: on ? s : undefined })}>
                {label} {stats.by_status[s] ?? 0}
              </Tag.CheckableTag>
            ))}
        </Space>
      ) : null}
      {f.id_number ? <Alert type="info" showIcon title="按身份证号检索：本次检索已记入审计日志。" style={{ margin: '8px 0' }} /> : null}
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<ClueRow>
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1150 }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的线索' : '暂无线索（仅显示您知悉范围内的线索）' }}
      />
    </Page>
  );
}
