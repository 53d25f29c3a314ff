/**
 * Demo-city step: problem clues from every kind of source in every state of disposal, and
 * transfers between 审计局 and the commission (acknowledged and fed back, waiting, overdue,
 * returned), plus a 边巡边查 transfer of an inspection team. Dates are relative to today.
 * Idempotent: skipped when the first demo clue exists.
 */
import { Readable } from 'node:stream';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { loadCalendar } from '../../platform/calendar/calendar.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import { escalateOverdueTransfers } from '../transfers/deadlines.ts';
import { acknowledgeTransfer, feedbackTransfer, returnTransfer, sendTransfer } from '../transfers/transfers.service.ts';
import { addAttachment } from './attachments.ts';
import { type NewClue, createClueFromSource } from './clues.service.ts';
import { approve, proposeMethod, recordStep, reportResult } from './disposal.service.ts';
import { METHOD_DEFS, type Method, type Outcome } from './workflow.ts';

const FIRST_REF = '12345:GD2026031800217';

interface As {
  actor: Actor;
  access: AccessContext;
}

/** Where the demo leaves a clue: with the method, the steps done, and the outcome reported. */
interface Fate {
  state: 'registered' | 'in_disposal' | 'result_pending' | 'closed' | 'shelved' | 'concluded';
  method?: Method;
  steps?: number;
  outcome?: Outcome;
  form?: number;
  note?: string;
}

interface DemoClue {
  by: 'officer1' | 'officer2' | 'casemgr';
  clue: Omit<NewClue, 'receivedOn'>;
  /** Working days before today it was received. */
  ago: number;
  fate: Fate;
}

const CLUES: DemoClue[] = [
  {
    by: 'officer1',
    ago: 2,
    fate: { state: 'registered' },
    clue: {
      sourceType: 'hotline',
      sourceRef: FIRST_REF,
      summary: '市民来电反映：某镇粮站站长张建军在秋粮收购中压级压价，并虚报收购数量套取最低收购价补贴。',
      domainTags: ['粮食购销'],
      persons: [{ name: '张建军', idNumber: '110101197503074216', orgName: '某镇粮站', position: '站长', cadreLevel: '乡管' }],
      whistleblower: { name: '刘某', phone: '13912345678', anonymous: false },
    },
  },
  {
    by: 'officer1',
    ago: 15,
    fate: { state: 'in_disposal', method: 'talk_inquiry', steps: 1 },
    clue: {
      sourceType: 'media',
      sourceRef: '问政示范 2026第3期',
      summary: '问政节目曝光：市市场监督管理局某科长在企业开办审批中“吃拿卡要”，故意拖延办理时限。',
      domainTags: ['营商环境'],
      persons: [{ name: '陈卫国', orgName: '示范市市场监督管理局', position: '登记注册科科长', cadreLevel: '县管' }],
    },
  },
  {
    by: 'officer1',
    ago: 40,
    fate: { state: 'result_pending', method: 'preliminary', outcome: 'org_handling', form: 2, note: '经初核，反映的违规插手工程问题部分属实，建议予以组织调整。' },
    clue: {
      sourceType: 'model_hit',
      sourceRef: '监督模型 R035 命中 #88',
      summary: '监督模型发现：某街道城建办主任亲属控制的企业连续中标该街道小型工程项目，报价与控制价高度接近。',
      domainTags: ['工程建设'],
      persons: [{ name: '黄志明', orgName: '东城区某街道办事处', position: '城建办主任', cadreLevel: '乡管' }],
    },
  },
  {
    by: 'officer2',
    ago: 60,
    fate: { state: 'closed', method: 'talk_inquiry', outcome: 'criticism', note: '本人如实说明情况并作出检讨，予以批评教育。' },
    clue: {
      sourceType: 'media',
      sourceRef: '网络舆情 #2026-0217',
      summary: '网帖反映某中学食堂承包商以次充好，学校总务主任对投诉置之不理。',
      domainTags: ['校园餐饮'],
      persons: [{ name: '郑丽华', orgName: '示范市第七中学', position: '总务处主任', cadreLevel: '乡管' }],
    },
  },
  {
    by: 'officer2',
    ago: 30,
    fate: { state: 'shelved' },
    clue: {
      sourceType: 'petition',
      sourceRef: '信访件 XF2026-0153',
      summary: '匿名来信反映某村村委会主任在集体土地流转中优亲厚友，但未提供具体时间、地块等线索。',
      domainTags: ['农村“三资”'],
      persons: [{ name: '王有田', orgName: '北山县某村村民委员会', position: '主任', cadreLevel: '其他' }],
      whistleblower: { anonymous: true },
    },
  },
  {
    by: 'casemgr',
    ago: 25,
    fate: { state: 'concluded' },
    clue: {
      sourceType: 'petition',
      sourceRef: '信访件 XF2026-0121',
      summary: '来信反映某局干部违规经商办企业，经查该企业已于三年前注销，反映不实。',
      persons: [{ name: '吴建平', orgName: '示范市文化和旅游局', position: '科员', cadreLevel: '其他' }],
      whistleblower: { name: '孙某', phone: '13600001111' },
    },
  },
  {
    by: 'officer1',
    ago: 80,
    fate: { state: 'closed', method: 'preliminary', outcome: 'case_filed', form: 4, note: '初核查明其收受施工方财物数额较大，涉嫌受贿，经批准立案审查调查。' },
    clue: {
      sourceType: 'self',
      summary: '日常监督中发现：市住建局某副局长在保障房项目中违规干预招投标，收受施工方财物。',
      domainTags: ['工程建设'],
      persons: [{ name: '邓海涛', idNumber: '110101196811023518', orgName: '示范市住房和城乡建设局', position: '副局长', cadreLevel: '市管' }],
    },
  },
];

