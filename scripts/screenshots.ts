/**
 * Screenshots of the main pages at 1366×768 into docs/screenshots/ (for the user guide and reviews).
 *
 *   node bin/run-ts.mjs scripts/screenshots.ts            # starts its own demo server
 *   GUANTONG_URL=http://127.0.0.1:8080 node bin/run-ts.mjs scripts/screenshots.ts
 *   node bin/run-ts.mjs scripts/screenshots.ts audit       # only shots whose file name contains "audit" (or of that user)
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium fonts-wqy-microhei).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freshTotp, launchBrowser, signIn } from '../test/e2e/support/browser.ts';
import { seedCasework } from '../test/e2e/support/seed.ts';
import { REPO, type RunningServer, startGuantong } from '../test/e2e/support/server.ts';

const OUT = path.join(REPO, 'docs/screenshots');

interface Shot {
  file: string;
  user: string;
  path: string;
  /** Wait for this text before taking the picture. */
  waitFor?: string;
  /** Extra steps after the page loaded (open a dialog, expand a row…). */
  after?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { file: '10-todo.png', user: 'officer1', path: '/todo', waitFor: '待办事项' },
  { file: '11-notifications.png', user: 'officer1', path: '/todo/notifications', waitFor: '消息提醒' },
  { file: '05-dashboard.png', user: 'leader', path: '/dashboard', waitFor: '驾驶舱', after: async (p) => { await p.locator('canvas').first().waitFor({ timeout: 15_000 }).catch(() => {}); await p.waitForTimeout(800); } },
  { file: '06-search.png', user: 'officer1', path: `/search?q=${encodeURIComponent('张建军')}`, waitFor: '全局检索' },
  { file: '12-data-catalog.png', user: 'dataadmin', path: '/data/catalog', waitFor: '数据目录' },
  { file: '13-data-batches.png', user: 'dataadmin', path: '/data/batches', waitFor: '导入批次' },
  {
    file: '14-entity.png',
    user: 'officer1',
    path: `/entity/search?q=${encodeURIComponent('示范市农业农村局')}`,
    waitFor: '主体档案',
    after: async (p) => {
      const open = p.getByRole('link', { name: '查看档案' }).first();
      if (await open.count()) {
        await open.click();
        await p.locator('canvas').first().waitFor({ timeout: 15_000 }).catch(() => {});
        await p.waitForTimeout(1500);
      }
    },
  },
  { file: '15-models.png', user: 'dataadmin', path: '/model/library', waitFor: '监督模型库' },
  { file: '16-model-builder.png', user: 'dataadmin', path: '/model/builder', waitFor: '模型构建器' },
  {
    file: '16-model-hits.png',
    user: 'officer1',
    path: '/model/hits',
    waitFor: '模型命中核查',
    after: async (p) => {
      const b = p.locator('.ant-table-row .gt-link-button').first();
      if (await b.count()) {
        await b.click();
        await p.locator('.ant-drawer-open').waitFor();
        await p.waitForTimeout(500);
      }
    },
  },
  { file: '24-hotline-orders.png', user: 'hotline', path: '/hotline/orders', waitFor: '工单列表' },
  { file: '17-hotline-analysis.png', user: 'hotline', path: '/hotline/analysis', waitFor: '12345热线分析', after: async (p) => { await p.waitForTimeout(800); } },
  { file: '25-hotline-screening.png', user: 'officer1', path: '/hotline/screening', waitFor: '移送规则' },
  { file: '18-hotline-routing.png', user: 'hotline', path: '/hotline/routing', waitFor: '分类处置清单' },
  { file: '19-reports.png', user: 'hotline', path: '/report/list', waitFor: '报告报表' },
  { file: '20-clues.png', user: 'officer1', path: '/clues', waitFor: '问题线索' },
  { file: '21-clue-new.png', user: 'officer1', path: '/clues/new', waitFor: '登记问题线索' },
  { file: '22-clue-detail.png', user: 'officer1', path: '/clues', waitFor: '问题线索', after: openFirstRow },
  { file: '30-transfers-inbox.png', user: 'officer1', path: '/transfers/inbox', waitFor: '收到的移交' },
  { file: '31-transfers-outbox.png', user: 'officer1', path: '/transfers/outbox', waitFor: '发出的移交' },
  { file: '32-transfer-detail.png', user: 'officer1', path: '/transfers/inbox', waitFor: '收到的移交', after: openFirstRow },
  { file: '35-inspection-rounds.png', user: 'inspector1', path: '/inspection/rounds', waitFor: '巡视巡察' },
  { file: '36-inspection-round.png', user: 'inspector1', path: '/inspection/rounds', waitFor: '巡视巡察', after: openFirstRow },
  { file: '37-inspection-letters.png', user: 'inspector1', path: '/inspection/letters', waitFor: '建议书' },
  { file: '40-rectify-ledger.png', user: 'officer1', path: '/rectify/ledger', waitFor: '整改台账' },
  { file: '41-rectify-item.png', user: 'officer1', path: '/rectify/ledger?overdue=true', waitFor: '整改台账', after: openFirstRow },
  { file: '42-rectify-zero.png', user: 'leader', path: '/rectify/zero', waitFor: '见底清零' },
  { file: '50-account-decisions.png', user: 'officer1', path: '/account/decisions', waitFor: '问责处分' },
  { file: '51-account-proposals.png', user: 'officer1', path: '/account/proposals', waitFor: '问责建议' },
  { file: '52-account-forms.png', user: 'leader', path: '/account/forms', waitFor: '四种形态统计' },
  { file: '53-account-care.png', user: 'officer1', path: '/account/care?tab=clearings', waitFor: '澄清正名' },
  { file: '55-collab-mechanisms.png', user: 'officer1', path: '/collab/mechanisms', waitFor: '协作配合机制' },
  { file: '56-collab-tasks.png', user: 'officer1', path: '/collab/tasks', waitFor: '议定事项' },
  { file: '57-collab-priorities.png', user: 'officer1', path: '/collab/priorities', waitFor: '监督重点清单' },
  { file: '58-collab-experts.png', user: 'officer1', path: '/collab/experts', waitFor: '监督人才库' },
  { file: '59-collab-campaigns.png', user: 'officer1', path: '/collab/campaigns', waitFor: '专项监督' },
  { file: '60-admin-users.png', user: 'sysadmin', path: '/admin/users', waitFor: '用户管理' },
  {
    file: '61-admin-user-new.png',
    user: 'sysadmin',
    path: '/admin/users',
    waitFor: '用户管理',
    after: async (p) => {
      await p.getByRole('button', { name: '新建用户' }).click();
      await p.getByRole('dialog').waitFor();
    },
  },
  { file: '62-admin-orgs.png', user: 'sysadmin', path: '/admin/orgs', waitFor: '组织机构' },
  { file: '63-admin-dicts.png', user: 'sysadmin', path: '/admin/dicts', waitFor: '字典管理' },
  { file: '65-admin-district-map.png', user: 'sysadmin', path: '/admin/district-map', waitFor: '区划地图', after: async (p) => { await p.locator('canvas').first().waitFor({ timeout: 15_000 }); await p.waitForTimeout(800); } },
  { file: '64-admin-calendar.png', user: 'sysadmin', path: '/admin/calendar?year=2025', waitFor: '工作日历' },
  { file: '70-security-users.png', user: 'secadmin', path: '/security/users', waitFor: '账号授权' },
  { file: '71-security-roles.png', user: 'secadmin', path: '/security/roles', waitFor: '角色与权限' },
  {
    file: '72-security-role-edit.png',
    user: 'secadmin',
    path: '/security/roles',
    waitFor: '角色与权限',
    after: async (p) => {
      await p.getByRole('button', { name: /编\s*辑/ }).nth(4).click();
      await p.locator('.ant-drawer-open').waitFor();
      await p.waitForTimeout(400);
    },
  },
  { file: '80-audit-events.png', user: 'auditadmin', path: '/audit/events', waitFor: '审计日志', after: expandFirstRow },
  { file: '81-audit-login-log.png', user: 'auditadmin', path: '/audit/login-log', waitFor: '登录日志' },
];

