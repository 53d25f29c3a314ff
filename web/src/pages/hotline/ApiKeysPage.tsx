/**
 * 接口密钥 (安全保密管理员): the API keys with which the 12345 system pushes work orders through
 * the Open311 intake. A new key is shown exactly once (only its SM3 digest is stored); a key can
 * be revoked at once.
 */
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

interface ApiKey {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  created_at: string;
  created_by_name: string | null;
  revoked_at: string | null;
}

interface NewKey {
  id: number;
  key: string;
  org_name: string;
}

export default function ApiKeysPage() {
  const { modal } = feedback();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [show, setShow] = useState<'active' | 'all'>('active');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(NewKey & { name: string }) | null>(null);

  const load = useCallback(async () => {
    try {
      setKeys(await api.get<ApiKey[]>('/api/hotline/api-keys', { query: { revoked: show === 'active' ? false : undefined } }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [show]);
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = (k: ApiKey) =>
    modal.confirm({
      title: `作废接口密钥“${k.name}”？`,
      content: `作废后，${k.org_name}使用该密钥的接入请求立即被拒绝，且不能恢复。`,
      okText: '作废',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/api/hotline/api-keys/${k.id}`);
          showSuccess('接口密钥已作废');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const columns: TableColumnsType<ApiKey> = [
    { title: '编号', dataIndex: 'id', key: 'id', width: 70 },
    { title: '名称', dataIndex: 'name', key: 'name', width: 200 },
    { title: '接入单位', dataIndex: 'org_name', key: 'org_name', width: 240 },
    { title: '创建人', dataIndex: 'created_by_name', key: 'created_by_name', width: 120, render: (v: string | null) => v ?? '系统' },
    { title: '创建时间', dataIndex: 'created_at', key: 'created_at', width: 170, render: fmtTime },
    {
      title: '状态',
      key: 'state',
      width: 200,
      render: (_: unknown, k) => (k.revoked_at ? <Tag>已作废（{fmtTime(k.revoked_at)}）</Tag> : <Tag color="green">有效</Tag>),
    },
    {
      title: '操作',
      key: 'op',
      width: 90,
      render: (_: unknown, k) =>
        k.revoked_at ? null : (
          <Button type="link" danger size="small" className="gt-link-button" onClick={() => revoke(k)}>
            作废
          </Button>
        ),
    },
  ];

  return (
    <Page
      title="热线接口密钥"
      description="12345热线系统通过 Open311 接口（/open311/v2）推送工单时使用的接口密钥。密钥只在创建时显示一次，平台仅保存其 SM3 摘要；泄露或停用时请立即作废。"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          创建接口密钥
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <Segmented
          value={show}
          onChange={(v) => setShow(v as 'active' | 'all')}
          options={[
            { value: 'active', label: '有效' },
            { value: 'all', label: '全部（含已作废）' },
          ]}
        />
      </Space>
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<ApiKey> rowKey="id" size="small" columns={columns} dataSource={keys ?? []} loading={!keys && !error} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: '暂无接口密钥' }} />
      {creating ? (
        <FormModal<{ name: string; org_id: number }>
          title="创建接口密钥"
          okText="创建"
          name="apikey"
          onClose={(ok) => {
            setCreating(false);
            if (ok) void load();
          }}
          onSubmit={async (v) => {
            const r = await api.post<NewKey>('/api/hotline/api-keys', { name: v.name.trim(), org_id: v.org_id });
            setCreated({ ...r, name: v.name.trim() });
          }}
        >
          <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100 }]} extra="如：12345热线业务系统（生产）">
            <Input />
          </Form.Item>
          <Form.Item label="接入单位" name="org_id" rules={[{ required: true, message: '请选择接入单位' }]} extra="通过该密钥接入的工单，其数据提供单位记为此单位。">
            <OrgPicker placeholder="选择单位" />
          </Form.Item>
        </FormModal>
      ) : null}
      {created ? (
        <Modal
          open
          title={
            <Space>
              <KeyOutlined />
              接口密钥已创建
            </Space>
          }
          okText="我已妥善保存"
          cancelButtonProps={{ style: { display: 'none' } }}
          closable={false}
          maskClosable={false}
          onOk={() => setCreated(null)}
        >
          <Alert type="warning" showIcon title="密钥只显示这一次，关闭后无法再次查看。请复制后通过安全渠道交给对接单位。" style={{ marginBottom: 12 }} />
          <p>
            {created.name}（{created.org_name}）
          </p>
          <Typography.Paragraph copyable={{ text: created.key, tooltips: ['复制', '已复制'] }} code data-testid="new-api-key">
            {created.key}
          </Typography.Paragraph>
          <Typography.Text type="secondary">调用时放在请求头 x-api-key 中，或按 Open311 规范作为 api_key 参数。</Typography.Text>
        </Modal>
      ) : null}
    </Page>
  );
}
