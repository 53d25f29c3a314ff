/** One import batch (GET /api/datasets/batches/:id): who supplied which file, the counts, and the rejected rows with reasons. */
import { Descriptions, type DescriptionsProps, Drawer, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type Paged, api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError } from '../../components/Page.tsx';
import { fmtSize } from '../../components/Upload.tsx';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { BATCH_STATUS, type Batch, type Reject, columnLabel, fmtCount, useDatasets } from './labels.ts';

interface BatchDetail {
  batch: Batch;
  rejects: Paged<Reject>;
}

const PAGE_SIZE = 20;

/** The rejected rows of a batch as XLSX (row number, the row as written, columns and reasons). */
export function RejectsLink({ batchId, fileName }: { batchId: number; fileName: string }) {
  const url = `/api/datasets/batches/${batchId}/rejects.xlsx`;
  const name = `${fileName.replace(/\.[^.]+$/, '')}-被拒绝的行.xlsx`;
  return (
    <Typography.Link
      href={url}
      onClick={(e) => {
        e.preventDefault();
        download(url, undefined, name).catch(showError);
      }}
    >
      下载被拒绝的行（XLSX）
    </Typography.Link>
  );
}

function batchItems(b: Batch): DescriptionsProps['items'] {
  const st = BATCH_STATUS[b.status];
  return [
    { key: 'dataset', label: '数据集', span: 2, children: `${b.title}（${b.dataset}）` },
    { key: 'file', label: '文件名', span: 2, children: b.file_name },
    { key: 'format', label: '格式', children: `${b.format.toUpperCase()}${b.encoding ? ` · ${b.encoding.toUpperCase()}` : ''} · ${fmtSize(b.file_size)}` },
    { key: 'status', label: '状态', children: <Tag color={st?.color}>{st?.text ?? b.status}</Tag> },
    { key: 'supplier', label: '提供单位', children: b.supplier ?? '—' },
    { key: 'uploader', label: '上传人', children: b.uploaded_by_name ?? '—' },
    { key: 'started', label: '开始时间', children: fmtTime(b.started_at) },
    { key: 'finished', label: '完成时间', children: fmtTime(b.finished_at) },
    { key: 'rows', label: '读取行数', children: fmtCount(b.rows_read) },
    { key: 'imported', label: '新增', children: fmtCount(b.imported) },
    { key: 'updated', label: '更新', children: fmtCount(b.updated) },
    { key: 'unchanged', label: '未变化', children: fmtCount(b.unchanged) },
    { key: 'duplicates', label: '文件内重复', children: fmtCount(b.duplicates) },
    { key: 'rejected', label: '拒绝', children: fmtCount(b.rejected) },
    { key: 'invalid', label: '证件号/代码校验不通过', children: fmtCount(b.invalid_ids) },
    { key: 'strict', label: '严格模式', children: b.strict ? '是（有错误行时整批不导入）' : '否' },
    { key: 'sm3', label: '文件 SM3', span: 2, children: <Typography.Text code copyable className="gt-muted">{b.file_sm3}</Typography.Text> },
  ];
}

export function BatchDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { can } = useAuth();
  const datasets = useDatasets();
  const [page, setPage] = useState(1);
  const [detail, setDetail] = useState<BatchDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctl = new AbortController();
    api
      .get<BatchDetail>(`/api/datasets/batches/${id}`, { query: { page, pageSize: PAGE_SIZE }, signal: ctl.signal })
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      });
    return () => ctl.abort();
  }, [id, page]);

  const b = detail?.batch;
  const ds = datasets.find((d) => d.name === b?.dataset);
  const columns: TableColumnsType<Reject> = [
    { title: '行号', dataIndex: 'row', key: 'row', width: 80 },
    { title: '列', dataIndex: 'column', key: 'column', width: 160, render: (c: string) => columnLabel(ds, c) },
    { title: '错误原因', dataIndex: 'reason', key: 'reason' },
  ];

  return (
    <Drawer open size={820} title={`导入批次 #${id}`} onClose={onClose}>
      {error ? <LoadError error={error} /> : null}
      {b && detail ? (
        <>
          <Descriptions size="small" column={2} bordered items={batchItems(b)} />
          <Space style={{ marginTop: 16, marginBottom: 8 }} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              被拒绝的行（{fmtCount(detail.rejects.total)} 项）
            </Typography.Title>
            {detail.rejects.total > 0 && can('data:import') ? <RejectsLink batchId={b.id} fileName={b.file_name} /> : null}
            {b.status === 'committed' && can('data:read_raw') ? <Link to={`/data/rows/${b.dataset}?batch_id=${b.id}`}>查看本批次数据</Link> : null}
          </Space>
          <Table<Reject>
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
            columns={columns}
            dataSource={detail.rejects.items}
            locale={{ emptyText: '本批次没有被拒绝的行' }}
            pagination={
              detail.rejects.total > PAGE_SIZE
                ? { current: page, pageSize: PAGE_SIZE, total: detail.rejects.total, showSizeChanger: false, showTotal: (t) => `共 ${t} 项`, onChange: setPage }
                : false
            }
          />
        </>
      ) : null}
    </Drawer>
  );
}
