/** Built-in roles and dictionaries, written by migration so every database starts complete. */
import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migrate.ts';
import { BUILTIN_ROLES } from './roles.ts';

export const BUILTIN_DICTS: Record<string, { name: string; items: string[] }> = {
  person_category: { name: '人员类别', items: ['公务员', '事业编制', '村（社区）干部', '国企管理人员'] },
  person_status: { name: '在职状态', items: ['在职', '退休', '离职'] },
  relation: { name: '亲属关系', items: ['配偶', '子女', '父母', '兄弟姐妹', '其他'] },
  subsidy_program: {
    name: '补贴项目',
    items: ['城乡低保', '特困供养', '高龄津贴', '残疾人两项补贴', '耕地地力保护补贴', '城乡居民养老保险'],
  },
  tender_method: {
    name: '采购方式',
    items: ['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '询价', '单一来源', '直接采购'],
  },
  clue_source: {
    name: '线索来源',
    items: ['12345热线', '审计移送', '巡视巡察', '舆论监督', '监督模型', '信访举报', '自行发现', '财会监督', '司法机关'],
  },
  domain_tag: {
    name: '领域标签',
    items: ['粮食购销', '营商环境', '校园餐饮', '农村“三资”', '工程建设', '惠民惠农', '医疗医保', '公务用车', '公务接待', '物业管理'],
  },
  cadre_level: { name: '干部管理权限', items: ['市管', '县管', '乡管', '其他'] },
  hotline_status: { name: '办理状态', items: ['已办结', '办理中', '已退回', '超期'] },
  satisfaction: { name: '回访满意度', items: ['满意', '基本满意', '不满意', '未回访'] },
};

export const accessSeedMigrations: MigrationSet = {
  '0101_access_builtin': {
    async up(db: Kysely<any>) {
      for (const r of BUILTIN_ROLES) {
        await db
          .insertInto('roles')
          .values({
            code: r.code,
            name: r.name,
            data_scope: r.dataScope,
            admin_kind: r.adminKind,
            permissions: sql`${sql.val(r.permissions)}::text[]`,
            builtin: true,
          })
          .execute();
      }
      for (const [code, d] of Object.entries(BUILTIN_DICTS)) {
        await db.insertInto('dict_types').values({ code, name: d.name }).execute();
        await db
          .insertInto('dict_items')
          .values(d.items.map((label, i) => ({ dict_type: code, value: label, label, sort: i, builtin: true })))
          .execute();
      }
    },
  },
};
