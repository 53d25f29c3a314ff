/**
 * Browser journeys over the real server (demo city, embedded database) in Debian chromium:
 * sign-in with TOTP, the permission-filtered menu, the forced password change and first-time TOTP
 * enrolment of a new account, administration by the three administrators (三员), the audit log,
 * session expiry, the idle-timeout warning, the CSP, and the login page's download budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { chromiumAvailable, freshTotp, launchBrowser, pickOrg, signIn, watchProblems } from './support/browser.ts';
import { type RunningServer, WEB_DIST, startGuantong } from './support/server.ts';

const NEW_USER = 'e2e_user1';
const NEW_PASSWORD = 'Chushi#Kouling2026';
const CHANGED_PASSWORD = 'Xinde$Kouling2026';

let server: RunningServer;
let browser: Browser;

async function newPage(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  return { ctx, page };
}

/** Console errors that are not expected: the 401 of "who am I" before sign-in is. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

describe.skipIf(!chromiumAvailable())('web app in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the login page under the strict CSP within the 500 KB (gzip) first-load budget', async () => {
    const { ctx, page } = await newPage();
    const problems = watchProblems(page);
    const assets = new Set<string>();
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.origin === server.url && !u.pathname.startsWith('/api/')) assets.add(u.pathname === '/login' ? '/index.html' : u.pathname);
    });
    const res = await page.goto(`${server.url}/login`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('用户名').waitFor();
    await page.waitForLoadState('networkidle');
    let raw = 0;
    let gz = 0;
    for (const a of assets) {
      const file = path.join(WEB_DIST, a);
      expect(fs.existsSync(file), `${a} is served from web/dist`).toBe(true);
      const buf = fs.readFileSync(file);
      raw += buf.length;
      gz += zlib.gzipSync(buf, { level: 9 }).length;
    }
    console.log(`login first load: ${assets.size} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`);
    expect(assets.size).toBeGreaterThan(1);
    expect(gz).toBeLessThan(500 * 1024);
    expect(problems.csp).toEqual([]);
    expect(unexpected(problems.console)).toEqual([]);
    // The page is in Simplified Chinese.
    await expect(page.title()).resolves.toContain('监督贯通协同平台');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await ctx.close();
  });

  it('shows the server’s Chinese message for a wrong password', async () => {
    const { ctx, page } = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('officer1');
    await page.getByLabel('口令').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: '用户名或口令错误' }).waitFor()).resolves.toBeUndefined();
    // Client-side validation: an empty form is not sent.
    await page.getByLabel('用户名').fill('');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请输入用户名').waitFor();
    await ctx.close();
  });

  it('officer1 signs in with the keyboard and a TOTP code, and sees only the menus of the role', async () => {
    const { ctx, page } = await newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').waitFor();
    await page.keyboard.type('officer1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Guantong@2026');
    await page.keyboard.press('Enter');
    const code = page.getByLabel('动态口令');
    await code.waitFor();
    await expect(code.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type(await freshTotp('officer1'));
    await page.keyboard.press('Enter');
    const menu = page.getByTestId('side-menu');
    await menu.waitFor();
    await expect(page.getByTestId('user-menu').textContent()).resolves.toContain('李明远');
    await expect(page.locator('.gt-header-org').textContent()).resolves.toBe('第一监督检查室');
    const text = (await menu.textContent()) ?? '';
    expect(text).toContain('我的待办');
    for (const adminMenu of ['系统管理', '安全管理', '审计管理']) expect(text).not.toContain(adminMenu);
    // The landing page is 我的待办.
    await page.waitForURL(/\/todo$/);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    // An administrator page is refused.
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('无权访问').waitFor();
    expect(problems.csp).toEqual([]);
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('sysadmin creates a user (validated before sending); the list finds it', async () => {
    const { ctx, page } = await newPage();
    await signIn(page, server.url, 'sysadmin');
    const menuText = (await page.getByTestId('side-menu').textContent()) ?? '';
    expect(menuText).toContain('系统管理');
    expect(menuText).not.toContain('问题线索');
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(NEW_USER);
    await dialog.getByLabel('姓名').fill('测试干部');
    await pickOrg(page, dialog, '所属单位', '第一监督检查室');
    await dialog.getByLabel('初始口令').fill('weak');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await dialog.getByText('口令至少 10 位').waitFor();
    await dialog.getByLabel('初始口令').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText(`已创建用户“测试干部”`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByPlaceholder('用户名或姓名').fill(NEW_USER);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/q=e2e_user1/);
    const rows = page.locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('第一监督检查室');
    await expect(rows.first().textContent()).resolves.toContain('未授权');
    // A duplicate is refused with the server's message.
    await page.getByRole('button', { name: '新建用户' }).click();
    await dialog.getByLabel('用户名').fill(NEW_USER);
    await dialog.getByLabel('姓名').fill('重复');
    await pickOrg(page, dialog, '所属单位', '第一监督检查室');
    await dialog.getByLabel('初始口令').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText(`用户名“${NEW_USER}”已被使用`).waitFor();
    await ctx.close();
  });

  it('the new account must change its initial password at first sign-in', async () => {
    const { ctx, page } = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill(NEW_USER);
    await page.getByLabel('口令').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请先修改口令').waitFor();
    await page.getByLabel('新口令', { exact: true }).fill(CHANGED_PASSWORD);
    await page.getByLabel('确认新口令').fill('Different#2026x');
    await page.getByRole('button', { name: '修改并进入系统' }).click();
    await page.getByText('两次输入的口令不一致').waitFor();
    await page.getByLabel('确认新口令').fill(CHANGED_PASSWORD);
    await page.getByRole('button', { name: '修改并进入系统' }).click();
    // No role yet: the shell says so.
    await page.getByText('暂无可用功能').waitFor();
    await ctx.close();
  });

  it('secadmin grants a business role; the account then enrols its TOTP at sign-in', async () => {
    const { ctx, page } = await newPage();
    await signIn(page, server.url, 'secadmin');
    await page.goto(`${server.url}/security/users?q=${NEW_USER}`);
    const row = page.locator('.ant-table-row', { hasText: NEW_USER });
    await row.waitFor();
    await row.getByRole('button', { name: '授予角色' }).click();
    const dialog = page.getByRole('dialog');
    // 三员分立 is checked before sending.
    await dialog.getByLabel('纪检监察干部').check();
    await dialog.getByLabel(/安全审计员/).check();
    await dialog.getByText('三员分立：管理员账号不能兼任业务角色').waitFor();
    await dialog.getByLabel(/安全审计员/).uncheck();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('角色已更新').waitFor();
    await expect(row.textContent()).resolves.toContain('纪检监察干部');
    await ctx.close();

    const second = await newPage();
    const p = second.page;
    await p.goto(`${server.url}/login`);
    await p.getByLabel('用户名').fill(NEW_USER);
    await p.getByLabel('口令').fill(CHANGED_PASSWORD);
    await p.getByRole('button', { name: /登\s*录/ }).click();
    await p.getByText('首次登录需绑定动态口令').waitFor();
    const secret = ((await p.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(p.locator('.gt-uri').textContent()).resolves.toContain('otpauth://totp/');
    await expect(p.locator('.gt-enrol canvas, .gt-enrol svg').count()).resolves.toBeGreaterThan(0);
    await p.getByLabel('动态口令', { exact: true }).fill('000000' === currentTotp(secret) ? '111111' : '000000');
    await p.getByRole('button', { name: '完成绑定' }).click();
    await p.getByText('动态口令错误').waitFor();
    const left = 30_000 - (Date.now() % 30_000);
    if (left < 4000) await p.waitForTimeout(left + 200);
    await p.getByLabel('动态口令', { exact: true }).fill(currentTotp(secret));
    await p.getByRole('button', { name: '完成绑定' }).click();
    await p.getByTestId('side-menu').waitFor();
    await expect(p.getByTestId('side-menu').textContent()).resolves.toContain('我的待办');
    await second.ctx.close();
  });

  it('auditadmin opens the audit log, filters it, verifies the chain, and reads the login log', async () => {
    const { ctx, page } = await newPage();
    const problems = watchProblems(page);
    await signIn(page, server.url, 'auditadmin');
    const menuText = (await page.getByTestId('side-menu').textContent()) ?? '';
    expect(menuText).toContain('审计管理');
    expect(menuText).not.toContain('系统管理');
    await page.getByTestId('side-menu').getByText('审计日志').click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByLabel('操作', { exact: true }).fill('user.create');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/action=user.create/);
    const row = page.locator('.ant-table-row', { hasText: '系统管理员(sysadmin)' });
    await row.first().waitFor();
    await row.first().locator('.ant-table-row-expand-icon').click();
    await page.locator('.gt-json', { hasText: NEW_USER }).waitFor();
    await page.getByRole('button', { name: '校验审计链' }).click();
    await page.getByText('审计链完整').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('side-menu').getByText('登录日志').click();
    await page.getByRole('heading', { name: '登录日志' }).waitFor();
    await page.locator('.ant-table-row', { hasText: 'officer1' }).first().waitFor();
    await expect(page.locator('.ant-table-row', { hasText: '口令错误' }).count()).resolves.toBeGreaterThan(0);
    expect(problems.csp).toEqual([]);
    expect(unexpected(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('a session that ended on the server sends the user back to the login page', async () => {
    const { ctx, page } = await newPage();
    const todoLoaded = page.waitForResponse((r) => r.url().includes('/api/todo'), { timeout: 60_000 });
    await signIn(page, server.url, 'officer1');
    await todoLoaded;
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await ctx.clearCookies();
    await page.getByTestId('side-menu').getByText('消息提醒').click();
    await page.waitForURL(/\/login$/);
    await page.getByText('会话已结束').waitFor();
    await ctx.close();
  });

  it('warns before the idle timeout, keeps working when the user stays, and signs out when nobody does', async () => {
    const { ctx, page } = await newPage();
    await page.clock.install();
    await signIn(page, server.url, 'officer1');
    await page.waitForURL(/\/todo$/);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.clock.fastForward('28:30');
    await page.getByText('会话即将超时').waitFor();
    await expect(page.getByTestId('idle-countdown').textContent()).resolves.toMatch(/1 分 \d\d 秒|0 分 \d\d 秒/);
    await page.getByRole('button', { name: '继续使用' }).click();
    await page.getByText('会话即将超时').waitFor({ state: 'hidden' });
    // Left alone past the limit, the session ends and the login page says why.
    await page.clock.fastForward('30:05');
    await page.waitForURL(/\/login$/);
    await page.getByText('因长时间未操作，已自动退出登录').waitFor();
    await ctx.close();
  });
});
