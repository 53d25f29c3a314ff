/**
 * The signed-in shell: side menu (from the server's permission-filtered menus and this build's
 * page registry), header (organisation, notifications, user), breadcrumbs, idle-timeout guard,
 * and the routes of every page the user may open.
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Dropdown, Input, Layout, Menu, type MenuProps, Result, Spin, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, matchPath, useLocation, useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { hasAny, useAuth } from '../auth/session.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { FALLBACK_ICON, MENU_ICONS, type MenuKey, PAGES, type PageDef, pageByKey } from '../routes.tsx';
import { ChangePasswordModal } from './ChangePasswordModal.tsx';
import { IdleGuard } from './IdleGuard.tsx';
import { NotificationBell } from './NotificationBell.tsx';

const { Header, Sider, Content } = Layout;

/** Pages this user may open (registry ∩ permissions). */
export function visiblePages(me: Me): PageDef[] {
  const menus = new Set(me.menus.map((m) => m.key));
  return PAGES.filter((p) => menus.has(p.menu) && hasAny(me, p.perms));
}

function menuItems(me: Me, pages: PageDef[]): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [];
  for (const m of me.menus) {
    const inMenu = pages.filter((p) => p.menu === m.key && !p.parent && !p.hidden);
    if (!inMenu.length) continue;
    const icon = MENU_ICONS[m.key as MenuKey] ?? FALLBACK_ICON;
    if (inMenu.length === 1) {
      items.push({ key: inMenu[0].key, icon, label: <Link to={`/${inMenu[0].path}`}>{m.label}</Link> });
    } else {
      items.push({
        key: `menu:${m.key}`,
        icon,
        label: m.label,
        children: inMenu.map((p) => ({ key: p.key, label: <Link to={`/${p.path}`}>{p.label}</Link> })),
      });
    }
  }
  return items;
}

function currentPage(pathname: string, pages: PageDef[]): PageDef | undefined {
  return pages.find((p) => matchPath({ path: `/${p.path}`, end: true }, pathname));
}

function Forbidden() {
  return <Result status="403" title="无权访问" subTitle="您没有打开此页面的权限；如需使用，请联系安全保密管理员授权。" extra={<Link to="/">返回首页</Link>} />;
}

function NotFound() {
  return <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或尚未开放。" extra={<Link to="/">返回首页</Link>} />;
}

function NoPages() {
  return <Result status="info" title="暂无可用功能" subTitle="您的账号尚未被授予任何功能，请联系安全保密管理员。" />;
}

export default function Shell() {
  const { me, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const [openKeys, setOpenKeys] = useState<string[] | null>(null);
  const pages = useMemo(() => (me ? visiblePages(me) : []), [me]);
  const items = useMemo(() => (me ? menuItems(me, pages) : []), [me, pages]);
  if (!me) return null;

  const page = currentPage(location.pathname, PAGES);
  const menuPage = page?.hidden ? undefined : page?.parent ? pageByKey(page.parent) : page;
  const selected = menuPage ? [menuPage.key] : [];
  const defaultOpen = menuPage ? [`menu:${menuPage.menu}`] : [];
  const home = pages.find((p) => !p.parent && !p.hidden);
  const canSearch = pages.some((p) => p.key === 'search');
  const menuLabel = page ? me.menus.find((m) => m.key === page.menu)?.label : undefined;

  const crumbs = [{ title: <Link to="/">首页</Link> }];
  if (page?.hidden) crumbs.push({ title: <span aria-current="page">{page.label}</span> });
  else if (page && menuLabel) {
    const parent = page.parent ? pageByKey(page.parent) : undefined;
    const single = pages.filter((p) => p.menu === page.menu && !p.parent && !p.hidden).length === 1;
    if ((!single || page.parent) && menuLabel !== (parent ?? page).label) crumbs.push({ title: <span>{menuLabel}</span> });
    if (parent) crumbs.push({ title: <Link to={`/${parent.path}`}>{parent.label}</Link> });
    crumbs.push({ title: <span aria-current="page">{single && !page.parent ? menuLabel : page.label}</span> });
  }

  const userMenu: MenuProps = {
    items: [
      { key: 'info', disabled: true, label: <span className="gt-user-info">{me.display_name}（{me.username}）<br />{me.org_name}</span> },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: '修改口令' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPwOpen(true);
      if (key === 'logout') void logout('您已安全退出').then(() => navigate('/login', { replace: true }));
    },
  };

  return (
    <Layout className="gt-shell">
      <a className="gt-skip-link" href="#gt-main">
        跳到主要内容
      </a>
      <Header className="gt-header">
        <div className="gt-brand">
          <span className="gt-brand-logo" aria-hidden>
            贯
          </span>
          <span className="gt-brand-name">贯通 · 监督贯通协同平台</span>
        </div>
        <div className="gt-header-right">
          {canSearch ? (
            <Input.Search
              size="small"
              className="gt-header-search"
              placeholder="全局检索"
              allowClear
              aria-label="全局检索"
              onSearch={(v) => v.trim() && navigate(`/search?q=${encodeURIComponent(v.trim())}`)}
            />
          ) : null}
          <span className="gt-header-org" title="所在单位">
            {me.org_name}
          </span>
          <NotificationBell />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" className="gt-header-user" aria-label="用户菜单" data-testid="user-menu">
              <UserOutlined /> {me.display_name} <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </div>
      </Header>
      <Layout>
        <Sider width={216} collapsedWidth={56} collapsed={collapsed} theme="light" className="gt-sider" trigger={null}>
          <nav aria-label="主菜单">
            <Menu
              mode="inline"
              items={items}
              selectedKeys={selected}
              openKeys={collapsed ? undefined : (openKeys ?? defaultOpen)}
              onOpenChange={(k) => setOpenKeys(k as string[])}
              className="gt-menu"
              data-testid="side-menu"
            />
          </nav>
          <Button
            type="text"
            className="gt-collapse"
            onClick={() => setCollapsed((c) => !c)}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
          />
        </Sider>
        <Layout className="gt-main">
          <Breadcrumb className="gt-breadcrumb" items={crumbs} />
          <Content id="gt-main" className="gt-content" tabIndex={-1}>
            <ErrorBoundary resetKey={location.pathname}>
              <Suspense
                fallback={
                  <div className="gt-page-spin">
                    <Spin />
                  </div>
                }
              >
                <Routes>
                  <Route index element={home ? <Navigate to={`/${home.path}`} replace /> : <NoPages />} />
                  {PAGES.map((p) => {
                    const C = p.component;
                    return <Route key={p.key} path={p.path} element={pages.includes(p) ? <C /> : <Forbidden />} />;
                  })}
                  <Route path="*" element={<NotFound />} />
                </Routes>
              </Suspense>
            </ErrorBoundary>
          </Content>
          <Typography.Text type="secondary" className="gt-footer">
            贯通 · 监督贯通协同平台 · 所有操作均记入审计日志
          </Typography.Text>
        </Layout>
      </Layout>
      <IdleGuard minutes={me.idle_timeout_minutes || 30} />
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} username={me.username} />
    </Layout>
  );
}
