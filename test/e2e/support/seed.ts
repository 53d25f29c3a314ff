/**
 * A little casework for browser tests and screenshots, made through the real HTTP API as the demo
 * users would (clues, a disposal, transfers, rectification items, decisions, care records), plus
 * the daily deadline job for the rectification ledger. Returns the ids it made.
 */
import { addDays } from '../../../src/platform/calendar/dates.ts';
import { todayInShanghai } from '../../../src/platform/calendar/dates.ts';
import { flagOverdueRectifications } from '../../../src/modules/rectification/rectification.service.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../../src/modules/demo/city.ts';
import { currentTotp } from '../../../src/platform/auth/totp.ts';
import type { RunningServer } from './server.ts';

export interface ApiUser {
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
}

export async function apiAs(base: string, username: string): Promise<ApiUser> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrf_token: csrf, mfa_required } = (await r.json()) as { csrf_token: string; mfa_required: boolean };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  if (mfa_required) await call('POST', '/api/auth/totp/verify', { code: currentTotp(demoTotpSecret(username)) });
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}) };
}

async function orgId(u: ApiUser, name: string): Promise<number> {
  const { items } = await u.get<{ items: { id: number; name: string }[] }>('/api/admin/orgs');
  const o = items.find((x) => x.name === name);
  if (!o) throw new Error(`no org ${name}`);
  return o.id;
}

export interface Seeded {
  clues: { id: number; code: string }[];
  inDisposalClue: number;
  transferToOfficer: number;
  transferFromOfficer: number;
  rectItems: number[];
  decisions: number[];
}

