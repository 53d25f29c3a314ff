/**
 * 专项深办: topics defined by keyword lists (an order belongs to a topic when its content holds
 * one of the words). Holders of hotline:routing add, edit, deactivate and delete them; the
 * topic's numbers are recomputed on every change.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Switch, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';

interface Topic {
  id: number;
  name: string;
  keywords: string[];
  active: boolean;
  version: number;
}

interface TopicForm {
  name: string;
  keywords: string[];
  active: boolean;
}

export default function TopicsPage() {
  const { can } = useAuth();
  const { modal } = feedback();
  const editable = can('hotline:routing');
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Topic | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      setTopics(await api.get<Topic[]>('/api/hotline/topics'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const remove = (t: Topic) =>
    modal.confirm({
      title: `删除专项“${t.name}”？`,
      content: '删除后该专项的统计数据一并删除；已生成专报的专项不能删除，可改为停用。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/api/hotline/topics/${t.id}`);
          showSuccess('已删除专项');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const columns: TableColumnsType<Topic> = [
    { title: '专项名称', dataIndex: 'name', key: 'name', width: 200 },
    { title: '关键词', dataIndex: 'keywords', key: 'keywords', render: (k: string[]) => k.map((w) => <Tag key={w}>{w}</Tag>) },
    { title: '状态', dataIndex: 'active', key: 'active', width: 90, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'op',
            width: 130,
            render: (_: unknown, t: Topic) => (
              <Space size={0}>
                <Button type="link" size="small" className="gt-link-button" onClick={() => setEditing(t)}>
                  修改
                </Button>
                <Button type="link" danger size="small" className="gt-link-button" onClick={() => remove(t)}>
                  删除
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title="专项深办"
      description="按关键词圈定专项深办的工单范围（诉求内容含任一关键词即归入该专项），用于热线分析和专报。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增专项
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Topic> rowKey="id" size="small" columns={columns} dataSource={topics ?? []} loading={!topics && !error} pagination={false} locale={{ emptyText: '暂无专项深办' }} />
      {editing ? (
        <FormModal<TopicForm>
          title={editing === 'new' ? '新增专项深办' : `修改专项：${editing.name}`}
          okText="保存"
          success="已保存，专项数据已重新统计"
          name="topic"
          initialValues={editing === 'new' ? { name: '', keywords: [], active: true } : { name: editing.name, keywords: editing.keywords, active: editing.active }}
          onClose={(ok) => {
            setEditing(null);
            if (ok) void load();
          }}
          onSubmit={(v) => {
            const body = { name: v.name.trim(), keywords: v.keywords.map((k) => k.trim()).filter(Boolean), active: v.active };
            return editing === 'new' ? api.post('/api/hotline/topics', body) : api.put(`/api/hotline/topics/${editing.id}`, { ...body, version: editing.version });
          }}
        >
          <Form.Item label="专项名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写专项名称' }, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item label="关键词" name="keywords" rules={[{ required: true, type: 'array', min: 1, message: '至少填写一个关键词' }]} extra="输入后回车添加，可添加多个。">
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} placeholder="如：食堂、学生餐" />
          </Form.Item>
          <Form.Item label="启用" name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
