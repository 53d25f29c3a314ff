/** 全局检索: clues, persons and enterprises, 12345 orders and rectification items the user may see. */
import { Card, Empty, Input, List, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { webLink } from '../../api/notifications.ts';
import { LoadError, Page } from '../../components/Page.tsx';

interface Group {
  kind: string;
  label: string;
  total: number;
  items: { id: string | number; title: string; subtitle?: string | null; link: string }[];
  more: string | null;
}

/** "More" links that have a page in this app. */
const MORE_OK = /^\/(clues|entity\/search|rectify\/ledger)\b/;

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!q) return;
    setGroups(null);
    api
      .get<{ groups: Group[]; total: number }>('/api/search', { query: { q } })
      .then((r) => {
        setGroups(r.groups);
        setError(null);
      })
      .catch(setError);
  }, [q]);
  return (
    <Page title="全局检索" card={false} description="只检索您有权查看的记录；检索词记入审计日志。">
      <Input.Search defaultValue={q} key={q} size="large" allowClear enterButton="检索" placeholder="线索编号、被反映人、企业、工单号、整改事项…" onSearch={(v) => v.trim() && setParams({ q: v.trim() })} style={{ maxWidth: 640, marginBottom: 16 }} aria-label="全局检索" />
      {error ? <LoadError error={error} /> : null}
      {q && !groups && !error ? <Skeleton active /> : null}
      {groups && !groups.length ? <Empty description="您没有可检索的内容" /> : null}
      {groups?.map((g) => (
        <Card key={g.kind} size="small" variant="borderless" title={`${g.label}（${g.total}）`} style={{ marginBottom: 12 }} extra={g.more && MORE_OK.test(g.more) && g.total > g.items.length ? <Link to={g.more}>查看全部</Link> : null}>
          {g.items.length ? (
            <List
              size="small"
              dataSource={g.items}
              renderItem={(it) => (
                <List.Item>
                  <List.Item.Meta title={<Link to={webLink(it.link) ?? '/'}>{it.title}</Link>} description={it.subtitle ? <Typography.Text type="secondary">{it.subtitle}</Typography.Text> : null} />
                </List.Item>
              )}
            />
          ) : (
            <span className="gt-muted">无结果</span>
          )}
        </Card>
      ))}
    </Page>
  );
}
