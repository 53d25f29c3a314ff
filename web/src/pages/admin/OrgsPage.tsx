/** 组织机构: the organisation tree (纪委监委、内设机构、派驻组、巡察机构、协作单位、被监督单位). */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Table, type TableColumnsType, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Org } from '../../api/types.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { type OrgNode, useOrgs } from '../../components/useOrgs.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { ORG_KIND_LABELS } from '../../format.ts';

const KIND_COLORS: Record<string, string> = {
  commission: 'red',
  office: 'blue',
  dispatched_group: 'purple',
  inspection: 'orange',
  partner: 'cyan',
  unit: 'default',
};

interface Row extends Org {
  children?: Row[];
}

const toRows = (nodes: OrgNode[]): Row[] => nodes.map((n) => ({ ...n.org, children: n.children ? toRows(n.children) : undefined }));

function matches(row: Row, q: string): boolean {
  return row.name.includes(q) || (row.short_name ?? '').includes(q) || (row.district ?? '').includes(q);
}

function filterRows(rows: Row[], q: string): Row[] {
  if (!q) return rows;
  return rows.flatMap((r) => {
    const kids = r.children ? filterRows(r.children, q) : [];
    if (matches(r, q) || kids.length) return [{ ...r, children: kids.length ? kids : undefined }];
    return [];
  });
}

export default function OrgsPage() {
  const { can } = useAuth();
  const { orgs, tree, loading, error, reload } = useOrgs();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState<{ parentId: number | null } | null>(null);
  const rows = useMemo(() => filterRows(toRows(tree), q.trim()), [tree, q]);
  const editable = can('admin:org');

  const columns: TableColumnsType<Row> = [
    { title: '名称', dataIndex: 'name', key: 'name' },
    { title: '类别', dataIndex: 'kind', key: 'kind', width: 150, render: (k: string) => <Tag color={KIND_COLORS[k]}>{ORG_KIND_LABELS[k] ?? k}</Tag> },
    { title: '简称', dataIndex: 'short_name', key: 'short_name', width: 140, render: (v) => v ?? '—' },
    { title: '所在区县', dataIndex: 'district', key: 'district', width: 120, render: (v) => v ?? '—' },
    { title: '排序', dataIndex: 'sort', key: 'sort', width: 80 },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_v: unknown, r: Row) => (
              <Button type="link" size="small" onClick={() => setCreating({ parentId: r.id })}>
                新建下级
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title="组织机构"
      description="组织机构树决定数据权限的范围（本部门、本部门及以下）。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ parentId: null })}>
            新建组织
          </Button>
        ) : null
      }
    >
      <Space className="gt-filters">
        <Input.Search allowClear placeholder="按名称、简称或区县筛选" onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 280 }} aria-label="筛选组织" />
        <span className="gt-muted">共 {orgs.length} 个组织</span>
      </Space>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={q ? `q:${q}` : `all:${orgs.length}`}
        locale={{ emptyText: q ? '没有符合条件的组织' : '暂无组织' }}
        scroll={{ y: 'calc(100vh - 330px)' }}
      />
      {creating ? (
        <CreateOrgModal
          parentId={creating.parentId}
          tree={tree}
          onClose={(created) => {
            setCreating(null);
            if (created) reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function CreateOrgModal({ parentId, tree, onClose }: { parentId: number | null; tree: OrgNode[]; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/api/admin/orgs', {
        name: v.name.trim(),
        kind: v.kind,
        parent_id: v.parent_id ?? null,
        ...(v.short_name?.trim() ? { short_name: v.short_name.trim() } : {}),
        ...(v.district?.trim() ? { district: v.district.trim() } : {}),
        ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}),
      });
      showSuccess(`已创建“${v.name}”`);
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新建组织" onOk={submit} onCancel={() => onClose(false)} okText="创建" confirmLoading={busy}>
      <Form form={form} layout="vertical" initialValues={{ parent_id: parentId ?? undefined, sort: 0 }} onFinish={submit} name="create-org">
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100, message: '不超过 100 字' }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={Object.entries(ORG_KIND_LABELS).map(([value, label]) => ({ value, label }))} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="上级组织" name="parent_id" extra="不选则为顶级组织">
          <TreeSelect allowClear treeData={tree} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll placeholder="无（顶级）" />
        </Form.Item>
        <Space size={16} style={{ display: 'flex' }} align="start">
          <Form.Item label="简称" name="short_name" rules={[{ max: 50, message: '不超过 50 字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="所在区县" name="district" rules={[{ max: 50, message: '不超过 50 字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="排序" name="sort">
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        </Space>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
