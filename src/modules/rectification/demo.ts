/**
 * Demo-city step: a rectification ledger with realistic problems from audits, inspections, model
 * hits and special campaigns — some 销号, some waiting for verification, one re-opened after a
 * failed verification, some overdue (flagged, with 双问责 proposals). Dates are relative to today,
 * so the ledger looks current whenever the demo is loaded. Idempotent.
 */
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import {
  createCampaign,
  createLedgerItem,
  flagOverdueRectifications,
  reportProgress,
  submitForVerification,
  verifyLedgerItem,
} from './rectification.service.ts';
import type { RectSourceType } from './schema.ts';

const CAMPAIGNS = [
  { name: '粮食购销领域腐败问题专项整治', domain: '粮食购销' },
  { name: '校园餐饮专项整治', domain: '校园餐饮' },
  { name: '群众身边不正之风和腐败问题集中整治', domain: '惠民惠农' },
];

type Fate = 'pending' | 'in_progress' | 'submitted' | 'reopened' | 'rectified' | 'overdue';

interface DemoItem {
  title: string;
  source: RectSourceType;
  ref: string;
  campaign?: number;
  unit: string;
  leader: [string, string];
  supervisor: 'group1' | 'officer1' | 'officer2';
  measures: string;
  /** Days before today it was assigned, and its time limit in days. */
  ago: number;
  limit: number;
  fate: Fate;
}

const ITEMS: DemoItem[] = [
  { title: '耕地地力保护补贴向已流转土地重复发放', source: 'model_hit', ref: '监督模型 M03 命中 #1027', campaign: 2, unit: '示范市农业农村局', leader: ['钱国栋', '局长'], supervisor: 'group1', measures: '逐户核对2023—2025年发放台账，追回重复发放资金，完善土地流转信息共享', ago: 120, limit: 60, fate: 'rectified' },
  { title: '高标准农田建设项目验收把关不严', source: 'inspection', ref: '市委第一巡察组反馈意见第5条', unit: '示范市农业农村局', leader: ['钱国栋', '局长'], supervisor: 'group1', measures: '重新组织第三方验收，扣减未建成部分工程款', ago: 75, limit: 45, fate: 'overdue' },
  { title: '农机购置补贴申报资料审核流于形式', source: 'audit', ref: '示审报〔2026〕12号 第3条', unit: '示范市农业农村局', leader: ['孙立平', '副局长'], supervisor: 'group1', measures: '建立“人机合影+北斗定位”核验机制，对已发放补贴抽查20%', ago: 60, limit: 40, fate: 'reopened' },
  { title: '农村集体“三资”台账不全、合同未公开', source: 'campaign', ref: '集中整治问题清单第18项', campaign: 2, unit: '示范市农业农村局', leader: ['孙立平', '副局长'], supervisor: 'group1', measures: '完成全市村级“三资”清产核资，合同一律上网公开', ago: 30, limit: 60, fate: 'in_progress' },
  { title: '政策性粮食收储库存账实不符', source: 'campaign', ref: '粮食购销专项整治问题清单第7项', campaign: 0, unit: '示范市粮食和物资储备局', leader: ['马志刚', '局长'], supervisor: 'officer2', measures: '开展库存数量质量全面清查，追究相关库点责任', ago: 150, limit: 60, fate: 'rectified' },
  { title: '粮库“以陈顶新”、虚增收购量', source: 'audit', ref: '示审报〔2026〕9号 第2条', campaign: 0, unit: '示范市粮食和物资储备局', leader: ['马志刚', '局长'], supervisor: 'officer2', measures: '追缴违规收益，重建出入库视频监控与数据直连', ago: 100, limit: 50, fate: 'overdue' },
  { title: '粮食收购资金未按规定封闭运行', source: 'audit', ref: '示审报〔2026〕9号 第4条', campaign: 0, unit: '示范市粮食和物资储备局', leader: ['何晓东', '副局长'], supervisor: 'officer2', measures: '清理违规账户，资金全部回归专户', ago: 40, limit: 45, fate: 'submitted' },
  { title: '中小学食堂食材集中采购未比价', source: 'campaign', ref: '校园餐饮专项整治问题清单第3项', campaign: 1, unit: '示范市教育局', leader: ['林海燕', '局长'], supervisor: 'officer1', measures: '推行食材阳光采购平台，采购价格全程留痕', ago: 140, limit: 60, fate: 'rectified' },
  { title: '部分学校校外供餐企业资质过期', source: 'campaign', ref: '校园餐饮专项整治问题清单第9项', campaign: 1, unit: '示范市教育局', leader: ['林海燕', '局长'], supervisor: 'officer1', measures: '立即停止合作并重新招标，建立资质到期预警', ago: 130, limit: 30, fate: 'rectified' },
  { title: '学生伙食费收支未按规定公示', source: 'hotline', ref: '12345工单 GD202609120031 等7件', campaign: 1, unit: '示范市教育局', leader: ['周文斌', '副局长'], supervisor: 'officer1', measures: '每学期公示伙食费收支明细，接受家长委员会监督', ago: 45, limit: 30, fate: 'overdue' },
  { title: '公立医院医用耗材采购价格明显偏高', source: 'audit', ref: '示审报〔2026〕15号 第1条', unit: '示范市卫生健康委员会', leader: ['郭晓明', '主任'], supervisor: 'officer1', measures: '开展耗材价格专项比对，推行带量采购', ago: 40, limit: 90, fate: 'in_progress' },
  { title: '医保基金违规结算（挂床住院）', source: 'model_hit', ref: '监督模型 M15 命中 #311', unit: '示范市卫生健康委员会', leader: ['郭晓明', '主任'], supervisor: 'officer1', measures: '追回违规结算资金，对涉事医院约谈通报', ago: 90, limit: 45, fate: 'rectified' },
  { title: '保障性住房分配审核把关不严', source: 'inspection', ref: '市委第二巡察组反馈意见第2条', unit: '示范市住房和城乡建设局', leader: ['邓建军', '局长'], supervisor: 'officer2', measures: '对已分配房源全面复核，清退不符合条件家庭', ago: 50, limit: 60, fate: 'submitted' },
  { title: '工程建设项目招投标“明招暗定”', source: 'model_hit', ref: '监督模型 R035 命中 #88', unit: '示范市住房和城乡建设局', leader: ['邓建军', '局长'], supervisor: 'officer2', measures: '对近三年项目开展围串标专项排查，完善评标专家抽取机制', ago: 20, limit: 60, fate: 'pending' },
  { title: '村（社区）低保“关系保”“人情保”', source: 'campaign', ref: '集中整治问题清单第5项', campaign: 2, unit: '东城区人民政府', leader: ['韩立新', '区长'], supervisor: 'officer1', measures: '逐户复核低保对象，取消不符合条件人员待遇', ago: 160, limit: 90, fate: 'rectified' },
  { title: '乡镇公务用车私用问题反复出现', source: 'model_hit', ref: '监督模型 M09 命中 #56', unit: '北山县人民政府', leader: ['曹振宇', '县长'], supervisor: 'officer2', measures: '公车全部安装定位，节假日封存制度落实到人', ago: 95, limit: 40, fate: 'overdue' },
];

