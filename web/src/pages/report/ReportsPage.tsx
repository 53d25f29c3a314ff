/** 报告报表: generated 12345 weekly / monthly / special reports (Word + Excel) and the dashboard's situation report. */
import { FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { showError } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

interface Report {
  id: number;
  kind: 'weekly' | 'monthly' | 'special';
  title: string;
  period_from: string;
  period_to: string;
  generated_at: string;
  generated_by: string;
}

const KIND_LABELS: Record<string, string> = { weekly: '周报', monthly: '月报', special: '专报' };

export default function ReportsPage() {
  const { can } = useAuth();
  const [items, setItems] = useState<Report[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [topics, setTopics] = useState<{ id: number; name: string }[]>([]);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await api.get<Report[]>('/api/hotline/reports'));
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
  useEffect(() => {
    if (!creating || !can('hotline:read')) return;
    api
      .get<{ id: number; name: string }[]>('/api/hotline/analysis/topics', { query: { from: dayjs().startOf('year').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') } })
      .then(setTopics)
      .catch(() => setTopics([]));
  }, [creating, can]);
  const dl = (r: Report, f: 'docx' | 'xlsx') => download(`/api/hotline/reports/${r.id}/${f}`, undefined, `${r.title}.${f}`).catch(showError);
  return (
    <Page
      title="报告报表"
      description="12345 热线监督分析周报、月报和专项深办专报（Word 正文 + Excel 附件）；驾驶舱页面可生成综合情况报告。"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          生成报告
        </Button>
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Report>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: '暂无报告' }}
        columns={[
          { title: '报告', dataIndex: 'title' },
          { title: '类型', dataIndex: 'kind', width: 80, render: (k: string) => KIND_LABELS[k] ?? k },
          { title: '期间', key: 'p', width: 210, render: (_v, r) => `${r.period_from} 至 ${r.period_to}` },
          { title: '生成时间', dataIndex: 'generated_at', width: 170, render: fmtTime },
          { title: '生成人', dataIndex: 'generated_by', width: 100 },
          {
            title: '下载',
            key: 'dl',
            width: 170,
            render: (_v, r) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<FileWordOutlined />} onClick={() => void dl(r, 'docx')}>
                  正文
                </Button>
                <Button type="link" size="small" icon={<FileExcelOutlined />} onClick={() => void dl(r, 'xlsx')}>
                  附件
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {creating ? (
        <FormModal<{ kind: 'weekly' | 'monthly' | 'special'; as_of?: Dayjs; range?: [Dayjs, Dayjs]; topic_id?: number }>
          title="生成报告"
          okText="生成"
          success="报告已生成"
          initialValues={{ kind: 'weekly', as_of: dayjs() }}
          onClose={(ok) => {
            setCreating(false);
            if (ok) void load();
          }}
          onSubmit={(v) =>
            api.post('/api/hotline/reports', {
              kind: v.kind,
              ...(v.kind !== 'special' && v.as_of ? { as_of: v.as_of.format('YYYY-MM-DD') } : {}),
              ...(v.kind === 'special' && v.range ? { from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD') } : {}),
              ...(v.kind === 'special' && v.topic_id ? { topic_id: v.topic_id } : {}),
            })
          }
        >
          {(form) => (
            <>
              <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
                <Select options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
                {() =>
                  form.getFieldValue('kind') === 'special' ? (
                    <>
                      <Form.Item label="专项" name="topic_id" rules={[{ required: true, message: '请选择专项' }]}>
                        <Select options={topics.map((t) => ({ value: t.id, label: t.name }))} notFoundContent="暂无专项深办" />
                      </Form.Item>
                      <Form.Item label="期间" name="range" rules={[{ required: true, message: '请选择期间' }]}>
                        <DatePicker.RangePicker />
                      </Form.Item>
                    </>
                  ) : (
                    <Form.Item label="截至日期" name="as_of" extra="周报统计截至日期所在周的上一整周；月报为上一整月">
                      <DatePicker />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
        </FormModal>
      ) : null}
    </Page>
  );
}
