/**
 * A modal holding a form: validates before sending, shows the server's message on failure,
 * closes on success. Fields are ordinary antd Form.Items passed as children.
 */
import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { showError, showSuccess } from '../feedback.ts';

export function FormModal<V extends object>(props: {
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<V>;
  /** Send the values; resolve to close. A thrown ApiError is shown and keeps the modal open. */
  onSubmit: (values: V, form: FormInstance<V>) => Promise<unknown>;
  onClose: (done: boolean) => void;
  success?: string;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  name?: string;
}) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(v, form);
      if (props.success) showSuccess(props.success);
      props.onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText ?? '确定'}
      okButtonProps={{ danger: props.danger }}
      onOk={submit}
      onCancel={() => props.onClose(false)}
      confirmLoading={busy}
      width={props.width ?? 560}
      maskClosable={false}
    >
      <Form<V> form={form} layout="vertical" initialValues={props.initialValues} onFinish={submit} name={props.name ?? 'dlg'}>
        {typeof props.children === 'function' ? props.children(form) : props.children}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
