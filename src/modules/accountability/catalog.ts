/**
 * The catalogue of accountability measures and sanctions, and the “四种形态” classification of
 * every outcome (pure). The classification is the one every commission reports:
 *
 * - 第一种形态: 批评教育、谈话函询、提醒谈话、通报（批评）、诫勉 —— 红脸出汗成为常态;
 * - 第二种形态: 党纪轻处分（警告、严重警告）、政务轻处分（警告、记过、记大过）、组织调整;
 * - 第三种形态: 党纪重处分（撤销党内职务、留党察看、开除党籍）、政务重处分（降级、撤职、开除）、
 *   重大职务调整;
 * - 第四种形态: 严重违纪涉嫌违法立案审查调查（移送检察机关依法审查起诉）, whatever the sanction.
 *
 * The forms count people (人次); measures against an organisation (检查、通报、改组) are not
 * counted in them. One record is one 人次: a person given both a 党纪 and a 政务 sanction for one
 * matter is one record, classified by the heavier of the two.
 */
import { badInput } from '../../platform/errors.ts';

export const TARGET_KINDS = ['org', 'person'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const ORG_MEASURES = ['org_check', 'org_notice', 'org_reorganize'] as const;
export const PERSON_MEASURES = ['criticism', 'inquiry', 'reminder', 'notice', 'admonish', 'org_adjust', 'major_adjust', 'discipline'] as const;
export const MEASURES = [...ORG_MEASURES, ...PERSON_MEASURES] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, string> = {
  org_check: '检查（责令作出书面检查）',
  org_notice: '通报',
  org_reorganize: '改组',
  criticism: '批评教育',
  inquiry: '谈话函询',
  reminder: '提醒谈话',
  notice: '通报批评',
  admonish: '诫勉',
  org_adjust: '组织调整（停职检查、调整职务、责令辞职、降职、免职）',
  major_adjust: '重大职务调整',
  discipline: '纪律处分',
};

/** Decisions that take effect only after the higher level approves (提级审核). */
export const MAJOR_MEASURES: ReadonlySet<Measure> = new Set<Measure>(['org_reorganize', 'org_adjust', 'major_adjust', 'discipline']);

export const PARTY_SANCTIONS = ['warning', 'serious_warning', 'remove_post', 'probation', 'expel'] as const;
export type PartySanction = (typeof PARTY_SANCTIONS)[number];
export const PARTY_SANCTION_LABELS: Record<PartySanction, string> = {
  warning: '警告',
  serious_warning: '严重警告',
  remove_post: '撤销党内职务',
  probation: '留党察看',
  expel: '开除党籍',
};
const PARTY_HEAVY: ReadonlySet<PartySanction> = new Set<PartySanction>(['remove_post', 'probation', 'expel']);

export const GOV_SANCTIONS = ['warning', 'demerit', 'major_demerit', 'demotion', 'dismissal', 'expulsion'] as const;
export type GovSanction = (typeof GOV_SANCTIONS)[number];
export const GOV_SANCTION_LABELS: Record<GovSanction, string> = {
  warning: '警告',
  demerit: '记过',
  major_demerit: '记大过',
  demotion: '降级',
  dismissal: '撤职',
  expulsion: '开除',
};
const GOV_HEAVY: ReadonlySet<GovSanction> = new Set<GovSanction>(['demotion', 'dismissal', 'expulsion']);

export type Form = 1 | 2 | 3 | 4;
export const FORM_LABELS: Record<Form, string> = {
  1: '第一种形态',
  2: '第二种形态',
  3: '第三种形态',
  4: '第四种形态',
};

export const MEASURE_TARGET: Record<Measure, TargetKind> = Object.fromEntries(
  MEASURES.map((m) => [m, (ORG_MEASURES as readonly string[]).includes(m) ? 'org' : 'person']),
) as Record<Measure, TargetKind>;

export interface OutcomeInput {
  targetKind: TargetKind;
  measure: Measure;
  partySanction?: PartySanction | null;
  govSanction?: GovSanction | null;
  judicialTransfer?: boolean;
  /** false for a non-Party official (then no 党纪处分 is possible). */
  partyMember?: boolean | null;
}

/** Refuse combinations that make no sense; returns nothing when the outcome is well-formed. */
export function validateOutcome(o: OutcomeInput): void {
  if (!(MEASURES as readonly string[]).includes(o.measure)) {
    throw badInput(`未知的问责方式：${o.measure}`, `Unknown measure: ${o.measure}`);
  }
  if (MEASURE_TARGET[o.measure] !== o.targetKind) {
    throw badInput(
      `“${MEASURE_LABELS[o.measure]}”不适用于${o.targetKind === 'org' ? '党组织/单位' : '个人'}`,
      `Measure ${o.measure} does not apply to a${o.targetKind === 'org' ? 'n organisation' : ' person'}`,
    );
  }
  const hasSanction = !!o.partySanction || !!o.govSanction || !!o.judicialTransfer;
  if (o.measure !== 'discipline' && hasSanction) {
    throw badInput('只有“纪律处分”可以填写党纪/政务处分或移送司法', 'Sanctions and judicial transfer belong to measure "discipline" only');
  }
  if (o.measure === 'discipline' && !hasSanction) {
    throw badInput('纪律处分须填写党纪处分、政务处分或移送司法中的至少一项', 'A discipline decision needs a Party sanction, a government sanction or a judicial transfer');
  }
  if (o.partySanction && !(PARTY_SANCTIONS as readonly string[]).includes(o.partySanction)) {
    throw badInput(`未知的党纪处分：${o.partySanction}`, `Unknown Party sanction: ${o.partySanction}`);
  }
  if (o.govSanction && !(GOV_SANCTIONS as readonly string[]).includes(o.govSanction)) {
    throw badInput(`未知的政务处分：${o.govSanction}`, `Unknown government sanction: ${o.govSanction}`);
  }
  if (o.partySanction && o.partyMember === false) {
    throw badInput('非中共党员不能给予党纪处分', 'A non-Party member cannot receive a Party sanction');
  }
}

/** The “四种形态” of an outcome; null for measures against an organisation. */
export function formOf(o: OutcomeInput): Form | null {
  validateOutcome(o);
  if (o.targetKind === 'org') return null;
  switch (o.measure) {
    case 'criticism':
    case 'inquiry':
    case 'reminder':
    case 'notice':
    case 'admonish':
      return 1;
    case 'org_adjust':
      return 2;
    case 'major_adjust':
      return 3;
    case 'discipline': {
      if (o.judicialTransfer) return 4;
      const heavy = (o.partySanction && PARTY_HEAVY.has(o.partySanction)) || (o.govSanction && GOV_HEAVY.has(o.govSanction));
      return heavy ? 3 : 2;
    }
    default:
      return null;
  }
}

export function isMajor(measure: Measure): boolean {
  return MAJOR_MEASURES.has(measure);
}

/** 三个区分开来: the three distinctions under which an error may be tolerated (容错). */
export const DISTINCTIONS = ['reform_trial', 'exploration', 'development'] as const;
export type Distinction = (typeof DISTINCTIONS)[number];
export const DISTINCTION_LABELS: Record<Distinction, string> = {
  reform_trial: '推进改革中因缺乏经验、先行先试出现的失误错误，同明知故犯的违纪违法行为区分开来',
  exploration: '尚无明确限制的探索性试验中的失误错误，同明令禁止后依然我行我素的违纪违法行为区分开来',
  development: '为推动发展的无意过失，同为谋取私利的违纪违法行为区分开来',
};

export const TOLERANCE_OUTCOMES = ['exempted', 'mitigated'] as const;
export type ToleranceOutcome = (typeof TOLERANCE_OUTCOMES)[number];
export const TOLERANCE_OUTCOME_LABELS: Record<ToleranceOutcome, string> = { exempted: '予以容错（免予问责）', mitigated: '从轻或减轻处理' };

export const CLEARING_METHODS = ['meeting', 'written', 'notice', 'talk', 'public'] as const;
export type ClearingMethod = (typeof CLEARING_METHODS)[number];
export const CLEARING_METHOD_LABELS: Record<ClearingMethod, string> = {
  meeting: '会议澄清',
  written: '书面澄清',
  notice: '通报澄清',
  talk: '谈话澄清',
  public: '公开澄清',
};

export const REVISIT_METHODS = ['talk', 'field', 'forum', 'written'] as const;
export type RevisitMethod = (typeof REVISIT_METHODS)[number];
export const REVISIT_METHOD_LABELS: Record<RevisitMethod, string> = {
  talk: '谈心谈话',
  field: '实地走访',
  forum: '座谈了解',
  written: '书面回访',
};

export const REVISIT_ASSESSMENTS = ['good', 'fair', 'poor'] as const;
export type RevisitAssessment = (typeof REVISIT_ASSESSMENTS)[number];
export const REVISIT_ASSESSMENT_LABELS: Record<RevisitAssessment, string> = {
  good: '思想稳定、表现良好',
  fair: '表现一般、需持续关注',
  poor: '存在思想包袱或问题、需跟进教育',
};

export const RESPONSIBILITIES = ['primary', 'supervisory'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];
export const RESPONSIBILITY_LABELS: Record<Responsibility, string> = { primary: '主体责任', supervisory: '监督责任' };