async function as(ctx: DemoContext, username: string): Promise<As> {
  const id = ctx.users.get(username)!;
  const access = (await loadAccessContext(ctx.platform.db, id))!;
  return { access, actor: { userId: id, name: `${access.displayName}(${username})`, orgId: access.orgId } };
}

async function document(ctx: DemoContext, u: As, clueId: number, fileName: string, body: string) {
  const a = await addAttachment(ctx.platform.db, ctx.platform.dataDir, u.actor, u.access, clueId, {
    fileName,
    mime: 'text/plain; charset=utf-8',
    stream: Readable.from([Buffer.from(body)]),
  });
  return a.id;
}

async function dispose(ctx: DemoContext, u: As, leader: As, id: number, fate: Fate) {
  const db = ctx.platform.db;
  if (fate.state === 'registered') return;
  const method: Method = fate.state === 'shelved' ? 'shelve' : fate.state === 'concluded' ? 'conclude' : fate.method!;
  const reason = { talk_inquiry: '反映问题具体，拟谈话函询', preliminary: '反映问题具体、可查性强，拟初步核实', shelve: '反映内容笼统，暂不具备核查条件', conclude: '经了解反映不实，拟予以了结' }[method];
  let r = await proposeMethod(db, u.actor, u.access, { id, version: 1, method, reason, approverId: leader.access.userId });
  r = await approve(db, leader.actor, leader.access, { id, version: r.version, comment: '同意' });
  if (fate.state === 'shelved' || fate.state === 'concluded') return;
  const steps = METHOD_DEFS[method].steps.slice(0, fate.state === 'in_disposal' ? fate.steps : undefined);
  let version = r.version;
  for (const s of steps) {
    const doc = await document(ctx, u, id, `${s.label}.txt`, `${s.label}\n${s.documents}（示范材料）`);
    version = (await recordStep(db, u.actor, u.access, { id, version, step: s.code, attachmentIds: [doc], note: s.documents })).version;
  }
  if (fate.state === 'in_disposal') return;
  r = await reportResult(db, u.actor, u.access, { id, version, outcome: fate.outcome!, form: fate.form ?? null, note: fate.note!, approverId: leader.access.userId });
  if (fate.state === 'closed') await approve(db, leader.actor, leader.access, { id, version: r.version, comment: '同意' });
}