export async function demoActor(ctx: DemoContext, username: string): Promise<{ actor: Actor; access: AccessContext }> {
  const id = ctx.users.get(username)!;
  const access = (await loadAccessContext(ctx.platform.db, id))!;
  return { access, actor: { userId: id, name: `${access.displayName}(${username})`, orgId: access.orgId } };
}

async function run(ctx: DemoContext) {
  const { db } = ctx.platform;
  const done = await db.selectFrom('rect_campaigns').select('id').where('name', '=', CAMPAIGNS[0].name).executeTakeFirst();
  if (done) return;
  const today = todayInShanghai();
  const supervisorOrg = {
    group1: '派驻市农业农村局纪检监察组',
    officer1: '第一监督检查室',
    officer2: '第二监督检查室',
  } as const;
  const supervisorName = { group1: '赵建国', officer1: '李明远', officer2: '王晓燕' } as const;
  const as = {
    group1: await demoActor(ctx, 'group1'),
    officer1: await demoActor(ctx, 'officer1'),
    officer2: await demoActor(ctx, 'officer2'),
    agri: await demoActor(ctx, 'agri'),
  };
  const campaignIds: number[] = [];
  for (const c of CAMPAIGNS) {
    campaignIds.push(
      await createCampaign(db, as.officer1.actor, null, {
        name: c.name,
        domain: c.domain,
        leadOrgId: ctx.orgs.get('党风政风监督室') ?? null,
        startedOn: `${today.slice(0, 4)}-03-01`,
        endsOn: `${today.slice(0, 4)}-12-31`,
      }),
    );
  }
  const version = async (id: number) => (await db.selectFrom('rect_items').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  for (const it of ITEMS) {
    const sup = as[it.supervisor];
    // The unit reports itself where it has an account (农业农村局); elsewhere the supervising body records on its behalf.
    const unit = it.unit === '示范市农业农村局' ? as.agri : sup;
    const assignedOn = addDays(today, -it.ago);
    const { id } = await createLedgerItem(db, sup.actor, sup.access, {
      sourceType: it.source,
      sourceRef: it.ref,
      campaignId: it.campaign === undefined ? null : campaignIds[it.campaign],
      title: it.title,
      responsibleOrgId: ctx.orgs.get(it.unit)!,
      responsibleLeaderName: it.leader[0],
      responsibleLeaderTitle: it.leader[1],
      supervisingOrgId: ctx.orgs.get(supervisorOrg[it.supervisor])!,
      supervisorName: supervisorName[it.supervisor],
      measures: it.measures,
      assignedOn,
      deadline: addDays(assignedOn, it.limit),
    });
    if (it.fate === 'pending') continue;
    await reportProgress(db, unit.actor, unit.access, id, { version: await version(id), note: '已制定整改方案，明确责任人和完成时限', progressPercent: 30 });
    if (it.fate === 'in_progress' || it.fate === 'overdue') {
      await reportProgress(db, unit.actor, unit.access, id, { version: await version(id), note: '整改推进中，已完成主要任务的六成', progressPercent: 60 });
      continue;
    }
    await submitForVerification(db, unit.actor, unit.access, id, { version: await version(id), note: '整改任务已全部完成，佐证材料已上传，申请销号' });
    if (it.fate === 'submitted') continue;
    if (it.fate === 'reopened') {
      await verifyLedgerItem(db, sup.actor, sup.access, id, {
        version: await version(id),
        passed: false,
        opinion: '现场抽查发现部分问题未整改到位，退回重新整改',
        newDeadline: addDays(today, 20),
      });
      continue;
    }
    await verifyLedgerItem(db, sup.actor, sup.access, id, {
      version: await version(id),
      passed: true,
      opinion: '经现场核验，整改措施落实到位，同意销号',
      rectifiedOn: addDays(assignedOn, Math.min(it.limit - 3, it.ago - 1)),
    });
  }
  const r = await flagOverdueRectifications(db, today);
  ctx.log(`  整改台账 ${ITEMS.length} 项，逾期 ${r.flagged.length} 项（已提出双问责建议）`);
}

export const rectificationDemoStep: DemoStep = { name: '整改台账 / rectification ledger', run };
