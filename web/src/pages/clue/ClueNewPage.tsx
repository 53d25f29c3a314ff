/**
 * 登记问题线索: source, summary, reported persons (at least one), optional whistle-blower
 * (stored encrypted), tags. While typing, clues about the same person are hinted; after saving,
 * the server's duplicate check (same person + similar summary) is shown with a merge option.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { Page } from '../../components/Page.tsx';
import { useDict } from '../../components/useDict.ts';
import { showError, showSuccess } from '../../feedback.ts';
import type { ClueRow } from './CluesPage.tsx';
import { CADRE_LEVELS, CLUE_STATE_LABELS, SOURCE_LABELS } from './labels.ts';

interface PersonValues {
  name: string;
  id_number?: string;
  org_name?: string;
  position?: string;
  cadre_level: string;
}

interface Values {
  source_type: string;
  source_ref?: string;
  source_org_id?: number;
  title?: string;
  summary: string;
  domain_tags?: string[];
  received_on?: Dayjs;
  persons: PersonValues[];
  has_whistleblower?: boolean;
  whistleblower?: { name?: string; phone?: string; id_number?: string; address?: string; anonymous?: boolean };
}

interface Duplicate {
  id: number;
  code: string;
  title: string;
  status: string;
  similarity: number;
  persons: string;
}

/** Mainland resident ID: 18 characters, the last a digit or X, with a valid check digit. */
export function idNumberProblem(v: string): string | null {
  const s = v.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为 18 位（最后一位可为 X）';
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17] ? null : '身份证号校验位不正确，请核对';
}

