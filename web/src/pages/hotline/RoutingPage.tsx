/** 分类处置清单: which unit handles which category or keyword (settles 踢皮球 disputes). */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

interface Entry {
  id: number;
  category: string | null;
  keyword: string | null;
  unit: string;
  note: string | null;
  priority: number;
  updated_at: string;
  version: number;
}

export default function RoutingPage() {
  const { can } = useAuth();
  const edit = can('hotline:routing');
  const { modal } = feedback();
  const [items, setItems] = useState<Entry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await api.get<Entry[]>('/api/hotline/routing'));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const remove = (e: Entry) =>
    modal.confirm({
      title: `删除“${e.category ?? e.keyword} → ${e.unit}”？`,
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/api/hotline/routing/${e.id}`);
          showSuccess('已删除');
          await load();
        } catch (err) {
          showError(err);
        }
      },
    });
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <Page
      title="分类处置清单"
      description="按诉求类别或关键词明确责任单位；关键词优先于类别，优先级数字小者优先。发生推诿时据此认定责任单位。"
      extra={
        edit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增条目
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Entry>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          { title: '诉求类别', dataIndex: 'category', render: (v) => v ?? '—' },
          { title: '关键词', dataIndex: 'keyword', render: (v) => (v ? <Tag>{v}</Tag> : '—') },
          { title: '责任单位', dataIndex: 'unit' },
          { title: '优先级', dataIndex: 'priority', width: 80 },
          { title: '说明', dataIndex: 'note', render: (v) => v ?? '' },
          { title: '更新时间', dataIndex: 'updated_at', width: 170, render: fmtTime },
          ...(edit
            ? [
                {
                  title: '操作',
                  key: 'a',
                  width: 120,
                  render: (_v: unknown, e: Entry) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(e)}>
                        修改
                      </Button>
                      <Button type="link" size="small" danger onClick={() => remove(e)}>
                        删除
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <FormModal<{ category?: string; keyword?: string; unit: string; note?: string; priority?: number }>
          title={current ? '修改处置清单条目' : '新增处置清单条目'}
          okText="保存"
          success="已保存"
          initialValues={current ? { category: current.category ?? undefined, keyword: current.keyword ?? undefined, unit: current.unit, note: current.note ?? undefined, priority: current.priority } : { priority: 100 }}
          onClose={(ok) => {
            setEditing(null);
            if (ok) void load();
          }}
          onSubmit={(v) => {
            const body = {
              category: v.category?.trim() || null,
              keyword: v.keyword?.trim() || null,
              unit: v.unit.trim(),
              note: v.note?.trim() || null,
              ...(v.priority !== undefined && v.priority !== null ? { priority: v.priority } : {}),
            };
            return current ? api.put(`/api/hotline/routing/${current.id}`, { ...body, version: current.version }) : api.post('/api/hotline/routing', body);
          }}
        >
          {(form) => (
            <>
              <Form.Item
                label="诉求类别"
                name="category"
                dependencies={['keyword']}
                rules={[{ max: 100 }, { validator: async (_r, v?: string) => { if (!v?.trim() && !form.getFieldValue('keyword')?.trim()) throw new Error('类别与关键词至少填写一项'); } }]}
              >
                <Input />
              </Form.Item>
              <Form.Item label="关键词" name="keyword" rules={[{ max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item label="责任单位" name="unit" rules={[{ required: true, whitespace: true, message: '请填写责任单位' }, { max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item label="优先级" name="priority">
                <InputNumber min={0} max={10000} precision={0} />
              </Form.Item>
              <Form.Item label="说明" name="note" rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}
    </Page>
  );
}
