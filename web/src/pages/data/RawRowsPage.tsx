/**
 * 原始数据: the stored rows of one dataset, page-wise (only where a sharing rule allows; every
 * page read is audited), filterable by one column or by batch, with each row's lineage (来源).
 */
import { Alert, Button, Descriptions, Drawer, Input, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Paged, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { fmtTime } from '../../format.ts';
import { cellText } from './labels.ts';

type RawRow = Record<string, unknown> & { _id: number; _invalid?: string[] | null };

interface RowsReply extends Paged<RawRow> {
  title: string;
  columns: { key: string; name: string; type: string }[];
}

interface Source {
  batch_id: number;
  file_name: string | null;
  row: number;
  supplier: string | null;
  uploaded_by_name: string | null;
  imported_at: string | null;
}

interface Lineage {
  title: string;
  row_id: number;
  version: number;
  updated_at: string;
  invalid_columns: string[];
  source: Source;
  history: (Source & { version: number; replaced_at: string; replaced_by_batch: number })[];
}

const FILTERS = ['column', 'value', 'batch_id'] as const;

export default function RawRowsPage() {
  const { dataset = '' } = useParams();
  const t = useServerTable<RawRow>(`/api/datasets/${encodeURIComponent(dataset)}/rows`, { filterKeys: FILTERS, defaultPageSize: 20 });
  const reply = t.data as RowsReply | null;
  const f = t.query.filters;
  const [lineageOf, setLineageOf] = useState<number | null>(null);

  const columns: TableColumnsType<RawRow> = [
    { title: '编号', dataIndex: '_id', key: '_id', width: 80, fixed: 'left' as const, sorter: true, sortOrder: t.sortOrderOf('_id') },
    ...(reply?.columns ?? []).map((c) => ({
      title: c.name,
      dataIndex: c.key,
      key: c.key,
      width: 150,
      ellipsis: true,
      sorter: true,
      sortOrder: t.sortOrderOf(c.key),
      render: (v: unknown, r: RawRow) =>
        r._invalid?.includes(c.key) ? (
          <Tooltip title="校验不通过（已保留原值）">
            <Typography.Text type="danger">{cellText(v)}</Typography.Text>
          </Tooltip>
        ) : (
          cellText(v)
        ),
    })),
    {
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right' as const,
      render: (_v: unknown, r: RawRow) => (
        <Button type="link" size="small" onClick={() => setLineageOf(r._id)}>
          来源
        </Button>
      ),
    },
  ];

  return (
    <Page title={`原始数据：${reply?.title ?? dataset}`} description="原始数据属敏感数据，仅向经共享授权的角色或单位开放；每次查看均记入审计日志。标红的值校验不通过（如身份证号校验位错误），已按原样保留。">
      <RowsFilter columns={reply?.columns ?? []} filters={f} onApply={t.setFilters} />
      {f.batch_id ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <Space>
              仅显示导入批次 <Link to={`/data/batches?batch=${f.batch_id}`}>#{f.batch_id}</Link> 最后写入的行
              <Button size="small" onClick={() => t.setFilters({ batch_id: undefined })}>
                显示全部
              </Button>
            </Space>
          }
        />
      ) : null}
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<RawRow>
        rowKey="_id"
        size="small"
        columns={columns}
        scroll={{ x: Math.max(900, (reply?.columns.length ?? 0) * 150 + 160) }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的数据' : '暂无数据' }}
      />
      {lineageOf ? <LineageDrawer dataset={dataset} columns={reply?.columns ?? []} rowId={lineageOf} onClose={() => setLineageOf(null)} /> : null}
    </Page>
  );
}

function RowsFilter(props: { columns: RowsReply['columns']; filters: Record<string, string>; onApply: (patch: Record<string, string | undefined>) => void }) {
  const [column, setColumn] = useState<string | undefined>(props.filters.column);
  const [value, setValue] = useState(props.filters.value ?? '');
  useEffect(() => {
    setColumn(props.filters.column);
    setValue(props.filters.value ?? '');
  }, [props.filters.column, props.filters.value]);
  const apply = () => {
    const v = value.trim();
    props.onApply(column && v ? { column, value: v } : { column: undefined, value: undefined });
  };
  return (
    <Space wrap className="gt-filters">
      <Select allowClear placeholder="按列筛选" style={{ width: 200 }} value={column} onChange={setColumn} options={props.columns.map((c) => ({ value: c.key, label: c.name }))} showSearch={{ optionFilterProp: 'label' }} aria-label="筛选列" />
      <Input.Search allowClear placeholder="取值（精确匹配）" style={{ width: 260 }} value={value} disabled={!column} onChange={(e) => setValue(e.target.value)} onSearch={apply} enterButton="查询" aria-label="筛选取值" />
    </Space>
  );
}

function LineageDrawer({ dataset, columns, rowId, onClose }: { dataset: string; columns: RowsReply['columns']; rowId: number; onClose: () => void }) {
  const { can } = useAuth();
  const [l, setL] = useState<Lineage | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<Lineage>(`/api/datasets/${encodeURIComponent(dataset)}/rows/${rowId}/lineage`)
      .then(setL)
      .catch(setError);
  }, [dataset, rowId]);
  const batchLink = (id: number) => (can('data:catalog') ? <Link to={`/data/batches?batch=${id}`}>#{id}</Link> : `#${id}`);
  return (
    <Drawer open size={720} title={`数据来源（编号 ${rowId}）`} onClose={onClose}>
      {error ? <LoadError error={error} /> : null}
      {l ? (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'batch', label: '导入批次', children: batchLink(l.source.batch_id) },
              { key: 'row', label: '文件行号', children: `第 ${l.source.row} 行` },
              { key: 'file', label: '文件', span: 2, children: l.source.file_name ?? '—' },
              { key: 'supplier', label: '提供单位', children: l.source.supplier ?? '—' },
              { key: 'uploader', label: '上传人', children: l.source.uploaded_by_name ?? '—' },
              { key: 'imported', label: '导入时间', children: fmtTime(l.source.imported_at) },
              { key: 'version', label: '版本', children: `第 ${l.version} 版（${fmtTime(l.updated_at)}）` },
              { key: 'invalid', label: '校验不通过的列', span: 2, children: l.invalid_columns.length ? l.invalid_columns.map((c) => <Tag key={c}>{columns.find((x) => x.key === c)?.name ?? c}</Tag>) : '无' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            历史版本（{l.history.length}）
          </Typography.Title>
          <Table
            size="small"
            rowKey="version"
            pagination={false}
            dataSource={l.history}
            locale={{ emptyText: '该行导入后未被更新过' }}
            columns={[
              { title: '版本', dataIndex: 'version', key: 'version', width: 60 },
              { title: '批次', dataIndex: 'batch_id', key: 'batch_id', width: 80, render: (id: number) => batchLink(id) },
              { title: '文件', dataIndex: 'file_name', key: 'file_name', ellipsis: true, render: (s: string | null, h) => `${s ?? '—'}（第 ${h.row} 行）` },
              { title: '提供单位', dataIndex: 'supplier', key: 'supplier', width: 150, ellipsis: true, render: (s: string | null) => s ?? '—' },
              { title: '被替换时间', dataIndex: 'replaced_at', key: 'replaced_at', width: 165, render: fmtTime },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
