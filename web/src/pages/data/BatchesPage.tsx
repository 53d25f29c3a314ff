/**
 * 导入批次: the import catalogue — which body supplied which dataset, when, from which file, with
 * how many rows imported, updated and rejected. `?batch=<id>` opens that batch in the drawer.
 */
import { Button, Segmented, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';
import { BatchDrawer } from './BatchDrawer.tsx';
import { BATCH_STATUS, type Batch, type BatchStatus, fmtCount, useDatasets } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';

const FILTERS = ['dataset', 'supplier_org_id', 'status'] as const;

export default function BatchesPage() {
  const [params, setParams] = useSearchParams();
  const t = useServerTable<Batch>('/api/datasets/batches', { filterKeys: FILTERS, defaultSort: 'id', defaultOrder: 'desc' });
  const datasets = useDatasets();
  const f = t.query.filters;
  const openId = Number(params.get('batch')) || null;
  const setOpen = (id: number | null) => paramSetter(setParams)('batch', id);

  const num = (key: keyof Batch & string, title: string, width = 90) => ({
    title,
    dataIndex: key,
    key,
    width,
    align: 'right' as const,
    sorter: true,
    sortOrder: t.sortOrderOf(key),
    render: (n: number) => fmtCount(n),
  });

  const columns: TableColumnsType<Batch> = [
    { title: '批次', dataIndex: 'id', key: 'id', width: 80, sorter: true, sortOrder: t.sortOrderOf('id'), render: (id: number) => `#${id}` },
    {
      title: '文件',
      dataIndex: 'file_name',
      key: 'file_name',
      width: 260,
      ellipsis: true,
      render: (name: string, b) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setOpen(b.id)}>
          {name}
        </Button>
      ),
    },
    { title: '数据集', dataIndex: 'title', key: 'dataset', width: 200, ellipsis: true },
    { title: '提供单位', dataIndex: 'supplier', key: 'supplier', width: 170, ellipsis: true, render: (s: string | null) => s ?? '—' },
    { title: '上传人', dataIndex: 'uploaded_by_name', key: 'uploaded_by_name', width: 100, ellipsis: true, render: (s: string | null) => s ?? '—' },
    { title: '导入时间', dataIndex: 'started_at', key: 'started_at', width: 165, sorter: true, sortOrder: t.sortOrderOf('started_at'), render: fmtTime },
    num('rows_read', '读取'),
    num('imported', '新增'),
    num('updated', '更新'),
    num('rejected', '拒绝'),
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (s: BatchStatus) => <Tag color={BATCH_STATUS[s]?.color}>{BATCH_STATUS[s]?.text ?? s}</Tag>,
    },
  ];

  return (
    <Page title="导入批次" description="每次数据导入形成一个批次：记录提供单位、文件（含 SM3 摘要）、上传人、时间和新增、更新、拒绝行数。点击文件名查看被拒绝的行及原因。">
      <Space wrap className="gt-filters">
        <Select
          allowClear
          placeholder="全部数据集"
          style={{ width: 280 }}
          value={f.dataset}
          onChange={(v) => t.setFilters({ dataset: v })}
          options={datasets.map((d) => ({ value: d.name, label: d.title }))}
          showSearch={{ optionFilterProp: 'label' }}
          aria-label="数据集"
        />
        <OrgPicker allowClear placeholder="全部提供单位" style={{ width: 240 }} value={f.supplier_org_id ? Number(f.supplier_org_id) : undefined} onChange={(v) => t.setFilters({ supplier_org_id: typeof v === 'number' ? String(v) : undefined })} aria-label="提供单位" />
        <Segmented
          value={f.status ?? ''}
          onChange={(v) => t.setFilters({ status: (v as string) || undefined })}
          options={[{ value: '', label: '全部' }, ...Object.entries(BATCH_STATUS).map(([value, s]) => ({ value, label: s.text }))]}
        />
      </Space>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Batch> rowKey="id" size="middle" columns={columns} scroll={{ x: 1300 }} {...t.tableProps} locale={{ emptyText: t.hasFilters ? '没有符合条件的批次' : '暂无导入批次' }} />
      {openId ? <BatchDrawer id={openId} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}
