/**
 * 工作日历: official holidays and 调休 working days (State Council notices, seeded) plus the
 * administrators' own rows for years not yet published. Deadlines count working days from it.
 */
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Modal, Radio, Segmented, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';

interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  source: 'builtin' | 'admin';
  updated_at: string;
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function isoWeekday(d: Dayjs): number {
  return ((d.day() + 6) % 7) + 1;
}

function MonthGrid({ year, month, rows, onPick }: { year: number; month: number; rows: Map<string, CalendarDay>; onPick: (date: string) => void }) {
  const first = dayjs(new Date(year, month, 1));
  const days = first.daysInMonth();
  const lead = isoWeekday(first) - 1;
  const cells: (Dayjs | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_v, i) => first.add(i, 'day'))];
  while (cells.length % 7) cells.push(null);
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <div className="gt-month">
      <div className="gt-month-title">{month + 1} 月</div>
      <div className="gt-month-grid">
        {WEEKDAYS.map((w) => (
          <div key={w} className="gt-month-wd" aria-hidden>
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          // biome-ignore lint/suspicious/noArrayIndexKey: empty cells have no identity but their position
          if (!d) return <div key={`e${i}`} className="gt-day gt-day-empty" />;
          const key = d.format('YYYY-MM-DD');
          const row = rows.get(key);
          const weekend = isoWeekday(d) >= 6;
          const cls = row ? (row.kind === 'holiday' ? 'gt-day-holiday' : 'gt-day-workday') : weekend ? 'gt-day-weekend' : '';
          const label = `${key} ${row ? (row.kind === 'holiday' ? `放假${row.name ? `（${row.name}）` : ''}` : `调休上班${row.name ? `（${row.name}）` : ''}`) : weekend ? '周末' : '工作日'}`;
          return (
            <Tooltip key={key} title={row?.name ?? undefined} mouseEnterDelay={0.3}>
              <button type="button" className={`gt-day ${cls} ${key === today ? 'gt-day-today' : ''}`} onClick={() => onPick(key)} aria-label={label}>
                {d.date()}
                {row?.kind === 'workday' ? <span className="gt-day-mark">班</span> : row?.kind === 'holiday' ? <span className="gt-day-mark">休</span> : null}
              </button>
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
}

export default function CalendarPage() {
  const { can } = useAuth();
  const editable = can('admin:calendar');
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || dayjs().year();
  const [rows, setRows] = useState<CalendarDay[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [editing, setEditing] = useState<{ date: string; row?: CalendarDay } | null>(null);
  const { modal } = feedback();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows((await api.get<{ items: CalendarDay[] }>('/api/admin/calendar', { query: { year } })).items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const byDate = useMemo(() => new Map(rows.map((r) => [r.date, r])), [rows]);
  const setYear = (y: number) => setParams({ year: String(y) }, { replace: true });
  const pick = (date: string) => (editable ? setEditing({ date, row: byDate.get(date) }) : undefined);
  const holidays = rows.filter((r) => r.kind === 'holiday').length;
  const workdays = rows.filter((r) => r.kind === 'workday').length;

  const remove = (r: CalendarDay) =>
    modal.confirm({
      title: `删除 ${r.date} 的日历设置？`,
      content: '删除后该日按常规规则（周一至周五上班、周末休息）计算。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.del(`/api/admin/calendar/${r.date}`);
          showSuccess('已删除');
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const columns: TableColumnsType<CalendarDay> = [
    { title: '日期', dataIndex: 'date', key: 'date', width: 120 },
    { title: '星期', key: 'wd', width: 70, render: (_v, r) => `周${WEEKDAYS[isoWeekday(dayjs(r.date)) - 1]}` },
    { title: '类别', dataIndex: 'kind', key: 'kind', width: 110, render: (k: string) => (k === 'holiday' ? <Tag color="red">放假</Tag> : <Tag color="blue">调休上班</Tag>) },
    { title: '名称', dataIndex: 'name', key: 'name', render: (v) => v ?? '—' },
    { title: '来源', dataIndex: 'source', key: 'source', width: 130, render: (s: string) => (s === 'builtin' ? '国务院通知（内置）' : '管理员设置') },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 120,
            render: (_v: unknown, r: CalendarDay) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ date: r.date, row: r })}>
                  修改
                </Button>
                <Button type="link" size="small" danger onClick={() => remove(r)}>
                  删除
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title="工作日历"
      description="按国务院办公厅节假日安排（含调休）计算办理时限。内置年份来自已发布的通知；尚未发布的年份请管理员在通知发布后补录。"
      extra={
        editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ date: '' })}>
            新增设置
          </Button>
        ) : null
      }
    >
      <div className="gt-toolbar">
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label="上一年" />
          <Typography.Title level={5} style={{ margin: 0, minWidth: 80, textAlign: 'center' }}>
            {year} 年
          </Typography.Title>
          <Button icon={<RightOutlined />} onClick={() => setYear(year + 1)} aria-label="下一年" />
          <Typography.Text type="secondary">
            放假 {holidays} 天 · 调休上班 {workdays} 天{rows.length === 0 && !loading ? ' · 本年尚无数据（仅按周末规则计算）' : ''}
          </Typography.Text>
        </Space>
        <Space>
          <span className="gt-legend">
            <i className="gt-day-holiday" /> 放假 <i className="gt-day-workday" /> 调休上班 <i className="gt-day-weekend" /> 周末
          </span>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'grid' | 'list')}
            options={[
              { value: 'grid', label: '年历' },
              { value: 'list', label: '列表' },
            ]}
          />
        </Space>
      </div>
      {error ? <LoadError error={error} onRetry={load} /> : null}
      {view === 'grid' ? (
        <div className={`gt-year ${loading ? 'gt-loading' : ''}`}>
          {Array.from({ length: 12 }, (_v, m) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the month number is the key
            <MonthGrid key={m} year={year} month={m} rows={byDate} onPick={pick} />
          ))}
        </div>
      ) : (
        <Table<CalendarDay> rowKey="date" size="small" loading={loading} columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: '本年暂无节假日与调休设置' }} />
      )}
      {editing ? (
        <DayModal
          date={editing.date}
          row={editing.row}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void load();
          }}
          onRemove={editing.row ? () => { remove(editing.row!); setEditing(null); } : undefined}
        />
      ) : null}
    </Page>
  );
}

