/**
 * 审计日志 (安全审计员): search the hash-chained audit trail, export it as CSV, verify the chain
 * and its signed checkpoints.
 */
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Result, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, download } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { FilterBar } from '../../components/FilterBar.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { useServerTable } from '../../components/useServerTable.ts';
import { showError, showSuccess } from '../../feedback.ts';
import { OUTCOME_LABELS, fmtTime } from '../../format.ts';

export interface AuditEvent {
  seq: number | string;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  org_id: number | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

interface VerifyResult {
  ok: boolean;
  events: number;
  checkpoints: number;
  firstBadSeq?: number;
  problem?: string;
}

/** Chinese names of common audit actions (the code stays visible: auditors filter by it). */
const ACTION_LABELS: Record<string, string> = {
  'auth.password_set': '设置口令',
  'auth.totp_enrol': '绑定动态口令',
  'user.create': '新建用户',
  'user.set_roles': '授予角色',
  'user.enable': '启用用户',
  'user.disable': '停用用户',
  'user.unlock': '解锁账号',
  'user.totp_reset': '重置动态口令',
  'org.create': '新建组织',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'dict.add_item': '新增字典项',
  'dict.update_item': '修改字典项',
  'calendar.set': '设置工作日历',
  'calendar.remove': '删除日历设置',
  'access.denied': '越权访问被拒绝',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计链',
  'audit.checkpoint': '审计检查点',
  'clue.create': '登记线索',
  'clue.read': '查看线索',
  'clue.export': '导出线索',
  'clue.search_person': '按身份证号检索',
  'clue.whistleblower.read': '查看举报人',
  'clue.attach': '上传线索材料',
  'clue.attachment.read': '下载线索材料',
  'clue.propose': '提出处置意见',
  'clue.approve': '审批同意',
  'clue.reject': '审批退回',
  'clue.step': '记录处置步骤',
  'clue.report': '报告处置结果',
  'clue.merge': '合并线索',
  'clue.transfer': '移交线索',
  'transfer.send': '移交',
  'transfer.read': '查看移交',
  'transfer.acknowledge': '签收',
  'transfer.return': '退回',
  'transfer.feedback': '反馈结果',
  'rectify.read': '查看整改事项',
  'notification.read': '阅读消息',
};

function actionLabel(a: string): string | null {
  return ACTION_LABELS[a] ?? null;
}

const FILTERS = ['action', 'outcome', 'object_type', 'object_id', 'actor_id', 'from', 'to'] as const;

interface FilterValues {
  q?: string;
  action?: string;
  outcome?: string;
  object_type?: string;
  object_id?: string;
  actor_id?: number;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditEventsPage() {
  const { can } = useAuth();
  const t = useServerTable<AuditEvent>('/api/audit/events', { filterKeys: FILTERS, defaultSort: 'seq', defaultOrder: 'desc' });
  const [form] = Form.useForm<FilterValues>();
  const [exporting, setExporting] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const f = t.query.filters;

  const apply = (v: FilterValues) =>
    t.setFilters({
      q: v.q?.trim(),
      action: v.action?.trim(),
      outcome: v.outcome,
      object_type: v.object_type?.trim(),
      object_id: v.object_id?.trim(),
      actor_id: v.actor_id ? String(v.actor_id) : undefined,
      from: v.range?.[0] ? v.range[0].startOf('day').toISOString() : undefined,
      to: v.range?.[1] ? v.range[1].add(1, 'day').startOf('day').toISOString() : undefined,
    });

  const exportCsv = async () => {
    setExporting(true);
    try {
      const name = await download('/api/audit/export', { ...f }, 'audit-log.csv');
      showSuccess(`已导出 ${name}（导出操作本身也已记入审计日志）`);
      t.reload();
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setVerified(await api.post<VerifyResult>('/api/audit/verify', {}));
      t.reload();
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEvent> = [
    { title: '序号', dataIndex: 'seq', key: 'seq', width: 90, sorter: true, sortOrder: t.sortOrderOf('seq'), sortDirections: ['descend', 'ascend', 'descend'] },
    { title: '时间', dataIndex: 'at', key: 'at', width: 170, render: fmtTime },
    { title: '操作人', dataIndex: 'actor_name', key: 'actor_name', width: 170, ellipsis: true, render: (v) => v ?? '—' },
    {
      title: '操作',
      dataIndex: 'action',
      key: 'action',
      width: 250,
      render: (v: string) => (
        <span>
          {actionLabel(v) ? <span className="gt-action-label">{actionLabel(v)}</span> : null}
          <Typography.Text code className="gt-small">
            {v}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '对象',
      key: 'object',
      ellipsis: true,
      render: (_v, e) => (e.object_type ? `${e.object_type}${e.object_id ? ` #${e.object_id}` : ''}` : '—'),
    },
    {
      title: '结果',
      dataIndex: 'outcome',
      key: 'outcome',
      width: 80,
      render: (o: string) => <Tag color={OUTCOME_LABELS[o]?.color}>{OUTCOME_LABELS[o]?.text ?? o}</Tag>,
    },
    { title: 'IP', dataIndex: 'ip', key: 'ip', width: 130, render: (v) => v ?? '—' },
  ];

  return (
    <Page
      title="审计日志"
      description="所有变更与敏感数据读取均记入审计日志；日志只能追加，逐条 SM3 哈希链接，并定期以 SM2 签名检查点固化。"
      extra={
        <>
          {can('audit:verify') ? (
            <Button icon={<SafetyCertificateOutlined />} onClick={verify} loading={verifying}>
              校验审计链
            </Button>
          ) : null}
          {can('audit:export') ? (
            <Button icon={<DownloadOutlined />} onClick={exportCsv} loading={exporting}>
              导出 CSV
            </Button>
          ) : null}
        </>
      }
    >
      <FilterBar<FilterValues>
        form={form}
        initial={{
          q: f.q,
          action: f.action,
          outcome: f.outcome,
          object_type: f.object_type,
          object_id: f.object_id,
          actor_id: f.actor_id ? Number(f.actor_id) : undefined,
          range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to).subtract(1, 'day') : null] : undefined,
        }}
        onApply={apply}
        onReset={t.resetFilters}
        label="筛选审计日志"
      >
        <Form.Item name="q" label="关键字">
          <Input allowClear placeholder="操作人、操作或 IP" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="action" label="操作">
          <Input allowClear placeholder="如 user. 或 clue.create" style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="outcome" label="结果">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 100 }}
            options={['success', 'failure', 'denied'].map((o) => ({ value: o, label: OUTCOME_LABELS[o].text }))}
          />
        </Form.Item>
        <Form.Item name="object_type" label="对象类型">
          <Input allowClear placeholder="如 user" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="object_id" label="对象编号">
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="actor_id" label="操作人编号">
          <InputNumber min={1} precision={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="range" label="日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
      </FilterBar>
      {t.error ? <LoadError error={t.error} onRetry={t.reload} /> : null}
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        columns={columns}
        scroll={{ x: 1000 }}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions size="small" column={1} bordered className="gt-audit-detail">
              <Descriptions.Item label="请求编号">{e.request_id ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="单位编号">{e.org_id ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="详情">
                <pre className="gt-json">{e.detail === null || e.detail === undefined ? '—' : JSON.stringify(e.detail, null, 2)}</pre>
              </Descriptions.Item>
              <Descriptions.Item label="前一哈希">
                <Typography.Text code className="gt-hash">{e.prev_hash}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="本条哈希（SM3）">
                <Typography.Text code className="gt-hash">{e.hash}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        {...t.tableProps}
        locale={{ emptyText: t.hasFilters ? '没有符合条件的审计事件' : '暂无审计事件' }}
      />
      <Modal open={!!verified} footer={null} onCancel={() => setVerified(null)} title="审计链校验结果" width={560}>
        {verified ? (
          <Result
            status={verified.ok ? 'success' : 'error'}
            title={verified.ok ? '审计链完整' : '审计链校验未通过'}
            subTitle={
              verified.ok
                ? `已逐条校验 ${verified.events} 个事件的 SM3 哈希链接和 ${verified.checkpoints} 个 SM2 签名检查点，未发现篡改或删除。`
                : `${verified.problem ?? '发现异常'}${verified.firstBadSeq ? `（首个异常事件序号：${verified.firstBadSeq}）` : ''}`
            }
          />
        ) : null}
      </Modal>
    </Page>
  );
}
