/**
 * 监督重点清单: per department and year, supervision priorities (监督重点) and results-use items
 * (成果运用事项). Compile or replace a draft, publish it, follow its items (done, linked clues and problems).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { PRIORITY_KIND_LABELS, orNull } from './labels.ts';
import { paramSetter } from '../../components/searchParams.ts';
import { LinkModal, type LinkedRecord, LinkedRecords } from './LinkModal.tsx';

interface PriorityList {
  id: number;
  year: number;
  org_id: number;
  org_name: string;
  title: string;
  status: 'draft' | 'published';
  version: number;
  priorities: number;
  result_uses: number;
  done: number;
  clues: number;
  problems: number;
}

interface PriorityItem {
  id: number;
  kind: 'priority' | 'result_use';
  seq: number;
  content: string;
  domain: string | null;
  status: 'active' | 'done';
  note: string | null;
  clues: number;
  problems: number;
  links: LinkedRecord[];
}

type ListDetail = PriorityList & { items: PriorityItem[] };

interface Summary {
  departments: number;
  priorities: number;
  result_uses: number;
  clues: number;
  problems: number;
  text: string;
}

const thisYear = new Date().getFullYear();

export default function PrioritiesPage() {
  const { can } = useAuth();
  const { modal } = feedback();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const openId = Number(params.get('open')) || null;
  const [data, setData] = useState<{ items: PriorityList[]; summary: Summary } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<ListDetail | 'new' | null>(null);
  const load = useCallback(() => {
    api
      .get<{ items: PriorityList[]; summary: Summary }>('/api/collab/priority-lists', { query: { year } })
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch(setError);
  }, [year]);
  useEffect(load, [load]);
  const setParam = paramSetter(setParams);
  const edit = async (l: PriorityList) => {
    try {
      setEditing(await api.get<ListDetail>(`/api/collab/priority-lists/${l.id}`));
    } catch (e) {
      showError(e);
    }
  };
  const publish = (l: PriorityList) =>
    modal.confirm({
      title: `发布“${l.title}”？`,
      content: '发布后清单不能整体替换，只能逐项标记完成情况。',
      okText: '发布',
      onOk: async () => {
        try {
          await api.post(`/api/collab/priority-lists/${l.id}/publish`, { version: l.version });
          showSuccess('清单已发布');
          load();
        } catch (e) {
          showError(e);
        }
      },
    });
  const editable = can('collab:edit');
  const columns: TableColumnsType<PriorityList> = [
    { title: '年度', dataIndex: 'year', width: 80 },
    { title: '部门', dataIndex: 'org_name', width: 180, ellipsis: true },
    {
      title: '清单',
      dataIndex: 'title',
      render: (v: string, l) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setParam('open', String(l.id))}>
          {v}
        </Button>
      ),
    },
    { title: '监督重点', dataIndex: 'priorities', width: 90, align: 'right' },
    { title: '成果运用', dataIndex: 'result_uses', width: 90, align: 'right' },
    { title: '已完成', dataIndex: 'done', width: 80, align: 'right' },
    { title: '关联线索', dataIndex: 'clues', width: 90, align: 'right' },
    { title: '关联问题', dataIndex: 'problems', width: 90, align: 'right' },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'published' ? <Tag color="green">已发布</Tag> : <Tag>草稿</Tag>) },
    {
      title: '操作',
      key: 'a',
      width: 130,
      render: (_v, l) =>
        editable && l.status === 'draft' ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => edit(l)}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => publish(l)}>
              发布
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <Page
      title="监督重点清单"
      description="各职能部门按年度编制监督重点和成果运用事项，关联其产生的问题线索和整改事项。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            编制清单
          </Button>
        ) : null
      }
    >
      <div className="gt-toolbar">
        <Space>
          年度
          <Select
            aria-label="年度"
            allowClear
            placeholder="全部"
            style={{ width: 120 }}
            value={year}
            onChange={(v?: number) => setParam('year', v ? String(v) : undefined)}
            options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }))}
          />
        </Space>
      </div>
      {error ? <LoadError error={error} onRetry={load} /> : null}
      {data?.items.length ? <Alert type="info" showIcon title={`${data.summary.text}；关联问题线索${data.summary.clues}件、整改问题${data.summary.problems}个`} style={{ marginBottom: 12 }} /> : null}
      <Table<PriorityList> rowKey="id" size="middle" loading={!data && !error} columns={columns} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 1000 }} locale={{ emptyText: '暂无监督重点清单' }} />
      {editing ? (
        <ListModal
          list={editing === 'new' ? null : editing}
          onClose={(ok) => {
            setEditing(null);
            if (ok) load();
          }}
        />
      ) : null}
      {openId ? <ListDrawer id={openId} editable={editable} onClose={() => setParam('open', undefined)} onChanged={load} /> : null}
    </Page>
  );
}

interface ItemValue {
  content: string;
  domain?: string;
}
interface ListValues {
  year: number;
  org_id: number;
  title?: string;
  priorities: ItemValue[];
  result_uses: ItemValue[];
  publish: boolean;
}

function ItemsField({ name, label, addText, min }: { name: 'priorities' | 'result_uses'; label: string; addText: string; min: number }) {
  return (
    <Form.List name={name} rules={min ? [{ validator: async (_r, v?: unknown[]) => { if (!v?.length) throw new Error(`请至少列出一项${label}`); } }] : []}>
      {(fields, { add, remove }, { errors }) => (
        <fieldset className="gt-perm-group">
          <legend>{label}</legend>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" style={{ display: 'flex' }}>
              <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写内容' }, { max: 1000 }]} style={{ width: 470 }}>
                <Input aria-label={`${label}${i + 1}`} placeholder={`${label}内容`} />
              </Form.Item>
              <Form.Item name={[f.name, 'domain']} rules={[{ max: 50 }]}>
                <Input aria-label={`${label}${i + 1}领域`} placeholder="领域（可选）" style={{ width: 130 }} />
              </Form.Item>
              <Button type="text" aria-label="删除" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ content: '' })}>
            {addText}
          </Button>
          <Form.ErrorList errors={errors} />
        </fieldset>
      )}
    </Form.List>
  );
}

function ListModal({ list, onClose }: { list: ListDetail | null; onClose: (ok: boolean) => void }) {
  const { me } = useAuth();
  const items = (kind: PriorityItem['kind']) => list?.items.filter((i) => i.kind === kind).map((i) => ({ content: i.content, domain: i.domain ?? undefined })) ?? [];
  return (
    <FormModal<ListValues>
      title={list ? `编辑清单：${list.title}` : '编制监督重点清单'}
      okText="保存"
      width={760}
      success="已保存监督重点清单"
      initialValues={
        list
          ? { year: list.year, org_id: list.org_id, title: list.title, priorities: items('priority'), result_uses: items('result_use'), publish: false }
          : { year: thisYear, org_id: me?.org_id, priorities: [{ content: '' }], result_uses: [], publish: false }
      }
      onClose={onClose}
      onSubmit={(v) =>
        api.post('/api/collab/priority-lists', {
          year: v.year,
          org_id: list?.org_id ?? v.org_id,
          ...(v.title?.trim() ? { title: v.title.trim() } : {}),
          priorities: v.priorities.map((p) => ({ content: p.content.trim(), domain: orNull(p.domain) })),
          result_uses: (v.result_uses ?? []).map((p) => ({ content: p.content.trim(), domain: orNull(p.domain) })),
          publish: !!v.publish,
        })
      }
    >
      {list ? null : <Alert type="info" showIcon title="同一部门同一年度只有一份清单：草稿再次保存即整体替换。" style={{ marginBottom: 12 }} />}
      <div className="gt-form-grid">
        <Form.Item label="年度" name="year" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} disabled={!!list} />
        </Form.Item>
        {list ? (
          <Form.Item label="部门" style={{ gridColumn: 'span 2' }}>
            <Input value={list.org_name} disabled />
          </Form.Item>
        ) : (
          <Form.Item label="部门" name="org_id" rules={[{ required: true, message: '请选择部门' }]} style={{ gridColumn: 'span 2' }}>
            <OrgPicker />
          </Form.Item>
        )}
      </div>
      <Form.Item label="标题" name="title" rules={[{ max: 200 }]} extra="不填则为“部门＋年度＋监督重点清单”">
        <Input />
      </Form.Item>
      <ItemsField name="priorities" label="监督重点" addText="添加监督重点" min={1} />
      <ItemsField name="result_uses" label="成果运用事项" addText="添加成果运用事项" min={0} />
      <Form.Item name="publish" valuePropName="checked">
        <Checkbox>保存后立即发布</Checkbox>
      </Form.Item>
    </FormModal>
  );
}

function ListDrawer({ id, editable, onClose, onChanged }: { id: number; editable: boolean; onClose: () => void; onChanged: () => void }) {
  const [l, setL] = useState<ListDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [linking, setLinking] = useState<PriorityItem | null>(null);
  const load = useCallback(() => {
    api.get<ListDetail>(`/api/collab/priority-lists/${id}`).then(setL).catch(setError);
  }, [id]);
  useEffect(load, [load]);
  const toggle = async (i: PriorityItem) => {
    try {
      await api.patch(`/api/collab/priority-items/${i.id}`, { status: i.status === 'done' ? 'active' : 'done' });
      showSuccess(i.status === 'done' ? '已恢复为进行中' : '已标记完成');
      load();
      onChanged();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Drawer open size={820} title={l?.title ?? '监督重点清单'} onClose={onClose}>
      {error ? <LoadError error={error} /> : null}
      {l ? (
        <>
          <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="年度">{l.year}</Descriptions.Item>
            <Descriptions.Item label="部门">{l.org_name}</Descriptions.Item>
            <Descriptions.Item label="状态">{l.status === 'published' ? <Tag color="green">已发布</Tag> : <Tag>草稿</Tag>}</Descriptions.Item>
          </Descriptions>
          <Table<PriorityItem>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={l.items}
            columns={[
              { title: '类别', dataIndex: 'kind', width: 110, render: (k: string) => PRIORITY_KIND_LABELS[k] },
              { title: '序号', dataIndex: 'seq', width: 60 },
              { title: '内容', dataIndex: 'content', render: (c: string, i) => <span>{c}{i.domain ? <Tag className="gt-inline-tag">{i.domain}</Tag> : null}</span> },
              { title: '线索', dataIndex: 'clues', width: 60, align: 'right' },
              { title: '问题', dataIndex: 'problems', width: 60, align: 'right' },
              { title: '关联', key: 'links', width: 120, render: (_v, i) => <LinkedRecords links={i.links} /> },
              { title: '完成情况', dataIndex: 'status', width: 90, render: (s: string) => (s === 'done' ? <Tag color="green">已完成</Tag> : <Tag color="processing">进行中</Tag>) },
              {
                title: '操作',
                key: 'a',
                width: 150,
                render: (_v, i) =>
                  editable && l.status === 'published' ? (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => toggle(i)}>
                        {i.status === 'done' ? '恢复进行中' : '标记完成'}
                      </Button>
                      <Button type="link" size="small" onClick={() => setLinking(i)}>
                        关联
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
          {linking ? (
            <LinkModal
              owner="priority_item"
              ownerId={linking.id}
              title={linking.content}
              onClose={(ok) => {
                setLinking(null);
                if (ok) {
                  load();
                  onChanged();
                }
              }}
            />
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
