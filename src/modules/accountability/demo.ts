/**
 * Demo-city step: a year of accountability outcomes across the “四种形态” (most in the first form,
 * as in every commission's statistics), 纪律处分 approved by the leader (and a few still waiting
 * for 提级审核), decisions made on the overdue-rectification proposals (双问责), and 容错纠错,
 * 澄清正名 (some with 诬告陷害 查处) and 回访 records. Dates are relative to today. Idempotent.
 */
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import { Rng, chineseName } from '../demo/random.ts';
import { demoActor } from '../rectification/demo.ts';
import {
  type NewDecision,
  approveDecision,
  createClearing,
  createDecision,
  createRevisit,
  createTolerance,
} from './accountability.service.ts';
import type { ClearingMethod, Distinction, GovSanction, PartySanction, RevisitAssessment, RevisitMethod } from './catalog.ts';

const UNITS = [
  '示范市农业农村局',
  '示范市住房和城乡建设局',
  '示范市教育局',
  '示范市卫生健康委员会',
  '示范市市场监督管理局',
  '示范市城市管理局',
  '示范市粮食和物资储备局',
  '东城区人民政府',
  '西城区人民政府',
  '南湖区人民政府',
  '北山县人民政府',
];
const TITLES = ['科员', '副科长', '科长', '副主任', '主任', '副局长', '村党支部书记', '村委会主任', '站长', '所长', '副镇长', '镇长'];
const REASONS = [
  '违规收受管理服务对象礼品礼金',
  '违规操办婚丧喜庆事宜',
  '在惠民补贴审核中优亲厚友',
  '履行监管职责不力，造成国有资产流失',
  '违规公款吃喝',
  '公车私用',
  '在工程项目招投标中违规插手干预',
  '落实整改责任不力，整改不到位',
  '工作作风漂浮，群众反映强烈',
  '套取、截留惠农资金',
  '违规发放津贴补贴',
  '利用职务便利为他人谋取利益并收受财物',
];

type Plan = { measure: NewDecision['measure']; party?: PartySanction; gov?: GovSanction; judicial?: boolean };
const FIRST: Plan[] = [{ measure: 'criticism' }, { measure: 'inquiry' }, { measure: 'reminder' }, { measure: 'notice' }, { measure: 'admonish' }];
const SECOND: Plan[] = [
  { measure: 'org_adjust' },
  { measure: 'discipline', party: 'warning' },
  { measure: 'discipline', party: 'serious_warning' },
  { measure: 'discipline', gov: 'demerit' },
  { measure: 'discipline', party: 'serious_warning', gov: 'major_demerit' },
];
const THIRD: Plan[] = [
  { measure: 'discipline', party: 'remove_post', gov: 'demotion' },
  { measure: 'discipline', party: 'probation', gov: 'dismissal' },
  { measure: 'major_adjust' },
];
const FOURTH: Plan[] = [{ measure: 'discipline', party: 'expel', gov: 'expulsion', judicial: true }];

