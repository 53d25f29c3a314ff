/**
 * Browser journeys through inspections and collaboration: inspection staff deploy a round with a
 * team (组长 and 第二副组长) and a target with its dispatched group, then adjust the team and add a
 * second target; an officer compiles and publishes a 监督重点清单, registers an expert whose declared
 * relative is under review (the assignment is refused, the reason shown), and deploys a campaign
 * with one key task, reports on it and registers a problem that goes on the rectification ledger.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, pickOrg, signIn, watchProblems } from './support/browser.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

async function pageAs(username: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signIn(page, server.url, username);
  return { ctx, page };
}

const unexpected = (errors: string[]) => errors.filter((e) => !/status of 40[0-9]/.test(e));

/** Pick an option of the antd Select labelled `label` inside `scope`. */
async function choose(page: Page, scope: Locator, label: string, option: string | RegExp) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * Type a date range into the antd RangePicker of `scope` (a modal): Enter takes the start date,
 * clicking the modal's title takes the end date (Enter there would submit the form).
 */
async function range(page: Page, scope: Locator, from: string, to: string) {
  const start = scope.getByPlaceholder('开始日期');
  const end = scope.getByPlaceholder('结束日期');
  await start.click();
  await start.fill(from);
  await page.keyboard.press('Enter');
  await end.fill(to);
  await scope.locator('.ant-modal-title').click();
  await expect(start.inputValue()).resolves.toBe(from);
  await expect(end.inputValue()).resolves.toBe(to);
}

