/**
 * Browser journey through the model builder (用户自定义模型): an officer composes a rule from the
 * vocabulary without code (“公务接待中含酒水的，同一接待单位 ≥ 2 次”), reads the rule back, tries it
 * on live data, saves it as a draft, edits it into a second version, runs it, and finds its hit in
 * 命中核查. The data: receptions imported through the real import pipeline, shared with the
 * officer's office by the data administrator (the builder only offers datasets one may use).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/modules/models/testing.ts';
import { chooseOption, chromiumAvailable, launchBrowser, signedInPage, unexpectedErrors, watchProblems } from './support/browser.ts';
import { apiAs } from './support/seed.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

const EDU = '示范市教育局';
const AGRI = '示范市农业农村局';

const pageAs = (username: string) => signedInPage(browser, server.url, username, { width: 1440, height: 900 });

describe.skipIf(!chromiumAvailable())('the model builder in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong({ demoSteps: false });
    const db = server.platform.db;
    // Receptions: the education bureau twice with alcohol (a hit at ≥ 2), three times in all;
    // the agriculture bureau once with alcohol (no hit).
    await load(server.platform, 'receptions', [
      { reception_id: 'JD-E1', org: EDU, date: '2025-03-04', guests: 5, hosts: 2, amount: 900, alcohol: true, letter: true },
      { reception_id: 'JD-E2', org: EDU, date: '2025-04-09', guests: 6, hosts: 2, amount: 1000, alcohol: true, letter: true },
      { reception_id: 'JD-E3', org: EDU, date: '2025-05-12', guests: 4, hosts: 1, amount: 500, alcohol: false, letter: true },
      { reception_id: 'JD-A1', org: AGRI, date: '2025-05-20', guests: 3, hosts: 1, amount: 400, alcohol: true, letter: true },
    ]);
    // The data administrator shares the receptions with the officer's office (数据共享) …
    const office = await db.selectFrom('orgs').select('id').where('name', '=', '第一监督检查室').executeTakeFirstOrThrow();
    const dataadmin = await apiAs(server.url, 'dataadmin');
    await dataadmin.post('/api/datasets/sharing', { dataset: 'receptions', grantee_kind: 'org', grantee: String(office.id) });
    // … and the officer is given the model-building permission by a role of their own office's scope.
    const role = await db
      .insertInto('roles')
      .values({ code: 'model_builder_e2e', name: '模型构建（浏览器测试）', data_scope: 'dept', admin_kind: null, permissions: ['model:edit'] } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const officer = await db.selectFrom('users').select('id').where('username', '=', 'officer1').executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: officer.id, role_id: role.id }).execute();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('officer1 builds a rule, previews it, saves a draft, edits it, runs it and sees the hit in 命中核查', async () => {
    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    await page.goto(`${server.url}/model/library`);
    await page.getByRole('button', { name: '新建自定义模型' }).click();
    await page.waitForURL(/\/model\/builder$/);
    await page.getByRole('heading', { name: '新建自定义模型' }).waitFor();
    const explanation = page.getByTestId('rule-explanation');

    await page.getByLabel('模型名称', { exact: true }).fill('公务接待频繁含酒水');
    // Only the shared dataset is offered, and it is preselected as the base.
    await page.getByLabel('基础数据', { exact: true }).click();
    const offered = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents();
    expect(offered).toEqual(['公务接待']);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '公务接待' }).click();

    // No subject yet: the server says what is missing.
    await explanation.getByText('规则还不完整').waitFor();
    await explanation.getByText(/命中主体：/).waitFor();

    await page.getByRole('button', { name: '添加条件' }).click();
    await chooseOption(page, page, '条件字段 1', '公务接待·含酒水');
    await chooseOption(page, page, '条件值 1', /^是$/);
    await chooseOption(page, page, '命中主体', '公务接待·接待单位');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '添加阈值' }).click(); // 记录数 ≥ 2 by default

    await explanation.getByText('规则完整，可以试运行和保存').waitFor();
    await explanation.getByText('条件：公务接待.含酒水 等于 是').waitFor();
    await explanation.getByText('主体：公务接待.接待单位').waitFor();

    await page.getByRole('button', { name: '试运行预览' }).click();
    await page.getByTestId('preview-total').getByText('1', { exact: true }).waitFor();
    await page.getByRole('cell', { name: EDU }).waitFor();

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/model\/builder\/U\d{4}$/);
    const id = /\/model\/builder\/(U\d{4})$/.exec(page.url())![1];
    await page.getByRole('heading', { name: `编辑自定义模型：${id} 公务接待频繁含酒水` }).waitFor();
    await page.getByText('草稿', { exact: true }).first().waitFor();
    await page.getByText('v1', { exact: true }).waitFor();

    // Edit: at least 3 receptions with alcohol → nothing; back to 2 with a note → version 3.
    await page.getByLabel('阈值 1', { exact: true }).fill('3');
    await page.getByRole('button', { name: '试运行预览' }).click();
    await page.getByTestId('preview-total').getByText('0', { exact: true }).waitFor();
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('已保存为第 2 版').waitFor();
    await page.getByLabel('阈值 1', { exact: true }).fill('2');
    await page.getByLabel('修改说明', { exact: true }).fill('两次即提示');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('已保存为第 3 版').waitFor();
    await page.getByText(/v3 · 李明远\(officer1\) · .* · 两次即提示/).waitFor();

    // Run it (a draft runs on demand) and go to its hits.
    await page.getByRole('button', { name: '运行模型' }).click();
    const done = page.getByRole('dialog').filter({ hasText: '运行完成' });
    await done.getByText('命中 1 条，其中新增 1 条。').waitFor();
    await done.getByRole('button', { name: '到“命中核查”查看' }).click();
    await page.waitForURL(new RegExp(`/model/hits\\?model_id=${id}`));
    await page.getByRole('heading', { name: '模型命中核查' }).waitFor();
    const row = page.locator('.ant-table-row', { hasText: id });
    await row.getByText(EDU).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await row.getByRole('button', { name: EDU }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '命中详情' });
    await drawer.getByText('证据（2 行）').waitFor();
    await drawer.getByText('JD-E2').waitFor();

    // The library lists it as a custom draft with its hit count.
    await page.goto(`${server.url}/model/library`);
    const lib = page.locator('.ant-table-row', { hasText: id });
    await lib.getByText('草稿').waitFor();
    await lib.getByRole('link', { name: '1 / 1' }).waitFor();

    expect(unexpectedErrors(problems.console)).toEqual([]);
    expect(problems.csp).toEqual([]);
    await ctx.close();
  });
});
