/**
 * 角色与权限 (安全保密管理员): roles with their data scope (数据权限) and permissions, grouped by
 * menu. The interface applies 三员分立 before sending: an administrator role can only hold its
 * own kind's permissions and never case content; a business role holds no administrator permission.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space, Table, type TableColumnsType, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { DataScope, PermissionDef, Role } from '../../api/types.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { ADMIN_KIND_LABELS, DATA_SCOPE_LABELS } from '../../format.ts';

type AdminKind = 'system' | 'security' | 'audit';

/** Mirrors ADMIN_KIND_PREFIXES of src/platform/access/permissions.ts (the server re-checks). */
const ADMIN_PREFIXES: Record<AdminKind, string[]> = {
  system: ['admin:', 'data:catalog', 'model:read', 'collab:read'],
  security: ['security:'],
  audit: ['audit:'],
};

export function permissionAllowed(p: PermissionDef, kind: AdminKind | null): boolean {
  if (!kind) return !/^(admin|security|audit):/.test(p.code);
  return !p.caseContent && ADMIN_PREFIXES[kind].some((a) => p.code.startsWith(a));
}

/** Permission groups that are not menus of their own. */
const EXTRA_GROUPS: Record<string, string> = { hit: '模型命中核查' };

interface Catalog {
  menus: Record<string, string>;
  items: PermissionDef[];
}

