/** Debian chromium through playwright-core, plus sign-in helpers for the demo accounts. */
import fs from 'node:fs';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { DEMO_PASSWORD, demoTotpSecret } from '../../../src/modules/demo/city.ts';
import { currentTotp } from '../../../src/platform/auth/totp.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface PageProblems {
  console: string[];
  csp: string[];
  failed: string[];
}

/** Collect console errors, CSP violations and failed requests of a page. */
export function watchProblems(page: Page): PageProblems {
  const p: PageProblems = { console: [], csp: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const t = m.text();
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(t)) p.csp.push(t);
    else p.console.push(t);
  });
  page.on('pageerror', (e) => p.console.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    const f = r.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(f)) p.failed.push(`${r.method()} ${r.url()} ${f}`);
  });
  return p;
}

/** A TOTP code for a demo account that is not about to expire (avoids a code rolling over mid-typing). */
export async function freshTotp(username: string): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 4_000) await new Promise((r) => setTimeout(r, left + 200));
  return currentTotp(demoTotpSecret(username));
}

/** Sign in through the login page (password, then TOTP when asked) and wait for the shell. */
export async function signIn(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('口令').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const totp = page.getByLabel('动态口令');
  const menu = page.getByTestId('side-menu');
  await Promise.race([totp.waitFor({ timeout: 20_000 }), menu.waitFor({ timeout: 20_000 })]);
  if (await totp.isVisible()) {
    await totp.fill(await freshTotp(username));
    await page.getByRole('button', { name: /验\s*证/ }).click();
  }
  await menu.waitFor({ timeout: 20_000 });
}

export { DEMO_PASSWORD };

/**
 * Choose an organisation in the tree select labelled `label` inside `scope`: type to filter, click the
 * node, and check the choice took (a filtering list re-renders under the pointer, so retry).
 */
export async function pickOrg(page: Page, scope: Locator, label: string, name: string, search = name.slice(0, 4)): Promise<void> {
  const field = scope.getByLabel(label, { exact: true });
  for (let attempt = 0; attempt < 4; attempt++) {
    await field.click();
    await page.keyboard.type(search);
    const node = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: name }).first();
    await node.waitFor();
    await page.waitForTimeout(300);
    await node.click();
    const id = await field.getAttribute('id');
    const select = id ? scope.locator('.ant-select', { has: page.locator(`[id="${id}"]`) }) : scope.locator('.ant-select').first();
    if (((await select.first().textContent()) ?? '').includes(name)) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${name} in ${label}`);
}

/** The common office screen the pages must work at. */
export const OFFICE_SCREEN = { width: 1366, height: 768 };

/** A fresh browser context (zh-CN, Asia/Shanghai) signed in as a demo account. */
export async function signedInPage(browser: Browser, base: string, username: string, viewport = OFFICE_SCREEN): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signIn(page, base, username);
  return { ctx, page };
}

/** Console errors other than the 4xx answers a journey provokes on purpose (refusals, validation). */
export const unexpectedErrors = (errors: string[]) => errors.filter((e) => !/status of 40[0-9]/.test(e));

/** Open the antd Select labelled `label` inside `scope` and click the option with this text. */
export async function chooseOption(page: Page, scope: Locator | Page, label: string, option: string | RegExp): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}
