/**
 * Demo-city step of the collaboration area: the mechanisms between the commission and its partner
 * bodies (审计, 财会, 12345, 巡察, 司法 — and one still in draft), a joint meeting and a
 * consultation with decision tasks, the departments' priority lists, the talent pool with one
 * assignment, two campaigns (护航优化营商环境: 7 areas / 35 tasks; 黄河流域生态保护) with problems on
 * the ledger, and a 问政 event whose first issue went round the whole loop. Dates are relative to
 * today. Idempotent: skipped when the first mechanism exists. Runs before the areas whose demo
 * sends transfers between bodies (the mechanisms allow them).
 */
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { addDays, type DateString, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import { getLedgerItem, submitForVerification, verifyLedgerItem } from '../rectification/rectification.service.ts';
import {
  addCampaignProblem,
  addWzAccountability,
  addWzClue,
  addWzRectification,
  assignExpert,
  changeMechanismStatus,
  createCampaign,
  createExpert,
  createMechanism,
  createMeeting,
  createWzEvent,
  moveTask,
  publishWzCase,
  reportCampaignTask,
  savePriorityList,
} from './collaboration.service.ts';
import type { MechanismInput } from './mechanisms.service.ts';

const FIRST = '纪检监察监督与审计监督贯通协同机制';

export async function demoAs(ctx: DemoContext, username: string): Promise<{ actor: Actor; access: AccessContext }> {
  const id = ctx.users.get(username)!;
  const access = (await loadAccessContext(ctx.platform.db, id))!;
  return { access, actor: { userId: id, name: `${access.displayName}(${username})`, orgId: access.orgId } };
}

/** Put a ledger item through 申请销号 and 核验 by a member of its supervising body. */
export async function demoRectify(ctx: DemoContext, as: { actor: Actor; access: AccessContext }, itemId: number, note: string) {
  const { db } = ctx.platform;
  const it = await getLedgerItem(db, as.actor, as.access, itemId);
  const s = await submitForVerification(db, as.actor, as.access, itemId, { version: it.version, note });
  await verifyLedgerItem(db, as.actor, as.access, itemId, { version: s.version, passed: true, opinion: '经核查整改到位，同意销号' });
}

const orgOf = (ctx: DemoContext) => (name: string) => {
  const id = ctx.orgs.get(name);
  if (!id) throw new Error(`demo: no org ${name}`);
  return id;
};

/**
 * The city's collaboration mechanisms (five in force, one in draft): what lets partner bodies and
 * the commission send each other transfers. Idempotent; returns the mechanism ids in order.
 */
export async function installDemoMechanisms(ctx: DemoContext, opts: { inForceSince?: DateString } = {}): Promise<number[]> {
  const { db } = ctx.platform;
  const existing = await db.selectFrom('collab_mechanisms').select('id').where('name', '=', FIRST).executeTakeFirst();
  if (existing) return (await db.selectFrom('collab_mechanisms').select('id').orderBy('id').execute()).map((m) => m.id);
  const o = orgOf(ctx);
  const sys = ctx.actor;
  const today = todayInShanghai();
  const commission = o('示范市纪委监委');
  // ---- mechanisms ----
  const mechanisms: (MechanismInput & { active: boolean })[] = [
    {
      name: FIRST,
      domain: '审计',
      leadOrgId: commission,
      partyOrgIds: [o('示范市审计局')],
      scope: '审计发现的问题线索移送、审计整改监督、成果共享运用',
      sharedInfo: ['年度审计项目计划', '审计报告及发现问题清单', '审计整改台账', '线索处置结果'],
      resultSharing: '纪委监委在线索办结后15个工作日内向审计机关反馈处置结果；审计机关将问责情况纳入审计整改“回头看”',
      memorandum: '《关于建立纪检监察监督与审计监督贯通协同机制的实施意见》',
      docNumber: '示纪发〔2025〕12号',
      signedOn: addDays(today, -400),
      effectiveFrom: addDays(today, -400),
      rules: [
        { fromOrgId: o('示范市审计局'), toOrgId: commission, objectTypes: ['problem', 'clue', 'audit_finding'], mayView: ['progress', 'disposal_result'], ackDays: 3, handleDays: 30 },
        { fromOrgId: commission, toOrgId: o('示范市审计局'), objectTypes: ['rectification', 'problem', 'data'], mayView: ['rectification'], note: '整改督办、商请专项审计' },
      ],
      active: true,
    },
    {
      name: '纪检监察监督与财会监督贯通协调机制',
      domain: '财会',
      leadOrgId: commission,
      partyOrgIds: [o('示范市财政局')],
      scope: '财政资金监管中发现的违纪违法问题线索移送，会计信息质量检查结果共享',
      sharedInfo: ['财政资金监督检查报告', '会计信息质量检查发现问题', '惠民惠农资金“一卡通”发放数据'],
      resultSharing: '双方按季度通报移送线索办理情况',
      effectiveFrom: addDays(today, -300),
      rules: [
        { fromOrgId: o('示范市财政局'), toOrgId: commission, objectTypes: ['problem', 'data'], mayView: ['progress', 'disposal_result'], handleDays: 30 },
        { fromOrgId: commission, toOrgId: o('示范市财政局'), objectTypes: ['rectification'] },
      ],
      active: true,
    },
    {
      name: '12345政务服务便民热线与纪检监察监督贯通协作机制',
      domain: '12345',
      leadOrgId: commission,
      partyOrgIds: [o('示范市12345政务服务便民热线办公室')],
      scope: '涉及作风、腐败问题的热线诉求定期移送，群众反映集中问题专项督办',
      sharedInfo: ['热线工单数据（按月）', '超期、退单、不满意工单', '督办公开结果'],
      resultSharing: '纪委监委对移送工单的核查结果按月反馈热线办，并在“热线督办”栏目公开典型问题',
      effectiveFrom: addDays(today, -200),
      rules: [
        { fromOrgId: o('示范市12345政务服务便民热线办公室'), toOrgId: commission, objectTypes: ['hotline_batch', 'problem'], mayView: ['progress', 'disposal_result'], ackDays: 3, handleDays: 15 },
        { fromOrgId: commission, toOrgId: o('示范市12345政务服务便民热线办公室'), objectTypes: ['data'] },
      ],
      active: true,
    },
    {
      name: '巡察监督与审计监督贯通协作机制',
      domain: '巡察',
      leadOrgId: o('市委巡察办'),
      partyOrgIds: [o('示范市审计局')],
      scope: '巡审联动：同一轮次对同一被巡察单位同步开展“政治体检”和“经济体检”',
      sharedInfo: ['巡察轮次计划和被巡察单位名单', '专项审计发现问题', '巡察反馈意见和整改台账'],
      resultSharing: '审计发现问题纳入巡察反馈和整改台账，整改情况双向共享',
      effectiveFrom: addDays(today, -365),
      rules: [
        { fromOrgId: o('示范市审计局'), toOrgId: o('市委巡察办'), objectTypes: ['audit_finding', 'problem'], mayView: ['rectification'] },
        { fromOrgId: o('市委巡察办'), toOrgId: o('示范市审计局'), objectTypes: ['data', 'rectification'] },
      ],
      active: true,
    },
    {
      name: '纪检监察机关与司法机关协作配合机制',
      domain: '司法',
      leadOrgId: commission,
      partyOrgIds: [o('示范市中级人民法院'), o('示范市人民检察院'), o('示范市公安局')],
      scope: '司法机关在办案中发现的公职人员违纪违法问题线索移送；职务犯罪案件衔接',
      sharedInfo: ['公职人员涉刑判决信息', '检察建议', '公职人员涉嫌违法犯罪线索'],
      resultSharing: '纪委监委向移送机关反馈线索处置结果',
      effectiveFrom: addDays(today, -500),
      rules: [
        { fromOrgId: null, toOrgId: commission, objectTypes: ['problem'], mayView: ['disposal_result', 'accountability'], ackDays: 3, handleDays: 30 },
        { fromOrgId: commission, toOrgId: o('示范市人民检察院'), objectTypes: ['clue', 'data'], mayView: ['progress'] },
      ],
      active: true,
    },
    {
      name: '纪检监察监督与金融监管贯通协作机制',
      domain: '其他',
      leadOrgId: commission,
      partyOrgIds: [o('示范市金融监管局')],
      scope: '（征求意见中）金融监管发现的公职人员违规借贷、违规持股问题线索移送',
      effectiveFrom: addDays(today, 30),
      rules: [{ fromOrgId: o('示范市金融监管局'), toOrgId: commission, objectTypes: ['problem'] }],
      active: false,
    },
  ];
  const mechIds: number[] = [];
  for (const m of mechanisms) {
    // Tests with back-dated transfers want the mechanisms in force since an earlier day.
    if (opts.inForceSince && m.active) m.effectiveFrom = opts.inForceSince;
    const { id } = await createMechanism(db, sys, null, m);
    mechIds.push(id);
    if (m.active) await changeMechanismStatus(db, sys, null, id, { version: 1, event: 'activate' });
  }

  return mechIds;
}

async function run(ctx: DemoContext) {
  const { db, cipher } = ctx.platform;
  if (await db.selectFrom('collab_meetings').select('id').limit(1).executeTakeFirst()) return;
  const o = orgOf(ctx);
  const sys = ctx.actor;
  const mechIds = await installDemoMechanisms(ctx);

  const today = todayInShanghai();
  const commission = o('示范市纪委监委');

  // ---- a joint meeting and a consultation, with their decisions ----
  const meeting = await createMeeting(db, sys, null, {
    kind: 'joint_meeting',
    title: `${today.slice(0, 4)}年第一季度纪检监察监督与审计监督贯通协同联席会议`,
    heldOn: addDays(today, -35),
    location: '市纪委监委三楼会议室',
    mechanismId: mechIds[0],
    hostOrgId: commission,
    orgIds: [o('示范市审计局'), o('示范市财政局'), o('市委巡察办')],
    agenda: ['通报上季度审计移送问题线索办理情况', '研究惠农补贴资金专项审计与巡察联动安排', '部署审计整改“回头看”'],
    minutes: '会议通报了上季度审计移送问题线索6件、已办结4件；明确在十五届市委第五轮巡察中同步开展惠农补贴资金专项审计；部署审计整改“回头看”。',
    decisions: [
      { content: '审计局在第五轮巡察期间完成惠农补贴资金专项审计，发现问题随时报送巡察组', ownerOrgId: o('示范市审计局'), deadline: addDays(today, -5) },
      { content: '财政局提供2025年度惠民惠农补贴“一卡通”发放明细', ownerOrgId: o('示范市财政局'), deadline: addDays(today, -10) },
      { content: '第一监督检查室牵头开展审计整改“回头看”', ownerOrgId: o('第一监督检查室'), deadline: addDays(today, 25) },
    ],
  });
  const auditor = await demoAs(ctx, 'auditor');
  await moveTask(db, auditor.actor, auditor.access, meeting.task_ids[0], { version: 1, event: 'complete', result: '已完成专项审计，报送审计发现问题2个', on: addDays(today, -6) });
  await createMeeting(db, sys, null, {
    kind: 'consultation',
    title: '12345热线反映惠农补贴问题线索会商',
    heldOn: addDays(today, -12),
    mechanismId: mechIds[2],
    hostOrgId: o('第一监督检查室'),
    orgIds: [o('示范市12345政务服务便民热线办公室'), o('派驻市农业农村局纪检监察组')],
    agenda: ['研判近三个月热线反映惠农补贴问题的工单', '明确线索移送和核查分工'],
    minutes: '会商认为集中反映的3个镇存在共性问题，由派驻市农业农村局纪检监察组牵头核查。',
    decisions: [{ content: '派驻市农业农村局纪检监察组牵头核查3个镇惠农补贴发放问题', ownerOrgId: o('派驻市农业农村局纪检监察组'), deadline: addDays(today, 18) }],
  });

  // ---- priority lists (监督重点清单) ----
  const year = Number(today.slice(0, 4));
  const lists: [string, string[], string[]][] = [
    ['示范市农业农村局', ['惠民惠农补贴资金发放', '高标准农田建设项目', '农村集体“三资”管理', '耕地保护', '农业产业项目资金'], ['审计发现问题纳入年度考核', '典型问题以案促改']],
    ['示范市住房和城乡建设局', ['老旧小区改造工程质量', '工程建设项目招投标', '住房保障资格审核', '物业服务监管'], ['问题线索移送纪委监委', '行业专项整治']],
    ['示范市教育局', ['校园餐经费管理', '教育收费', '教辅材料征订'], ['典型问题通报']],
    ['示范市卫生健康委员会', ['医保基金使用', '医疗设备采购', '医药购销领域“带金销售”'], ['移送医保部门追回资金', '行业警示教育']],
    ['示范市市场监督管理局', ['涉企检查和行政处罚', '食品安全监管'], ['规范涉企执法清单']],
  ];
  for (const [unit, priorities, uses] of lists) {
    await savePriorityList(db, sys, null, { year, orgId: o(unit), priorities: priorities.map((content) => ({ content })), resultUses: uses.map((content) => ({ content })), publish: true });
  }

  // ---- talent pool ----
  const experts = [
    { name: '吴志强', orgId: o('示范市审计局'), employer: '示范市审计局', title: '高级审计师', fields: ['审计', '财会'], availability: 'available' as const },
    { name: '郑海燕', orgId: o('示范市财政局'), employer: '示范市财政局', title: '高级会计师', fields: ['财会'], availability: 'available' as const },
    { name: '钱立群', orgId: null, employer: '示范市建设工程造价咨询有限公司', title: '一级造价工程师', fields: ['工程建设'], availability: 'available' as const, ties: [{ kind: 'enterprise' as const, name: '示范市建设工程造价咨询有限公司', relation: '执业单位' }] },
    { name: '陈律', orgId: null, employer: '示范律师事务所', title: '执业律师', fields: ['法律'], availability: 'busy' as const },
    { name: '林晓东', orgId: null, employer: '示范市大数据中心', title: '高级工程师', fields: ['信息技术'], availability: 'available' as const },
    { name: '何医生', orgId: o('示范市卫生健康委员会'), employer: '示范市卫生健康委员会', title: '主任医师', fields: ['医疗医保'], availability: 'unavailable' as const },
  ];
  const expertIds: number[] = [];
  for (const e of experts) expertIds.push((await createExpert(db, cipher, sys, null, { ...e, phone: `139${String(10000000 + expertIds.length * 1234567).slice(0, 8)}` })).id);
  await assignExpert(db, cipher, sys, null, {
    expertId: expertIds[0],
    taskType: 'inspection_round',
    taskRef: '十五届市委第五轮巡察',
    title: '十五届市委第五轮巡察巡审联动',
    startsOn: addDays(today, -60),
    endsOn: addDays(today, 20),
    subjects: { persons: [], orgIds: [o('示范市农业农村局')], enterprises: [] },
  });

  // ---- campaigns ----
  const officer = await demoAs(ctx, 'officer1');
  const areas: [string, string[]][] = [
    ['政务服务', ['整治“吃拿卡要”', '压缩审批时限', '规范中介服务', '整治“体外循环”', '推行“一网通办”']],
    ['涉企执法', ['整治乱收费', '整治乱罚款', '规范涉企检查', '清理涉企保证金', '规范自由裁量']],
    ['惠企政策落实', ['惠企资金拨付', '减税降费落实', '稳岗补贴发放', '科技创新奖补', '首贷贴息']],
    ['工程招投标', ['围标串标整治', '评标专家管理', '招标代理监管', '最低价中标后变更', '工程款支付']],
    ['融资信贷', ['违规收费整治', '惜贷压贷问题', '政府性融资担保', '续贷过桥', '金融服务下沉']],
    ['市场准入', ['隐性壁垒清理', '证照分离改革', '准入负面清单落实', '公平竞争审查', '市场主体退出']],
    ['拖欠企业账款', ['政府机关拖欠清理', '国企拖欠清理', '工程质保金返还', '政府采购付款', '拖欠投诉办理']],
  ];
  const owners = ['示范市市场监督管理局', '示范市城市管理局', '示范市财政局', '示范市住房和城乡建设局', '示范市金融监管局', '示范市市场监督管理局', '示范市财政局'];
  const yingshang = await createCampaign(db, officer.actor, officer.access, {
    name: '护航优化营商环境专项监督',
    kind: 'supervision',
    leadOrgId: o('第一监督检查室'),
    startsOn: addDays(today, -120),
    endsOn: addDays(today, 240),
    domain: '营商环境',
    description: '聚焦企业和群众反映强烈的突出问题，护航优化营商环境',
    areas: areas.map(([name, tasks], i) => ({ name, tasks: tasks.map((content, j) => ({ content, ownerOrgId: o(owners[i]), deadline: addDays(today, j % 2 ? 60 : -10) })) })),
  });
  const tasks = await db.selectFrom('collab_campaign_tasks').select(['id', 'version', 'area_id', 'seq']).where('campaign_id', '=', yingshang.id).orderBy('id').execute();
  for (const t of tasks.filter((_, i) => i % 3 === 0)) await reportCampaignTask(db, officer.actor, officer.access, t.id, { version: t.version, progressNote: '已完成阶段性整治，建立长效机制', done: true });
  const ysProblems = [
    { task: 1, unit: '示范市城市管理局', leader: '城市管理局局长', title: '对沿街商户重复检查、重复处罚' },
    { task: 6, unit: '示范市市场监督管理局', leader: '市场监督管理局局长', title: '涉企行政处罚自由裁量权行使不规范' },
    { task: 10, unit: '示范市财政局', leader: '财政局局长', title: '科技创新奖补资金拨付滞后' },
    { task: 30, unit: '示范市住房和城乡建设局', leader: '住建局局长', title: '政府投资项目拖欠工程款' },
  ];
  for (const [i, p] of ysProblems.entries()) {
    const item = await addCampaignProblem(db, officer.actor, officer.access, yingshang.id, { taskId: tasks[p.task].id, title: p.title, responsibleOrgId: o(p.unit), responsibleLeaderName: p.leader, timeLimitDays: 30 });
    if (i < 2) await demoRectify(ctx, officer, item.id, '已整改，相关责任人已作检查');
  }
  const huanghe = await createCampaign(db, officer.actor, officer.access, {
    name: '黄河流域生态保护专项监督',
    kind: 'supervision',
    leadOrgId: o('第一监督检查室'),
    startsOn: addDays(today, -90),
    endsOn: addDays(today, 270),
    domain: '生态环境',
    areas: [
      { name: '河道采砂', tasks: [{ content: '非法采砂整治' }, { content: '采砂许可监管' }, { content: '砂石运输监管' }] },
      { name: '入河排污口整治', tasks: [{ content: '排污口排查溯源' }, { content: '工业废水偷排整治' }, { content: '城镇污水处理' }] },
      { name: '湿地保护', tasks: [{ content: '违规占用湿地清理' }, { content: '湿地保护资金使用' }, { content: '湿地公园管理' }] },
      { name: '水资源管理', tasks: [{ content: '取水许可监管' }, { content: '地下水超采治理' }, { content: '节水奖补资金' }] },
    ],
  });
  const hhProblems = [
    ['北山县人民政府', '北山县县长', '河道非法采砂屡禁不止，监管责任落实不到位'],
    ['北山县人民政府', '北山县县长', '湿地保护资金挪作他用'],
    ['南湖区人民政府', '南湖区区长', '入河排污口排查不彻底'],
  ] as const;
  for (const [i, [unit, leader, title]] of hhProblems.entries()) {
    const item = await addCampaignProblem(db, officer.actor, officer.access, huanghe.id, { title, responsibleOrgId: o(unit), responsibleLeaderName: leader, timeLimitDays: 45 });
    if (i === 2) await demoRectify(ctx, officer, item.id, '已完成排查溯源，建立排污口台账');
  }

  // ---- 问政 ----
  const ev = await createWzEvent(db, officer.actor, officer.access, {
    title: `${today.slice(0, 4)}年第一期《阳光问政》`,
    heldOn: addDays(today, -50),
    media: '示范市广播电视台、示范发布（网络直播）',
    description: '市直部门主要负责人现场接受问政',
    issues: [
      { title: '老旧小区改造工程质量差', description: '节目曝光某小区改造后外墙保温层脱落、雨污管网渗漏，居民多次反映无人回应', responsibleOrgId: o('示范市住房和城乡建设局') },
      { title: '占道经营整治“一阵风”', description: '某路段占道经营整治后迅速反弹，执法人员对商户选择性执法', responsibleOrgId: o('示范市城市管理局') },
      { title: '校园周边食品安全监管缺位', description: '记者暗访发现校园周边“三无”食品公开售卖', responsibleOrgId: o('示范市市场监督管理局') },
    ],
  });
  const [i1, i2] = ev.issue_ids;
  await addWzClue(db, cipher, officer.actor, officer.access, i1, { persons: [{ name: '孙某', orgName: '示范市住房和城乡建设局', position: '城建科科长', cadreLevel: '县管' }], domainTags: ['工程建设'] });
  const r1 = await addWzRectification(db, officer.actor, officer.access, i1, { responsibleLeaderName: '住建局局长', timeLimitDays: 20, measures: '全面排查返工，建立质量终身责任追溯' });
  await addWzAccountability(db, officer.actor, officer.access, i1, { targetKind: 'person', measure: 'admonish', personName: '孙某', personTitle: '城建科科长', reason: '履行工程质量监管职责不力，造成不良社会影响', decidedOn: addDays(today, -20) });
  await demoRectify(ctx, officer, r1.id, '已完成返工，居民验收满意');
  const issue1 = await db.selectFrom('collab_wz_issues').select('version').where('id', '=', i1).executeTakeFirstOrThrow();
  await publishWzCase(db, officer.actor, officer.access, i1, {
    version: issue1.version,
    publication: '关于示范市住房和城乡建设局城建科科长孙某履行监管职责不力问题的通报：孙某对老旧小区改造工程质量把关不严，造成不良影响，受到诫勉处理。',
    publishedOn: addDays(today, -5),
  });
  await addWzClue(db, cipher, officer.actor, officer.access, i2, { persons: [{ name: '周某', orgName: '示范市城市管理局', position: '执法中队中队长', cadreLevel: '乡管' }] });
  await addWzRectification(db, officer.actor, officer.access, i2, { responsibleLeaderName: '城市管理局局长', timeLimitDays: 30 });
  ctx.log(`  协作机制 ${mechIds.length} 个、会商/联席会议 2 次、监督重点清单 ${lists.length} 份、人才库 ${experts.length} 人、专项 2 个、问政 1 期`);
}

export const collaborationDemoStep: DemoStep = { name: '协作配合机制 / collaboration mechanisms', run };
