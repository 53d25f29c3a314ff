/** 字典管理: enumerations used across the platform (types on the left, their items on the right). */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Col, Empty, Form, Input, InputNumber, List, Modal, Row, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { showError, showSuccess } from '../../feedback.ts';

interface DictItem {
  id: number;
  dict_type: string;
  value: string;
  label: string;
  sort: number;
  builtin: boolean;
  enabled: boolean;
}

interface DictType {
  code: string;
  name: string;
  items: DictItem[];
}

export default function DictsPage() {
  const { can } = useAuth();
  const editable = can('admin:dict');
  const [types, setTypes] = useState<DictType[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<DictItem | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await api.get<{ items: DictType[] }>('/api/admin/dicts');
      setTypes(r.items);
      setError(null);
      setCurrent((c) => c ?? r.items[0]?.code ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const type = types.find((t) => t.code === current) ?? null;
  const shown = types.filter((t) => !filter || t.name.includes(filter) || t.code.includes(filter));

  const patch = async (item: DictItem, body: Partial<Pick<DictItem, 'label' | 'enabled' | 'sort'>>) => {
    try {
      await api.patch(`/api/admin/dicts/items/${item.id}`, body);
      showSuccess('已保存');
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<DictItem> = [
    { title: '值', dataIndex: 'value', key: 'value', width: 160, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '显示名称', dataIndex: 'label', key: 'label' },
    { title: '排序', dataIndex: 'sort', key: 'sort', width: 80 },
    {
      title: '来源',
      dataIndex: 'builtin',
      key: 'builtin',
      width: 90,
      render: (b: boolean) => (b ? <Tag>内置</Tag> : <Tag color="blue">自定义</Tag>),
    },
    {
      title: '启用',
      dataIndex: 'enabled',
      key: 'enabled',
      width: 80,
      render: (v: boolean, item) => <Switch size="small" checked={v} disabled={!editable} onChange={(on) => void patch(item, { enabled: on })} aria-label={`启用 ${item.label}`} />,
    },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_v: unknown, item: DictItem) => (
              <Button type="link" size="small" onClick={() => setEditing(item)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page title="字典管理" description="平台使用的枚举值（如线索来源、处置方式、问责类别）。内置项不能删除，可停用或改名。">
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Row gutter={16} wrap={false}>
        <Col flex="260px">
          <Input.Search allowClear placeholder="筛选字典类型" onChange={(e) => setFilter(e.target.value.trim())} style={{ marginBottom: 8 }} aria-label="筛选字典类型" />
          <List
            bordered
            size="small"
            loading={loading}
            className="gt-dict-types"
            dataSource={shown}
            locale={{ emptyText: '暂无字典类型' }}
            renderItem={(t) => (
              <List.Item className={t.code === current ? 'gt-selected' : undefined}>
                <button type="button" className="gt-list-button" onClick={() => setCurrent(t.code)} aria-pressed={t.code === current}>
                  <span>{t.name}</span>
                  <Typography.Text type="secondary" className="gt-small">
                    {t.code} · {t.items.length} 项
                  </Typography.Text>
                </button>
              </List.Item>
            )}
          />
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {type ? (
            <>
              <div className="gt-toolbar">
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {type.name} <Typography.Text type="secondary">（{type.code}）</Typography.Text>
                </Typography.Title>
                {editable ? (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                    新增字典项
                  </Button>
                ) : null}
              </div>
              <Table<DictItem> rowKey="id" size="small" columns={columns} dataSource={type.items} pagination={false} loading={loading} locale={{ emptyText: '该类型下暂无字典项' }} />
            </>
          ) : (
            <Empty description={loading ? '加载中…' : '请选择左侧的字典类型'} />
          )}
        </Col>
      </Row>
      {adding && type ? (
        <ItemModal
          title={`新增字典项：${type.name}`}
          isNew
          onSubmit={async (v) => {
            await api.post(`/api/admin/dicts/${encodeURIComponent(type.code)}/items`, { value: v.value, label: v.label, ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}) });
            showSuccess('已新增');
            setAdding(false);
            await load();
          }}
          onClose={() => setAdding(false)}
        />
      ) : null}
      {editing ? (
        <ItemModal
          title={`编辑字典项：${editing.value}`}
          initial={editing}
          onSubmit={async (v) => {
            await api.patch(`/api/admin/dicts/items/${editing.id}`, { label: v.label, ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}) });
            showSuccess('已保存');
            setEditing(null);
            await load();
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Page>
  );
}

interface ItemValues {
  value: string;
  label: string;
  sort?: number | null;
}

function ItemModal(props: { title: string; isNew?: boolean; initial?: DictItem; onSubmit: (v: ItemValues) => Promise<void>; onClose: () => void }) {
  const [form] = Form.useForm<ItemValues>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await props.onSubmit({ ...v, value: v.value?.trim(), label: v.label.trim() });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={props.title} onOk={submit} onCancel={props.onClose} okText="保存" confirmLoading={busy}>
      <Form form={form} layout="vertical" initialValues={props.initial ?? { sort: 100 }} onFinish={submit} name="dict-item">
        <Form.Item label="值" name="value" rules={props.isNew ? [{ required: true, whitespace: true, message: '请输入值' }, { max: 100, message: '不超过 100 字' }] : []}>
          <Input disabled={!props.isNew} autoFocus={props.isNew} />
        </Form.Item>
        <Form.Item label="显示名称" name="label" rules={[{ required: true, whitespace: true, message: '请输入显示名称' }, { max: 100, message: '不超过 100 字' }]}>
          <Input autoFocus={!props.isNew} />
        </Form.Item>
        <Form.Item label="排序" name="sort">
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
