/** 消息提醒: all messages of the signed-in user and their organisation's inbox. */
import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Segmented, Table, type TableColumnsType, Tag } from 'antd';
import { Link } from 'react-router';
import { type Notification, markNotificationsRead, webLink } from '../../api/notifications.ts';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { fmtTime } from '../../format.ts';

export default function NotificationsPage() {
  const t = useServerTable<Notification>('/api/notifications', { filterKeys: ['unread'] });
  const unreadOnly = t.query.filters.unread === 'true';

  const mark = async (body: { ids?: number[]; all?: boolean }) => {
    try {
      const r = await markNotificationsRead(body);
      showSuccess(`已标记 ${r.updated} 条为已读`);
      t.reload();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Notification> = [
    { title: '', key: 'dot', width: 32, render: (_v, n) => <Badge status={n.read_at ? 'default' : 'processing'} aria-label={n.read_at ? '已读' : '未读'} /> },
    {
      title: '消息',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, n) => {
        const to = webLink(n.link);
        return to ? (
          <Link to={to} onClick={() => !n.read_at && void markNotificationsRead({ ids: [n.id] }).catch(() => {})}>
            {title}
          </Link>
        ) : (
          title
        );
      },
    },
    { title: '接收方', dataIndex: 'recipient_kind', key: 'recipient_kind', width: 100, render: (k: string) => (k === 'org' ? <Tag>本单位</Tag> : <Tag color="blue">本人</Tag>) },
    { title: '时间', dataIndex: 'created_at', key: 'created_at', width: 170, render: fmtTime },
    { title: '阅读时间', dataIndex: 'read_at', key: 'read_at', width: 170, render: fmtTime },
    {
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_v, n) =>
        n.read_at ? null : (
          <Button type="link" size="small" onClick={() => void mark({ ids: [n.id] })}>
            标为已读
          </Button>
        ),
    },
  ];

  return (
    <Page
      title="消息提醒"
      extra={
        <Button icon={<CheckOutlined />} onClick={() => void mark({ all: true })}>
          全部标为已读
        </Button>
      }
    >
      <div className="gt-toolbar">
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => t.setFilters({ unread: v === 'unread' ? 'true' : undefined })}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: '未读' },
          ]}
        />
      </div>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<Notification> rowKey="id" size="middle" columns={columns} {...t.tableProps} locale={{ emptyText: unreadOnly ? '没有未读消息' : '暂无消息' }} />
    </Page>
  );
}
