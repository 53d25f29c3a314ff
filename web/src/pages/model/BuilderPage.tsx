/**
 * 模型构建器（用户自定义模型）: an officer composes a supervision rule without writing code — which
 * data, how it is linked (entity keys only), which records count (conditions), what one hit is
 * about (subject), the time frame and the thresholds — reads the rule back in plain Chinese as
 * the server understands it, tries it on live data, saves it as a draft (not in the nightly run
 * until enabled), edits it (each save is a new version) and runs it; the hits then appear in
 * 命中核查 like those of any catalogue model.
 */
import { DeleteOutlined, EyeOutlined, PlayCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { errorText, feedback, showError, showSuccess } from '../../feedback.ts';
import {
  type AggState,
  COMPARE_OPS,
  type ColumnRef,
  type ConditionState,
  columnsOf,
  type Definition,
  emptyRule,
  findColumn,
  freshAlias,
  fromDefinition,
  type JoinState,
  LIST_OPS,
  localProblems,
  NO_VALUE_OPS,
  nextUid,
  problemPlace,
  type RuleState,
  shortTitle,
  sourcesOf,
  suggestName,
  toDefinition,
  type Vocabulary,
  type WindowKind,
} from './builder-form.ts';
import { SEVERITY_LABELS, subjectText } from './labels.ts';

interface SavedModel {
  id: string;
  kind: 'catalogue' | 'custom';
  name: string;
  title: string;
  description: string;
  severity: string;
  enabled: boolean;
  version: number;
  current_version: number;
  params: { definition?: Definition };
  versions: { version: number; note: string | null; created_by_name: string | null; created_at: string }[];
}

interface Meta {
  title: string;
  name: string;
  severity: string;
  description: string;
  note: string;
}

interface Problem {
  path: string;
  message: string;
}

type Check = { state: 'idle' | 'checking' } | { state: 'ok'; description: string; subject: string[] } | { state: 'bad'; problems: Problem[]; message: string };

interface Preview {
  total: number;
  as_of: string;
  hits: { subject: Record<string, unknown>; reasons: string[]; evidence: unknown[]; score: number }[];
}

interface RunSummary {
  run_id: number;
  status: 'success' | 'failed';
  hits: number | null;
  new_hits: number | null;
  error: string | null;
}

const AUTO_DESCRIPTION = /^自定义模型规则 — /;

const FIELD = { display: 'flex', flexDirection: 'column', gap: 4 } as const;

const WINDOW_OPTIONS: { value: WindowKind; label: string }[] = [
  { value: 'none', label: '不限时间' },
  { value: 'day', label: '同一自然日内' },
  { value: 'month', label: '同一自然月内' },
  { value: 'year', label: '同一自然年内' },
  { value: 'as_of', label: '运行日期前 N 天内' },
  { value: 'each_other', label: '彼此相距 N 天内（滑动窗口）' },
];

const JOIN_TYPES = [
  { value: 'inner', label: '须有匹配记录' },
  { value: 'left', label: '保留无匹配记录' },
];

export default function BuilderPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { modal } = feedback();
  const [vocab, setVocab] = useState<Vocabulary | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState<SavedModel | null>(null);
  const [rule, setRule] = useState<RuleState>(emptyRule());
  const [meta, setMeta] = useState<Meta>({ title: '', name: suggestName(), severity: 'medium', description: '', note: '' });
  const [dirty, setDirty] = useState(false);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<null | 'save' | 'preview' | 'run' | 'enable'>(null);

  const load = useCallback(async () => {
    try {
      const v = await api.get<Vocabulary>('/api/model-builder/vocabulary');
      setVocab(v);
      if (id) {
        const m = await api.get<SavedModel>(`/api/models/${id}`);
        setSaved(m);
        if (m.kind !== 'custom' || !m.params.definition) throw new ApiError(400, { code: 'bad_input', message: `模型 ${m.id} 是模型库中的模型，只能修改参数` });
        setRule(fromDefinition(m.params.definition));
        setMeta({ title: m.title, name: m.name, severity: m.severity, description: AUTO_DESCRIPTION.test(m.description) ? '' : m.description, note: '' });
      } else {
        setSaved(null);
        setRule(emptyRule(v.datasets[0]?.name ?? ''));
        setMeta({ title: '', name: suggestName(), severity: 'medium', description: '', note: '' });
      }
      setDirty(false);
      setPreview(null);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const sources = useMemo(() => (vocab ? sourcesOf(rule, vocab) : []), [rule, vocab]);
  const cols = useMemo(() => columnsOf(sources), [sources]);
  const definition = useMemo(() => (vocab && rule.base ? toDefinition(rule, vocab) : null), [rule, vocab]);

  // Read the rule back as the server understands it (validate), shortly after each change.
  const checkSeq = useRef(0);
  useEffect(() => {
    if (!definition) return;
    const seq = ++checkSeq.current;
    const missing = localProblems(rule);
    if (missing.length) {
      setCheck({ state: 'bad', problems: missing, message: '' });
      return;
    }
    setCheck({ state: 'checking' });
    const t = setTimeout(() => {
      api
        .post<{ ok: true; description: string; subject: string[] }>('/api/model-builder/validate', { definition })
        .then((r) => seq === checkSeq.current && setCheck({ state: 'ok', description: r.description, subject: r.subject }))
        .catch((e) => {
          if (seq !== checkSeq.current) return;
          const problems = e instanceof ApiError ? ((e.details as { problems?: Problem[] } | undefined)?.problems ?? []) : [];
          setCheck({ state: 'bad', problems, message: errorText(e) });
        });
    }, 400);
    return () => clearTimeout(t);
  }, [definition, rule]);

  const change = (f: (r: RuleState) => RuleState) => {
    setRule((r) => f(r));
    setDirty(true);
    setPreview(null);
  };
  const changeMeta = (patch: Partial<Meta>) => {
    setMeta((m) => ({ ...m, ...patch }));
    setDirty(true);
  };

  if (loadError) {
    return (
      <Page title="模型构建器">
        <LoadError error={loadError} onRetry={load} />
      </Page>
    );
  }
  if (!vocab) return <Page title="模型构建器">{null}</Page>;
  if (!vocab.datasets.length) {
    return (
      <Page title="模型构建器">
        <Alert type="warning" showIcon title="您目前没有可用于建模的数据集" description="自定义模型只能使用共享给您所在单位或角色的数据集。请联系数据管理员在“数据共享”中开通。" />
      </Page>
    );
  }

  const datasetOptions = vocab.datasets.map((d) => ({ value: d.name, label: shortTitle(d.title) }));
  const colOptions = (filter: (c: ColumnRef) => boolean = () => true) =>
    sources
      .map((s) => ({
        label: `${shortTitle(s.dataset.title)}${s.alias !== s.dataset.name ? `（${s.alias}）` : ''}`,
        options: cols.filter((c) => c.source === s && filter(c)).map((c) => ({ value: c.ref, label: c.label })),
      }))
      .filter((g) => g.options.length);
  const ok = check.state === 'ok';

  // --- actions --------------------------------------------------------------------------------
  const body = (enabledForNew: boolean) => ({
    name: meta.name.trim(),
    title: meta.title.trim(),
    severity: meta.severity,
    definition,
    note: meta.note.trim() || null,
    ...(meta.description.trim() ? { description: meta.description.trim() } : {}),
    ...(saved ? { version: saved.version } : { enabled: enabledForNew }),
  });

  const save = async () => {
    if (!meta.title.trim()) {
      showError(new ApiError(400, { code: 'bad_input', message: '请填写模型名称' }));
      return;
    }
    setBusy('save');
    try {
      if (saved) {
        const r = await api.put<{ id: string; current_version: number }>(`/api/model-builder/models/${saved.id}`, body(false));
        showSuccess(`已保存为第 ${r.current_version} 版`);
        await load();
      } else {
        const r = await api.post<{ id: string }>('/api/model-builder/models', body(false));
        showSuccess(`已保存草稿：${r.id}`);
        navigate(`/model/builder/${r.id}`, { replace: true });
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const runPreview = async () => {
    setBusy('preview');
    try {
      setPreview(await api.post<Preview>('/api/model-builder/preview', { definition }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    if (!saved) return;
    setBusy('run');
    try {
      const r = await api.post<{ runs: RunSummary[] }>(`/api/models/${saved.id}/run`, {});
      const s = r.runs[0];
      const text = `命中 ${s.hits ?? 0} 条，其中新增 ${s.new_hits ?? 0} 条。`;
      if (s.status !== 'success') modal.error({ title: '运行失败', content: s.error });
      else if (can('hit:review')) {
        const target = `/model/hits?model_id=${saved.id}`;
        modal.confirm({ title: '运行完成', content: text, okText: '到“命中核查”查看', cancelText: '留在此页', onOk: () => navigate(target) });
      } else modal.success({ title: '运行完成', content: text });
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const setEnabled = async (enabled: boolean) => {
    if (!saved) return;
    setBusy('enable');
    try {
      await api.put(`/api/models/${saved.id}/enabled`, { enabled, version: saved.version });
      showSuccess(enabled ? '已启用：每日定时运行将包含此模型' : '已停用：仅可手动运行');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  // --- rows -------------------------------------------------------------------------------------
  const setJoin = (uid: number, patch: Partial<JoinState>) => change((r) => ({ ...r, joins: r.joins.map((j) => (j.uid === uid ? { ...j, ...patch } : j)) }));
  const setCond = (uid: number, patch: Partial<ConditionState>) => change((r) => ({ ...r, conditions: r.conditions.map((c) => (c.uid === uid ? { ...c, ...patch } : c)) }));
  const setAgg = (uid: number, patch: Partial<AggState>) => change((r) => ({ ...r, aggregations: r.aggregations.map((a) => (a.uid === uid ? { ...a, ...patch } : a)) }));

  const addJoin = () =>
    change((r) => {
      const taken = [r.baseAlias || r.base, ...r.joins.map((j) => j.alias)];
      const ds = vocab.datasets.find((d) => d.name !== r.base)?.name ?? r.base;
      return { ...r, joins: [...r.joins, { uid: nextUid(), dataset: ds, alias: freshAlias(ds, taken), type: 'inner', on: [{ left: '', right: '' }] }] };
    });

  const joinRows = rule.joins.map((j, i) => {
    const n = i + 1;
    const earlier = sources.slice(0, i + 1);
    const earlierCols = columnsOf(earlier).filter((c) => c.column.entity);
    const here = vocab.datasets.find((d) => d.name === j.dataset);
    return (
      <Card key={j.uid} size="small" type="inner" title={`关联 ${n}`} extra={<Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`删除关联 ${n}`} onClick={() => change((r) => ({ ...r, joins: r.joins.filter((x) => x.uid !== j.uid) }))} />} style={{ marginBottom: 8 }}>
        <Space wrap>
          <Select
            aria-label={`关联数据 ${n}`}
            style={{ width: 220 }}
            value={j.dataset}
            options={datasetOptions}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(v) => {
              const taken = [rule.baseAlias || rule.base, ...rule.joins.filter((x) => x.uid !== j.uid).map((x) => x.alias)];
              setJoin(j.uid, { dataset: v, alias: freshAlias(v, taken), on: j.on.map((p) => ({ ...p, right: '' })) });
            }}
          />
          <Select aria-label={`关联方式 ${n}`} style={{ width: 160 }} value={j.type} options={JOIN_TYPES} onChange={(v) => setJoin(j.uid, { type: v })} />
        </Space>
        {j.on.map((p, k) => {
          const left = findColumn(earlierCols, p.left);
          const rightOptions = (here?.columns ?? []).filter((c) => c.entity && (!left || c.entity === left.column.entity)).map((c) => ({ value: c.key, label: `${shortTitle(here?.title ?? '')}·${c.name}` }));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: key pairs have no identity of their own; their position is their identity
            <Flex key={k} gap={8} align="center" wrap style={{ marginTop: 8 }}>
              <span className="gt-muted">按</span>
              <Select
                aria-label={`本方关联键 ${n}-${k + 1}`}
                style={{ width: 260 }}
                value={p.left || undefined}
                placeholder="已选数据中的身份证号、信用代码等"
                options={[...new Set(earlierCols.map((c) => c.source))].map((s) => ({ label: shortTitle(s.dataset.title), options: earlierCols.filter((c) => c.source === s).map((c) => ({ value: c.ref, label: `${c.label}（${vocab.entities[c.column.entity ?? ''] ?? ''}）` })) }))}
                onChange={(v) => setJoin(j.uid, { on: j.on.map((x, m) => (m === k ? { left: v, right: '' } : x)) })}
              />
              <span className="gt-muted">等于</span>
              <Select aria-label={`对方关联键 ${n}-${k + 1}`} style={{ width: 240 }} value={p.right || undefined} placeholder="同一类实体的列" options={rightOptions} onChange={(v) => setJoin(j.uid, { on: j.on.map((x, m) => (m === k ? { ...x, right: v } : x)) })} />
              {j.on.length > 1 ? <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={`删除关联键 ${n}-${k + 1}`} onClick={() => setJoin(j.uid, { on: j.on.filter((_x, m) => m !== k) })} /> : null}
            </Flex>
          );
        })}
        {j.on.length < 4 ? (
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setJoin(j.uid, { on: [...j.on, { left: '', right: '' }] })}>
            再加一对关联键
          </Button>
        ) : null}
      </Card>
    );
  });

  const condRows = rule.conditions.map((c, i) => {
    const n = i + 1;
    const col = findColumn(cols, c.column);
    const cls = col?.column.value_class ?? 'text';
    const ops = (col?.column.ops ?? []).map((op) => ({ value: op, label: vocab.condition_ops[op] ?? op }));
    const canRef = COMPARE_OPS.includes(c.op) && !!col;
    const noValue = NO_VALUE_OPS.includes(c.op);
    let valueInput: ReactNode = null;
    if (!noValue && c.mode === 'value') {
      if (LIST_OPS.includes(c.op)) {
        valueInput = (
          <Select
            aria-label={`条件值 ${n}`}
            mode="tags"
            style={{ minWidth: 240 }}
            value={c.values}
            tokenSeparators={[',', '，', '、']}
            options={(col?.column.values ?? []).map((v) => ({ value: v, label: v }))}
            placeholder="可输入多个值"
            onChange={(v) => setCond(c.uid, { values: v })}
          />
        );
      } else if (cls === 'bool') {
        valueInput = <Select aria-label={`条件值 ${n}`} style={{ width: 100 }} value={c.value === null ? undefined : c.value} options={[{ value: true, label: '是' }, { value: false, label: '否' }]} onChange={(v) => setCond(c.uid, { value: v })} />;
      } else if (col?.column.values?.length && !['contains', 'not_contains', 'starts_with'].includes(c.op)) {
        valueInput = <Select aria-label={`条件值 ${n}`} style={{ width: 180 }} value={c.value === null ? undefined : String(c.value)} options={col.column.values.map((v) => ({ value: v, label: v }))} onChange={(v) => setCond(c.uid, { value: v })} />;
      } else if (cls === 'number') {
        valueInput = <InputNumber aria-label={`条件值 ${n}`} style={{ width: 160 }} value={typeof c.value === 'number' ? c.value : c.value === null || c.value === '' ? null : Number(c.value)} onChange={(v) => setCond(c.uid, { value: v })} />;
      } else {
        valueInput = (
          <Input
            aria-label={`条件值 ${n}`}
            style={{ width: 200 }}
            value={c.value === null ? '' : String(c.value)}
            placeholder={cls === 'date' ? '如 2025-06-30' : cls === 'datetime' ? '如 2025-06-30 22:00' : '填写值'}
            onChange={(e) => setCond(c.uid, { value: e.target.value })}
          />
        );
      }
    }
    return (
      <Flex key={c.uid} gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Tag>{n}</Tag>
        <Select
          aria-label={`条件字段 ${n}`}
          style={{ width: 240 }}
          value={c.column || undefined}
          placeholder="选择字段"
          options={colOptions()}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => {
            const nc = findColumn(cols, v);
            const op = nc?.column.ops.includes(c.op) ? c.op : (nc?.column.ops[0] ?? '=');
            setCond(c.uid, { column: v, op, value: null, values: [], ref: '', mode: 'value' });
          }}
        />
        <Select aria-label={`条件运算 ${n}`} style={{ width: 120 }} value={c.op} options={ops} onChange={(v) => setCond(c.uid, { op: v, ...(COMPARE_OPS.includes(v) ? {} : { mode: 'value' as const }) })} />
        {canRef && !noValue ? (
          <Segmented
            size="small"
            value={c.mode}
            options={[
              { value: 'value', label: '固定值' },
              { value: 'ref', label: '另一字段' },
            ]}
            onChange={(v) => setCond(c.uid, { mode: v as 'value' | 'ref' })}
          />
        ) : null}
        {valueInput}
        {!noValue && c.mode === 'ref' ? (
          <>
            <Select
              aria-label={`比较字段 ${n}`}
              style={{ width: 240 }}
              value={c.ref || undefined}
              placeholder="选择要比较的字段"
              options={colOptions((x) => x.ref !== c.column && (x.column.value_class === cls || (['date', 'datetime'].includes(cls) && ['date', 'datetime'].includes(x.column.value_class))))}
              onChange={(v) => setCond(c.uid, { ref: v })}
            />
            {cls === 'number' ? (
              <>
                <span className="gt-muted">×</span>
                <InputNumber aria-label={`倍数 ${n}`} style={{ width: 100 }} min={0.0001} step={0.05} value={c.factor} placeholder="倍数" onChange={(v) => setCond(c.uid, { factor: v })} />
              </>
            ) : null}
          </>
        ) : null}
        <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`删除条件 ${n}`} onClick={() => change((r) => ({ ...r, conditions: r.conditions.filter((x) => x.uid !== c.uid) }))} />
      </Flex>
    );
  });

  const aggRows = rule.aggregations.map((a, i) => {
    const n = i + 1;
    const numeric = ['sum', 'min', 'max'].includes(a.fn);
    return (
      <Flex key={a.uid} gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Tag>{n}</Tag>
        <Select
          aria-label={`统计方式 ${n}`}
          style={{ width: 140 }}
          value={a.fn}
          options={Object.entries(vocab.aggregations).map(([value, label]) => ({ value, label }))}
          onChange={(v) => setAgg(a.uid, { fn: v, column: v === 'count' ? '' : a.column })}
        />
        {a.fn !== 'count' ? (
          <Select
            aria-label={`统计字段 ${n}`}
            style={{ width: 240 }}
            value={a.column || undefined}
            placeholder={numeric ? '选择数值字段' : '选择字段'}
            options={colOptions((c) => !numeric || c.column.value_class === 'number')}
            onChange={(v) => setAgg(a.uid, { column: v })}
          />
        ) : (
          <span className="gt-muted">（每个主体的记录条数）</span>
        )}
        <Select aria-label={`阈值比较 ${n}`} style={{ width: 90 }} value={a.op} options={vocab.threshold_ops.map((o) => ({ value: o, label: o }))} onChange={(v) => setAgg(a.uid, { op: v })} />
        <InputNumber aria-label={`阈值 ${n}`} style={{ width: 160 }} value={a.value} onChange={(v) => setAgg(a.uid, { value: v })} />
        <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`删除阈值 ${n}`} onClick={() => change((r) => ({ ...r, aggregations: r.aggregations.filter((x) => x.uid !== a.uid) }))} />
      </Flex>
    );
  });

  const timeCols = colOptions((c) => c.column.value_class === 'date' || c.column.value_class === 'datetime');
  const title = saved ? `编辑自定义模型：${saved.id} ${saved.title}` : '新建自定义模型';

  return (
    <Page
      title={title}
      description="无需编写代码：选择数据、设置条件与阈值，右侧即时给出系统理解的规则说明，可先在实时数据上试运行预览。保存后为草稿（不参加每日定时运行），可反复修改（每次保存生成新版本）；运行后在“命中核查”中查看命中。"
      card={false}
      extra={
        <>
          {saved ? (
            <Space size={4}>
              <Tag color={saved.enabled ? 'green' : 'default'}>{saved.enabled ? '已启用' : '草稿'}</Tag>
              <Tag>v{saved.current_version}</Tag>
            </Space>
          ) : null}
          <Button icon={<EyeOutlined />} onClick={() => void runPreview()} loading={busy === 'preview'} disabled={!ok || !!busy}>
            试运行预览
          </Button>
          <Button type="primary" icon={<SaveOutlined />} onClick={() => void save()} loading={busy === 'save'} disabled={!ok || !!busy || (!!saved && !dirty)}>
            {saved ? '保存为新版本' : '保存草稿'}
          </Button>
          {saved && can('model:run') ? (
            <Button icon={<PlayCircleOutlined />} onClick={() => void run()} loading={busy === 'run'} disabled={dirty || !!busy} title={dirty ? '请先保存修改' : undefined}>
              运行模型
            </Button>
          ) : null}
        </>
      }
    >
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" title="① 基本信息" className="gt-page-card" style={{ marginBottom: 12 }}>
            <Flex gap={12} wrap>
              <div style={FIELD}>
                <span>模型名称</span>
                <Input aria-label="模型名称" style={{ width: 260 }} maxLength={60} value={meta.title} placeholder="如：同一单位频繁小额接待" onChange={(e) => changeMeta({ title: e.target.value })} />
              </div>
              <div style={FIELD}>
                <span>风险等级</span>
                <Select aria-label="风险等级" style={{ width: 100 }} value={meta.severity} options={Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ value, label }))} onChange={(v) => changeMeta({ severity: v })} />
              </div>
              <div style={FIELD}>
                <span>英文标识</span>
                <Input aria-label="英文标识" style={{ width: 220 }} maxLength={41} value={meta.name} onChange={(e) => changeMeta({ name: e.target.value })} />
              </div>
            </Flex>
            <Flex gap={12} wrap style={{ marginTop: 8 }}>
              <div style={{ ...FIELD, flex: 1, minWidth: 280 }}>
                <span>说明（可不填，默认用右侧的规则说明）</span>
                <Input.TextArea aria-label="模型说明" rows={2} maxLength={2000} value={meta.description} onChange={(e) => changeMeta({ description: e.target.value })} />
              </div>
              {saved ? (
                <div style={{ ...FIELD, flex: 1, minWidth: 220 }}>
                  <span>本次修改说明</span>
                  <Input aria-label="修改说明" maxLength={500} value={meta.note} placeholder="可选，记入版本历史" onChange={(e) => changeMeta({ note: e.target.value })} />
                </div>
              ) : null}
            </Flex>
          </Card>

          <Card size="small" title="② 用哪些数据" className="gt-page-card" style={{ marginBottom: 12 }}>
            <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
              <span>基础数据</span>
              <Select
                aria-label="基础数据"
                style={{ width: 260 }}
                value={rule.base || undefined}
                options={datasetOptions}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v) => change(() => ({ ...emptyRule(v), score: rule.score }))}
              />
              <Typography.Text type="secondary" className="gt-small">
                更换基础数据会清空下面的设置
              </Typography.Text>
            </Flex>
            {joinRows}
            {rule.joins.length < vocab.limits.joins ? (
              <Button size="small" icon={<PlusOutlined />} onClick={addJoin}>
                关联其他数据（按身份证号、信用代码、车牌等）
              </Button>
            ) : null}
          </Card>

          <Card size="small" title="③ 哪些记录算数（以下条件同时满足）" className="gt-page-card" style={{ marginBottom: 12 }}>
            {condRows.length ? condRows : <Typography.Paragraph type="secondary">不设条件时，所选数据的全部记录都参与统计。</Typography.Paragraph>}
            {rule.conditions.length < vocab.limits.conditions ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => change((r) => ({ ...r, conditions: [...r.conditions, { uid: nextUid(), column: '', op: '=', mode: 'value', value: null, values: [], ref: '', factor: null }] }))}>
                添加条件
              </Button>
            ) : null}
          </Card>

          <Card size="small" title="④ 一条命中指什么、在什么时间范围内" className="gt-page-card" style={{ marginBottom: 12 }}>
            <Flex gap={8} align="center" wrap>
              <span>命中主体</span>
              <Select
                aria-label="命中主体"
                mode="multiple"
                style={{ minWidth: 320, flex: 1 }}
                value={rule.subject}
                placeholder="按哪些字段归并为一条命中，如：接待单位"
                options={colOptions()}
                maxCount={vocab.limits.subject}
                onChange={(v) => change((r) => ({ ...r, subject: v }))}
              />
            </Flex>
            <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
              <span>时间范围</span>
              <Select
                aria-label="时间范围"
                style={{ width: 230 }}
                value={rule.window.kind}
                options={WINDOW_OPTIONS}
                onChange={(v) => change((r) => ({ ...r, window: { ...r.window, kind: v, column: r.window.column || ((timeCols[0]?.options[0]?.value as string | undefined) ?? '') } }))}
              />
              {rule.window.kind !== 'none' ? (
                <Select aria-label="时间字段" style={{ width: 240 }} value={rule.window.column || undefined} placeholder="按哪个日期" options={timeCols} onChange={(v) => change((r) => ({ ...r, window: { ...r.window, column: v } }))} />
              ) : null}
              {rule.window.kind === 'as_of' || rule.window.kind === 'each_other' ? (
                <>
                  <InputNumber aria-label="天数" min={1} max={3660} precision={0} style={{ width: 100 }} value={rule.window.days} onChange={(v) => change((r) => ({ ...r, window: { ...r.window, days: v } }))} />
                  <span>天</span>
                </>
              ) : null}
            </Flex>
            {rule.window.kind === 'each_other' ? (
              <Typography.Paragraph type="secondary" className="gt-small" style={{ marginTop: 6, marginBottom: 0 }}>
                滑动窗口：同一主体在任意连续 N 天内达到下面的全部阈值即命中，须至少设一个阈值。
              </Typography.Paragraph>
            ) : null}
          </Card>

          <Card size="small" title="⑤ 达到什么程度才命中（阈值，可不设）" className="gt-page-card" style={{ marginBottom: 12 }}>
            {aggRows.length ? aggRows : <Typography.Paragraph type="secondary">不设阈值时，每个满足条件的主体都是一条命中。</Typography.Paragraph>}
            {rule.aggregations.length < vocab.limits.aggregations ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => change((r) => ({ ...r, aggregations: [...r.aggregations, { uid: nextUid(), fn: 'count', column: '', op: '>=', value: 2 }] }))}>
                添加阈值
              </Button>
            ) : null}
            <Flex gap={8} align="center" style={{ marginTop: 12 }}>
              <span>命中评分</span>
              <InputNumber aria-label="命中评分" min={0} max={1} step={0.05} value={rule.score} onChange={(v) => change((r) => ({ ...r, score: v ?? 0.5 }))} />
              <Typography.Text type="secondary" className="gt-small">
                0–1，越高越优先核查
              </Typography.Text>
            </Flex>
          </Card>
        </Col>

        <Col xs={24} xl={9}>
          <Card size="small" title="规则说明（系统的理解）" className="gt-page-card" style={{ marginBottom: 12 }} data-testid="rule-explanation">
            {check.state === 'checking' || check.state === 'idle' ? <Typography.Text type="secondary">正在检查……</Typography.Text> : null}
            {check.state === 'ok' ? (
              <>
                <Alert type="success" showIcon title="规则完整，可以试运行和保存" style={{ marginBottom: 8 }} />
                <ul className="gt-reasons">
                  {check.description
                    .replace(AUTO_DESCRIPTION, '')
                    .split('；')
                    .map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                </ul>
                <div className="gt-small gt-muted">每条命中的主体字段：{check.subject.join('、')}</div>
              </>
            ) : null}
            {check.state === 'bad' ? (
              <Alert
                type="warning"
                showIcon
                title="规则还不完整"
                description={
                  check.problems.length ? (
                    <ul className="gt-reasons" style={{ margin: 0 }}>
                      {check.problems.map((p) => (
                        <li key={`${p.path}${p.message}`}>
                          {problemPlace(p.path)}：{p.message}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    check.message
                  )
                }
              />
            ) : null}
          </Card>

          <Card size="small" title="试运行预览（实时数据，不保存）" className="gt-page-card" style={{ marginBottom: 12 }}>
            {preview ? (
              <>
                <div style={{ marginBottom: 8 }} data-testid="preview-total">
                  共 <b>{preview.total}</b> 条命中{preview.total > preview.hits.length ? `（显示前 ${preview.hits.length} 条）` : ''}，运行日期 {preview.as_of}
                </div>
                <Table
                  size="small"
                  rowKey={(h) => JSON.stringify(h.subject)}
                  dataSource={preview.hits}
                  pagination={preview.hits.length > 8 ? { pageSize: 8, size: 'small' } : false}
                  columns={[
                    { title: '主体', dataIndex: 'subject', key: 's', render: (s: Record<string, unknown>) => subjectText(s) },
                    { title: '原因', dataIndex: 'reasons', key: 'r', render: (r: string[]) => r.slice(1).join('；') || '满足条件' },
                    { title: '证据', dataIndex: 'evidence', key: 'e', width: 60, render: (e: unknown[]) => e.length },
                  ]}
                />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="规则完整后点“试运行预览”，查看会命中哪些对象" />
            )}
          </Card>

          {saved ? (
            <Card size="small" title="启用与版本" className="gt-page-card">
              <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
                <Switch aria-label="参加每日定时运行" checked={saved.enabled} loading={busy === 'enable'} onChange={(v) => void setEnabled(v)} />
                <span>{saved.enabled ? '已启用，每日定时运行' : '草稿：只在手动运行时运行'}</span>
              </Flex>
              <ul className="gt-reasons gt-small">
                {saved.versions.slice(0, 8).map((v) => (
                  <li key={v.version}>
                    v{v.version} · {v.created_by_name ?? '—'} · {new Date(v.created_at).toLocaleString('zh-CN', { hour12: false })}
                    {v.note ? ` · ${v.note}` : ''}
                  </li>
                ))}
              </ul>
              {can('hit:review') ? <Link to={`/model/hits?model_id=${saved.id}`}>查看此模型的命中</Link> : null}
            </Card>
          ) : null}
        </Col>
      </Row>
    </Page>
  );
}
