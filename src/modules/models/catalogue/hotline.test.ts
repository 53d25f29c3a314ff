/** M13–M15 on the real import pipeline and database (PGlite or PostgreSQL, per GUANTONG_TEST_DB). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { hitFor, hitsOf, load } from '../testing.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

type Order = Record<string, string>;
const order = (id: string, o: Partial<Order>): Order => ({
  order_id: id,
  received_at: '2025-03-01 10:00',
  caller_name: '市民',
  caller_phone: '13500000000',
  address: '',
  district: '东城区',
  street: '幸福街道',
  content: '咨询社保卡办理流程',
  handler_unit: '东城区幸福街道办事处',
  due_at: '',
  closed_at: '',
  status: '办理中',
  satisfaction: '未回访',
  supervised: '否',
  ...o,
});

describe('M13 hotline_conduct', () => {
  it('flags reports of misconduct by public staff, not ordinary requests, businesses or negated mentions', async () => {
    await load(p, 'hotline', [
      order('M13-attitude', { content: '到区政务大厅办理营业执照，窗口工作人员态度恶劣，故意刁难，让我跑了五趟' }),
      order('M13-favouritism', { content: '我们村的村干部优亲厚友，不符合条件的亲戚都吃上了低保' }),
      order('M13-fines', { content: '城管执法人员在夜市乱罚款，罚款不开票' }),
      order('M13-shirking', { content: '小区违建问题街道和社区互相推诿，反映半年没人管' }),
      order('M13-bribe', { content: '派出所办户口的民警索要好处，不给钱就不办' }),
      order('M13-fake', { content: '我反映的问题根本没有解决，承办单位却弄虚作假说已经办结，还让我给好评' }),
      order('M13-ordinary', { content: '小区门口路灯坏了，请尽快维修' }),
      order('M13-shop', { content: '商场地下停车场乱收费，一小时收二十元' }),
      order('M13-praise', { content: '办事窗口服务很好，工作人员没有推诿，一次就办好了' }),
    ]);
    const hits = (await hitsOf(p, 'M13')).filter((h) => String(h.subject.order_id).startsWith('M13-'));
    expect(hits.map((h) => h.subject.order_id).sort()).toEqual(
      ['M13-attitude', 'M13-bribe', 'M13-fake', 'M13-favouritism', 'M13-fines', 'M13-shirking'].sort(),
    );
    const kinds = (id: string) => hitFor(hits, { order_id: id })!.reasons.join('|');
    expect(kinds('M13-attitude')).toContain('态度恶劣/刁难');
    expect(kinds('M13-favouritism')).toContain('优亲厚友/违规分配');
    expect(kinds('M13-fines')).toContain('乱收费/乱罚款');
    expect(kinds('M13-shirking')).toContain('推诿扯皮');
    expect(kinds('M13-bribe')).toContain('吃拿卡要/索要好处');
    expect(kinds('M13-fake')).toContain('弄虚作假');
    expect(Object.keys(hits[0].subject)).toEqual(['order_id']);
  });
});

describe('M14 hotline_repeat', () => {
  const garbage1 = '小区门口垃圾堆积无人清理，臭气熏天';
  const garbage2 = '小区门口垃圾又堆起来了，一直没人来清理';
  const place = '幸福路12号幸福小区';
  const closed = (id: string, phone: string, at: string, closedAt: string, content = garbage1, address = place) =>
    order(id, { caller_phone: phone, received_at: at, closed_at: closedAt, status: '已办结', content, address });
  const open = (id: string, phone: string, at: string, content = garbage2, address = place) => order(id, { caller_phone: phone, received_at: at, content, address });

  it('groups one caller’s reports of one matter within 30 days after an earlier one was closed', async () => {
    await load(p, 'hotline', [
      // a repeat 19 days after a closed order, in other words → hit
      closed('M14-1a', '13600000001', '2025-03-01 10:00', '2025-03-03 10:00'),
      open('M14-1b', '13600000001', '2025-03-20 09:00'),
      // exactly 30 days later → hit
      closed('M14-2a', '13600000002', '2025-03-01 10:00', '2025-03-02 10:00'),
      open('M14-2b', '13600000002', '2025-03-31 10:00'),
      // 30 days and one minute later → no hit
      closed('M14-3a', '13600000003', '2025-03-01 10:00', '2025-03-02 10:00'),
      open('M14-3b', '13600000003', '2025-03-31 10:01'),
      // the earlier order was never closed → no hit
      open('M14-4a', '13600000004', '2025-03-01 10:00', garbage1),
      open('M14-4b', '13600000004', '2025-03-10 10:00'),
      // same place, another problem → no hit
      closed('M14-5a', '13600000005', '2025-03-01 10:00', '2025-03-02 10:00', '我家楼上装修噪音很大，周末早上七点就开始施工', '建设路5号'),
      open('M14-5b', '13600000005', '2025-03-10 10:00', '我家楼上漏水，天花板都泡坏了', '建设路5号'),
      // same problem, another place → no hit
      closed('M14-6a', '13600000006', '2025-03-01 10:00', '2025-03-02 10:00'),
      open('M14-6b', '13600000006', '2025-03-10 10:00', '阳光花园门口垃圾堆积无人清理，臭气熏天', '建设路88号阳光花园'),
      // a chain: 1→2 within 30 days (1 closed), 2→3 within 30 days; 1→3 is 49 days → one matter of three orders
      closed('M14-7a', '13600000007', '2025-04-01 10:00', '2025-04-02 10:00', '幸福小区3栋楼道灯坏了一个月没人修', '幸福路12号幸福小区3栋'),
      closed('M14-7b', '13600000007', '2025-04-25 10:00', '2025-04-26 10:00', '幸福小区3栋楼道的灯还是坏的，之前反映过说修好了其实没修', '幸福路12号幸福小区3栋'),
      open('M14-7c', '13600000007', '2025-05-20 10:00', '幸福小区3栋楼道灯又坏了，还是没人修', '幸福路12号幸福小区3栋'),
      // another caller with the same words → not the same caller → no hit
      open('M14-8a', '13600000008', '2025-03-20 09:00'),
      // closed only after the repeat came in → not "after closing" → no hit
      closed('M14-9a', '13600000009', '2025-03-01 10:00', '2025-03-25 10:00'),
      open('M14-9b', '13600000009', '2025-03-20 10:00'),
    ]);
    const hits = (await hitsOf(p, 'M14')).filter((h) => (h.subject.order_ids as string[]).some((id) => id.startsWith('M14-')));
    expect(hits.map((h) => h.subject.order_ids).sort()).toEqual([
      ['M14-1a', 'M14-1b'],
      ['M14-2a', 'M14-2b'],
      ['M14-7a', 'M14-7b', 'M14-7c'],
    ]);
    const chain = hitFor(hits, { order_ids: ['M14-7a', 'M14-7b', 'M14-7c'] })!;
    expect(Object.keys(chain.subject)).toEqual(['order_ids']);
    expect(chain.evidence.map((e) => e.order_id)).toEqual(['M14-7a', 'M14-7b', 'M14-7c']);
    expect(chain.reasons.join('')).toContain('M14-7a');
  });

  it('recognises a matter in a later run even when it has grown by a new order (stable identity)', async () => {
    const before = (await p.db.selectFrom('model_hits').select(['id', 'subject', 'runs']).where('model_id', '=', 'M14').execute()).find((h) =>
      JSON.stringify(h.subject).includes('M14-1a'),
    )!;
    await load(p, 'hotline', [open('M14-1c', '13600000001', '2025-03-28 09:00', '小区门口的垃圾还是没人清理，都一个月了')]);
    const hits = await hitsOf(p, 'M14');
    const grown = hits.find((h) => (h.subject.order_ids as string[]).includes('M14-1a'))!;
    expect(grown.subject.order_ids).toEqual(['M14-1a', 'M14-1b', 'M14-1c']);
    const after = await p.db.selectFrom('model_hits').select(['id', 'subject', 'runs']).where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(after.runs).toBe(before.runs + 1);
    expect(after.subject).toEqual({ order_ids: ['M14-1a', 'M14-1b', 'M14-1c'] });
  });
});

describe('M15 hotline_overdue', () => {
  const sup = (id: string, o: Partial<Order>) => order(id, { supervised: '是', received_at: '2025-03-01 09:00', ...o });
  it('flags supervised orders closed after their deadline, or still open on as_of with the deadline before it', async () => {
    await load(p, 'hotline', [
      sup('M15-late', { due_at: '2025-03-05 18:00', closed_at: '2025-03-05 18:01', status: '已办结' }),
      sup('M15-at-deadline', { due_at: '2025-03-05 18:00', closed_at: '2025-03-05 18:00', status: '已办结' }),
      sup('M15-open-overdue', { due_at: '2025-03-09 23:59', status: '办理中' }),
      sup('M15-open-due-today', { due_at: '2025-03-10 09:00', status: '办理中' }),
      sup('M15-open-no-deadline', { status: '办理中' }),
      sup('M15-closed-no-time', { due_at: '2025-03-05 18:00', status: '已办结' }),
      order('M15-not-supervised', { due_at: '2025-03-05 18:00', closed_at: '2025-03-08 10:00', status: '已办结' }),
    ]);
    const run = async (asOf: string) =>
      (await hitsOf(p, 'M15', asOf))
        .filter((h) => String(h.subject.order_id).startsWith('M15-'))
        .map((h) => h.subject.order_id)
        .sort();
    expect(await run('2025-03-10')).toEqual(['M15-late', 'M15-open-overdue']);
    // One day earlier the open order's deadline (9 March 23:59) is not yet before as_of.
    expect(await run('2025-03-09')).toEqual(['M15-late']);
    // Later, the order due on 10 March is overdue too.
    expect(await run('2025-03-11')).toEqual(['M15-late', 'M15-open-due-today', 'M15-open-overdue']);
    const h = hitFor(await hitsOf(p, 'M15', '2025-03-10'), { order_id: 'M15-open-overdue' })!;
    expect(h.reasons[0]).toContain('2025-03-10');
    expect(h.evidence[0]).toMatchObject({ dataset: 'hotline', order_id: 'M15-open-overdue', supervised: true });
  });
});
