/**
 * Browser journeys through the 12345 hotline: the work-order list (filter → order page), an
 * Open311 API key created by the security administrator and shown exactly once, and an officer
 * approving a supervised order for publication, seen without personal data on the public page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOrders } from '../../src/modules/hotline/orders.ts';
import { systemActor } from '../../src/platform/audit/audit.service.ts';
import { chromiumAvailable, launchBrowser, pickOrg, signedInPage, unexpectedErrors, watchProblems } from './support/browser.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

const pageAs = (username: string) => signedInPage(browser, server.url, username, { width: 1440, height: 900 });

const CALLER = '钱宝华';
const PHONE = '13912340001';

describe.skipIf(!chromiumAvailable())('12345 hotline in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong({ demoSteps: false });
    const office = await server.platform.db.selectFrom('orgs').select('id').where('name', '=', '示范市12345政务服务便民热线办公室').executeTakeFirstOrThrow();
    await writeOrders(
      server.platform,
      systemActor('e2e'),
      [
        { order_id: 'E2E001', received_at: '2026-04-01 09:00:00', caller_name: CALLER, caller_phone: PHONE, address: '东城区和平街道幸福路18号3栋501室', district: '东城区', street: '和平街道', content: `${CALLER}反映幸福路18号3栋501室楼下餐馆油烟扰民，电话${PHONE}，多次投诉无人处理`, category: '环境保护', handler_unit: '示范市生态环境局', status: '已办结', satisfaction: '满意', supervised: true },
        { order_id: 'E2E002', received_at: '2026-04-02 10:00:00', caller_name: '李四', caller_phone: '13912340002', district: '东城区', street: '和平街道', content: '小区路灯不亮已经一周', category: '城乡建设', handler_unit: '示范市城市管理局', status: '办理中', supervised: false },
        { order_id: 'E2E003', received_at: '2026-04-03 11:00:00', caller_name: '王五', caller_phone: '13912340003', district: '西城区', street: '文昌街道', content: '餐馆占道经营油烟大', category: '环境保护', handler_unit: '示范市城市管理局', status: '办理中', supervised: false },
        { order_id: 'E2E004', received_at: '2026-04-04 11:00:00', caller_name: '赵六', caller_phone: '13912340004', district: '南湖区', street: '湖滨街道', content: '学校食堂卫生差，督办但未审核公开', category: '教育文体', handler_unit: '示范市教育局', status: '办理中', supervised: true },
      ],
      { fileName: 'e2e-hotline.csv', supplierOrgId: office.id },
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('officer1 filters the work-order list and opens an order', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.getByTestId('side-menu').getByText('12345热线').click();
    await page.getByTestId('side-menu').getByText('工单列表').click();
    await page.waitForURL(/\/hotline\/orders$/);
    await page.locator('.ant-table-row', { hasText: 'E2E004' }).waitFor();
    const filters = page.getByRole('search', { name: '筛选工单' });
    await filters.getByLabel('关键字').fill('油烟');
    await filters.getByLabel('区县').fill('东城区');
    await filters.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/district=/);
    const rows = page.locator('.ant-table-tbody .ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    await expect(row.textContent()).resolves.toContain('E2E001');
    await expect(row.textContent()).resolves.toContain('督办');
    await expect(page.locator('.ant-table-tbody').textContent()).resolves.not.toContain('E2E003');
    await row.getByRole('link', { name: 'E2E001' }).click();
    await page.waitForURL(/\/hotline\/orders\/E2E001$/);
    await page.getByRole('heading', { name: /12345 工单 E2E001/ }).waitFor();
    await page.getByText('环境保护', { exact: true }).first().waitFor();
    // back keeps the filters (they live in the URL)
    await page.goBack();
    await page.waitForURL(/district=/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    expect(problems.csp).toEqual([]);
    await ctx.close();
  });

  it('the security administrator creates an Open311 key and sees it exactly once', async () => {
    const { ctx, page } = await pageAs('secadmin');
    const problems = watchProblems(page);
    await page.getByTestId('side-menu').getByText('安全管理').click();
    await page.getByTestId('side-menu').getByText('热线接口密钥').click();
    await page.waitForURL(/\/security\/api-keys$/);
    await page.getByRole('button', { name: '创建接口密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '创建接口密钥' });
    await dialog.getByLabel('名称').fill('热线业务系统（测试）');
    await pickOrg(page, dialog, '接入单位', '示范市12345政务服务便民热线办公室', '12345');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const shown = page.getByRole('dialog', { name: '接口密钥已创建' });
    await shown.waitFor();
    const key = (await shown.getByTestId('new-api-key').textContent())?.trim() ?? '';
    expect(key).toMatch(/^gt_[A-Za-z0-9_-]{20,}$/);
    // the key works on the Open311 intake
    const r = await fetch(`${server.url}/open311/v2/requests.json`, { headers: { 'x-api-key': key } });
    expect(r.status).toBe(200);
    await shown.getByRole('button', { name: '我已妥善保存' }).click();
    await shown.waitFor({ state: 'hidden' });
    const row = page.locator('.ant-table-row', { hasText: '热线业务系统（测试）' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('示范市12345政务服务便民热线办公室');
    await expect(row.textContent()).resolves.toContain('有效');
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 approves a supervised order for publication; the public page shows it without personal data', async () => {
    const { ctx, page } = await pageAs('officer1');
    await page.goto(`${server.url}/hotline/publications`);
    await page.getByRole('heading', { name: '督办公开' }).waitFor();
    const row = page.locator('.ant-table-row', { hasText: 'E2E001' });
    await row.waitFor();
    await page.locator('.ant-table-row', { hasText: 'E2E004' }).waitFor();
    await row.getByRole('button', { name: '审核公开' }).click();
    const dialog = page.getByRole('dialog', { name: '审核公开：工单 E2E001' });
    const summary = dialog.getByLabel('诉求摘要');
    await expect.poll(() => summary.inputValue()).toContain('餐馆油烟扰民');
    expect(await summary.inputValue()).not.toContain(CALLER);
    expect(await summary.inputValue()).not.toContain(PHONE);
    await dialog.getByLabel('办理情况').fill('已责令餐馆安装油烟净化设备并复查合格，诉求人表示满意。');
    await dialog.getByRole('button', { name: '同意公开' }).click();
    await page.getByText('已审核同意公开').waitFor();
    await page.locator('.ant-segmented-item', { hasText: '已公开' }).click();
    await page.locator('.ant-table-row', { hasText: 'E2E001' }).waitFor();
    await ctx.close();

    // anyone, without signing in
    const anon = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const pub = await anon.newPage();
    const problems = watchProblems(pub);
    await pub.goto(`${server.url}/public/hotline`);
    await pub.getByRole('heading', { name: '12345热线督办工单办理情况公开' }).waitFor();
    await pub.getByText('工单 E2E001').waitFor();
    await pub.getByText('已责令餐馆安装油烟净化设备并复查合格', { exact: false }).waitFor();
    const text = (await pub.locator('main, .ant-layout-content').first().textContent()) ?? '';
    expect(text).toContain('餐馆油烟扰民');
    for (const secret of [CALLER, PHONE, '幸福路18号', '501室']) expect(text).not.toContain(secret);
    expect(text).not.toContain('E2E004');
    expect(pub.url()).toMatch(/\/public\/hotline$/);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await anon.close();
  });
});
