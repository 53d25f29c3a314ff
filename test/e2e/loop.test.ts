/**
 * The whole closed loop in the browser, as its users work it, and the leadership dashboard (驾驶舱)
 * moving with it:
 *
 *   leader reads the 驾驶舱 → officer1 reviews a model hit (属实) and turns it into a clue → moves
 *   it (移交) to the dispatched group → group1 signs for it (签收) → proposes 初步核实, the leader
 *   approves → group1 records the three steps with documents and reports 批评教育, the leader
 *   approves (办结) → group1 feeds the result back to the sender → group1 registers a rectification
 *   item for the agriculture bureau → the bureau (agri) reports progress with evidence and applies
 *   for 销号 → group1 verifies and closes it → the leader's 驾驶舱 again.
 *
 * The numbers are read from the page (KPI tiles, the source chart's text alternative, the progress
 * bars). The expected change of each is counted in the database before and after the loop (and
 * must be what the loop did: +1 here, −1 there); the page must move by exactly that, and the rates
 * must be those of the moved counts. Every step is done through the pages, none through the API.
 */
import { type SqlBool, sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, pickOrg, signedInPage, unexpectedErrors, watchProblems } from './support/browser.ts';
import { apiAs } from './support/seed.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

const pageAs = (username: string) => signedInPage(browser, server.url, username);

/** Close any open select list by clicking the dialog's title (a neutral spot), and wait until none shows. */
async function closeLists(page: Page, dialog: Locator) {
  await dialog.locator('.ant-modal-title').click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
}

/**
 * Pick an option of the antd Select labelled `label` in a dialog, and check the choice took (a list
 * still loading or animating can swallow the click; then try again).
 */
async function choose(page: Page, dialog: Locator, label: string, option: string) {
  const field = dialog.getByLabel(label, { exact: true });
  const id = await field.getAttribute('id');
  const select = dialog.locator('.ant-select', { has: page.locator(`[id="${id}"]`) }).first();
  for (let attempt = 0; attempt < 4; attempt++) {
    await field.click();
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
    await item.waitFor();
    await item.click();
    await closeLists(page, dialog);
    if (((await select.textContent()) ?? '').includes(option)) return;
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

/** A small PDF-named document for upload inputs. */
const doc = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`${name}：${text}`, 'utf8') });

// --- what the 驾驶舱 shows ------------------------------------------------------------------------

interface Reading {
  clues: { total: number; model: number; closed: number; criticism: number };
  transfers: { total: number; items: number; acknowledged: number; ackOnTime: number; fedBack: number; fedBackOnTime: number };
  rect: { found: number; rectified: number; inProgress: number; overdue: number; clearedUnits: number; units: number };
  hits: { pending: number; reviewed: number; confirmed: number };
  /** Percent as the progress bars hold it (one decimal), and the precision as printed. */
  rates: { clearance: number; ackOnTime: number; precision: string };
}

/** 0…1 rounded as the server rounds a rate (4 decimals), then as the page shows it (percent, 1 decimal). */
const percent = (a: number, b: number): number | null => (b > 0 ? Math.round((Math.round((a / b) * 10_000) / 10_000) * 1000) / 10 : null);