async function run(ctx: DemoContext) {
  const db = ctx.platform.db;
  const done = await db.selectFrom('clues').select('id').where('source_ref', '=', FIRST_REF).executeTakeFirst();
  if (done) return;
  const cal = await loadCalendar(db);
  const today = todayInShanghai();
  const ago = (n: number) => cal.addWorkingDays(today, -n);
  const leader = await as(ctx, 'leader');
  const users = { officer1: await as(ctx, 'officer1'), officer2: await as(ctx, 'officer2'), casemgr: await as(ctx, 'casemgr') };

  for (const c of CLUES) {
    const u = users[c.by];
    const { id } = await createClueFromSource(db, ctx.platform.cipher, u.actor, u.access, { ...c.clue, receivedOn: ago(c.ago) });
    await dispose(ctx, u, leader, id, c.fate);
  }

  // 审计局 ⇄ 纪委监委
  const auditor = await as(ctx, 'auditor');
  const casemgr = users.casemgr;
  const caseOffice = ctx.orgs.get('案件监督管理室')!;
  const finding = (title: string, text: string, report: string) => ({ title, snapshot: { finding: text, audit_report: report } });
  const q1 = await sendTransfer(db, auditor.actor, auditor.access, {
    receiverOrgId: caseOffice,
    objectType: 'problem',
    mode: 'batch',
    title: '审计发现问题线索（定期移送）',
    sentOn: ago(45),
    items: [
      finding('粮食收购资金未封闭运行', '市粮食和物资储备局下属库点将收购资金转入非专户使用，涉及资金1260万元。', '示审报〔2026〕9号'),
      finding('农机购置补贴虚报冒领', '3家农机经销商通过“一机多补”虚报冒领补贴86万元，经办人员审核不严。', '示审报〔2026〕12号'),
      finding('医用耗材采购价格偏高', '两家公立医院同一耗材采购价高出全省均价40%以上。', '示审报〔2026〕15号'),
      finding('保障房项目工程款超付', '某保障房项目监理、施工单位签证不实，超付工程款312万元。', '示审报〔2026〕18号'),
    ],
  });
  const a = await acknowledgeTransfer(db, casemgr.actor, casemgr.access, { id: q1.id, version: 1, on: ago(44) });
  await feedbackTransfer(db, casemgr.actor, casemgr.access, {
    id: q1.id,
    version: a.version,
    on: ago(10),
    result: '已逐项登记为问题线索并交承办部门处置：第2项立案审查调查，第4项组织处理，其余正在办理。',
    outcome: 'in_progress',
    items: [
      { seq: 2, outcome: 'case_filed' },
      { seq: 4, outcome: 'org_handling' },
    ],
  });
  await sendTransfer(db, auditor.actor, auditor.access, {
    receiverOrgId: caseOffice,
    objectType: 'problem',
    title: '经济责任审计发现的问题线索（随时移送）',
    sentOn: ago(1),
    items: [finding('违规发放津贴补贴', '某局违规以“加班费”名义发放津贴补贴47万元。', '示审报〔2026〕21号')],
  });
  await sendTransfer(db, auditor.actor, auditor.access, {
    receiverOrgId: caseOffice,
    objectType: 'problem',
    title: '专项审计调查发现问题线索',
    sentOn: ago(6),
    items: [
      finding('乡镇“三资”管理混乱', '北山县2个乡镇村级集体资金坐支、白条抵库。', '示审调〔2026〕3号'),
      finding('校园餐饮供应商资质问题', '5所学校校外供餐企业资质过期仍继续供餐。', '示审调〔2026〕4号'),
    ],
  });
  const wrong = await sendTransfer(db, auditor.actor, auditor.access, {
    receiverOrgId: caseOffice,
    objectType: 'problem',
    title: '企业偷漏税问题',
    sentOn: ago(8),
    items: [finding('企业少缴税款', '某民营企业隐匿收入少缴税款。', '示审报〔2026〕22号')],
  });
  await returnTransfer(db, casemgr.actor, casemgr.access, { id: wrong.id, version: 1, reason: '该问题不涉及公职人员，属税务机关职责，请移送税务部门处理。' });
  const back = await sendTransfer(db, casemgr.actor, casemgr.access, {
    receiverOrgId: ctx.orgs.get('示范市审计局')!,
    objectType: 'problem',
    title: '商请审计局对保障房项目工程款开展专项审计',
    sentOn: ago(12),
    items: [{ title: '保障房项目工程款核查', snapshot: { request: '请对该项目2023—2025年工程款结算情况开展专项审计，并反馈结果。' } }],
  });
  await acknowledgeTransfer(db, auditor.actor, auditor.access, { id: back.id, version: 1, on: ago(11) });

  // 边巡边查: the first inspection team transfers a clue at once, cc the dispatched group (立行立改)
  const inspector = await as(ctx, 'inspector1');
  const tourClue = await createClueFromSource(db, ctx.platform.cipher, inspector.actor, inspector.access, {
    sourceType: 'inspection',
    sourceRef: '市委第一巡察组 2026年第一轮巡察 #12',
    summary: '巡察发现：市农业农村局高标准农田项目验收中，项目科负责人收受施工方购物卡，验收把关不严。',
    domainTags: ['工程建设', '惠民惠农'],
    persons: [{ name: '冯志远', orgName: '示范市农业农村局', position: '农田建设科科长', cadreLevel: '县管' }],
    receivedOn: ago(4),
  });
  const tour = await sendTransfer(db, inspector.actor, inspector.access, {
    receiverOrgId: ctx.orgs.get('第一监督检查室')!,
    objectType: 'clue',
    tour: true,
    title: '边巡边查移交问题线索',
    ccOrgIds: [ctx.orgs.get('派驻市农业农村局纪检监察组')!],
    sentOn: ago(4),
    items: [{ objectId: tourClue.id }],
  });
  const officer1 = users.officer1;
  await acknowledgeTransfer(db, officer1.actor, officer1.access, { id: tour.id, version: 1, on: ago(3) });

  await escalateOverdueTransfers(db, today);
  ctx.log(`  线索 ${CLUES.length + 1} 条，移交 6 件`);
}

export const cluesDemoStep: DemoStep = { name: '问题线索与移交 / clues and transfers', run };