async function openFirstRow(p: Page) {
  const link = p.locator('.ant-table-row a').first();
  await link.waitFor({ timeout: 5_000 }).catch(() => {});
  if (await link.count()) {
    await link.click();
    await p.waitForLoadState('networkidle');
    await p.waitForTimeout(500);
  }
}

async function expandFirstRow(p: Page) {
  const btn = p.locator('.ant-table-row-expand-icon').first();
  if (await btn.count()) await btn.click();
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(300);
}

async function main() {
  const filter = process.argv[2];
  fs.mkdirSync(OUT, { recursive: true });
  let server: RunningServer | null = null;
  if (!process.env.GUANTONG_URL) {
    server = await startGuantong();
    await seedCasework(server);
  }
  const base = process.env.GUANTONG_URL ?? server!.url;
  const browser = await launchBrowser();
  const taken: string[] = [];
  const skipped: string[] = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    if (!filter || '01-login.png'.includes(filter)) {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').waitFor();
      await page.screenshot({ path: path.join(OUT, '01-login.png') });
      taken.push('01-login.png');
      await page.getByLabel('用户名').fill('officer1');
      await page.getByLabel('口令').fill(process.env.DEMO_PASSWORD ?? 'Guantong@2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByLabel('动态口令').waitFor();
      await page.screenshot({ path: path.join(OUT, '02-login-totp.png') });
      taken.push('02-login-totp.png');
      await page.getByLabel('动态口令').fill(await freshTotp('officer1'));
      await page.getByRole('button', { name: /验\s*证/ }).click();
      await page.getByTestId('side-menu').waitFor();
      await ctx.clearCookies();
    }
    const users = [...new Set(SHOTS.map((s) => s.user))];
    for (const user of users) {
      const mine = SHOTS.filter((s) => s.user === user && (!filter || s.file.includes(filter) || s.user === filter));
      if (!mine.length) continue;
      const c = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const p = await c.newPage();
      await signIn(p, base, user);
      for (const s of mine) {
        await p.goto(`${base}${s.path}`);
        await settle(p);
        if (s.waitFor && !(await p.getByText(s.waitFor).first().waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
          skipped.push(`${s.file} (${s.path}: “${s.waitFor}” not shown — page not in this build?)`);
          continue;
        }
        if (s.after) await s.after(p);
        await settle(p);
        await p.screenshot({ path: path.join(OUT, s.file) });
        taken.push(s.file);
      }
      await c.close();
    }
  } finally {
    await browser.close();
    await server?.stop();
  }
  console.log(`截图已保存 / screenshots saved in ${path.relative(REPO, OUT)}: ${taken.join(', ')}`);
  if (skipped.length) console.log(`跳过 / skipped:\n  ${skipped.join('\n  ')}`);
}

await main();
