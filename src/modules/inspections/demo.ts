/**
 * Demo-city step of the inspection area: 十五届市委第五轮巡察 gone through (巡前“画像” by the
 * dispatched group, findings, a clue transferred 边巡边查 and sanctioned, 立行立改, 巡审联动 with the
 * audit office, feedback, the ledger partly 销号, a 巡察建议书 answered), the next round in 巡前, and
 * a 纪检监察建议书 waiting for its answer. Runs after the collaboration step (the 巡审联动 needs its
 * mechanism). Dates are relative to today. Idempotent: skipped when the round exists.
 */
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import { approveDecision, createDecision } from '../accountability/accountability.service.ts';
import { demoAs, demoRectify } from '../collaboration/demo.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import { acknowledgeTransfer, feedbackTransfer } from '../transfers/transfers.service.ts';
import {
  answerLetter,
  changePhase,
  closeLetter,
  createAudit,
  createLetter,
  createRound,
  deliverBriefing,
  editBriefing,
  feedbackTarget,
  generateBriefing,
  issueLetter,
  orderImmediateFix,
  putFindingsOnLedger,
  recordFinding,
  reportAuditFinding,
  transferFindingAsClue,
} from './inspections.service.ts';
import type { Disposition } from './schema.ts';

const ROUND = '十五届市委第五轮巡察';

