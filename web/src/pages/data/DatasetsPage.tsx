/**
 * 数据目录: the 16 datasets of the interchange specification — columns, rows stored, the last
 * import — with the upload of a data file per dataset and the way to its raw rows and batches.
 */
import { Button, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { fmtTime } from '../../format.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { COLUMN_TYPE_LABELS, type Dataset, type DatasetColumn, fmtCount, loadDatasets } from './labels.ts';

function ColumnsTable({ d }: { d: Dataset }) {
  const columns: TableColumnsType<DatasetColumn> = [
    { title: '列名', dataIndex: 'name', key: 'name', width: 200 },
    { title: '英文键', dataIndex: 'key', key: 'key', width: 180, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
    { title: '类型', dataIndex: 'type', key: 'type', width: 140, render: (t: string) => COLUMN_TYPE_LABELS[t] ?? t },
    {
      title: '约束',
      key: 'flags',
      width: 130,
      render: (_v, c) => (
        <Space size={2}>
          {c.is_key ? <Tag color="gold">主键</Tag> : null}
          {c.required ? <Tag color="blue">必填</Tag> : null}
        </Space>
      ),
    },
    { title: '说明', dataIndex: 'description', key: 'description', render: (s: string) => s || '—' },
  ];
  return <Table<DatasetColumn> size="small" rowKey="key" columns={columns} dataSource={d.columns} pagination={false} />;
}

function LastImport({ d }: { d: Dataset }) {
  const b = d.last_import;
  if (!b) return <span className="gt-muted">尚未导入</span>;
  return (
    <Space orientation="vertical" size={0}>
      <Link to={`/data/batches?batch=${b.batch_id}`}>{b.file_name}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {fmtTime(b.finished_at)}
        {b.supplier ? ` · ${b.supplier}` : ''}
      </Typography.Text>
    </Space>
  );
}

export default function DatasetsPage() {
  const { can } = useAuth();
  const [items, setItems] = useState<Dataset[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [importing, setImporting] = useState<Dataset | null>(null);

  const load = useCallback(async (force = false) => {
    setLoading(true);
    try {
      setItems(await loadDatasets(force));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(true);
  }, [load]);

  const columns: TableColumnsType<Dataset> = [
    {
      title: '数据集',
      dataIndex: 'title',
      key: 'title',
      render: (t: string, d) => (
        <Space orientation="vertical" size={0}>
          <span>{t}</span>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {d.name}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '列数', key: 'columns', width: 80, align: 'right', render: (_v, d) => d.columns.length },
    {
      title: '数据行数',
      dataIndex: 'rows',
      key: 'rows',
      width: 120,
      align: 'right',
      render: (n: number, d) => (d.rows_estimated ? <Tooltip title="数据量较大，显示为估算值">约 {fmtCount(n)}</Tooltip> : fmtCount(n)),
    },
    { title: '批次', dataIndex: 'batches', key: 'batches', width: 80, align: 'right', render: (n: number, d) => (n ? <Link to={`/data/batches?dataset=${d.name}`}>{n}</Link> : '0') },
    { title: '提供单位', dataIndex: 'suppliers', key: 'suppliers', width: 90, align: 'right', render: (n: number) => `${n} 个` },
    { title: '最近导入', key: 'last_import', width: 260, render: (_v, d) => <LastImport d={d} /> },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_v, d) => (
        <Space size={4}>
          {can('data:import') ? (
            <Button size="small" type="primary" ghost onClick={() => setImporting(d)}>
              导入
            </Button>
          ) : null}
          {can('data:read_raw') ? <Link to={`/data/rows/${d.name}`}>原始数据</Link> : null}
        </Space>
      ),
    },
  ];

  return (
    <Page title="数据目录" description="数据交换规范约定的 16 类数据：列定义、已入库行数和最近一次导入。点击行首可展开查看列定义；原始数据须经共享授权方可查看，查看记入审计日志。">
      {error ? <LoadError error={error} onRetry={() => void load(true)} /> : null}
      <Table<Dataset>
        rowKey="name"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: (d) => <ColumnsTable d={d} /> }}
      />
      {importing ? (
        <ImportDialog
          dataset={importing}
          onClose={(imported) => {
            setImporting(null);
            if (imported) void load(true);
          }}
        />
      ) : null}
    </Page>
  );
}
