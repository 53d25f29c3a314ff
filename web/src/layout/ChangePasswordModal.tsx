/** Change one's own password (POST /api/auth/password), validated against the policy first. */
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { showError, showSuccess } from '../feedback.ts';
import { passwordProblem } from '../format.ts';

export function ChangePasswordModal({ open, onClose, username }: { open: boolean; onClose: () => void; username: string }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/api/auth/password', { old_password: v.old_password, new_password: v.new_password });
      showSuccess('口令已修改');
      form.resetFields();
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title="修改口令" onOk={submit} onCancel={onClose} okText="确定修改" confirmLoading={busy} destroyOnHidden forceRender>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item label="原口令" name="old_password" rules={[{ required: true, message: '请输入原口令' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新口令"
          name="new_password"
          extra="至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类"
          rules={[
            { required: true, message: '请输入新口令' },
            { validator: (_r, v: string) => (v && passwordProblem(v, username) ? Promise.reject(new Error(passwordProblem(v, username)!)) : Promise.resolve()) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新口令"
          name="confirm"
          dependencies={['new_password']}
          rules={[
            { required: true, message: '请再次输入新口令' },
            ({ getFieldValue }) => ({ validator: (_r, v: string) => (!v || v === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error('两次输入的口令不一致'))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
