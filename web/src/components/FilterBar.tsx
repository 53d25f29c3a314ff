/**
 * A filter form above a server table: the fields are plain antd Form.Items; "查询" applies them,
 * "重置" clears them. Values go to the URL through useServerTable.setFilters.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Space } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';

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
  // Re-sync the fields when the URL's filters change (dayjs values serialise to ISO strings for the key only).
  const latest = useRef(initial);
  latest.current = initial;
  const initialKey = JSON.stringify(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: initialKey stands for `initial` (read through the ref)
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(latest.current as Parameters<typeof form.setFieldsValue>[0]);
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