async function readDashboard(page: Page): Promise<{ period: { from: string; to: string }; reading: Reading }> {
  await page.goto(`${server.url}/dashboard`);
  await page.getByRole('heading', { name: '驾驶舱' }).waitFor();
  const desc = page.getByText(/^统计期间 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
  await desc.waitFor({ timeout: 60_000 });
  const [, from, to] = /统计期间 (\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/.exec((await desc.textContent()) ?? '') ?? [];
  const kpi = async (key: string) => {
    const text = ((await page.getByTestId(`kpi-${key}`).locator('.gt-kpi-value').textContent()) ?? '').trim();
    const m = /^([\d,]+)/.exec(text);
    if (!m) throw new Error(`KPI ${key} shows no number: “${text}”`);
    return Number(m[1].replace(/,/g, ''));
  };
  const sources = (await page.getByRole('img', { name: /^问题线索来源分布：/ }).getAttribute('aria-label')) ?? '';
  const model = /监督模型 (\d+)件/.exec(sources);
  if (!model) throw new Error(`no 监督模型 in the source chart: ${sources}`);
  const bar = async (name: string) => Number(await page.getByRole('progressbar', { name }).getAttribute('aria-valuenow'));
  const units = /已清零单位 (\d+) \/ (\d+)/.exec((await page.getByText(/已清零单位 \d+ \/ \d+/).textContent()) ?? '');
  if (!units) throw new Error('no 已清零单位 on the dashboard');
  return {
    period: { from, to },
    reading: {
      clues: { total: await kpi('clues.total'), model: Number(model[1]), closed: await kpi('clues.closed'), criticism: await kpi('clues.outcome.criticism') },
      transfers: {
        total: await kpi('transfers.total'),
        items: await kpi('transfers.items'),
        acknowledged: await kpi('transfers.acknowledged'),
        ackOnTime: await kpi('transfers.ack_on_time'),
        fedBack: await kpi('transfers.fed_back'),
        fedBackOnTime: await kpi('transfers.fed_back_on_time'),
      },
      rect: {
        found: await kpi('rect.total'),
        rectified: await kpi('rect.rectified'),
        inProgress: await kpi('rect.in_progress'),
        overdue: await kpi('rect.overdue'),
        clearedUnits: Number(units[1]),
        units: Number(units[2]),
      },
      hits: { pending: await kpi('models.pending'), reviewed: await kpi('models.reviewed'), confirmed: await kpi('models.confirmed') },
      rates: {
        clearance: await bar('整改完成率'),
        ackOnTime: await bar('按时签收率'),
        precision: ((await page.getByTestId('kpi-models.precision').locator('.gt-kpi-value').textContent()) ?? '').trim(),
      },
    },
  };
}

/** The same numbers from GET /api/dashboard (to check the page reads what the server says). */
// biome-ignore lint/suspicious/noExplicitAny: the dashboard reply is read loosely here
function fromApi(d: any): Reading {
  const src = d.clues.by_source.find((m: { key: string }) => m.key === 'clues.source.model_hit');
  const out = d.clues.by_outcome.find((m: { key: string }) => m.key === 'clues.outcome.criticism');
  const t = d.transfers;
  const r = d.rectification;
  const m = d.models;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
  return {
    clues: { total: d.clues.total.value, model: src.value, closed: d.clues.closed.value, criticism: out.value },
    transfers: {
      total: t.transfers.value,
      items: t.items.value,
      acknowledged: t.acknowledged.value,
      ackOnTime: t.acknowledged_on_time.value,
      fedBack: t.fed_back.value,
      fedBackOnTime: t.fed_back_on_time.value,
    },
    rect: { found: r.found.value, rectified: r.rectified.value, inProgress: r.in_progress.value, overdue: r.overdue.value, clearedUnits: r.cleared_units, units: r.units },
    hits: { pending: m.pending.value, reviewed: m.reviewed.value, confirmed: m.confirmed.value },
    rates: { clearance: Math.round((r.clearance_rate ?? 0) * 1000) / 10, ackOnTime: Math.round((t.on_time_rate ?? 0) * 1000) / 10, precision: pct(m.precision) },
  };
}

// --- what happened, counted in the database ----------------------------------------------------------

type Counts = Omit<Reading, 'rates'>;

async function countInDb(period: { from: string; to: string }): Promise<Counts> {
  const db = server.platform.db;
  const n = (v: unknown) => Number(v ?? 0);
  const inPeriod = (col: string) => sql<SqlBool>`${sql.ref(col)} BETWEEN ${period.from}::date AND ${period.to}::date`;
  const { rows: [c] } = await sql<Record<string, unknown>>`
    SELECT count(*) AS total,
      count(*) FILTER (WHERE source_type = 'model_hit') AS model,
      count(*) FILTER (WHERE status = 'closed') AS closed,
      count(*) FILTER (WHERE outcome = 'criticism' AND status <> 'result_pending') AS criticism
    FROM clues WHERE status <> 'merged' AND ${inPeriod('received_on')}`.execute(db);
  const { rows: [t] } = await sql<Record<string, unknown>>`
    SELECT count(*) AS total, sum(item_count) AS items,
      count(*) FILTER (WHERE ack_on IS NOT NULL) AS acknowledged,
      count(*) FILTER (WHERE ack_on <= ack_due) AS ack_on_time,
      count(*) FILTER (WHERE status = 'fed_back') AS fed_back,
      count(*) FILTER (WHERE feedback_on <= handle_due) AS fed_back_on_time
    FROM transfers WHERE ${inPeriod('sent_on')}`.execute(db);
  const { rows: units } = await sql<Record<string, unknown>>`
    SELECT responsible_org_id, count(*) AS total,
      count(*) FILTER (WHERE status = 'rectified') AS rectified,
      count(*) FILTER (WHERE status <> 'rectified' AND overdue_since IS NULL) AS in_progress,
      count(*) FILTER (WHERE status <> 'rectified' AND overdue_since IS NOT NULL) AS overdue
    FROM rect_items WHERE status <> 'cancelled' GROUP BY responsible_org_id`.execute(db);
  const sum = (k: string) => units.reduce((a, u) => a + n(u[k]), 0);
  const { rows: [h] } = await sql<Record<string, unknown>>`
    SELECT count(*) FILTER (WHERE review_result IS NULL) AS pending,
      count(*) FILTER (WHERE review_result IS NOT NULL) AS reviewed,
      count(*) FILTER (WHERE review_result IN ('属实', '部分属实')) AS confirmed
    FROM model_hits`.execute(db);
  return {
    clues: { total: n(c.total), model: n(c.model), closed: n(c.closed), criticism: n(c.criticism) },
    transfers: { total: n(t.total), items: n(t.items), acknowledged: n(t.acknowledged), ackOnTime: n(t.ack_on_time), fedBack: n(t.fed_back), fedBackOnTime: n(t.fed_back_on_time) },
    rect: {
      found: sum('total'),
      rectified: sum('rectified'),
      inProgress: sum('in_progress'),
      overdue: sum('overdue'),
      clearedUnits: units.filter((u) => n(u.total) > 0 && n(u.rectified) === n(u.total)).length,
      units: units.length,
    },
    hits: { pending: n(h.pending), reviewed: n(h.reviewed), confirmed: n(h.confirmed) },
  };
}

type Groups = Record<string, Record<string, number>>;

/** Field by field (two levels): f(x, y). */
function combine(x: Counts, y: Counts, f: (a: number, b: number) => number): Counts {
  const a = x as unknown as Groups;
  const b = y as unknown as Groups;
  return Object.fromEntries(Object.keys(a).map((g) => [g, Object.fromEntries(Object.keys(a[g]).map((k) => [k, f(a[g][k], b[g][k])]))])) as unknown as Counts;
}

function countsOf(r: Reading): Counts {
  const { rates: _rates, ...counts } = r;
  return counts;
}

describe.skipIf(!chromiumAvailable())('the closed loop in the browser, and the 驾驶舱 moving with it', () => {
  beforeAll(async () => {
    server = await startGuantong();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('model hit → clue → 移交 → 签收 → 初步核实 → 办结 → 反馈 → 整改 → 销号; every number moves by what was done', { timeout: 240_000 }, async () => {
    const stamp = Date.now().toString(36).slice(-5);

    // ---- 0. the leader's 驾驶舱 before: read from the page, checked against the server, counted in the database
    const leader = await pageAs('leader');
    const leaderProblems = watchProblems(leader.page);
    const start = await readDashboard(leader.page);
    const leaderApi = await apiAs(server.url, 'leader');
    expect(start.reading).toEqual(fromApi(await leaderApi.get(`/api/dashboard?from=${start.period.from}&to=${start.period.to}`)));
    const dbBefore = await countInDb(start.period);

    // ---- 1. officer1 reviews a hit of M01 (死亡人员冒领补贴) as 属实 and turns it into a clue
    const officer = await pageAs('officer1');
    const o = officer.page;
    const officerProblems = watchProblems(o);
    await o.goto(`${server.url}/model/hits?model_id=M01&review=pending`);
    const firstHit = o.locator('.ant-table-row .gt-link-button').first();
    await firstHit.waitFor();
    await firstHit.click();
    const drawer = o.locator('.ant-drawer-open');
    await drawer.getByText(/证据（\d+ 行）/).waitFor();
    await drawer.getByLabel('属实', { exact: true }).check();
    await drawer.getByLabel('核查说明').fill('经调取发放台账核实，补贴在死亡登记后仍继续发放，情况属实。');
    await drawer.getByRole('button', { name: '保存核查结论' }).click();
    await o.getByText('核查结论已保存').waitFor();
    await drawer.getByRole('button', { name: '转为问题线索' }).click();
    const toClue = o.getByRole('dialog', { name: '转为问题线索' });
    await toClue.getByRole('button', { name: '登记线索' }).click();
    const made = o.getByText(/已登记线索 XS-\d{4}-\d+/);
    await made.waitFor();
    const clueCode = /XS-\d{4}-\d+/.exec((await made.textContent()) ?? '')?.[0] ?? '';
    await drawer.getByRole('button', { name: '查看已生成的线索' }).click();
    await o.waitForURL(/\/clues\/\d+$/);
    const clueId = Number(/\/clues\/(\d+)$/.exec(o.url())?.[1]);
    await o.getByText(clueCode).first().waitFor();
    await o.locator('.ant-descriptions').getByText('监督模型', { exact: true }).waitFor();

    // ... and moves it to the dispatched group at the agriculture bureau
    await o.getByRole('button', { name: /移\s*交$/ }).click();
    const transferDialog = o.getByRole('dialog', { name: '移交线索' });
    await pickOrg(o, transferDialog, '接收单位', '派驻市农业农村局纪检监察组', '派驻市农业');
    await closeLists(o, transferDialog);
    await transferDialog.getByLabel('附言').fill('监督模型M01命中，已核查属实，请依规处置并反馈结果。');
    await transferDialog.getByRole('button', { name: /移\s*交$/ }).click();
    const sentNote = o.locator('.ant-modal-confirm-title', { hasText: /已移交（单号 YJ-\d{4}-\d+）/ });
    await sentNote.waitFor();
    const transferCode = /YJ-\d{4}-\d+/.exec((await sentNote.textContent()) ?? '')?.[0] ?? '';
    expect(transferCode).not.toBe('');
    await o.locator('.ant-modal-confirm').getByRole('button', { name: /知道了|确\s*定|OK/ }).click();
    expect(unexpectedErrors(officerProblems.console)).toEqual([]);
    await officer.ctx.close();

    // ---- 2. group1 finds it among the transfers received, signs for it, and proposes 初步核实
    const group = await pageAs('group1');
    const g = group.page;
    const groupProblems = watchProblems(g);
    await g.getByTestId('side-menu').getByText('移交协作').click();
    await g.getByTestId('side-menu').getByText('收到的移交').click();
    const inboxRow = g.locator('.ant-table-row', { hasText: transferCode });
    await inboxRow.waitFor();
    await expect(inboxRow.textContent()).resolves.toContain('待签收');
    await inboxRow.getByRole('link').first().click();
    await g.waitForURL(/\/transfers\/\d+$/);
    const transferUrl = g.url();
    await g.getByRole('button', { name: /签\s*收$/ }).click();
    await g.getByRole('dialog').getByRole('button', { name: /签\s*收$/ }).click();
    await g.locator('.ant-tag', { hasText: '已签收待反馈' }).waitFor();
    await g.getByRole('link', { name: /死亡后仍被发放补贴/ }).click();
    await g.waitForURL(new RegExp(`/clues/${clueId}$`));
    await g.getByRole('button', { name: '提出处置意见' }).click();
    const propose = g.getByRole('dialog', { name: '提出处置意见' });
    await propose.getByLabel('初步核实').check();
    await propose.getByLabel('理由').fill('反映问题具体、可查，拟初步核实。');
    await choose(g, propose, '审批人', '周振华');
    await propose.getByRole('button', { name: '提交审批' }).click();
    await g.getByText('处置意见已提交审批').waitFor();
    await g.locator('.ant-tag', { hasText: '处置方式待审批' }).waitFor();

    // ---- 3. the leader approves it from the to-do list
    const approveFromTodo = async (state: string) => {
      const l = leader.page;
      await l.goto(`${server.url}/todo`);
      await l.getByRole('link', { name: new RegExp(`^${clueCode} .*（${state}）$`) }).click();
      await l.waitForURL(new RegExp(`/clues/${clueId}$`));
      await l.getByRole('button', { name: '审批同意' }).click();
      const dialog = l.getByRole('dialog');
      await dialog.getByLabel('审批意见').fill('同意。');
      await dialog.getByRole('button', { name: /同\s*意$/ }).click();
      await l.getByText('已审批同意').waitFor();
    };
    await approveFromTodo('处置方式待审批');
    await leader.page.locator('.ant-tag', { hasText: '处置中' }).waitFor();

    // ---- 4. group1 records the three steps of 初步核实 (each with a document) and reports 批评教育
    await g.reload();
    await g.locator('.ant-tag', { hasText: '处置中' }).waitFor();
    const steps = [
      ['初核工作方案', '初步核实工作方案.pdf'],
      ['核实取证', '谈话笔录及发放凭证.pdf'],
      ['初步核实情况报告', '初步核实情况报告.pdf'],
    ] as const;
    for (const [label, file] of steps) {
      await g.locator('.ant-list-item', { hasText: label }).getByRole('button', { name: /记\s*录$/ }).click();
      const dialog = g.getByRole('dialog', { name: '记录处置步骤' });
      await dialog.getByTestId('upload-input').setInputFiles(doc(file, '关于补贴发放问题的材料'));
      await dialog.getByText(file, { exact: true }).waitFor();
      await dialog.getByLabel('说明').fill(`${label}已完成。`);
      await dialog.getByRole('button', { name: /确\s*定$/ }).click();
      await dialog.waitFor({ state: 'detached' });
      await g.locator('.ant-list-item', { hasText: label }).locator('.ant-tag', { hasText: '已完成' }).waitFor();
    }
    await g.getByRole('button', { name: '报告处置结果' }).click();
    const report = g.getByRole('dialog', { name: '报告处置结果' });
    await choose(g, report, '处置结果', '批评教育');
    await report.getByText(/归入第一种形态/).waitFor();
    await report.getByLabel('结果说明').fill('经初步核实，经办人未比对死亡登记信息，情节较轻，建议予以批评教育。');
    await choose(g, report, '审批人', '周振华');
    await report.getByRole('button', { name: '提交审批' }).click();
    await g.getByText('处置结果已提交审批').waitFor();

    // ---- 5. the leader approves the result: the clue is 办结
    await approveFromTodo('处置结果待审批');
    await leader.page.locator('.ant-tag', { hasText: '已办结' }).waitFor();

    // ---- 6. group1 feeds the result back to the sender, and registers the rectification item
    await g.goto(transferUrl);
    await g.getByRole('button', { name: '反馈结果' }).click();
    const fb = g.getByRole('dialog');
    await choose(g, fb, '办理结果（总体）', '批评教育');
    await fb.getByLabel('办理情况').fill(`经初步核实（${clueCode}），对经办人予以批评教育，并督促农业农村局整改。`);
    await fb.getByRole('button', { name: /反\s*馈$/ }).click();
    await g.getByText('已反馈办理结果').waitFor();
    await g.locator('.ant-tag', { hasText: '已反馈' }).first().waitFor();

    const rectTitle = `补贴发放未与死亡登记比对（${stamp}）`;
    await g.goto(`${server.url}/rectify/ledger`);
    await g.getByRole('button', { name: '登记整改事项' }).click();
    const newItem = g.getByRole('dialog', { name: '登记整改事项' });
    await newItem.getByLabel('问题', { exact: true }).fill(rectTitle);
    await newItem.getByLabel('问题描述').fill(`线索${clueCode}查实：死亡人员名下补贴在死亡后仍继续发放。`);
    await choose(g, newItem, '来源', '问题线索');
    await newItem.getByLabel('关联问题线索').click();
    await g.keyboard.type(clueCode);
    await g.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: clueCode }).first().click();
    await closeLists(g, newItem);
    await pickOrg(g, newItem, '责任单位', '示范市农业农村局', '示范市农业');
    await closeLists(g, newItem);
    await newItem.getByLabel('主体责任领导').fill('冯建华');
    await newItem.getByLabel('整改措施').fill('追回违规发放资金；建立补贴发放与死亡登记按月比对机制。');
    await newItem.getByRole('button', { name: /登\s*记$/ }).click();
    await g.getByText('已登记整改事项').waitFor();
    await g.waitForURL(/\/rectify\/items\/\d+$/);
    const itemUrl = g.url();
    await g.locator('.ant-card-head-title', { hasText: rectTitle }).waitFor();
    await g.locator('.gt-page-head .ant-tag', { hasText: '待整改' }).waitFor();
    // linked to the clue itself, not only by its number
    await g.getByRole('link', { name: '查看线索' }).waitFor();
    expect(await g.getByRole('link', { name: '查看线索' }).getAttribute('href')).toBe(`/clues/${clueId}`);

    // ---- 7. the agriculture bureau reports progress with evidence and applies for 销号
    const agri = await pageAs('agri');
    const a = agri.page;
    const agriProblems = watchProblems(a);
    await a.goto(`${server.url}/rectify/ledger`);
    const filters = a.getByRole('search', { name: '筛选整改事项' });
    await filters.getByLabel('关键字').fill(stamp);
    await filters.getByRole('button', { name: /查\s*询/ }).click();
    const ledgerRow = a.locator('.ant-table-row', { hasText: rectTitle });
    await ledgerRow.waitFor();
    await ledgerRow.getByRole('link').first().click();
    await a.waitForURL(itemUrl);
    await a.getByTestId('upload-input').setInputFiles(doc('追缴凭证.pdf', '已追回违规发放补贴的缴款凭证'));
    await a.getByText('已上传“追缴凭证.pdf”').waitFor();
    await a.getByRole('button', { name: '填报进展' }).click();
    const progress = a.getByRole('dialog', { name: '填报整改进展' });
    await progress.getByLabel('进展情况').fill('已追回违规发放资金，比对机制已建立。');
    await progress.getByLabel('完成进度（%）').fill('100');
    await choose(a, progress, '佐证材料', '追缴凭证.pdf');
    await progress.getByRole('button', { name: /确\s*定$/ }).click();
    await a.getByText('已填报整改进展').waitFor();
    await a.getByRole('button', { name: '申请销号' }).click();
    const submit = a.getByRole('dialog', { name: '申请销号' });
    await submit.getByLabel('整改完成情况').fill('资金已追回，按月比对机制已建立并运行，申请销号。');
    await submit.getByRole('button', { name: '提交核验' }).click();
    await a.getByText('已申请销号，等待监督主体核验').waitFor();
    expect(unexpectedErrors(agriProblems.console)).toEqual([]);
    await agri.ctx.close();

    // ---- 8. group1 verifies and closes it (销号)
    await g.goto(itemUrl);
    await g.getByRole('button', { name: /核\s*验$/ }).click();
    const verify = g.getByRole('dialog', { name: '核验整改' });
    await verify.getByLabel('核验意见').fill('资金已追回、机制已建立，整改到位，同意销号。');
    await verify.getByRole('button', { name: '提交核验意见' }).click();
    await g.getByText('已提交核验意见').waitFor();
    await g.locator('.ant-tag', { hasText: '已销号' }).first().waitFor();
    expect(unexpectedErrors(groupProblems.console)).toEqual([]);
    await group.ctx.close();

    // ---- 9. the 驾驶舱 again: each number has moved by what the loop did, no more, no less
    const end = await readDashboard(leader.page);
    expect(end.period).toEqual(start.period);
    const dbAfter = await countInDb(start.period);
    const did = combine(dbAfter, dbBefore, (x, y) => x - y);
    // What the loop itself did, counted in the database (so the comparison below is not vacuous).
    expect(did).toMatchObject({
      clues: { total: 1, model: 1, closed: 1, criticism: 1 },
      transfers: { total: 1, items: 1, acknowledged: 1, ackOnTime: 1, fedBack: 1, fedBackOnTime: 1 },
      rect: { found: 1, rectified: 1, inProgress: 0, overdue: 0 },
      hits: { pending: -1, reviewed: 1, confirmed: 1 },
    });
    const expected = combine(countsOf(start.reading), did, (x, d) => x + d);
    expect(countsOf(end.reading)).toEqual(expected);
    // Rates are those of the moved counts.
    const precision = percent(expected.hits.confirmed, expected.hits.reviewed);
    expect(end.reading.rates).toEqual({
      clearance: percent(expected.rect.rectified, expected.rect.found) ?? 0,
      ackOnTime: percent(expected.transfers.ackOnTime, expected.transfers.total) ?? 0,
      precision: precision === null ? '—' : `${precision}%`,
    });
    if (start.reading.rect.rectified < start.reading.rect.found) expect(end.reading.rates.clearance).toBeGreaterThan(start.reading.rates.clearance);
    // ... and the page still says what the server says.
    expect(end.reading).toEqual(fromApi(await leaderApi.get(`/api/dashboard?from=${start.period.from}&to=${start.period.to}`)));
    expect(leaderProblems.csp).toEqual([]);
    expect(unexpectedErrors(leaderProblems.console)).toEqual([]);
    await leader.ctx.close();
  });
});
