/**
 * The public, login-free page of 12345 督办工单办理情况 (/public/hotline): only the copies an
 * officer approved, already stripped of personal data on the server; nothing else is read.
 */
import { Card, Empty, Layout, List, Pagination, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { type Paged, api } from '../../api/client.ts';
import { LoadError } from '../../components/Page.tsx';

interface PublicItem {
  order_id: string;
  received_on: string;
  district: string | null;
  category: string | null;
  summary: string;
  resolution: string;
  published_on: string;
}

const PAGE_SIZE = 10;

export default function PublicSupervisedPage() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<PublicItem> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setData(await api.get<Paged<PublicItem>>('/api/public/hotline/supervised', { query: { page, pageSize: PAGE_SIZE }, quietAuth: true }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [page]);
  useEffect(() => {
    document.title = '12345热线督办工单办理情况公开';
    void load();
  }, [load]);

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Layout.Header style={{ background: '#b71c1c', display: 'flex', alignItems: 'center' }}>
        <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
          12345热线督办工单办理情况公开
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ maxWidth: 960, width: '100%', margin: '24px auto', padding: '0 16px' }}>
        <Typography.Paragraph type="secondary">
          本页公开经纪检监察机关审核同意的12345热线督办工单及其办理情况，已去除诉求人姓名、联系电话、身份证号和详细地址等个人信息。
        </Typography.Paragraph>
        {error ? <LoadError error={error} onRetry={load} /> : null}
        <Card variant="borderless" loading={!data && !error}>
          {data && !data.items.length ? <Empty description="暂无公开的督办工单" /> : null}
          {data?.items.length ? (
            <List<PublicItem>
              itemLayout="vertical"
              dataSource={data.items}
              renderItem={(it) => (
                <List.Item key={it.order_id} className="gt-public-item">
                  <Space wrap style={{ marginBottom: 8 }}>
                    <Typography.Text strong>工单 {it.order_id}</Typography.Text>
                    {it.district ? <Tag>{it.district}</Tag> : null}
                    {it.category ? <Tag color="blue">{it.category}</Tag> : null}
                    <Typography.Text type="secondary">
                      受理日期 {it.received_on} · 公开日期 {it.published_on}
                    </Typography.Text>
                  </Space>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>
                    <Typography.Text type="secondary">诉求摘要：</Typography.Text>
                    {it.summary}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>
                    <Typography.Text type="secondary">办理情况：</Typography.Text>
                    {it.resolution}
                  </Typography.Paragraph>
                </List.Item>
              )}
            />
          ) : null}
          {data && data.total > PAGE_SIZE ? (
            <Pagination style={{ marginTop: 16, textAlign: 'right' }} current={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} showTotal={(t) => `共 ${t} 件`} showSizeChanger={false} />
          ) : null}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
