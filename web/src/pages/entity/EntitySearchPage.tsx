/** 主体档案检索: find a person, enterprise, phone, organisation or vehicle across every dataset. */
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Input, List, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { LoadError, Page } from '../../components/Page.tsx';

interface Found {
  kind: string;
  key: string;
  label: string;
  sources: number;
  kind_label: string;
}

export const KIND_COLORS: Record<string, string> = { person: 'blue', enterprise: 'purple', phone: 'cyan', org: 'gold', plate: 'green', tender: 'magenta' };

export default function EntitySearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [items, setItems] = useState<Found[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!q) {
      setItems(null);
      return;
    }
    setLoading(true);
    api
      .get<{ items: Found[] }>('/api/entities/search', { query: { q } })
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [q]);

  return (
    <Page title="主体档案" description="输入身份证号、统一社会信用代码、电话号码、车牌号、单位名称，或人员/企业全称，查看其在各数据源中的全部记录与关系图谱。检索与查看均记入审计日志。">
      <Input.Search
        size="large"
        enterButton={<><SearchOutlined /> 检索</>}
        placeholder="身份证号 / 统一社会信用代码 / 电话 / 车牌 / 单位 / 姓名或企业名称"
        defaultValue={q}
        allowClear
        loading={loading}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {}, { replace: true })}
        style={{ maxWidth: 720, marginBottom: 16 }}
        aria-label="主体检索"
        autoFocus
      />
      {error ? <LoadError error={error} /> : null}
      {items === null ? (
        <Alert type="info" showIcon title="提示" description="姓名与企业名称须输入全称（精确匹配）；证件号码会自动规范化（如 15 位身份证号、全角字符）。" />
      ) : items.length ? (
        <Card variant="borderless" size="small">
          <List
            dataSource={items}
            renderItem={(f) => (
              <List.Item actions={[<Link key="open" to={`/entity/${f.kind}/${encodeURIComponent(f.key)}`}>查看档案</Link>]}>
                <List.Item.Meta
                  title={
                    <Link to={`/entity/${f.kind}/${encodeURIComponent(f.key)}`}>
                      <Tag color={KIND_COLORS[f.kind]}>{f.kind_label}</Tag>
                      {f.label}
                    </Link>
                  }
                  description={`${f.key} · 出现在 ${f.sources} 处数据中`}
                />
              </List.Item>
            )}
          />
        </Card>
      ) : (
        <Empty description={`没有找到与“${q}”对应的主体`} />
      )}
    </Page>
  );
}