async function run(ctx: DemoContext) {
  const { db } = ctx.platform;
  const done = await db.selectFrom('account_decisions').select('id').where('doc_no', 'like', '示纪问〔%').executeTakeFirst();
  if (done) return;
  const rng = new Rng(20260570);
  const today = todayInShanghai();
  const handlers = [await demoActor(ctx, 'officer1'), await demoActor(ctx, 'officer2'), await demoActor(ctx, 'group1'), await demoActor(ctx, 'casemgr')];
  const leader = await demoActor(ctx, 'leader');
  const org = (name: string) => ctx.orgs.get(name)!;
  const version = async (id: number) => (await db.selectFrom('account_decisions').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  // A year of person outcomes, oldest first; the last few major ones wait for approval.
  const N = 48;
  const effective: { id: number; on: string; form: number }[] = [];
  for (let i = 0; i < N; i++) {
    const roll = rng.next();
    const plan = roll < 0.64 ? rng.pick(FIRST) : roll < 0.88 ? rng.pick(SECOND) : roll < 0.97 ? rng.pick(THIRD) : rng.pick(FOURTH);
    const decidedOn = addDays(today, -Math.round(((N - i) / N) * 360) + rng.int(0, 5));
    const h = rng.pick(handlers);
    const d = await createDecision(db, h.actor, h.access, {
      targetKind: 'person',
      measure: plan.measure,
      targetOrgId: org(rng.pick(UNITS)),
      personName: chineseName(rng),
      personTitle: rng.pick(TITLES),
      cadreLevel: rng.pick(['市管', '县管', '乡管', '其他']),
      partyMember: plan.party ? true : rng.chance(0.85),
      partySanction: plan.party ?? null,
      govSanction: plan.gov ?? null,
      judicialTransfer: plan.judicial ?? false,
      reason: rng.pick(REASONS),
      basis: plan.measure === 'discipline' ? '《中国共产党纪律处分条例》《中华人民共和国公职人员政务处分法》' : '《中国共产党问责条例》',
      docNo: `示纪问〔${decidedOn.slice(0, 4)}〕${i + 1}号`,
      decidedOn,
    });
    let on: string | null = d.status === 'effective' ? decidedOn : null;
    if (d.major && i < N - 4) {
      on = addDays(decidedOn, rng.int(3, 10));
      if (on > today) on = today;
      await approveDecision(db, leader.actor, leader.access, d.id, { version: await version(d.id), opinion: '同意', effectiveOn: on });
    }
    if (on && d.form) effective.push({ id: d.id, on, form: d.form });
  }

  // Organisations: 检查 and 通报 take effect at once; 改组 waits for the leader.
  const officer1 = handlers[0];
  await createDecision(db, officer1.actor, officer1.access, { targetKind: 'org', measure: 'org_check', targetOrgId: org('示范市教育局'), reason: '校园餐饮专项整治推进不力', decidedOn: addDays(today, -40) });
  await createDecision(db, officer1.actor, officer1.access, { targetKind: 'org', measure: 'org_notice', targetOrgId: org('示范市粮食和物资储备局'), reason: '粮食购销领域问题整改不到位', decidedOn: addDays(today, -25) });
  await createDecision(db, handlers[1].actor, handlers[1].access, { targetKind: 'org', measure: 'org_reorganize', targetOrgId: org('北山县人民政府'), reason: '乡镇领导班子软弱涣散，公车私用问题反复出现', decidedOn: addDays(today, -3) });

  // 双问责 on overdue rectification items: decide on the first open proposals.
  const proposals = await db.selectFrom('account_proposals').selectAll().where('status', '=', 'open').orderBy('id').limit(2).execute();
  for (const p of proposals) {
    // the proposing supervising body decides when it has an account here, else 案件监督管理室
    const h = handlers.find((x) => x.access.orgId === p.proposing_org_id) ?? handlers[3];
    await createDecision(db, h.actor, h.access, {
      targetKind: 'person',
      measure: p.responsibility === 'primary' ? 'admonish' : 'notice',
      personName: p.person_name ?? '（待明确）',
      personTitle: p.person_title,
      reason: p.reason,
      proposalId: p.id,
      decidedOn: today,
    });
  }

  // 容错纠错
  const distinctions: Distinction[] = ['reform_trial', 'exploration', 'development'];
  const matters = [
    '推进农村宅基地制度改革试点中审批程序存在瑕疵',
    '探索“一网通办”并联审批，个别材料事后补正',
    '为抢抓项目工期先行开工，用地手续滞后',
    '招商引资中承诺政策超出权限但未谋取私利',
    '疫情期间应急采购未完全履行招标程序',
  ];
  for (let i = 0; i < 10; i++) {
    const h = rng.pick(handlers);
    await createTolerance(db, h.actor, h.access, {
      personName: chineseName(rng),
      personTitle: rng.pick(TITLES),
      orgId: org(rng.pick(UNITS)),
      matter: rng.pick(matters),
      distinction: rng.pick(distinctions),
      outcome: rng.chance(0.6) ? 'exempted' : 'mitigated',
      correction: '责令完善相关程序，建立健全制度',
      decidedOn: addDays(today, -rng.int(5, 330)),
    });
  }

  // 澄清正名 (3 with 诬告陷害 查处)
  const methods: ClearingMethod[] = ['meeting', 'written', 'notice', 'talk', 'public'];
  for (let i = 0; i < 14; i++) {
    const h = rng.pick(handlers);
    const fa = i % 5 === 0;
    await createClearing(db, h.actor, h.access, {
      personName: chineseName(rng),
      personTitle: rng.pick(TITLES),
      orgId: org(rng.pick(UNITS)),
      finding: fa ? '经查，反映问题系举报人捏造事实、恶意诬告' : '经核查，反映问题不属实',
      method: rng.pick(methods),
      audience: '所在单位干部职工会议',
      falseAccusation: fa,
      falseAccusationRef: fa ? `示纪立〔${today.slice(0, 4)}〕${60 + i}号` : null,
      clearedOn: addDays(today, -rng.int(5, 330)),
    });
  }

  // 回访: every second- to fourth-form official, and some first-form ones, some weeks after.
  const assessments: RevisitAssessment[] = ['good', 'good', 'good', 'fair', 'poor'];
  const visitMethods: RevisitMethod[] = ['talk', 'field', 'forum', 'written'];
  let visits = 0;
  for (const e of effective) {
    if (e.form === 1 && !rng.chance(0.3)) continue;
    const visitedOn = addDays(e.on, rng.int(30, 120));
    if (visitedOn > today) continue;
    const h = rng.pick(handlers);
    const decision = await db.selectFrom('account_decisions').select(['handling_org_id']).where('id', '=', e.id).executeTakeFirstOrThrow();
    const visitor = handlers.find((x) => x.access.orgId === decision.handling_org_id) ?? h;
    await createRevisit(db, visitor.actor, visitor.access, {
      decisionId: e.id,
      visitedOn,
      method: rng.pick(visitMethods),
      visitors: visitor.access.displayName,
      findings: '能够正确对待组织处理，思想稳定，工作表现积极',
      assessment: rng.pick(assessments),
      followUp: null,
    });
    visits++;
  }
  ctx.log(`  问责处分 ${N + 3 + proposals.length} 件，容错纠错 10 件，澄清正名 14 件，回访 ${visits} 人次`);
}

export const accountabilityDemoStep: DemoStep = { name: '问责处分与关心关爱 / accountability and care', run };