function DayModal({ date, row, onClose, onRemove }: { date: string; row?: CalendarDay; onClose: (changed: boolean) => void; onRemove?: () => void }) {
  const [form] = Form.useForm<{ date: Dayjs; kind: 'holiday' | 'workday'; name?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.put(`/api/admin/calendar/${v.date.format('YYYY-MM-DD')}`, { kind: v.kind, name: v.name?.trim() || null });
      showSuccess('已保存');
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={date ? `设置 ${date}` : '新增日历设置'}
      onCancel={() => onClose(false)}
      footer={[
        onRemove ? (
          <Button key="rm" danger onClick={onRemove} style={{ float: 'left' }}>
            删除设置
          </Button>
        ) : null,
        <Button key="cancel" onClick={() => onClose(false)}>
          取消
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={submit}>
          保存
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        name="calendar-day"
        initialValues={{ date: date ? dayjs(date) : undefined, kind: row?.kind ?? (date && isoWeekday(dayjs(date)) >= 6 ? 'workday' : 'holiday'), name: row?.name ?? '' }}
      >
        <Form.Item label="日期" name="date" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabled={!!date} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="类别" name="kind" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: '放假（不计工作日）' },
              { value: 'workday', label: '上班（如周末调休上班）' },
            ]}
          />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={[{ max: 50, message: '不超过 50 字' }]} extra="如：春节、国庆节；调休上班日填所补的节日">
          <Input autoFocus />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
