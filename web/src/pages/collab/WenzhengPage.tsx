/** 问政: televised/online accountability events (问政＋问责＋督改), each issue followed until the loop closes. */
import { Button, Card, Col, Descriptions, Drawer, Row, Statistic, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { LoadError, Page } from '../../components/Page.tsx';

interface WzEvent {
  id: number;
  title: string;
  held_on: string;
  media: string;
  host_org_id: number;
  description: string | null;
  status: string;
}

interface Issue {
  id: number;
  seq: number;
  title: string;
  description: string;
  responsible_org_name: string;
  clue_id: number | null;
  rect_item_id: number | null;
  rectification: { status: string; status_label?: string; overdue?: boolean } | null;
  decisions: number;
  stage: string;
  stage_label: string;
  published: boolean;
  published_on: string | null;
}

const STAGE_COLORS: Record<string, string> = { exposed: 'red', following: 'orange', rectified: 'blue', closed: 'green' };

export default function WenzhengPage() {
  const [items, setItems] = useState<WzEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('open')) || null;
  useEffect(() => {
    api
      .get<{ items: WzEvent[] }>('/api/collab/wenzheng')
      .then((r) => setItems(r.items))
      .catch(setError)
      .finally(() => setLoading(false));
  }, []);
  const columns: TableColumnsType<WzEvent> = [
    { title: '日期', dataIndex: 'held_on', width: 110 },
    { title: '活动', dataIndex: 'title', render: (v: string, e) => (
        <Button type="link" size="small" className="gt-link-button" onClick={() => setParams({ open: String(e.id) }, { replace: true })}>
          {v}
        </Button>
      ),
    },
    { title: '媒体', dataIndex: 'media', width: 180 },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => (s === 'closed' ? <Tag color="green">已闭环</Tag> : <Tag color="processing">跟进中</Tag>) },
  ];
  return (
    <Page title="问政" description="电视问政、网络问政曝光的问题，逐项跟进问责与督改，直至闭环并公开。">
      {error ? <LoadError error={error} /> : null}
      <Table<WzEvent> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={items} pagination={false} locale={{ emptyText: '暂无问政活动' }} />
      {openId ? <EventDrawer id={openId} onClose={() => setParams({}, { replace: true })} /> : null}
    </Page>
  );
}

function EventDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const [e, setE] = useState<(WzEvent & { host_org_name: string; issues: Issue[]; dashboard: Record<string, number> }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<NonNullable<typeof e>>(`/api/collab/wenzheng/${id}`).then(setE).catch(setError);
  }, [id]);
  return (
    <Drawer open size={900} title={e?.title ?? '问政活动'} onClose={onClose}>
      {error ? <LoadError error={error} /> : null}
      {e ? (
        <>
          <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="日期">{e.held_on}</Descriptions.Item>
            <Descriptions.Item label="媒体">{e.media}</Descriptions.Item>
            <Descriptions.Item label="主办">{e.host_org_name}</Descriptions.Item>
          </Descriptions>
          <Row gutter={8} style={{ marginBottom: 12 }}>
            {[
              ['issues', '曝光问题'],
              ['clues', '转线索'],
              ['on_ledger', '列入整改'],
              ['rectified', '已整改'],
              ['decisions', '问责人次'],
              ['closed', '已闭环'],
            ].map(([k, l]) => (
              <Col key={k} span={4}>
                <Card size="small">
                  <Statistic title={l} value={e.dashboard[k] ?? 0} />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<Issue>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={e.issues}
            expandable={{ expandedRowRender: (i) => <span className="gt-prewrap">{i.description}</span> }}
            columns={[
              { title: '序号', dataIndex: 'seq', width: 60 },
              { title: '问题', dataIndex: 'title', ellipsis: true },
              { title: '责任单位', dataIndex: 'responsible_org_name', width: 170, ellipsis: true },
              {
                title: '跟进',
                key: 'links',
                width: 200,
                render: (_v, i) => (
                  <span>
                    {i.clue_id ? <Link to={`/clues/${i.clue_id}`}>线索</Link> : null} {i.rect_item_id ? <Link to={`/rectify/items/${i.rect_item_id}`}>整改{i.rectification?.status_label ? `（${i.rectification.status_label}）` : ''}</Link> : null} {i.decisions ? `问责 ${i.decisions} 人次` : ''}
                  </span>
                ),
              },
              { title: '闭环', dataIndex: 'stage', width: 130, render: (s: string, i) => <Tag color={STAGE_COLORS[s]}>{i.stage_label}</Tag> },
              { title: '公开', dataIndex: 'published', width: 80, render: (p: boolean) => (p ? '已公开' : '—') },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
