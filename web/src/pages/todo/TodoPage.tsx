/**
 * 我的待办: what waits for the signed-in user (clues to dispose or approve, transfers to sign for,
 * rectifications due, …) as GET /api/todo lists it, plus the latest unread messages.
 */
import { Badge, Button, Card, Col, Empty, List, Row, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { type NotificationPage, listNotifications, markNotificationsRead, webLink } from '../../api/notifications.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { fmtDate, fmtTime } from '../../format.ts';

export interface TodoItem {
  kind: string;
  kind_label: string;
  title: string;
  link: string;
  objectType: string;
  objectId: string | number;
  due: string | null;
  overdue: boolean;
  since?: string | null;
}

/** GET /api/todo (src/modules/todo/todo.service.ts). */
export interface TodoReply {
  items: TodoItem[];
  counts: Record<string, number>;
  total: number;
  overdue: number;
  as_of: string;
}

export default function TodoPage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const [todo, setTodo] = useState<TodoReply | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notes, setNotes] = useState<NotificationPage | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    const [t, n] = await Promise.allSettled([api.get<TodoReply>('/api/todo'), listNotifications({ unread: true, page: 1, pageSize: 6 })]);
    if (t.status === 'fulfilled') {
      setTodo(t.value);
      setError(null);
    } else if (t.reason instanceof ApiError && t.reason.status === 404) setMissing(true);
    else setError(t.reason);
    if (n.status === 'fulfilled') setNotes(n.value);
    setLoading(false);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const items = todo?.items ?? [];
  const labels = new Map(items.map((i) => [i.kind, i.kind_label]));
  const groups = Object.entries(todo?.counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([kind, count]) => ({ kind, count, label: labels.get(kind) ?? kind }));
  const [kind, setKind] = useState<string | null>(null);
  const shown = kind ? items.filter((i) => i.kind === kind) : items;

  return (
    <Page title="我的待办" description={me ? `${me.display_name}，您好。以下是需要您（或您所在单位）办理的事项。` : undefined} card={false}>
      {error ? <LoadError error={error} onRetry={load} /> : null}
      {groups.length ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {groups.map((g) => (
            <Col key={g.kind} xs={12} md={8} lg={6} xl={4}>
              <Card size="small" hoverable onClick={() => setKind(kind === g.kind ? null : g.kind)} className={`gt-stat-card ${kind === g.kind ? 'gt-stat-active' : ''}`}>
                <button type="button" className="gt-list-button" aria-pressed={kind === g.kind}>
                  <Typography.Text type="secondary">{g.label}</Typography.Text>
                  <span className="gt-stat-num">{g.count}</span>
                </button>
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <Row gutter={12}>
        <Col xs={24} lg={16}>
          <Card
            title={kind ? `待办事项 · ${labels.get(kind) ?? ''}` : '待办事项'}
            variant="borderless"
            extra={todo ? <span>共 {todo.total} 项{todo.overdue ? <Tag color="red" style={{ marginLeft: 8 }}>逾期 {todo.overdue}</Tag> : null}</span> : null}
          >
            {loading && !todo ? (
              <Skeleton active />
            ) : shown.length ? (
              <List
                dataSource={shown}
                renderItem={(it) => {
                  const to = webLink(it.link ?? null);
                  return (
                    <List.Item key={`${it.kind}-${it.objectId}`} actions={to ? [<Link key="go" to={to}>办理</Link>] : undefined}>
                      <List.Item.Meta
                        title={to ? <Link to={to}>{it.title}</Link> : it.title}
                        description={
                          <span>
                            <Tag>{it.kind_label}</Tag>
                            {it.due ? (
                              <Tag color={it.overdue ? 'red' : 'default'}>
                                {it.overdue ? '已逾期' : '期限'} {fmtDate(it.due)}
                              </Tag>
                            ) : null}
                            {it.since ? <Typography.Text type="secondary">{fmtTime(it.since)}</Typography.Text> : null}
                          </span>
                        }
                      />
                    </List.Item>
                  );
                }}
              />
            ) : (
              <Empty description={missing ? '暂无待办（待办服务尚未开通）' : '暂无待办事项'} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card
            title={
              <span>
                未读消息 <Badge count={notes?.unread ?? 0} size="small" />
              </span>
            }
            variant="borderless"
            extra={<Link to="/todo/notifications">全部消息</Link>}
          >
            {notes?.items.length ? (
              <List
                size="small"
                dataSource={notes.items}
                renderItem={(n) => (
                  <List.Item>
                    <Button
                      type="link"
                      className="gt-link-button"
                      onClick={async () => {
                        await markNotificationsRead({ ids: [n.id] }).catch(() => {});
                        navigate(webLink(n.link) ?? '/todo/notifications');
                      }}
                    >
                      {n.title}
                    </Button>
                    <Typography.Text type="secondary" className="gt-small">
                      {fmtTime(n.created_at)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未读消息" />
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
