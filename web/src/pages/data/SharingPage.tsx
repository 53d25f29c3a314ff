/**
 * 数据共享: which roles and organisations may read the raw rows of which dataset (besides the
 * permission `data:read_raw`). Grant a rule, revoke one (with a confirmation); both are audited.
 */
import { PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Radio, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';
import { type Dataset, ROLE_LABELS, useDatasets } from './labels.ts';

type Kind = 'role' | 'org';

interface Rule {
  dataset: string;
  grantee_kind: Kind;
  grantee: string;
  granted_at: string;
  granted_by: number | null;
}

const KIND_LABELS: Record<Kind, string> = { role: '角色', org: '单位' };

export default function SharingPage() {
  const { modal } = feedback();
  const datasets = useDatasets();
  const { orgs } = useOrgs();
  const [dataset, setDataset] = useState<string | undefined>(undefined);
  const [items, setItems] = useState<Rule[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await api.get<{ items: Rule[] }>('/api/datasets/sharing', { query: { dataset } })).items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [dataset]);
  useEffect(() => {
    void load();
  }, [load]);

  const titleOf = (name: string) => datasets.find((d) => d.name === name)?.title ?? name;
  const granteeText = (r: Pick<Rule, 'grantee_kind' | 'grantee'>) =>
    r.grantee_kind === 'role' ? (ROLE_LABELS[r.grantee] ? `${ROLE_LABELS[r.grantee]}（${r.grantee}）` : r.grantee) : (orgs.find((o) => String(o.id) === r.grantee)?.name ?? `单位 ${r.grantee}`);

  const revoke = (r: Rule) =>
    modal.confirm({
      title: '撤销数据共享？',
      content: `撤销后，${KIND_LABELS[r.grantee_kind]}“${granteeText(r)}”将不能再查看“${titleOf(r.dataset)}”的原始数据。`,
      okText: '撤销',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/api/datasets/${encodeURIComponent(r.dataset)}/sharing/${r.grantee_kind}/${encodeURIComponent(r.grantee)}`);
          showSuccess('已撤销共享');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const columns: TableColumnsType<Rule> = [
    { title: '数据集', dataIndex: 'dataset', key: 'dataset', ellipsis: true, render: (d: string) => titleOf(d) },
    { title: '授权对象类型', dataIndex: 'grantee_kind', key: 'grantee_kind', width: 120, render: (k: Kind) => <Tag color={k === 'role' ? 'blue' : 'purple'}>{KIND_LABELS[k]}</Tag> },
    { title: '授权对象', key: 'grantee', width: 260, ellipsis: true, render: (_v, r) => granteeText(r) },
    { title: '授权时间', dataIndex: 'granted_at', key: 'granted_at', width: 170, render: fmtTime },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_v, r) => (
        <Button type="link" size="small" danger onClick={() => revoke(r)}>
          撤销
        </Button>
      ),
    },
  ];

  return (
    <Page
      title="数据共享"
      description="原始数据默认不向任何人开放：须同时具有“查看原始数据行”权限，并由此处的共享规则授权给其角色或所在单位。授权与撤销均记入审计日志。"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          新增共享
        </Button>
      }
    >
      <Space wrap className="gt-filters">
        <Select allowClear placeholder="全部数据集" style={{ width: 300 }} value={dataset} onChange={setDataset} options={datasets.map((d) => ({ value: d.name, label: d.title }))} showSearch={{ optionFilterProp: 'label' }} aria-label="数据集" />
      </Space>
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Rule>
        rowKey={(r) => `${r.dataset}/${r.grantee_kind}/${r.grantee}`}
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showTotal: (t) => `共 ${t} 条` } : false}
        locale={{ emptyText: '暂无共享规则' }}
      />
      {adding ? (
        <GrantModal
          datasets={datasets}
          dataset={dataset}
          onClose={(done) => {
            setAdding(false);
            if (done) void load();
          }}
        />
      ) : null}
    </Page>
  );
}

interface GrantValues {
  dataset: string;
  grantee_kind: Kind;
  role?: string;
  org?: number;
}

function GrantModal({ datasets, dataset, onClose }: { datasets: Dataset[]; dataset?: string; onClose: (done: boolean) => void }) {
  return (
    <FormModal<GrantValues>
      title="新增数据共享"
      okText="授权"
      success="已授权"
      initialValues={{ dataset, grantee_kind: 'role' }}
      onClose={onClose}
      onSubmit={(v) => api.post('/api/datasets/sharing', { dataset: v.dataset, grantee_kind: v.grantee_kind, grantee: v.grantee_kind === 'role' ? v.role?.trim() : String(v.org) })}
    >
      {(form) => (
        <>
          <Form.Item label="数据集" name="dataset" rules={[{ required: true, message: '请选择数据集' }]}>
            <Select options={datasets.map((d) => ({ value: d.name, label: d.title }))} showSearch={{ optionFilterProp: 'label' }} placeholder="请选择数据集" />
          </Form.Item>
          <Form.Item label="授权给" name="grantee_kind" rules={[{ required: true }]}>
            <Radio.Group options={(Object.keys(KIND_LABELS) as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} onChange={() => form.setFieldsValue({ role: undefined, org: undefined })} />
          </Form.Item>
          <Form.Item noStyle dependencies={['grantee_kind']}>
            {() =>
              form.getFieldValue('grantee_kind') === 'org' ? (
                <Form.Item label="单位" name="org" rules={[{ required: true, message: '请选择单位' }]}>
                  <OrgPicker />
                </Form.Item>
              ) : (
                <Form.Item label="角色" name="role" rules={[{ required: true, whitespace: true, message: '请选择或输入角色代码' }, { max: 64 }]} extra="可选择内置角色，或输入自定义角色的代码。">
                  <AutoComplete options={Object.entries(ROLE_LABELS).map(([value, name]) => ({ value, label: `${name}（${value}）` }))} placeholder="角色代码，如 officer" filterOption={(input, o) => String(o?.label ?? '').includes(input) || String(o?.value ?? '').includes(input)} />
                </Form.Item>
              )
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
