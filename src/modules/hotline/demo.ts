/**
 * Demo-city step of the hotline: transfer rules (to 党风政风监督室, from the 12345 office), a
 * routing list, 专项深办 topics, the classifier trained on the demo orders, aggregates, a
 * screening run, one published supervised order and a weekly report. Runs after the datasets
 * step; idempotent (skipped once the demo topics exist).
 */
import { loadAccessContext } from '../../platform/access/context.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import type { DemoContext, DemoStep } from '../demo/demo.service.ts';
import { refreshAll } from './analysis.service.ts';
import { classifyPending, trainModel } from './classify.service.ts';
import { approvePublication } from './publish.service.ts';
import { generateReport } from './report.service.ts';
import { createRouting } from './routing.service.ts';
import { runScreening } from './screening.service.ts';

const ROUTING: { category?: string; keyword?: string; unit: string }[] = [
  { category: '城乡建设', unit: '示范市住房和城乡建设局' },
  { category: '环境保护', unit: '示范市生态环境局' },
  { category: '交通运输', unit: '示范市交通运输局' },
  { category: '教育文体', unit: '示范市教育局' },
  { category: '劳动和社会保障', unit: '示范市人力资源和社会保障局' },
  { category: '卫生计生', unit: '示范市卫生健康委员会' },
  { keyword: '物业', unit: '示范市住房和城乡建设局' },
  { keyword: '食堂', unit: '示范市教育局' },
  { keyword: '路灯', unit: '示范市城市管理局' },
];

export const hotlineDemoStep: DemoStep = {
  name: '12345 热线',
  run: async (ctx: DemoContext) => {
    const { db } = ctx.platform;
    if (await db.selectFrom('hotline_topics').select('id').where('name', '=', '校园餐饮').executeTakeFirst()) return;
    const clerkId = ctx.users.get('hotline');
    const officerId = ctx.users.get('officer1');
    const team = ctx.orgs.get('党风政风监督室');
    const office = ctx.orgs.get('示范市12345政务服务便民热线办公室');
    if (!clerkId || !officerId) return;
    const clerk = (await loadAccessContext(db, clerkId))!;
    const officer = (await loadAccessContext(db, officerId))!;
    await db.updateTable('hotline_transfer_rules').set({ receiver_org_id: team ?? null, sender_org_id: office ?? null }).execute();
    for (const r of ROUTING) await createRouting(db, ctx.actor, clerk, r);
    await db.insertInto('hotline_topics').values([
      { name: '校园餐饮', keywords: ['校园餐饮', '食堂', '学生餐', '校外培训'], updated_by: clerkId },
      { name: '物业管理', keywords: ['物业', '业委会', '物业费', '电梯'], updated_by: clerkId },
    ]).execute();
    const n = Number((await db.selectFrom('ds_hotline' as never).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    if (!n) return;
    try {
      await trainModel(db, ctx.actor);
      await classifyPending(db, ctx.actor);
    } catch (e) {
      ctx.log(`热线分类模型未训练：${(e as Error).message}`);
    }
    await refreshAll(db);
    await runScreening(db, ctx.actor, todayInShanghai());
    const supervised = (await db
      .selectFrom('ds_hotline' as never)
      .select('order_id' as never)
      .where('supervised' as never, '=', true as never)
      .where('status' as never, '=', '已办结' as never)
      .limit(1)
      .executeTakeFirst()) as { order_id: string } | undefined;
    if (supervised) await approvePublication(db, ctx.actor, officer, { orderId: supervised.order_id });
    await generateReport(db, ctx.actor, { kind: 'weekly' });
    ctx.log('12345 热线：处置清单、专项、分类模型、筛查、周报已就绪');
  },
};
