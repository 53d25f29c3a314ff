/**
 * Browser journeys through the casework areas: register a clue (with the duplicate warning),
 * propose and approve its disposal, sign for and answer a transfer, follow the rectification
 * ledger (overdue highlighting, 见底清零, progress report) and register a sanction that the
 * higher level approves.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseOption, chromiumAvailable, launchBrowser, pickOrg, signedInPage, unexpectedErrors, watchProblems } from './support/browser.ts';
import { type Seeded, apiAs, seedCasework } from './support/seed.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let seeded: Seeded;

const pageAs = (username: string) => signedInPage(browser, server.url, username);

describe.skipIf(!chromiumAvailable())('casework in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong();
    seeded = await seedCasework(server);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('officer1 registers clues; the second about the same person is flagged as a likely duplicate', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    const register = async (summary: string) => {
      await page.goto(`${server.url}/clues/new`);
      await page.getByRole('heading', { name: '登记问题线索' }).waitFor();
      await page.getByLabel('问题摘要').fill(summary);
      const person = page.locator('.gt-person-card').first();
      await person.getByLabel('姓名').fill('钱多多');
      await person.getByLabel('工作单位').fill('示范市机关事务管理局');
      await person.getByLabel('身份证号').fill('11010119800101123');
      await page.getByRole('button', { name: /登\s*记/ }).click();
      await person.getByText('身份证号应为 18 位').waitFor();
      await person.getByLabel('身份证号').fill('');
      await page.getByRole('button', { name: /登\s*记/ }).click();
    };
    await register('反映示范市机关事务管理局钱多多违规使用公务用车接送家属，周末多次驾驶公车外出。');
    await page.waitForURL(/\/clues\/\d+$/);
    const firstUrl = page.url();
    await page.getByText('反映示范市机关事务管理局钱多多违规使用公务用车').waitFor();

    await register('再次反映示范市机关事务管理局钱多多违规使用公务用车接送家属，节假日驾驶公车外出。');
    const dialog = page.getByRole('dialog', { name: '发现疑似重复线索' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('钱多多');
    await dialog.getByRole('button', { name: '不合并，查看新线索' }).click();
    await page.waitForURL(/\/clues\/\d+$/);
    expect(page.url()).not.toBe(firstUrl);
    await page.getByText(/发现 \d+ 条疑似重复线索/).waitFor();
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 proposes a disposal; the leader approves it; the timeline records both', async () => {
    const clueId = seeded.clues[2].id;
    const officer = await pageAs('officer1');
    const p = officer.page;
    await p.goto(`${server.url}/clues/${clueId}`);
    await p.getByRole('button', { name: '提出处置意见' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交审批' }).click();
    await dialog.getByText('请选择处置方式').waitFor();
    await dialog.getByLabel('谈话函询').check();
    await dialog.getByLabel('理由').fill('反映问题较为笼统，拟先行谈话函询。');
    await chooseOption(p, dialog, '审批人', '周振华');
    await dialog.getByRole('button', { name: '提交审批' }).click();
    await p.getByText('处置意见已提交审批').waitFor();
    await p.locator('.ant-tag', { hasText: '处置方式待审批' }).waitFor();
    await officer.ctx.close();

    const leader = await pageAs('leader');
    const l = leader.page;
    await l.goto(`${server.url}/clues/${clueId}`);
    await l.getByRole('button', { name: '审批同意' }).click();
    const d2 = l.getByRole('dialog');
    await d2.getByText('反映问题较为笼统').waitFor();
    await d2.getByLabel('审批意见').fill('同意谈话函询。');
    await d2.getByRole('button', { name: /同\s*意/ }).click();
    await l.locator('.ant-tag', { hasText: '处置中' }).waitFor();
    const timeline = l.locator('.ant-timeline');
    await timeline.getByText('提出处置意见').waitFor();
    await timeline.getByText('审批同意').waitFor();
    await expect(timeline.textContent()).resolves.toContain('同意谈话函询');
    await l.getByText('谈话函询情况报告', { exact: true }).waitFor();
    await leader.ctx.close();
  });

  it('officer1 signs for a transfer from the audit bureau and feeds back the result', async () => {
    const { ctx, page } = await pageAs('officer1');
    await page.getByTestId('side-menu').getByText('移交协作').click();
    await page.getByTestId('side-menu').getByText('收到的移交').click();
    const row = page.locator('.ant-table-row', { hasText: '2025年度农业专项资金审计发现问题线索移送' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('待签收');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/transfers/${seeded.transferToOfficer}$`));
    await page.getByRole('button', { name: /签\s*收/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /签\s*收/ }).click();
    await page.getByText('已签收', { exact: true }).waitFor();
    await page.locator('.ant-tag', { hasText: '已签收待反馈' }).waitFor();
    await page.getByRole('button', { name: '反馈结果' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('办理情况').fill('已对两项问题分别立案核查，追回资金 86 万元。');
    await chooseOption(page, dialog, '办理结果（总体）', '立案审查调查');
    await dialog.getByRole('button', { name: /反\s*馈/ }).click();
    await page.getByText('已反馈办理结果').waitFor();
    await page.locator('.ant-tag', { hasText: '已反馈' }).first().waitFor();
    await page.locator('.ant-timeline').getByText('反馈结果').waitFor();
    await ctx.close();

    // The sender follows it in its outbox.
    const auditor = await pageAs('auditor');
    await auditor.page.goto(`${server.url}/transfers/outbox`);
    const out = auditor.page.locator('.ant-table-row', { hasText: '2025年度农业专项资金审计发现问题线索移送' });
    await out.waitFor();
    await expect(out.textContent()).resolves.toContain('已反馈');
    await expect(out.textContent()).resolves.toContain('立案审查调查');
    await auditor.ctx.close();
  });

  it('a transfer can be returned only with a reason', async () => {
    const group = await apiAs(server.url, 'group1');
    const { items } = await group.get<{ items: { id: number; status: string }[] }>('/api/transfers?box=received');
    expect(items.some((t) => t.id === seeded.transferFromOfficer)).toBe(true);
    const { ctx, page } = await pageAs('group1');
    await page.goto(`${server.url}/transfers/${seeded.transferFromOfficer}`);
    await page.getByRole('button', { name: /退\s*回/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await dialog.getByText('请填写退回理由').waitFor();
    await dialog.getByLabel('退回理由').fill('被反映人不属于本组监督范围，请转市纪委第二监督检查室。');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await page.locator('.ant-alert', { hasText: '被反映人不属于本组监督范围' }).waitFor();
    await ctx.close();
  });

  it('the rectification ledger highlights overdue items; 见底清零 counts them; progress can be reported', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/rectify/ledger?overdue=true`);
    const overdueRow = page.locator('.ant-table-row.gt-row-overdue', { hasText: '高标准农田项目多付工程款未追回' });
    await overdueRow.waitFor();
    await expect(overdueRow.textContent()).resolves.toMatch(/逾期 \d+ 天/);
    await overdueRow.getByRole('link').click();
    await page.waitForURL(/\/rectify\/items\/\d+$/);
    await page.getByText(/已逾期 \d+ 天/).waitFor();
    await page.getByRole('button', { name: '填报进展' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('进展情况').fill('已追回多付工程款 40 万元，其余正在协调。');
    await dialog.getByLabel('完成进度（%）').fill('50');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('已填报整改进展').waitFor();
    await page.locator('.ant-timeline').getByText('填报整改进展').first().waitFor();
    await page.goto(`${server.url}/rectify/zero`);
    await page.getByRole('heading', { name: '见底清零' }).waitFor();
    const agri = page.locator('.ant-table-row', { hasText: '示范市农业农村局' });
    await agri.waitFor();
    await expect(agri.locator('.ant-tag', { hasText: /^\d+$/ }).count()).resolves.toBeGreaterThan(0);
    await page.locator('canvas').first().waitFor();
    // a new 专项整治 is offered in the campaign filter at once
    await page.getByRole('button', { name: '新建专项整治' }).click();
    const newCampaign = page.getByRole('dialog', { name: '新建专项整治' });
    await newCampaign.getByLabel('名称').fill('校园餐费专项整治（测试）');
    await newCampaign.getByRole('button', { name: /新\s*建/ }).click();
    await page.getByText('已新建专项整治').waitFor();
    await page.locator('.ant-form-item', { hasText: '专项整治' }).locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '校园餐费专项整治（测试）' }).waitFor();
    expect(problems.csp).toEqual([]);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('the leader’s dashboard shows the period’s numbers and drills down; the header search finds a clue', async () => {
    const { ctx, page } = await pageAs('leader');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: '驾驶舱' }).waitFor();
    const total = page.getByRole('button', { name: /^受理问题线索 \d+件，查看明细$/ });
    await total.waitFor();
    await page.locator('canvas').first().waitFor();
    await total.click();
    await page.waitForURL(/\/clues\?from=\d{4}-\d{2}-\d{2}&to=/);
    await page.getByRole('heading', { name: '问题线索' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByRole('searchbox', { name: '全局检索' }).fill('张建军');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByText(/问题线索（\d+）/).waitFor();
    await page.getByRole('link', { name: /张建军/ }).first().waitFor();
    expect(problems.csp).toEqual([]);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('dataadmin imports a CSV file; the report shows the rejected row; the batch keeps it', async () => {
    const { ctx, page } = await pageAs('dataadmin');
    await page.goto(`${server.url}/data/catalog`);
    const row = page.locator('.ant-table-row', { hasText: '死亡登记' });
    await row.waitFor();
    await row.getByRole('button', { name: /导\s*入/ }).click();
    const dialog = page.getByRole('dialog');
    const csv = '身份证号,姓名,死亡日期\n11010519491231002X,测试甲,2025-03-01\n110105194912310038,测试乙,2025-13-45\n';
    await page.getByTestId('import-file').setInputFiles({ name: '死亡登记-测试.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await dialog.getByText('死亡登记-测试.csv').waitFor();
    await dialog.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByRole('dialog', { name: /导入结果/ });
    await result.getByText(/已导入 1 行/).waitFor({ timeout: 60_000 });
    await expect(result.textContent()).resolves.toMatch(/拒绝 1 行/);
    await result.getByRole('link', { name: /查看批次/ }).click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByText('死亡登记-测试.csv').waitFor();
    await expect(drawer.locator('.ant-table-row').count()).resolves.toBeGreaterThan(0);
    await ctx.close();
  });

  it('officer1 reviews a model hit and turns it into a clue', async () => {
    const { ctx, page } = await pageAs('officer1');
    await page.goto(`${server.url}/model/hits?review=pending`);
    const first = page.locator('.ant-table-row .gt-link-button').first();
    await first.waitFor();
    await first.click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByText(/证据（\d+ 行）/).waitFor();
    await drawer.getByRole('button', { name: '保存核查结论' }).click();
    await drawer.getByText('请选择核查结论').waitFor();
    await drawer.getByLabel('属实', { exact: true }).check();
    await drawer.getByLabel('核查说明').fill('经核实情况属实。');
    await drawer.getByRole('button', { name: '保存核查结论' }).click();
    await page.getByText('核查结论已保存').waitFor();
    await drawer.getByRole('button', { name: '转为问题线索' }).click();
    const dialog = page.getByRole('dialog', { name: '转为问题线索' });
    await dialog.getByRole('button', { name: '登记线索' }).click();
    await page.getByText(/已登记线索 XS-/).waitFor();
    await drawer.getByRole('button', { name: '查看已生成的线索' }).click();
    await page.waitForURL(/\/clues\/\d+$/);
    await page.getByText('监督模型').first().waitFor();
    await ctx.close();
  });

  it('officer1 registers a disciplinary sanction; it takes effect when the leader approves it', async () => {
    const { ctx, page } = await pageAs('officer1');
    await page.goto(`${server.url}/account/decisions`);
    await page.getByRole('button', { name: '登记决定' }).click();
    const dialog = page.getByRole('dialog');
    await pickOrg(page, dialog, '所在单位', '示范市市场监督管理局', '市场监督');
    await dialog.getByLabel('姓名').fill('孙德才');
    await dialog.getByLabel('职务').fill('登记注册科科长');
    await chooseOption(page, dialog, '问责/处理方式', '纪律处分');
    await dialog.getByText('须报上一级审核通过后生效').waitFor();
    await dialog.getByLabel('事由').fill('违规为不符合条件的企业办理登记注册。');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog.getByText('纪律处分须填写党纪处分、政务处分或移送司法中的至少一项').waitFor();
    await chooseOption(page, dialog, '党纪处分', '警告');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('已登记').first().waitFor();
    const row = page.locator('.ant-table-row', { hasText: '孙德才' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('待上级审核');
    await ctx.close();

    const leader = await pageAs('leader');
    const l = leader.page;
    await l.goto(`${server.url}/account/decisions?status=pending_approval`);
    await l.locator('.ant-table-row', { hasText: '孙德才' }).getByRole('button').first().click();
    const drawer = l.locator('.ant-drawer-open');
    await drawer.getByRole('button', { name: '审核通过' }).click();
    await l.getByRole('dialog', { name: '审核通过' }).getByRole('button', { name: /通\s*过/ }).click();
    await l.getByText('决定已生效').waitFor();
    await drawer.locator('.ant-tag', { hasText: '已生效' }).waitFor();
    await leader.ctx.close();
  });
});
