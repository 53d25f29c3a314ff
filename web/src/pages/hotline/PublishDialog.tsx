/**
 * 督办情况向社会公开, the officer's review: the de-identified text the public page would show
 * (editable; the server removes personal data again), approve, or withdraw what is published.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Skeleton, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

export interface PublicationState {
  order_id: string;
  supervised: boolean;
  draft: { summary: string; resolution: string };
  publication: { summary: string; resolution: string; approved_at: string; revoked_at: string | null } | null;
}

/** The approval dialog: loads the draft, lets the officer adjust it, approves. */
export function PublishDialog({ orderId, onClose }: { orderId: string; onClose: (done: boolean) => void }) {
  const [state, setState] = useState<PublicationState | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<PublicationState>(`/api/hotline/orders/${encodeURIComponent(orderId)}/publication`).then(setState, setError);
  }, [orderId]);
  useEffect(() => {
    if (!error) return;
    showError(error);
    onClose(false);
  }, [error, onClose]);
  if (error || !state) return null;
  const live = state.publication && !state.publication.revoked_at ? state.publication : null;
  return (
    <FormModal<{ summary: string; resolution: string }>
      title={`审核公开：工单 ${orderId}`}
      okText="同意公开"
      success="已审核同意公开"
      width={680}
      name="publish"
      initialValues={live ? { summary: live.summary, resolution: live.resolution } : state.draft}
      onClose={onClose}
      onSubmit={(v) => api.post('/api/hotline/publications', { order_id: orderId, summary: v.summary.trim(), resolution: v.resolution.trim() })}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="以下文字将在公开页面（无需登录）展示。诉求人姓名、电话、身份证号、详细地址和门牌号已自动去除，提交时会再次去除。"
      />
      <Form.Item label="诉求摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写诉求摘要' }, { max: 2000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item label="办理情况" name="resolution" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }, { max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** Confirm and withdraw a publication. */
export function confirmWithdraw(orderId: string, done: () => void) {
  feedback().modal.confirm({
    title: `撤回工单 ${orderId} 的公开？`,
    content: '撤回后公开页面不再显示该工单，可重新审核公开。',
    okText: '撤回公开',
    okButtonProps: { danger: true },
    onOk: async () => {
      try {
        await api.del(`/api/hotline/publications/${encodeURIComponent(orderId)}`);
        showSuccess('已撤回公开');
        done();
      } catch (e) {
        showError(e);
      }
    },
  });
}

/** The order page's card: publication state with approve / withdraw. */
export function PublicationCard({ orderId }: { orderId: string }) {
  const [state, setState] = useState<PublicationState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [approving, setApproving] = useState(false);
  const load = useCallback(async () => {
    try {
      setState(await api.get<PublicationState>(`/api/hotline/orders/${encodeURIComponent(orderId)}/publication`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [orderId]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <LoadError error={error} onRetry={load} />;
  if (!state) return <Skeleton active paragraph={{ rows: 2 }} />;
  const p = state.publication;
  const live = p && !p.revoked_at;
  return (
    <Card
      title="督办情况向社会公开"
      variant="borderless"
      style={{ marginTop: 12 }}
      extra={
        state.supervised ? (
          <Space>
            <Button type={live ? 'default' : 'primary'} size="small" onClick={() => setApproving(true)}>
              {live ? '修改公开内容' : '审核公开'}
            </Button>
            {live ? (
              <Button danger size="small" onClick={() => confirmWithdraw(orderId, load)}>
                撤回公开
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {!state.supervised ? (
        <span className="gt-muted">非督办工单，不向社会公开。</span>
      ) : (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="状态">
            {live ? <Tag color="cyan">已公开（{fmtTime(p.approved_at)}）</Tag> : p?.revoked_at ? <Tag>已撤回（{fmtTime(p.revoked_at)}）</Tag> : <Tag color="orange">待审核</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={live ? '公开摘要' : '拟公开摘要'}>{live ? p.summary : state.draft.summary}</Descriptions.Item>
          <Descriptions.Item label={live ? '办理情况' : '拟公开办理情况'}>{live ? p.resolution : state.draft.resolution}</Descriptions.Item>
        </Descriptions>
      )}
      {approving ? (
        <PublishDialog
          orderId={orderId}
          onClose={(ok) => {
            setApproving(false);
            if (ok) void load();
          }}
        />
      ) : null}
    </Card>
  );
}