export default function RolesPage() {
  const { can } = useAuth();
  const editable = can('security:role');
  const [roles, setRoles] = useState<Role[]>([]);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Role | 'new' | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [r, c] = await Promise.all([api.get<{ items: Role[] }>('/api/admin/roles'), api.get<Catalog>('/api/admin/permissions')]);
      setRoles(r.items);
      setCatalog(c);
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

  const labelOf = useMemo(() => new Map((catalog?.items ?? []).map((p) => [p.code, p.label])), [catalog]);

  const columns: TableColumnsType<Role> = [
    { title: '角色名称', dataIndex: 'name', key: 'name', width: 180 },
    { title: '代码', dataIndex: 'code', key: 'code', width: 140, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    {
      title: '类别',
      dataIndex: 'admin_kind',
      key: 'admin_kind',
      width: 140,
      render: (k: AdminKind | null) => (k ? <Tag color="volcano">{ADMIN_KIND_LABELS[k]}</Tag> : <Tag color="blue">业务角色</Tag>),
    },
    { title: '数据权限', dataIndex: 'data_scope', key: 'data_scope', width: 130, render: (s: DataScope) => DATA_SCOPE_LABELS[s] ?? s },
    {
      title: '权限',
      dataIndex: 'permissions',
      key: 'permissions',
      render: (ps: string[]) => (
        <Tooltip title={ps.map((p) => labelOf.get(p) ?? p).join('、')}>
          <span>
            {ps.length} 项：{ps.slice(0, 4).map((p) => labelOf.get(p) ?? p).join('、')}
            {ps.length > 4 ? '…' : ''}
          </span>
        </Tooltip>
      ),
    },
    { title: '内置', dataIndex: 'builtin', key: 'builtin', width: 70, render: (b: boolean) => (b ? '是' : '否') },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_v: unknown, r: Role) => (
              <Button type="link" size="small" onClick={() => setEditing(r)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title="角色与权限"
      description="角色决定可用的功能（权限）和可见的数据范围（数据权限）。三员分立：系统管理员、安全保密管理员、安全审计员的角色只含本类管理权限，且不能查看案件内容。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!catalog}>
            新建角色
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={load} /> : null}
      <Table<Role> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={roles} pagination={false} locale={{ emptyText: '暂无角色' }} />
      {editing && catalog ? (
        <RoleDrawer
          role={editing === 'new' ? null : editing}
          catalog={catalog}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      ) : null}
    </Page>
  );
}

interface RoleForm {
  code?: string;
  name: string;
  admin_kind: AdminKind | 'none';
  data_scope: DataScope;
  custom_org_ids?: number[];
  permissions: string[];
}

function RoleDrawer({ role, catalog, onClose }: { role: Role | null; catalog: Catalog; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<RoleForm>();
  const [busy, setBusy] = useState(false);
  const { tree } = useOrgs();
  const kindValue = Form.useWatch('admin_kind', form) ?? (role?.admin_kind ?? 'none');
  const scope = Form.useWatch('data_scope', form);
  const kind: AdminKind | null = kindValue === 'none' ? null : kindValue;

  const groups = useMemo(() => {
    const byMenu = new Map<string, PermissionDef[]>();
    for (const p of catalog.items) byMenu.set(p.menu, [...(byMenu.get(p.menu) ?? []), p]);
    return [...byMenu.entries()];
  }, [catalog]);

  // Changing the kind drops permissions the new kind cannot hold.
  useEffect(() => {
    const current: string[] = form.getFieldValue('permissions') ?? [];
    const keep = current.filter((code) => {
      const p = catalog.items.find((x) => x.code === code);
      return p ? permissionAllowed(p, kind) : false;
    });
    if (keep.length !== current.length) form.setFieldValue('permissions', keep);
  }, [kind, catalog, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const body = {
      ...(role ? {} : { code: v.code }),
      name: v.name.trim(),
      data_scope: v.data_scope,
      // A business role leaves admin_kind out (the server's enum schema refuses null).
      ...(v.admin_kind === 'none' ? {} : { admin_kind: v.admin_kind }),
      permissions: v.permissions ?? [],
      custom_org_ids: v.data_scope === 'custom' ? (v.custom_org_ids ?? []) : [],
    };
    try {
      if (role) await api.put(`/api/admin/roles/${role.id}`, body);
      else await api.post('/api/admin/roles', body);
      showSuccess(role ? '角色已保存' : '角色已创建');
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={720}
      title={role ? `编辑角色：${role.name}` : '新建角色'}
      onClose={() => onClose(false)}
      extra={
        <Space>
          <Button onClick={() => onClose(false)}>取消</Button>
          <Button type="primary" onClick={submit} loading={busy}>
            保存
          </Button>
        </Space>
      }
    >
      <Form<RoleForm>
        form={form}
        layout="vertical"
        name="role"
        initialValues={{
          code: role?.code,
          name: role?.name,
          admin_kind: role?.admin_kind ?? 'none',
          data_scope: role?.data_scope ?? 'dept',
          custom_org_ids: role?.custom_org_ids ?? [],
          permissions: role?.permissions ?? [],
        }}
      >
        <Space size={16} align="start" style={{ display: 'flex' }}>
          <Form.Item
            label="角色代码"
            name="code"
            rules={role ? [] : [{ required: true, message: '请输入角色代码' }, { pattern: /^[a-z][a-z0-9_]{1,40}$/, message: '小写字母开头，只含小写字母、数字、下划线' }]}
          >
            <Input disabled={!!role} autoFocus={!role} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="角色名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入角色名称' }, { max: 60, message: '不超过 60 字' }]}>
            <Input style={{ width: 220 }} autoFocus={!!role} />
          </Form.Item>
          <Form.Item label="类别" name="admin_kind" extra={role ? '已有角色的类别不能改变' : undefined}>
            <Select
              disabled={!!role}
              style={{ width: 180 }}
              options={[{ value: 'none', label: '业务角色' }, ...Object.entries(ADMIN_KIND_LABELS).map(([value, label]) => ({ value, label }))]}
            />
          </Form.Item>
        </Space>
        <Space size={16} align="start" style={{ display: 'flex' }}>
          <Form.Item label="数据权限" name="data_scope" rules={[{ required: true }]}>
            <Select style={{ width: 200 }} options={Object.entries(DATA_SCOPE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {scope === 'custom' ? (
            <Form.Item label="自定义数据范围" name="custom_org_ids" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个组织' }]}>
              <TreeSelect treeData={tree} treeCheckable showCheckedStrategy={TreeSelect.SHOW_ALL} style={{ width: 400 }} placeholder="选择组织" maxTagCount={3} showSearch={{ treeNodeFilterProp: 'title' }} />
            </Form.Item>
          ) : null}
        </Space>
        {kind ? <Alert type="info" showIcon title={`${ADMIN_KIND_LABELS[kind]}角色只能含本类管理权限，且不能查看案件内容（三员分立）。`} style={{ marginBottom: 12 }} /> : null}
        <Form.Item label="功能权限" name="permissions">
          <Checkbox.Group style={{ display: 'block' }}>
            {groups.map(([menu, perms]) => (
              <fieldset key={menu} className="gt-perm-group">
                <legend>{catalog.menus[menu] ?? EXTRA_GROUPS[menu] ?? menu}</legend>
                {perms.map((p) => (
                  <Checkbox key={p.code} value={p.code} disabled={!permissionAllowed(p, kind)}>
                    {p.label}
                    {p.caseContent ? <Tag color="orange" className="gt-inline-tag">案件内容</Tag> : null}
                  </Checkbox>
                ))}
              </fieldset>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