describe.skipIf(!chromiumAvailable())('inspections and collaboration in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong({ demoSteps: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('inspector1 deploys a round with a team and a target, adds a deputy and a second target', async () => {
    const { ctx, page } = await pageAs('inspector1');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/inspection/rounds`);
    await page.getByRole('button', { name: '部署巡察轮次' }).click();
    const dialog = page.getByRole('dialog', { name: '部署巡察轮次' });
    await dialog.getByLabel('轮次名称').fill('十五届市委第六轮巡察');
    await dialog.getByLabel('届次').fill('十五届市委');
    await dialog.getByLabel('轮次', { exact: true }).fill('6');
    await range(page, dialog, '2026-09-01', '2026-11-30');

    // The team: 市委第一巡察组, 组长 孙浩然; a 第二副组长 may only come from the commission system.
    await pickOrg(page, dialog, '巡察组1', '市委第一巡察组', '第一巡察');
    await choose(page, dialog, '巡察组1人员1', '孙浩然');
    await dialog.getByRole('button', { name: '添加人员' }).click();
    await choose(page, dialog, '巡察组1人员2职务', '第二副组长');
    await dialog.getByLabel('巡察组1人员2', { exact: true }).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.filter({ hasText: '赵建国' }).first().waitFor();
    expect(await options.filter({ hasText: '市委第一巡察组' }).count()).toBe(0);
    await options.filter({ hasText: '赵建国' }).first().click();

    // The target and its dispatched group.
    await pickOrg(page, dialog, '被巡察单位1', '示范市农业农村局', '农业农村');
    await choose(page, dialog, '被巡察单位1巡察组', '市委第一巡察组');
    await pickOrg(page, dialog, '被巡察单位1派驻纪检监察组', '派驻市农业农村局纪检监察组', '派驻市农业');
    await dialog.getByRole('button', { name: /部\s*署/ }).click();

    await page.waitForURL(/\/inspection\/rounds\/\d+$/);
    await page.getByText('十五届市委第六轮巡察').first().waitFor();
    await page.getByText('组长：孙浩然').waitFor();
    await page.getByText(/第二副组长.*：赵建国/).waitFor();
    await page.locator('.ant-table-row', { hasText: '示范市农业农村局' }).getByText('派驻市农业农村局纪检监察组').waitFor();

    // Adjust the team: add 李明远 as 副组长.
    await page.getByRole('button', { name: '调整人员' }).click();
    const member = page.getByRole('dialog', { name: /调整巡察组人员/ });
    await choose(page, member, '职务', '副组长');
    await choose(page, member, '人员', '李明远');
    await member.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('副组长：李明远').waitFor();

    // Before 进驻 one more team may be sent (it needs a 组长) …
    await page.getByRole('button', { name: '增加巡察组' }).click();
    const team = page.getByRole('dialog', { name: '增加巡察组' });
    await pickOrg(page, team, '巡察组', '市委第二巡察组', '第二巡察');
    await team.getByRole('button', { name: /增\s*加/ }).click();
    await team.getByText('请选择人员').waitFor();
    await choose(page, team, '新巡察组人员1', '王晓燕');
    await team.getByRole('button', { name: /增\s*加/ }).click();
    await page.getByText('组长：王晓燕').waitFor();

    // … and one more target, with its dispatched group.
    await page.getByRole('button', { name: '增加被巡察单位' }).click();
    const target = page.getByRole('dialog', { name: '增加被巡察单位' });
    await pickOrg(page, target, '被巡察单位', '示范市住房和城乡建设局', '住房和城乡');
    await choose(page, target, '派出的巡察组', '市委第一巡察组');
    await pickOrg(page, target, '派驻纪检监察组', '派驻市住建局纪检监察组', '派驻市住建');
    await target.getByRole('button', { name: /增\s*加/ }).click();
    await page.locator('.ant-table-row', { hasText: '示范市住房和城乡建设局' }).getByText('派驻市住建局纪检监察组').waitFor();

    // The list shows the new round.
    await page.goto(`${server.url}/inspection/rounds`);
    const row = page.locator('.ant-table-row', { hasText: '十五届市委第六轮巡察' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('筹备');
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 compiles a 监督重点清单 and publishes it', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.getByTestId('side-menu').getByText('协作机制').click();
    await page.getByTestId('side-menu').getByText('监督重点清单').click();
    await page.getByRole('button', { name: '编制清单' }).click();
    const dialog = page.getByRole('dialog', { name: '编制监督重点清单' });
    await dialog.getByLabel('标题').fill('第一监督检查室年度监督重点清单（测试）');
    await dialog.getByLabel('监督重点1', { exact: true }).fill('惠民惠农资金发放中的优亲厚友问题');
    await dialog.getByRole('button', { name: '添加监督重点' }).click();
    await dialog.getByLabel('监督重点2', { exact: true }).fill('高标准农田建设项目验收');
    await dialog.getByLabel('监督重点2领域').fill('农业农村');
    await dialog.getByRole('button', { name: '添加成果运用事项' }).click();
    await dialog.getByLabel('成果运用事项1', { exact: true }).fill('典型案例通报与警示教育');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存监督重点清单').waitFor();

    const row = page.locator('.ant-table-row', { hasText: '第一监督检查室年度监督重点清单（测试）' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('草稿');
    await row.getByRole('button', { name: /发\s*布/ }).click();
    await page.locator('.ant-modal-confirm', { hasText: '发布后清单不能整体替换' }).getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('清单已发布').waitFor();
    await row.getByText('已发布').waitFor();
    await page.getByText(/1个职能部门2项监督重点，1项成果运用事项/).waitFor();

    // Its items, and one marked done.
    await row.getByRole('button', { name: '第一监督检查室年度监督重点清单（测试）' }).click();
    const drawer = page.getByRole('dialog', { name: '第一监督检查室年度监督重点清单（测试）' });
    const item = drawer.locator('.ant-table-row', { hasText: '高标准农田建设项目验收' });
    await item.getByRole('button', { name: '标记完成' }).click();
    await item.getByText('已完成').waitFor();
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 registers an expert; assigning her where her declared relative is under review is refused with the reason', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/collab/experts`);
    await page.getByRole('button', { name: '人才入库' }).click();
    const dialog = page.getByRole('dialog', { name: '人才入库' });
    await dialog.getByLabel('姓名').fill('沈雅琴');
    await dialog.getByLabel('工作单位').fill('示范诚信会计师事务所');
    await dialog.getByLabel('职称/职务').fill('注册会计师');
    await choose(page, dialog, '专业领域', '财会');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '添加关系' }).click();
    await dialog.getByLabel('关系1名称').fill('钱多多');
    await dialog.getByLabel('关系1关系').fill('配偶');
    await dialog.getByRole('button', { name: /入\s*库/ }).click();
    await page.getByText('已登记入库').waitFor();
    const row = page.locator('.ant-table-row', { hasText: '沈雅琴' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('可选派');

    await row.getByRole('button', { name: /选\s*派/ }).click();
    const assign = page.getByRole('dialog', { name: /选派：沈雅琴/ });
    await assign.getByLabel('任务名称').fill('示范市机关事务管理局专项审计');
    await range(page, assign, '2026-10-08', '2026-10-30');
    await assign.getByRole('button', { name: '添加被监督人员' }).click();
    await assign.getByLabel('被监督人员1', { exact: true }).fill('钱多多');
    await assign.getByRole('button', { name: '回避审查' }).click();
    const refusal = assign.locator('.ant-alert-error');
    await refusal.getByText('回避审查不通过，不能选派').waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/被监督人员钱多多是沈雅琴申报的亲属（配偶）/);

    // Assigning anyway is refused by the server, with the same reason.
    await assign.getByRole('button', { name: /选\s*派/ }).click();
    await page.locator('.ant-message').getByText(/不能选派：被监督人员钱多多是沈雅琴申报的亲属/).waitFor();
    await assign.getByRole('button', { name: /取\s*消/ }).click();
    // Nothing was recorded.
    await row.getByRole('button', { name: '沈雅琴' }).click();
    await page.getByRole('dialog', { name: /沈雅琴/ }).getByText('暂无选派记录').waitFor();
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 deploys a campaign with one area and one key task and reports on it', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/collab/campaigns`);
    await page.getByRole('button', { name: '部署专项' }).click();
    const dialog = page.getByRole('dialog', { name: '部署专项监督 / 专项整治' });
    await dialog.getByLabel('专项名称').fill('群众身边不正之风和腐败问题集中整治（测试）');
    await dialog.getByLabel('领域1名称').fill('惠民惠农资金');
    await dialog.getByLabel('领域1任务1', { exact: true }).fill('耕地地力保护补贴发放核查');
    await pickOrg(page, dialog, '领域1任务1责任单位', '示范市农业农村局', '农业农村');
    await dialog.getByRole('button', { name: /部\s*署/ }).click();

    await page.waitForURL(/\/collab\/campaigns\/\d+$/);
    await page.getByText('1个领域1项重点任务，发现问题0个、已整改0个').waitFor();
    const task = page.locator('.ant-table-row', { hasText: '耕地地力保护补贴发放核查' });
    await expect(task.textContent()).resolves.toContain('示范市农业农村局');
    await task.getByRole('button', { name: '填报进展' }).click();
    const report = page.getByRole('dialog', { name: /填报进展/ });
    await report.getByLabel('进展情况').fill('已完成全市12个乡镇的补贴发放核查。');
    await report.getByLabel('任务已完成').check();
    await report.getByRole('button', { name: /提\s*交/ }).click();
    await task.locator('.ant-tag', { hasText: '已完成' }).waitFor();

    // A problem found under the task goes on the rectification ledger; the dashboard counts it.
    await task.getByRole('button', { name: '登记问题' }).click();
    const problem = page.getByRole('dialog', { name: '登记专项发现问题' });
    await problem.getByLabel('问题', { exact: true }).fill('耕地地力保护补贴向非耕地发放');
    await problem.getByLabel('主体责任领导').fill('陈国平');
    await problem.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('1个领域1项重点任务，发现问题1个、已整改0个').waitFor();
    await task.getByRole('link', { name: '问题1' }).click();
    await page.waitForURL(/\/rectify\/items\/\d+$/);
    await page.getByText('耕地地力保护补贴向非耕地发放').first().waitFor();

    await page.goto(`${server.url}/collab/campaigns`);
    const row = page.locator('.ant-table-row', { hasText: '群众身边不正之风和腐败问题集中整治（测试）' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('进行中');
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });
});