async function run(ctx: DemoContext) {
  const { db, cipher } = ctx.platform;
  if (await db.selectFrom('insp_rounds').select('id').where('name', '=', ROUND).executeTakeFirst()) return;
  const o = (name: string) => {
    const id = ctx.orgs.get(name);
    if (!id) throw new Error(`demo: no org ${name}`);
    return id;
  };
  const u = (name: string) => ctx.users.get(name)!;
  const sys = ctx.actor;
  const today = todayInShanghai();
  const [inspector, group, officer, leader, agri, auditor] = await Promise.all(['inspector1', 'group1', 'officer1', 'leader', 'agri', 'auditor'].map((n) => demoAs(ctx, n)));

  // ---- set-up ----
  const round = await createRound(db, sys, null, {
    name: ROUND,
    term: '十五届市委',
    roundNo: 5,
    organizerOrgId: o('市委巡察办'),
    startsOn: addDays(today, -75),
    endsOn: addDays(today, -15),
    focus: '聚焦惠民惠农资金管理、高标准农田建设、粮食购销领域腐败问题',
    teams: [{ orgId: o('市委第一巡察组'), members: [{ userId: u('inspector1'), role: 'leader' }, { userId: u('group1'), role: 'second_deputy' }] }],
    targets: [
      { orgId: o('示范市农业农村局'), teamOrgId: o('市委第一巡察组'), partyOrgName: '中共示范市农业农村局党组', supervisingOrgId: o('派驻市农业农村局纪检监察组') },
      { orgId: o('示范市粮食和物资储备局'), teamOrgId: o('市委第一巡察组'), partyOrgName: '中共示范市粮食和物资储备局党组', supervisingOrgId: o('派驻市农业农村局纪检监察组') },
    ],
  });
  const targets = await db.selectFrom('insp_targets').select(['id', 'target_org_id', 'version']).where('round_id', '=', round.id).orderBy('id').execute();
  const [agriTarget, grainTarget] = targets;
  let v = 1;
  v = (await changePhase(db, sys, null, round.id, { version: v, event: 'prepare', on: addDays(today, -80) })).version;

  // ---- 巡前: the dispatched group's briefing ----
  await generateBriefing(db, group.actor, group.access, agriTarget.id);
  const b = await db.selectFrom('insp_briefings').select('version').where('target_id', '=', agriTarget.id).executeTakeFirstOrThrow();
  const e = await editBriefing(db, group.actor, group.access, agriTarget.id, {
    version: b.version,
    keyPeople: [
      { name: '赵某', position: '项目科科长', matters: '高标准农田项目验收中涉嫌收受施工方财物（信访举报1件）' },
      { name: '钱某', position: '财务科科长', matters: '惠农补贴资金长期滞留专户' },
    ],
    keyMatters: ['耕地地力保护补贴超范围发放，审计整改未销号', '高标准农田项目验收把关不严', '机关食堂接待管理'],
    note: '建议巡察组重点关注项目科和财务科',
  });
  await deliverBriefing(db, group.actor, group.access, agriTarget.id, e.version);
  v = (await changePhase(db, sys, null, round.id, { version: v, event: 'station', on: addDays(today, -75) })).version;

  // ---- 巡中 ----
  const findings: [number, string, string, Disposition][] = [
    [agriTarget.id, '群众身边不正之风和腐败问题', '项目科科长赵某在高标准农田项目验收中收受施工方财物', 'clue'],
    [agriTarget.id, '基层党组织建设', '机关食堂违规接待', 'immediate'],
    [agriTarget.id, '贯彻落实党的路线方针政策和上级决策部署', '粮食安全党政同责落实不到位', 'problem'],
    [agriTarget.id, '基层党组织建设', '“三重一大”决策制度执行不严', 'problem'],
    [agriTarget.id, '群众身边不正之风和腐败问题', '惠农补贴审核把关不严，存在优亲厚友', 'problem'],
    [agriTarget.id, '巡视巡察、审计等监督发现问题整改', '上轮审计发现问题整改不彻底', 'problem'],
    [grainTarget.id, '群众身边不正之风和腐败问题', '政策性粮食收购“以陈顶新”', 'problem'],
    [grainTarget.id, '基层党组织建设', '党组议事规则不健全', 'problem'],
    [grainTarget.id, '贯彻落实党的路线方针政策和上级决策部署', '储备粮轮换管理不规范', 'problem'],
  ];
  const ids: number[] = [];
  for (const [t, category, title, disposition] of findings) {
    ids.push((await recordFinding(db, inspector.actor, inspector.access, t, { category, title, description: `${title}。（巡察组通过个别谈话、查阅资料、实地走访发现）`, disposition })).id);
  }
  const tr = await transferFindingAsClue(db, cipher, inspector.actor, inspector.access, ids[0], {
    receiverOrgId: o('第一监督检查室'),
    persons: [{ name: '赵某', orgName: '示范市农业农村局', position: '项目科科长', cadreLevel: '县管' }],
    domainTags: ['工程建设'],
  });
  await orderImmediateFix(db, inspector.actor, inspector.access, ids[1], { responsibleLeaderName: '冯建华', responsibleLeaderTitle: '党组书记、局长', measures: '立即停止违规接待，清退相关费用' });
  const audit = await createAudit(db, sys, null, round.id, {
    targetId: agriTarget.id,
    auditOrgId: o('示范市审计局'),
    title: '惠农补贴资金专项审计',
    kind: 'special',
    scope: '2024—2025年度惠民惠农补贴资金筹集、分配、拨付和使用',
    startsOn: addDays(today, -70),
  });
  for (const [title, description] of [
    ['惠农补贴资金滞留专户', '2025年度惠农补贴资金1200万元滞留专户超过6个月未拨付'],
    ['补贴对象审核不严', '向已死亡人员、财政供养人员发放耕地地力保护补贴共计37人次'],
  ]) {
    await reportAuditFinding(db, auditor.actor, auditor.access, audit.id, { title, description });
  }

  // The receiving office takes the clue on; the person is sanctioned.
  const t1 = await db.selectFrom('transfers').select('version').where('id', '=', tr.transfer_id).executeTakeFirstOrThrow();
  const ack = await acknowledgeTransfer(db, officer.actor, officer.access, { id: tr.transfer_id, version: t1.version, on: addDays(today, -60) });
  const d = await createDecision(db, officer.actor, officer.access, {
    targetKind: 'person',
    measure: 'discipline',
    targetOrgId: o('示范市农业农村局'),
    personName: '赵某',
    personTitle: '项目科科长',
    cadreLevel: '县管',
    partyMember: true,
    partySanction: 'serious_warning',
    govSanction: 'demerit',
    reason: '在高标准农田项目验收中收受施工方财物，违反廉洁纪律',
    clueId: tr.clue_id,
    decidedOn: addDays(today, -30),
  });
  await approveDecision(db, leader.actor, leader.access, d.id, { version: 1, effectiveOn: addDays(today, -28) });
  await feedbackTransfer(db, officer.actor, officer.access, { id: tr.transfer_id, version: ack.version, result: '经立案审查，给予赵某党内严重警告、政务记过处分', outcome: 'case_filed', on: addDays(today, -28) });

  // ---- 巡后 ----
  v = (await changePhase(db, sys, null, round.id, { version: v, event: 'withdraw', on: addDays(today, -15) })).version;
  for (const t of targets) {
    await feedbackTarget(db, inspector.actor, inspector.access, t.id, {
      version: t.version,
      feedbackOn: addDays(today, -10),
      note: '巡察发现该单位党组在落实全面从严治党主体责任、惠民惠农政策落实等方面存在问题，请认真抓好整改，整改情况按期报送。',
    });
    const led = await putFindingsOnLedger(db, inspector.actor, inspector.access, t.id, { responsibleLeaderName: t === agriTarget ? '冯建华' : '粮食和物资储备局局长', responsibleLeaderTitle: '党组书记', timeLimitDays: 40 });
    // Part of it already 销号 by the dispatched group.
    for (const it of led.items.slice(0, t === agriTarget ? 3 : 1)) await demoRectify(ctx, group, it.rect_item_id, '已完成整改，建立长效机制');
  }
  const immediate = await db.selectFrom('insp_findings').select('rect_item_id').where('id', '=', ids[1]).executeTakeFirstOrThrow();
  await demoRectify(ctx, group, immediate.rect_item_id!, '已停止违规接待并清退费用');

  // ---- letters ----
  const l1 = await createLetter(db, inspector.actor, inspector.access, {
    kind: 'inspection',
    targetId: agriTarget.id,
    issuerMark: '中共示范市委巡察工作领导小组办公室',
    subject: '加强惠民惠农资金监管',
    intro: '根据市委统一部署，市委第一巡察组对你局党组开展了常规巡察。针对巡察发现的惠民惠农资金管理问题，现提出如下建议。',
    problems: ['惠农补贴资金审核把关不严，存在向已死亡人员、财政供养人员发放补贴的情况。', '补贴资金长期滞留专户，未及时拨付到户。'],
    recommendations: ['建立补贴发放与户籍、财政供养人员信息的交叉比对机制。', '开展补贴资金专项清理，限期拨付到户并追回违规发放资金。'],
    cc: ['市纪委监委', '派驻市农业农村局纪检监察组'],
  });
  const i1 = await issueLetter(db, inspector.actor, inspector.access, l1.id, { version: 1, issuedOn: addDays(today, -9) });
  const a1 = await answerLetter(db, agri.actor, agri.access, l1.id, { version: i1.version, answer: '已开展补贴资金专项清理，追回违规发放资金4.2万元，滞留资金已全部拨付到户，交叉比对机制已上线运行。', answeredOn: addDays(today, -2) });
  await closeLetter(db, inspector.actor, inspector.access, l1.id, { version: a1.version, opinion: '落实到位，予以办结' });
  const l2 = await createLetter(db, officer.actor, officer.access, {
    kind: 'discipline',
    recipientOrgId: o('示范市住房和城乡建设局'),
    recipientName: '中共示范市住房和城乡建设局党组',
    issuerMark: '中共示范市纪律检查委员会\n示范市监察委员会',
    subject: '加强老旧小区改造工程质量监管',
    intro: '我委在查办相关案件和《阳光问政》曝光问题中发现，你局在老旧小区改造工程监管中存在以下问题。',
    problems: ['工程质量监管流于形式，对施工单位违规行为未及时制止。', '对群众投诉未建立闭环处理机制。'],
    recommendations: ['开展老旧小区改造工程质量专项检查。', '建立工程质量终身责任追溯和群众投诉闭环处理机制。'],
    cc: ['市人民政府办公室'],
  });
  await issueLetter(db, officer.actor, officer.access, l2.id, { version: 1, issuedOn: addDays(today, -5) });

  // ---- the next round, in 巡前 ----
  const next = await createRound(db, sys, null, {
    name: '十五届市委第六轮巡察',
    term: '十五届市委',
    roundNo: 6,
    organizerOrgId: o('市委巡察办'),
    startsOn: addDays(today, 10),
    endsOn: addDays(today, 70),
    focus: '聚焦教育、医疗领域群众身边不正之风和腐败问题',
    teams: [{ orgId: o('市委第一巡察组'), members: [{ userId: u('inspector1'), role: 'leader' }, { userId: u('officer2'), role: 'second_deputy' }] }],
    targets: [
      { orgId: o('示范市教育局'), teamOrgId: o('市委第一巡察组'), supervisingOrgId: o('第二监督检查室') },
      { orgId: o('示范市卫生健康委员会'), teamOrgId: o('市委第一巡察组'), supervisingOrgId: o('第二监督检查室') },
    ],
  });
  await changePhase(db, sys, null, next.id, { version: 1, event: 'prepare' });
  ctx.log(`  巡察轮次 2 个（${ROUND}：发现问题${findings.length - 1 + 2}个、移交线索1件），建议书 2 份`);
}

export const inspectionsDemoStep: DemoStep = { name: '巡视巡察 / inspection tours', run };
