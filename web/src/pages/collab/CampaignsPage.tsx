/**
 * 专项监督 / 专项整治: the list and the deployment form (areas 领域 with key tasks 重点任务,
 * each with an owner body and a deadline). The campaign itself is on CampaignPage.tsx.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Radio, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { CAMPAIGN_KIND_LABELS, orNull } from './labels.ts';

export interface CampaignRow {
  id: number;
  name: string;
  kind: string;
  kind_label: string;
  lead_org_id: number;
  lead_org_name: string;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'closed';
  areas: number;
  tasks: number;
  tasks_done: number;
}

export default function CampaignsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [items, setItems] = useState<CampaignRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => {
    api
      .get<{ items: CampaignRow[] }>('/api/collab/campaigns')
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  const columns: TableColumnsType<CampaignRow> = [
    { title: '专项', dataIndex: 'name', render: (v: string, c) => <Link to={`/collab/campaigns/${c.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'kind_label', width: 100 },
    { title: '牵头单位', dataIndex: 'lead_org_name', width: 170, ellipsis: true },
    { title: '起止', key: 'dates', width: 210, render: (_v, c) => `${c.starts_on} 至 ${c.ends_on ?? '—'}` },
    { title: '领域', dataIndex: 'areas', width: 70, align: 'right' },
    { title: '重点任务', dataIndex: 'tasks', width: 90, align: 'right' },
    { title: '已完成', dataIndex: 'tasks_done', width: 80, align: 'right' },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'closed' ? <Tag>已结束</Tag> : <Tag color="processing">进行中</Tag>) },
  ];
  return (
    <Page
      title="专项监督"
      description="专项监督、专项整治：重点领域和重点任务、发现问题（列入整改台账）、看板数字。"
      extra={
        can('collab:edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            部署专项
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<CampaignRow> rowKey="id" size="middle" loading={!items && !error} columns={columns} dataSource={items ?? []} pagination={false} scroll={{ x: 1000 }} locale={{ emptyText: '暂无专项监督' }} />
      {creating ? (
        <CampaignModal
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/collab/campaigns/${id}`);
          }}
        />
      ) : null}
    </Page>
  );
}

interface TaskValue {
  content: string;
  owner_org_id?: number;
  deadline?: Dayjs;
}
interface CampaignValues {
  name: string;
  kind: 'supervision' | 'rectification';
  starts_on: Dayjs;
  ends_on?: Dayjs;
  domain?: string;
  description?: string;
  areas: { name: string; tasks: TaskValue[] }[];
}

function TasksField({ area }: { area: number }) {
  return (
    <Form.List name={[area, 'tasks']}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" wrap>
              <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写任务' }, { max: 1000 }]} style={{ marginBottom: 8 }}>
                <Input aria-label={`领域${area + 1}任务${i + 1}`} placeholder="重点任务" style={{ width: 300 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'owner_org_id']} style={{ marginBottom: 8 }}>
                <OrgPicker aria-label={`领域${area + 1}任务${i + 1}责任单位`} allowClear placeholder="责任单位（可选）" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'deadline']} style={{ marginBottom: 8 }}>
                <DatePicker aria-label={`领域${area + 1}任务${i + 1}期限`} placeholder="期限（可选）" />
              </Form.Item>
              <Button type="text" aria-label="删除任务" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ content: '' })}>
            添加重点任务
          </Button>
        </>
      )}
    </Form.List>
  );
}

function CampaignModal({ onClose }: { onClose: (id?: number) => void }) {
  const created = useRef<number | undefined>(undefined);
  const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : null);
  return (
    <FormModal<CampaignValues>
      title="部署专项监督 / 专项整治"
      okText="部署"
      width={860}
      success="已部署专项"
      initialValues={{ kind: 'supervision', starts_on: dayjs(), areas: [{ name: '', tasks: [{ content: '' }] }] }}
      onClose={(ok) => onClose(ok ? created.current : undefined)}
      onSubmit={async (v) => {
        const r = await api.post<{ id: number }>('/api/collab/campaigns', {
          name: v.name.trim(),
          kind: v.kind,
          starts_on: day(v.starts_on),
          ends_on: day(v.ends_on),
          domain: orNull(v.domain),
          description: orNull(v.description),
          areas: v.areas.map((a) => ({ name: a.name.trim(), tasks: (a.tasks ?? []).map((t) => ({ content: t.content.trim(), owner_org_id: t.owner_org_id ?? null, deadline: day(t.deadline) })) })),
        });
        created.current = r.id;
      }}
    >
      <div className="gt-form-grid">
        <Form.Item label="专项名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写专项名称' }, { max: 200 }]} style={{ gridColumn: 'span 2' }}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
          <Radio.Group options={Object.entries(CAMPAIGN_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="开始日期" name="starts_on" rules={[{ required: true, message: '请选择开始日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="结束日期"
          name="ends_on"
          dependencies={['starts_on']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, d?: Dayjs) => {
                const s = getFieldValue('starts_on') as Dayjs | undefined;
                if (d && s && d.isBefore(s, 'day')) throw new Error('结束日期早于开始日期');
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="监督领域" name="domain" rules={[{ max: 50 }]}>
          <Input placeholder="如营商环境、生态环境" />
        </Form.Item>
      </div>
      <Form.Item label="说明" name="description" rules={[{ max: 5000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.List name="areas" rules={[{ validator: async (_r, v?: unknown[]) => { if (!v?.length) throw new Error('请至少列出一个重点领域'); } }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                style={{ marginBottom: 8 }}
                title={
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写领域名称' }, { max: 200 }]} style={{ margin: '8px 0' }}>
                    <Input aria-label={`领域${i + 1}名称`} placeholder={`重点领域${i + 1}名称`} />
                  </Form.Item>
                }
                extra={
                  fields.length > 1 ? (
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除领域
                    </Button>
                  ) : null
                }
              >
                <TasksField area={f.name} />
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', tasks: [{ content: '' }] })}>
              添加重点领域
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
