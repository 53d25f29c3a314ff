/**
 * 导入数据: pick a CSV/XLSX file for one dataset, optionally name the supplying organisation and
 * ask for strict mode, upload it (POST /api/datasets/:dataset/import, multipart field `file`) and
 * show the import report: counts, the first rejected rows with reasons, the rejects download and
 * a link to the batch.
 */
import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Modal, Space, Switch, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { fmtSize } from '../../components/Upload.tsx';
import { showError } from '../../feedback.ts';
import { RejectsLink } from './BatchDrawer.tsx';
import { type Dataset, type ImportReply, type Reject, columnLabel, fmtCount } from './labels.ts';

const ACCEPT = '.csv,.xlsx,.xls,.jsonl,.json';
/** Datasets that also take OCDS compiled releases (JSON Lines). */
const OCDS_DATASETS = ['tenders', 'bids'];
/** Rejected rows shown in the report; all of them are in the batch and the XLSX download. */
const SHOWN_REJECTS = 10;

export function ImportDialog({ dataset, onClose }: { dataset: Dataset; onClose: (imported: boolean) => void }) {
  const [result, setResult] = useState<ImportReply | null>(null);
  return result ? <ImportResult dataset={dataset} result={result} onClose={() => onClose(true)} /> : <ImportForm dataset={dataset} onDone={setResult} onCancel={() => onClose(false)} />;
}

function ImportForm({ dataset, onDone, onCancel }: { dataset: Dataset; onDone: (r: ImportReply) => void; onCancel: () => void }) {
  const { me } = useAuth();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [supplier, setSupplier] = useState<number | undefined>(undefined);
  const [strict, setStrict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);

  const start = async () => {
    if (!file) {
      setMissing(true);
      return;
    }
    const fd = new FormData();
    fd.append('file', file, file.name);
    setBusy(true);
    try {
      const query = { strict: strict || undefined, supplier_org_id: supplier };
      const res = await request('POST', `/api/datasets/${dataset.name}/import`, fd, { query });
      onDone((await res.json()) as ImportReply);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`导入数据：${dataset.title}`}
      okText="开始导入"
      onOk={start}
      confirmLoading={busy}
      onCancel={busy ? undefined : onCancel}
      closable={!busy}
      maskClosable={false}
      width={600}
    >
      <Typography.Paragraph type="secondary">
        支持 CSV（UTF-8 或 GB18030 编码，自动识别）和 Excel（.xlsx）文件；首行为列名（中文列名或英文键均可）。必须包含的列：
        {dataset.required.map((k) => columnLabel(dataset, k)).join('、')}。同一主键的行将更新已有数据并保留历史版本。
        {OCDS_DATASETS.includes(dataset.name) ? '也可导入开放缔约数据标准（OCDS）编译版发布的 JSON Lines 文件（每行一个发布）。' : null}
      </Typography.Paragraph>
      <Form layout="vertical" name="import" component="div">
        <Form.Item label="数据文件" required validateStatus={missing && !file ? 'error' : undefined} help={missing && !file ? '请选择要导入的文件' : undefined}>
          <input
            ref={input}
            type="file"
            style={{ display: 'none' }}
            accept={ACCEPT}
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissing(false);
            }}
          />
          <Space wrap>
            <Button icon={<FileAddOutlined />} onClick={() => input.current?.click()} disabled={busy}>
              {file ? '重新选择' : '选择文件'}
            </Button>
            {file ? (
              <>
                <Typography.Text>{file.name}</Typography.Text>
                <Typography.Text type="secondary">{fmtSize(file.size)}</Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">未选择文件</Typography.Text>
            )}
          </Space>
        </Form.Item>
        <Form.Item label="数据提供单位" htmlFor="import-supplier" extra="默认为本单位；只有具有全部数据权限的数据管理员可以代其他单位导入。">
          <OrgPicker id="import-supplier" aria-label="数据提供单位" allowClear value={supplier} onChange={(v) => setSupplier(typeof v === 'number' ? v : undefined)} placeholder={me ? `本单位（${me.org_name}）` : '本单位'} />
        </Form.Item>
        <Form.Item label="严格模式" extra="开启后，只要有一行数据有误，整个文件都不导入（被拒绝的行仍可下载修改）。">
          <Switch checked={strict} onChange={setStrict} aria-label="严格模式" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportResult({ dataset, result, onClose }: { dataset: Dataset; result: ImportReply; onClose: () => void }) {
  const r = result.report;
  const committed = result.status === 'committed';
  const shown = r.rejected.slice(0, SHOWN_REJECTS);
  return (
    <Modal open title={`导入结果：${r.file}`} onCancel={onClose} width={680} footer={<Button type="primary" onClick={onClose}>关闭</Button>}>
      {committed ? (
        <Alert
          type={r.rejected.length ? 'warning' : 'success'}
          showIcon
          title={`已导入 ${fmtCount(r.imported)} 行，更新 ${fmtCount(r.updated)} 行，拒绝 ${fmtCount(r.rejected.length)} 行`}
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Alert type="error" showIcon title={`严格模式：有 ${fmtCount(r.rejected.length)} 行数据有误，整个文件未导入（已导入 0 行，拒绝 ${fmtCount(r.rejected.length)} 行）`} style={{ marginBottom: 12 }} />
      )}
      <Descriptions
        size="small"
        column={3}
        bordered
        items={[
          { key: 'read', label: '读取', children: `${fmtCount(r.rows_read)} 行` },
          { key: 'unchanged', label: '未变化', children: `${fmtCount(result.unchanged)} 行` },
          { key: 'dup', label: '文件内重复', children: `${fmtCount(result.duplicates)} 行` },
          { key: 'enc', label: '编码', children: r.encoding ? r.encoding.toUpperCase() : 'XLSX' },
          { key: 'invalid', label: '证件号/代码校验不通过', span: 2, children: `${fmtCount(r.invalid_ids)} 个（已保留并标记）` },
        ]}
      />
      {shown.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            被拒绝的行{r.rejected.length > shown.length ? `（前 ${shown.length} 行，共 ${fmtCount(r.rejected.length)} 行）` : ''}
          </Typography.Title>
          <Table<Reject>
            size="small"
            rowKey={(x) => `${x.row}-${x.column}`}
            pagination={false}
            dataSource={shown}
            columns={[
              { title: '行号', dataIndex: 'row', key: 'row', width: 80 },
              { title: '列', dataIndex: 'column', key: 'column', width: 140, render: (c: string) => columnLabel(dataset, c) },
              { title: '错误原因', dataIndex: 'reason', key: 'reason' },
            ]}
          />
        </>
      ) : null}
      <Space style={{ marginTop: 16 }} size="large" wrap>
        {r.rejected.length ? <RejectsLink batchId={result.batch_id} fileName={r.file} /> : null}
        <Link to={`/data/batches?batch=${result.batch_id}`}>查看批次</Link>
      </Space>
    </Modal>
  );
}
