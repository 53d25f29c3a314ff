/**
 * The dashboard's 区划地图 in the browser: the leader opens 驾驶舱, the map of the demo city is
 * drawn (a canvas) with the 示意图 note, the tooltip of the district under the pointer gives its
 * numbers, and a click on it opens the same drill-down as the districts table.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, signIn, watchProblems } from './support/browser.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

describe.skipIf(!chromiumAvailable())('区划地图 in the browser', () => {
  beforeAll(async () => {
    server = await startGuantong();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the leader sees the schematic district map and clicks a district to drill down', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    await signIn(page, server.url, 'leader');
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: '驾驶舱' }).waitFor();

    const map = page.getByTestId('district-map');
    const canvas = map.locator('canvas');
    await canvas.waitFor({ state: 'visible' });
    await expect(page.getByTestId('district-map-schematic').textContent()).resolves.toMatch(/示意图.*非真实行政区划边界/);
    expect(await map.getAttribute('aria-label')).toMatch(/^各区县问题线索地图：东城区 \d+，西城区 \d+，南湖区 \d+，北山县 \d+/);
    await map.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the map canvas has no box');
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(300);

    // The schematic's centre lies inside 东城区 (checked in district-map.test.ts): hover, read the tooltip, click.
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.waitForTimeout(500); // the map's entry animation
    await page.mouse.move(centre.x - 5, centre.y - 5);
    await page.mouse.move(centre.x, centre.y);
    const tip = map.getByText(/^问题线索：[\d,]+ 件$/);
    await tip.waitFor();
    const tooltip = tip.locator('xpath=..'); // the tooltip box (ECharts puts it inside the chart's element)
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toMatch(/^东城区问题线索：[\d,]+ 件整改：销号 [\d,]+ \/ 共 [\d,]+.*“四种形态”：[\d,]+ 人次12345 诉求：[\d,]+ 件点击查看明细$/);
    // The tooltip's number is the table's (both from GET /api/dashboard).
    const row = page.locator('.ant-table-row', { hasText: '东城区' });
    const tableCount = await row.locator('.gt-kpi-value').first().textContent();
    expect(tableCount).toBe(`${/问题线索：([\d,]+) 件/.exec(text)?.[1]}件`);

    // A click opens the same drill-down as the table's 问题线索 cell of 东城区.
    await page.mouse.click(centre.x, centre.y);
    await page.waitForURL(/\/clues\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/clues');
    expect(url.searchParams.get('district')).toBe('东城区');
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-01-01$/);
    await page.getByRole('heading', { name: '问题线索' }).waitFor();

    // Back on the dashboard, another metric colours the map and drills to its own page.
    await page.goBack();
    await canvas.waitFor({ state: 'visible' });
    await map.scrollIntoViewIfNeeded();
    const again = await canvas.boundingBox();
    if (!again) throw new Error('the map canvas has no box');
    await page.getByText('12345 工单', { exact: true }).click();
    expect(await map.getAttribute('aria-label')).toMatch(/^各区县12345 工单地图：/);
    await page.waitForTimeout(500);
    await page.mouse.click(again.x + again.width / 2, again.y + again.height / 2);
    await page.waitForURL(/\/hotline\/analysis\?/);
    expect(new URL(page.url()).searchParams.get('district')).toBe('东城区');

    expect(problems.csp).toEqual([]);
    expect(problems.console.filter((e) => !/status of 40[0-9]/.test(e))).toEqual([]);
    await ctx.close();
  });
});
