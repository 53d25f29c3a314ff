/**
 * A filter form above a server table: the fields are plain antd Form.Items; "查询" applies them,
 * "重置" clears them. Values go to the URL through useServerTable.setFilters.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Space } from 'antd';
import { type ReactNode, useEffect } from 'react';

export function FilterBar<V extends object>(props: {
  form: FormInstance<V>;
  initial: Partial<V>;
  onApply: (v: V) => void;
  onReset: () => void;
  children: ReactNode;
  label?: string;
  extra?: ReactNode;
}) {
  const { form, initial, onApply, onReset, children, label = '筛选条件', extra } = props;
  const initialKey = JSON.stringify(initial);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(JSON.parse(initialKey));
  }, [form, initialKey]);
  return (
    <Form form={form} layout="inline" className="gt-filters" onFinish={onApply} role="search" aria-label={label} name="filters">
      {children}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              form.resetFields();
              onReset();
            }}
          >
            重置
          </Button>
          {extra}
        </Space>
      </Form.Item>
    </Form>
  );
}
