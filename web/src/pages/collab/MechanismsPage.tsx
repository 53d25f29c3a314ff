/** 协作配合机制: the registry of agreements between bodies — parties, what may be transferred to whom, meetings held under them. */
import { Button, Descriptions, Drawer, Segmented, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { paramSetter } from '../../components/searchParams.ts';

interface Mechanism {
  id: number;
  code: string;
  name: string;
  domain: string;
  lead_org_name: string;
  party_names: string | null;
  rule_count: number;
  scope: string;
  shared_info: string[];
  result_sharing: string;
  memorandum: string | null;
  doc_number: string | null;
  signed_on: string | null;
  effective_from: string;
  effective_to: string | null;
  status: string;
  status_label: string;
  in_force: boolean;
}

interface MechanismDetail extends Mechanism {
  parties: { org_id: number; role: string; name: string }[];
  rules: { id: number; from_org_name: string; to_org_name: string; object_labels: string[]; view_labels: string[]; ack_days?: number; handle_days?: number }[];
  meetings: { id: number; kind: string; title: string; held_on: string; status: string }[];
}

const STATUS_COLORS: Record<string, string> = { draft: 'default', active: 'green', suspended: 'orange', terminated: 'red' };

export default function MechanismsPage() {
  const t = useServerTable<Mechanism>('/api/collab/mechanisms', { filterKeys: ['status'] });
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('open')) || null;
  const setOpen = (id: number | null) => paramSetter(setParams)('open', id);
  const columns: TableColumnsType<Mechanism> = [
    { title: '编号', dataIndex: 'code', width: 130 },
    { title: '名称', dataIndex: 'name', render: (n: string, m) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setOpen(m.id)}>
          {n}
        </Button>
      ),
    },
    { title: '牵头单位', dataIndex: 'lead_org_name', width: 160, ellipsis: true },
    { title: '参与单位', dataIndex: 'party_names', ellipsis: true },
    { title: '移交规则', dataIndex: 'rule_count', width: 90, align: 'right' },
    { title: '施行期间', key: 'eff', width: 200, render: (_v, m) => `${m.effective_from} 起${m.effective_to ? ` 至 ${m.effective_to}` : ''}` },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string, m) => <Tag color={STATUS_COLORS[s]}>{m.status_label}</Tag> },
  ];
  return (
    <Page title="协作配合机制" description="纪检监察机关与审计、财会、统计、司法等监督主体之间的协作配合机制：参与单位、信息共享范围、可移交的内容与办理时限。移交时据此校验。">
      <div className="gt-toolbar">
        <Segmented
          value={t.query.filters.status ?? ''}
          onChange={(v) => t.setFilters({ status: (v as string) || undefined })}
          options={[{ value: '', label: '全部' }, { value: 'active', label: '运行中' }, { value: 'draft', label: '草拟' }, { value: 'suspended', label: '暂停' }, { value: 'terminated', label: '已终止' }]}
        />
      </div>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Mechanism> rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} {...t.tableProps} locale={{ emptyText: '暂无协作配合机制' }} />
      {openId ? <MechanismDrawer id={openId} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}

function MechanismDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const [m, setM] = useState<MechanismDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<MechanismDetail>(`/api/collab/mechanisms/${id}`).then(setM).catch(setError);
  }, [id]);
  return (
    <Drawer open size={780} title={m?.name ?? '协作配合机制'} onClose={onClose}>
      {error ? <LoadError error={error} /> : null}
      {m ? (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[m.status]}>{m.status_label}</Tag>
              {m.in_force ? <Tag color="green">施行中</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="文号">{m.doc_number ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="牵头单位">{m.lead_org_name}</Descriptions.Item>
            <Descriptions.Item label="签署日期">{m.signed_on ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="参与单位" span={2}>
              {m.parties.map((p) => (
                <Tag key={p.org_id} color={p.role === 'lead' ? 'red' : undefined}>
                  {p.name}
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="协作范围" span={2}>
              <span className="gt-prewrap">{m.scope || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="共享信息" span={2}>
              {m.shared_info.length ? m.shared_info.join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="成果共享" span={2}>
              {m.result_sharing || '—'}
            </Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>移交规则</h4>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.rules}
            locale={{ emptyText: '无' }}
            columns={[
              { title: '移交单位', dataIndex: 'from_org_name', width: 160 },
              { title: '接收单位', dataIndex: 'to_org_name', width: 160 },
              { title: '可移交内容', dataIndex: 'object_labels', render: (v: string[]) => v.join('、') },
              { title: '可查看', dataIndex: 'view_labels', render: (v: string[]) => v.join('、') || '—' },
            ]}
          />
          <h4 style={{ marginTop: 16 }}>会商与联席会议</h4>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.meetings}
            locale={{ emptyText: '无' }}
            columns={[
              { title: '日期', dataIndex: 'held_on', width: 110 },
              { title: '会议', dataIndex: 'title', render: (v: string, r) => <Link to={`/collab/meetings/${r.id}`}>{v}</Link> },
              { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'held' ? '已召开' : '计划中') },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
