/**
 * 用户管理 (系统管理员: create, enable/disable) and 账号授权与解锁 (安全保密管理员: grant roles,
 * unlock, reset password, reset TOTP). One list; the actions follow the caller's permissions,
 * which is how 三员分立 shows in the interface.
 */
import { LockOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Dropdown, Form, Input, Modal, Space, Table, type TableColumnsType, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { useServerTable } from '../../components/useServerTable.ts';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { ADMIN_KIND_LABELS, fmtTime, passwordProblem } from '../../format.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  org_id: number;
  org_name: string;
  status: 'active' | 'disabled';
  totp_enabled: boolean;
  locked_until: string | null;
  created_at: string;
  password_changed_at: string;
  roles: string[];
}

const isLocked = (u: UserRow) => !!u.locked_until && new Date(u.locked_until).getTime() > Date.now();

function useRoles() {
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    api
      .get<{ items: Role[] }>('/api/admin/roles')
      .then((r) => setRoles(r.items))
      .catch(() => setRoles([]));
  }, []);
  return roles;
}

export default function UsersPage() {
  const { can } = useAuth();
  const canCreate = can('admin:user');
  const canRoles = can('security:role');
  const canUnlock = can('security:unlock');
  const t = useServerTable<UserRow>('/api/admin/users', { filterKeys: ['org_id'], defaultSort: 'username', defaultOrder: 'asc' });
  const { tree: orgTree } = useOrgs();
  const roles = useRoles();
  const roleName = useMemo(() => new Map(roles.map((r) => [r.code, r])), [roles]);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [search, setSearch] = useState(t.query.filters.q ?? '');
  const { modal } = feedback();

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      showSuccess(ok);
      t.reload();
    } catch (e) {
      showError(e);
    }
  };

  const toggleStatus = (u: UserRow) => {
    const disable = u.status === 'active';
    modal.confirm({
      title: disable ? `停用用户“${u.display_name}”？` : `启用用户“${u.display_name}”？`,
      content: disable ? '停用后该用户立即被强制退出，且不能再登录。' : '启用后该用户可以重新登录。',
      okText: disable ? '停用' : '启用',
      okButtonProps: { danger: disable },
      onOk: () => act(() => api.patch(`/api/admin/users/${u.id}/status`, { status: disable ? 'disabled' : 'active' }), disable ? '已停用' : '已启用'),
    });
  };

  const unlock = (u: UserRow) => act(() => api.post(`/api/admin/users/${u.id}/unlock`, {}), `已解锁“${u.display_name}”`);

  const resetTotp = (u: UserRow) =>
    modal.confirm({
      title: `重置“${u.display_name}”的动态口令？`,
      content: '重置后该用户下次登录时须重新绑定认证器。',
      okText: '重置',
      okButtonProps: { danger: true },
      onOk: () => act(() => api.post(`/api/admin/users/${u.id}/reset-totp`, {}), '动态口令已重置'),
    });

  const columns: TableColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username', key: 'username', sorter: true, sortOrder: t.sortOrderOf('username'), width: 130 },
    { title: '姓名', dataIndex: 'display_name', key: 'display_name', sorter: true, sortOrder: t.sortOrderOf('display_name'), width: 110 },
    { title: '所属单位', dataIndex: 'org_name', key: 'org', sorter: true, sortOrder: t.sortOrderOf('org'), ellipsis: true },
    {
      title: '角色',
      dataIndex: 'roles',
      key: 'roles',
      render: (codes: string[]) =>
        codes.length ? (
          codes.map((c) => {
            const r = roleName.get(c);
            return (
              <Tag key={c} color={r?.admin_kind ? 'volcano' : 'blue'}>
                {r?.name ?? c}
              </Tag>
            );
          })
        ) : (
          <Typography.Text type="secondary">未授权</Typography.Text>
        ),
    },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.status === 'active' ? <Tag color="green">正常</Tag> : <Tag>停用</Tag>}
          {isLocked(u) ? (
            <Tooltip title={`锁定至 ${fmtTime(u.locked_until)}`}>
              <Tag color="red" icon={<LockOutlined />}>
                锁定
              </Tag>
            </Tooltip>
          ) : null}
          {u.totp_enabled ? <Tag color="cyan">已绑定口令器</Tag> : null}
        </Space>
      ),
    },
    { title: '创建时间', dataIndex: 'created_at', key: 'created_at', sorter: true, sortOrder: t.sortOrderOf('created_at'), width: 170, render: fmtTime },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_v, u) => {
        const more = [
          ...(canUnlock
            ? [
                { key: 'unlock', label: '解锁账号', disabled: !isLocked(u) },
                { key: 'reset-password', label: '重置口令' },
                { key: 'reset-totp', label: '重置动态口令', disabled: !u.totp_enabled },
              ]
            : []),
        ];
        return (
          <Space size={0} wrap>
            {canCreate ? (
              <Button type="link" size="small" danger={u.status === 'active'} onClick={() => toggleStatus(u)}>
                {u.status === 'active' ? '停用' : '启用'}
              </Button>
            ) : null}
            {canRoles ? (
              <Button type="link" size="small" onClick={() => setGranting(u)}>
                授予角色
              </Button>
            ) : null}
            {more.length ? (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more,
                  onClick: ({ key }) => {
                    if (key === 'unlock') void unlock(u);
                    if (key === 'reset-password') setResetting(u);
                    if (key === 'reset-totp') resetTotp(u);
                  },
                }}
              >
                <Button type="link" size="small">
                  安全操作
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <Page
      title={canCreate ? '用户管理' : '账号授权与解锁'}
      description={
        canCreate
          ? '系统管理员新建和停用账号；角色由安全保密管理员授予（三员分立）。新账号首次登录须修改初始口令。'
          : '安全保密管理员授予角色、解锁账号、重置口令与动态口令。管理员账号不能兼任业务角色（三员分立）。'
      }
      extra={
        canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建用户
          </Button>
        ) : null
      }
    >
      <Form
        layout="inline"
        className="gt-filters"
        onFinish={() => t.setFilters({ q: search.trim() })}
        role="search"
        aria-label="筛选用户"
      >
        <Form.Item label="关键字">
          <Input allowClear placeholder="用户名或姓名" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="单位">
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeData={orgTree}
            value={t.query.filters.org_id ? Number(t.query.filters.org_id) : undefined}
            onChange={(v) => t.setFilters({ org_id: v ? String(v) : undefined })}
            placeholder="全部单位"
            style={{ width: 240 }}
            treeDefaultExpandAll
            popupMatchSelectWidth={320}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                setSearch('');
                t.resetFilters();
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 1100 }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的用户' : '暂无用户' }}
      />
      {creating ? (
        <CreateUserModal
          orgTree={orgTree}
          onClose={(created) => {
            setCreating(false);
            if (created) t.reload();
          }}
        />
      ) : null}
      {granting ? (
        <GrantRolesModal
          user={granting}
          roles={roles}
          onClose={(saved) => {
            setGranting(null);
            if (saved) t.reload();
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
    </Page>
  );
}

function CreateUserModal({ orgTree, onClose }: { orgTree: ReturnType<typeof useOrgs>['tree']; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/api/admin/users', {
        username: v.username.trim(),
        display_name: v.display_name.trim(),
        org_id: v.org_id,
        password: v.password,
        ...(v.phone ? { phone: v.phone.trim() } : {}),
      });
      showSuccess(`已创建用户“${v.display_name}”；请通知安全保密管理员授予角色`);
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新建用户" onOk={submit} onCancel={() => onClose(false)} okText="创建" confirmLoading={busy} width={520}>
      <Form form={form} layout="vertical" requiredMark onFinish={submit} name="create-user">
        <Form.Item
          label="用户名"
          name="username"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[a-zA-Z0-9_.-]{2,64}$/, message: '用户名只能包含字母、数字、下划线、点和连字符（2–64 位）' },
          ]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="display_name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 60, message: '姓名不超过 60 字' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="所属单位" name="org_id" rules={[{ required: true, message: '请选择所属单位' }]}>
          <TreeSelect treeData={orgTree} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll placeholder="请选择" popupMatchSelectWidth={360} />
        </Form.Item>
        <Form.Item
          label="初始口令"
          name="password"
          dependencies={['username']}
          extra="至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类；用户首次登录须修改"
          rules={[
            { required: true, message: '请输入初始口令' },
            ({ getFieldValue }) => ({
              validator: (_r, v: string) => {
                const p = v ? passwordProblem(v, getFieldValue('username')) : null;
                return p ? Promise.reject(new Error(p)) : Promise.resolve();
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="手机号" name="phone" rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: '请输入有效的电话号码' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

function GrantRolesModal({ user, roles, onClose }: { user: UserRow; roles: Role[]; onClose: (saved: boolean) => void }) {
  const [selected, setSelected] = useState<string[]>(user.roles);
  const [busy, setBusy] = useState(false);
  const byCode = new Map(roles.map((r) => [r.code, r]));
  const kinds = new Set(selected.map((c) => byCode.get(c)?.admin_kind).filter(Boolean));
  const problem =
    kinds.size > 1
      ? '三员分立：同一账号不能兼任系统管理员、安全保密管理员、安全审计员中的两个'
      : kinds.size === 1 && selected.some((c) => !byCode.get(c)?.admin_kind)
        ? '三员分立：管理员账号不能兼任业务角色'
        : null;
  const save = async () => {
    setBusy(true);
    try {
      await api.put(`/api/admin/users/${user.id}/roles`, { roles: selected });
      showSuccess('角色已更新');
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const group = (admin: boolean) =>
    roles
      .filter((r) => !!r.admin_kind === admin)
      .map((r) => ({ value: r.code, label: <span>{r.name}{r.admin_kind && r.name !== ADMIN_KIND_LABELS[r.admin_kind] ? `（${ADMIN_KIND_LABELS[r.admin_kind]}）` : ''}</span> }));
  /** Each checkbox group reports only its own values: keep the other group's choices. */
  const onGroupChange = (admin: boolean) => (v: string[]) =>
    setSelected((prev) => [...prev.filter((c) => !!byCode.get(c)?.admin_kind !== admin), ...v]);
  return (
    <Modal open title={`授予角色：${user.display_name}（${user.username}）`} onOk={save} onCancel={() => onClose(false)} okText="保存" confirmLoading={busy} okButtonProps={{ disabled: !!problem }} width={560}>
      <Typography.Paragraph type="secondary">所属单位：{user.org_name}</Typography.Paragraph>
      <Typography.Title level={5}>业务角色</Typography.Title>
      <Checkbox.Group options={group(false)} value={selected} onChange={onGroupChange(false)} className="gt-checkbox-grid" />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        管理员角色（三员）
      </Typography.Title>
      <Checkbox.Group options={group(true)} value={selected} onChange={onGroupChange(true)} className="gt-checkbox-grid" />
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginTop: 16 }} /> : null}
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post(`/api/admin/users/${user.id}/reset-password`, { password: v.password });
      showSuccess('口令已重置，用户下次登录须修改口令');
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`重置口令：${user.display_name}（${user.username}）`} onOk={submit} onCancel={onClose} okText="重置" confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={submit} name="reset-password">
        <Form.Item
          label="临时口令"
          name="password"
          extra="用户下次登录须修改；请通过安全渠道告知用户"
          rules={[
            { required: true, message: '请输入临时口令' },
            { validator: (_r, v: string) => (v && passwordProblem(v, user.username) ? Promise.reject(new Error(passwordProblem(v, user.username)!)) : Promise.resolve()) },
          ]}
        >
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