export async function seedCasework(server: RunningServer): Promise<Seeded> {
  const base = server.url;
  const officer = await apiAs(base, 'officer1');
  const leader = await apiAs(base, 'leader');
  const auditor = await apiAs(base, 'auditor');
  const today = todayInShanghai();

  const clueInputs = [
    {
      source_type: 'petition',
      summary: '群众反映示范市农业农村局某科长在高标准农田建设项目验收中收受施工方财物，并为其违规拨付工程款。',
      persons: [{ name: '张建军', org_name: '示范市农业农村局', position: '农田建设管理科科长', cadre_level: '县管', id_number: '110101198001011234' }],
      whistleblower: { name: '王某', phone: '13800000000', anonymous: false },
    },
    {
      source_type: 'audit',
      source_ref: '示审报〔2025〕12号 第3条',
      summary: '审计发现示范市农业农村局2024年高标准农田项目存在虚报工程量、多付工程款约86万元问题，涉及张建军。',
      persons: [{ name: '张建军', org_name: '示范市农业农村局', position: '农田建设管理科科长', cadre_level: '县管' }],
    },
    {
      source_type: 'hotline',
      source_ref: '12345:GD202503150021',
      summary: '市民反映北山县某镇低保审批中存在优亲厚友，村干部亲属违规享受低保。',
      persons: [{ name: '李红梅', org_name: '北山县青石镇人民政府', position: '民政办主任', cadre_level: '乡管' }],
    },
    {
      source_type: 'model_hit',
      source_ref: 'hit:M05-0042',
      summary: '模型命中：示范市农业农村局农机购置补贴发放对象与经办人员存在亲属关系。',
      persons: [{ name: '周志勇', org_name: '示范市农业农村局', position: '农机化管理科副科长', cadre_level: '县管' }],
    },
  ];
  const clues: { id: number; code: string }[] = [];
  for (const c of clueInputs) clues.push(await officer.post<{ id: number; code: string }>('/api/clues', c));

  // Clue 1: propose 初步核实 → the leader approves → in disposal.
  const approvers = await officer.get<{ items: { id: number }[] }>(`/api/clues/${clues[0].id}/candidates?role=approver`);
  const c1 = await officer.get<{ version: number }>(`/api/clues/${clues[0].id}`);
  await officer.post(`/api/clues/${clues[0].id}/propose`, { method: 'preliminary', reason: '反映问题具体，有可查性，建议初步核实。', approver_id: approvers.items[0].id, version: c1.version });
  const c1b = await leader.get<{ version: number }>(`/api/clues/${clues[0].id}`);
  await leader.post(`/api/clues/${clues[0].id}/approve`, { comment: '同意初步核实。', version: c1b.version });

  // Transfers: the audit bureau sends findings to 第一监督检查室; officer1 sends clue 4 to the 住建局 dispatched group.
  const officeId = await orgId(officer, '第一监督检查室');
  const groupId = await orgId(officer, '派驻市农业农村局纪检监察组');
  const agriId = await orgId(officer, '示范市农业农村局');
  const healthId = await orgId(officer, '示范市卫生健康委员会');
  const toOfficer = await auditor.post<{ id: number }>('/api/transfers', {
    receiver_org_id: officeId,
    object_type: 'problem',
    title: '2025年度农业专项资金审计发现问题线索移送',
    note: '请依规处置并反馈结果。',
    items: [
      { title: '高标准农田项目虚报工程量', snapshot: { content: '经审计，2024年高标准农田建设项目虚报工程量，多付工程款约86万元。' } },
      { title: '农机购置补贴重复申领', snapshot: { content: '3户合作社重复申领农机购置补贴共计12.4万元。' } },
    ],
  });
  const fromOfficer = await officer.post<{ id: number }>('/api/transfers', {
    receiver_org_id: groupId,
    object_type: 'clue',
    title: `移交问题线索 ${clues[3].code}`,
    items: [{ object_id: String(clues[3].id) }],
  });

  // Rectification: two items for the agriculture bureau (one already past its deadline), one done.
  const rect = async (title: string, assigned: string, days: number, responsible = agriId) =>
    (
      await officer.post<{ id: number }>('/api/rectification/items', {
        source_type: 'audit',
        source_ref: '示审报〔2025〕12号',
        title,
        description: title,
        responsible_org_id: responsible,
        responsible_leader_name: '陈国平',
        responsible_leader_title: '局长',
        supervising_org_id: officeId,
        supervisor_name: '李明远',
        measures: '追回多付资金，完善项目验收制度，开展警示教育。',
        assigned_on: assigned,
        time_limit_days: days,
        deadline_basis: 'working_days',
      })
    ).id;
  const rectItems = [
    await rect('高标准农田项目多付工程款未追回', addDays(today, -60), 20),
    await rect('农机购置补贴审核把关不严', addDays(today, -5), 30),
    await rect('医疗设备采购未按规定公开招标', addDays(today, -10), 15, healthId),
  ];
  await flagOverdueRectifications(server.platform.db, today);

  // Accountability: a 诫勉 (effective at once) and a 党纪处分 (waits for the higher level, then approved).
  await officer.post('/api/accountability/decisions', {
    target_kind: 'person',
    measure: 'admonish',
    target_org_id: agriId,
    person_name: '赵立新',
    person_title: '计划财务科科长',
    cadre_level: '县管',
    party_member: true,
    reason: '对农业专项资金审核把关不严，造成资金损失。',
    decided_on: addDays(today, -20),
  });
  const discipline = await officer.post<{ id: number }>('/api/accountability/decisions', {
    target_kind: 'person',
    measure: 'discipline',
    target_org_id: agriId,
    person_name: '张建军',
    person_title: '农田建设管理科科长',
    cadre_level: '县管',
    party_member: true,
    party_sanction: 'serious_warning',
    gov_sanction: 'demerit',
    reason: '在高标准农田项目验收中违规拨付工程款，造成国家资金损失。',
    decided_on: addDays(today, -3),
  });
  const d = await leader.get<{ version: number }>(`/api/accountability/decisions/${discipline.id}`);
  await leader.post(`/api/accountability/decisions/${discipline.id}/approve`, { version: d.version, opinion: '同意。' });
  await officer.post('/api/accountability/clearings', {
    person_name: '刘晓东',
    person_title: '副镇长',
    org_id: agriId,
    finding: '经核查，反映其违规发放补贴问题不属实。',
    method: 'meeting',
    audience: '镇机关干部大会',
    false_accusation: false,
  });

  // The supervision models run once over the demo data (their hits await review).
  const dataadmin = await apiAs(base, 'dataadmin');
  await dataadmin.post('/api/models/run', {});

  return { clues, inDisposalClue: clues[0].id, transferToOfficer: toOfficer.id, transferFromOfficer: fromOfficer.id, rectItems, decisions: [discipline.id] };
}
