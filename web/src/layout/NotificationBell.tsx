/**
 * The bell in the header: unread count (polled while the user is active), the latest messages,
 * "mark all read", and a link to the full list. Hidden for accounts without messages (三员).
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { type NotificationPage, listNotifications, markNotificationsRead, webLink } from '../api/notifications.ts';
import { useAuth } from '../auth/session.tsx';
import { showError } from '../feedback.ts';
import { fmtTime } from '../format.ts';
import { lastActivity } from './IdleGuard.tsx';

const POLL_MS = 60_000;

export function NotificationBell() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const allowed = can('todo:view');
  const [data, setData] = useState<NotificationPage | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const stopped = useRef(false);

  const load = useCallback(async () => {
    if (stopped.current) return;
    setLoading(true);
    try {
      setData(await listNotifications({ page: 1, pageSize: 8 }));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
        stopped.current = true;
        setUnavailable(true);
      }
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!allowed) return;
    void load();
    const t = window.setInterval(() => {
      if (Date.now() - lastActivity(0) < 5 * 60_000) void load();
    }, POLL_MS);
    return () => window.clearInterval(t);
  }, [allowed, load]);

  if (!allowed || unavailable) return null;

  const readAll = async () => {
    try {
      await markNotificationsRead({ all: true });
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const openItem = async (id: number, link: string | null, read: boolean) => {
    setOpen(false);
    if (!read) await markNotificationsRead({ ids: [id] }).catch(() => {});
    const to = webLink(link);
    navigate(to ?? '/todo/notifications');
    void load();
  };

  const content = (
    <div className="gt-notice-pop">
      <Spin spinning={loading && !data}>
        {data && data.items.length ? (
          <List
            size="small"
            dataSource={data.items}
            renderItem={(n) => (
              <List.Item className={n.read_at ? 'gt-notice-read' : 'gt-notice-unread'}>
                <button type="button" className="gt-notice-item" onClick={() => void openItem(n.id, n.link, !!n.read_at)}>
                  <Badge status={n.read_at ? 'default' : 'processing'} />
                  <span className="gt-notice-title">{n.title}</span>
                  <Typography.Text type="secondary" className="gt-notice-time">
                    {fmtTime(n.created_at)}
                  </Typography.Text>
                </button>
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
        )}
      </Spin>
      <div className="gt-notice-foot">
        <Button size="small" type="link" onClick={readAll} disabled={!data?.unread}>
          全部标为已读
        </Button>
        <Link to="/todo/notifications" onClick={() => setOpen(false)}>
          查看全部消息
        </Link>
      </div>
    </div>
  );

  return (
    <Popover content={content} title="消息提醒" trigger="click" open={open} onOpenChange={(o) => { setOpen(o); if (o) void load(); }} placement="bottomRight">
      <Button type="text" className="gt-header-btn" aria-label={`消息提醒，${data?.unread ?? 0} 条未读`} data-testid="notification-bell">
        <Badge count={data?.unread ?? 0} size="small" overflowCount={99}>
          <BellOutlined className="gt-bell-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