export default function ClueNewPage() {
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const tags = useDict('domain_tag');
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<{ name: string; rows: ClueRow[]; total: number } | null>(null);
  const [created, setCreated] = useState<{ id: number; code: string; duplicates: Duplicate[] } | null>(null);
  const hasWb = Form.useWatch('has_whistleblower', form);

  const lookup = async (name: string) => {
    const n = name.trim();
    if (!n) return;
    try {
      const r = await api.get<{ items: ClueRow[]; total: number }>('/api/clues', { query: { q: n, pageSize: 5 } });
      setHint(r.total ? { name: n, rows: r.items, total: r.total } : null);
    } catch {
      setHint(null);
    }
  };

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const wb = v.has_whistleblower && v.whistleblower ? Object.fromEntries(Object.entries(v.whistleblower).filter(([, x]) => x !== undefined && x !== '')) : null;
      const r = await api.post<{ id: number; code: string; duplicates: Duplicate[] }>('/api/clues', {
        source_type: v.source_type,
        ...(v.source_ref?.trim() ? { source_ref: v.source_ref.trim() } : {}),
        ...(v.source_org_id ? { source_org_id: v.source_org_id } : {}),
        ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        summary: v.summary.trim(),
        ...(v.domain_tags?.length ? { domain_tags: v.domain_tags } : {}),
        ...(v.received_on ? { received_on: v.received_on.format('YYYY-MM-DD') } : {}),
        persons: v.persons.map((p) => ({
          name: p.name.trim(),
          cadre_level: p.cadre_level,
          ...(p.id_number?.trim() ? { id_number: p.id_number.trim().toUpperCase() } : {}),
          ...(p.org_name?.trim() ? { org_name: p.org_name.trim() } : {}),
          ...(p.position?.trim() ? { position: p.position.trim() } : {}),
        })),
        ...(wb ? { whistleblower: wb } : {}),
      });
      showSuccess(`已登记线索 ${r.code}`);
      if (r.duplicates.length) setCreated(r);
      else navigate(`/clues/${r.id}`, { replace: true });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const merge = async (into: Duplicate) => {
    if (!created) return;
    try {
      await api.post(`/api/clues/${created.id}/merge`, { into: into.id, version: 1 });
      showSuccess(`已将 ${created.code} 并入 ${into.code}`);
      navigate(`/clues/${into.id}`, { replace: true });
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Page title="登记问题线索" description="带 * 的为必填项。身份证号与举报人信息加密存储；举报人身份仅有专门权限的人员可以查看，且每次查看均留痕。">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        name="clue-new"
        initialValues={{ source_type: 'petition', received_on: dayjs(), persons: [{ name: '', cadre_level: '其他' }], has_whistleblower: false }}
        scrollToFirstError
        disabled={busy}
      >
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label="线索来源" name="source_type" rules={[{ required: true, message: '请选择线索来源' }]}>
              <Select options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="来源编号" name="source_ref" rules={[{ max: 200, message: '不超过 200 字' }]} tooltip="如 12345 工单号、审计报告文号">
              <Input placeholder="可选" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="移送单位" name="source_org_id">
              <OrgPicker allowClear placeholder="可选，如审计局" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="受理日期" name="received_on" rules={[{ required: true, message: '请选择受理日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={tags.length ? 16 : 24}>
            <Form.Item label="标题" name="title" rules={[{ max: 200, message: '不超过 200 字' }]} extra="不填则按第一名被反映人自动生成">
              <Input placeholder="可选" />
            </Form.Item>
          </Col>
          {tags.length ? (
            <Col span={8}>
              <Form.Item label="领域标签" name="domain_tags">
                <Select mode="multiple" options={tags} placeholder="可多选" maxTagCount={3} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Form.Item label="问题摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写问题摘要' }, { max: 20000, message: '不超过 20000 字' }]}>
          <Input.TextArea rows={4} showCount maxLength={20000} placeholder="反映的主要问题、时间、地点、涉及金额等" />
        </Form.Item>

        <Divider titlePlacement="start">被反映人</Divider>
        <Form.List name="persons" rules={[{ validator: async (_r, v) => (v?.length ? undefined : Promise.reject(new Error('请至少填写一名被反映人'))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Card key={field.key} size="small" className="gt-person-card" title={`被反映人 ${i + 1}`} extra={fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`删除被反映人 ${i + 1}`} /> : null}>
                  <Row gutter={12}>
                    <Col span={5}>
                      <Form.Item label="姓名" name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 50, message: '不超过 50 字' }]}>
                        <Input onBlur={(e) => i === 0 && void lookup(e.target.value)} />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item
                        label="身份证号"
                        name={[field.name, 'id_number']}
                        rules={[{ validator: async (_r, v?: string) => (v?.trim() && idNumberProblem(v) ? Promise.reject(new Error(idNumberProblem(v)!)) : undefined) }]}
                      >
                        <Input placeholder="可选，加密存储" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item label="工作单位" name={[field.name, 'org_name']} rules={[{ max: 100, message: '不超过 100 字' }]}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item label="职务" name={[field.name, 'position']} rules={[{ max: 100, message: '不超过 100 字' }]}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item label="干部管理权限" name={[field.name, 'cadre_level']} rules={[{ required: true, message: '请选择' }]}>
                        <Select options={CADRE_LEVELS.map((l) => ({ value: l, label: l }))} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', cadre_level: '其他' })} disabled={fields.length >= 50}>
                添加被反映人
              </Button>
            </>
          )}
        </Form.List>
        {hint ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={`您可见的线索中已有 ${hint.total} 条涉及“${hint.name}”，请注意是否重复登记`}
            description={
              <List
                size="small"
                dataSource={hint.rows}
                renderItem={(r) => (
                  <List.Item>
                    <Link to={`/clues/${r.id}`} target="_blank">
                      {r.code}
                    </Link>
                    <span className="gt-grow">{r.title}</span>
                    <Tag>{r.status_label ?? CLUE_STATE_LABELS[r.status]}</Tag>
                  </List.Item>
                )}
              />
            }
          />
        ) : null}

        <Divider titlePlacement="start">举报人</Divider>
        <Form.Item name="has_whistleblower" valuePropName="checked">
          <Checkbox>有举报人信息（加密存储）</Checkbox>
        </Form.Item>
        {hasWb ? (
          <Row gutter={12}>
            <Col span={5}>
              <Form.Item label="姓名" name={['whistleblower', 'name']} rules={[{ max: 50, message: '不超过 50 字' }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label="联系电话" name={['whistleblower', 'phone']} rules={[{ pattern: /^[0-9+\- ]{5,30}$/, message: '请输入有效的电话号码' }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                label="身份证号"
                name={['whistleblower', 'id_number']}
                rules={[{ validator: async (_r, v?: string) => (v?.trim() && idNumberProblem(v) ? Promise.reject(new Error(idNumberProblem(v)!)) : undefined) }]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label="地址" name={['whistleblower', 'address']} rules={[{ max: 200, message: '不超过 200 字' }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item label="匿名举报" name={['whistleblower', 'anonymous']} valuePropName="checked">
                <Checkbox>匿名</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Divider />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记
          </Button>
          <Button onClick={() => navigate('/clues')}>取消</Button>
        </Space>
      </Form>
      <Modal
        open={!!created}
        title="发现疑似重复线索"
        onCancel={() => created && navigate(`/clues/${created.id}`, { replace: true })}
        footer={
          <Button type="primary" onClick={() => created && navigate(`/clues/${created.id}`, { replace: true })}>
            不合并，查看新线索
          </Button>
        }
        width={680}
      >
        <Typography.Paragraph>
          新登记的线索 <b>{created?.code}</b> 与以下线索涉及同一被反映人且内容相似。如属同一事项，可将新线索并入已有线索（合并后统一处置，来源记录保留）。
        </Typography.Paragraph>
        <List
          dataSource={created?.duplicates ?? []}
          renderItem={(d) => (
            <List.Item
              actions={[
                <Button key="merge" size="small" onClick={() => void merge(d)} disabled={d.status === 'closed' || d.status === 'merged'}>
                  并入此线索
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Link to={`/clues/${d.id}`} target="_blank">
                      {d.code}
                    </Link>{' '}
                    {d.title}
                  </span>
                }
                description={`被反映人：${d.persons} · 状态：${CLUE_STATE_LABELS[d.status] ?? d.status} · 相似度 ${Math.round(d.similarity * 100)}%`}
              />
            </List.Item>
          )}
        />
      </Modal>
    </Page>
  );
}
