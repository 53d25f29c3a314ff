/**
 * Browser journeys through inspections and collaboration: inspection staff deploy a round with a
 * team (组长 and 第二副组长) and a target with its dispatched group, then adjust the team and add a
 * second target; an officer compiles and publishes a 监督重点清单, registers an expert whose declared
 * relative is under review (the assignment is refused, the reason shown), edits an expert's details
 * and declarations (the form checks before sending, a concurrent change is refused with the
 * server's message; afterwards the conflict check refuses on the new declaration), deploys a
 * campaign with one key task, reports on it and registers a problem that goes on the rectification
 * ledger, and links an existing clue, ledger item and decision to a priority-list item and a
 * campaign task (关联成果). The records linked are made through the API first: the server starts
 * without the demo's casework.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateExpert } from '../../src/modules/collaboration/experts.service.ts';
import { systemActor } from '../../src/platform/audit/audit.service.ts';
import { addDays, todayInShanghai } from '../../src/platform/calendar/dates.ts';
import { chooseOption, chromiumAvailable, launchBrowser, pickOrg, signedInPage, unexpectedErrors, watchProblems } from './support/browser.ts';
import { apiAs } from './support/seed.ts';
import { type RunningServer, startGuantong } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

const pageAs = (username: string) => signedInPage(browser, server.url, username, { width: 1440, height: 900 });

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

async function orgId(name: string): Promise<number> {
  const o = await server.platform.db.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirst();
  if (!o) throw new Error(`no org ${name}`);
  return o.id;
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
    await chooseOption(page, dialog, '巡察组1人员1', '孙浩然');
    await dialog.getByRole('button', { name: '添加人员' }).click();
    await chooseOption(page, dialog, '巡察组1人员2职务', '第二副组长');
    await dialog.getByLabel('巡察组1人员2', { exact: true }).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.filter({ hasText: '赵建国' }).first().waitFor();
    expect(await options.filter({ hasText: '市委第一巡察组' }).count()).toBe(0);
    await options.filter({ hasText: '赵建国' }).first().click();

    // The target and its dispatched group.
    await pickOrg(page, dialog, '被巡察单位1', '示范市农业农村局', '农业农村');
    await chooseOption(page, dialog, '被巡察单位1巡察组', '市委第一巡察组');
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
    await chooseOption(page, member, '职务', '副组长');
    await chooseOption(page, member, '人员', '李明远');
    await member.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('副组长：李明远').waitFor();

    // Before 进驻 one more team may be sent (it needs a 组长) …
    await page.getByRole('button', { name: '增加巡察组' }).click();
    const team = page.getByRole('dialog', { name: '增加巡察组' });
    await pickOrg(page, team, '巡察组', '市委第二巡察组', '第二巡察');
    await team.getByRole('button', { name: /增\s*加/ }).click();
    await team.getByText('请选择人员').waitFor();
    await chooseOption(page, team, '新巡察组人员1', '王晓燕');
    await team.getByRole('button', { name: /增\s*加/ }).click();
    await page.getByText('组长：王晓燕').waitFor();

    // … and one more target, with its dispatched group.
    await page.getByRole('button', { name: '增加被巡察单位' }).click();
    const target = page.getByRole('dialog', { name: '增加被巡察单位' });
    await pickOrg(page, target, '被巡察单位', '示范市住房和城乡建设局', '住房和城乡');
    await chooseOption(page, target, '派出的巡察组', '市委第一巡察组');
    await pickOrg(page, target, '派驻纪检监察组', '派驻市住建局纪检监察组', '派驻市住建');
    await target.getByRole('button', { name: /增\s*加/ }).click();
    await page.locator('.ant-table-row', { hasText: '示范市住房和城乡建设局' }).getByText('派驻市住建局纪检监察组').waitFor();

    // The list shows the new round.
    await page.goto(`${server.url}/inspection/rounds`);
    const row = page.locator('.ant-table-row', { hasText: '十五届市委第六轮巡察' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('筹备');
    expect(unexpectedErrors(problems.console)).toEqual([]);
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
    expect(unexpectedErrors(problems.console)).toEqual([]);
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
    await chooseOption(page, dialog, '专业领域', '财会');
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
    expect(unexpectedErrors(problems.console)).toEqual([]);
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
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it("officer1 edits an expert's details and declarations; the conflict check then refuses on the new declaration", async () => {
    // Set-up through the API: an expert with no declarations is clear for a task reviewing 陈静.
    const api = await apiAs(server.url, 'officer1');
    const { id } = await api.post<{ id: number }>('/api/collab/experts', { name: '陆文博', employer: '示范天平律师事务所', title: '律师', fields: ['法律'] });
    const task = { expert_id: id, task_type: 'case', title: '审查调查协助', starts_on: '2026-12-01', ends_on: '2026-12-18', subjects: { persons: [{ name: '陈静' }] } };
    expect((await api.post<{ clear: boolean }>('/api/collab/experts/conflict-check', task)).clear).toBe(true);

    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    const patches: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes(`/api/collab/experts/${id}`)) patches.push(r.postData() ?? '');
    });
    await page.goto(`${server.url}/collab/experts`);
    const row = page.locator(`.ant-table-row[data-row-key="${id}"]`);
    const edit = async () => {
      await row.getByRole('button', { name: /编\s*辑/ }).click();
      const dialog = page.getByRole('dialog', { name: '编辑人才信息：陆文博' });
      await dialog.waitFor();
      return dialog;
    };
    const fillChanges = async (dialog: Locator) => {
      await dialog.getByLabel('工作单位').fill('示范公正律师事务所');
      await dialog.getByLabel('职称/职务').fill('一级律师');
      await dialog.getByRole('button', { name: '添加关系' }).click();
      await dialog.getByLabel('关系1名称').fill('陈静');
      await dialog.getByLabel('关系1关系').fill('配偶');
    };

    // The form shows the stored details and checks before sending: a blank employer is not sent.
    let dialog = await edit();
    await expect(dialog.getByLabel('工作单位').inputValue()).resolves.toBe('示范天平律师事务所');
    await expect(dialog.getByLabel('职称/职务').inputValue()).resolves.toBe('律师');
    await dialog.getByLabel('工作单位').fill('');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写工作单位').waitFor();
    expect(patches).toEqual([]);

    // Someone else changes the record meanwhile: the server refuses, its message shows, the dialog stays.
    await fillChanges(dialog);
    const { version } = await api.get<{ version: number }>(`/api/collab/experts/${id}`);
    await updateExpert(server.platform.db, server.platform.cipher, systemActor('另一用户'), null, id, { version, note: '同时修改的备注' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message').getByText('该记录已被他人修改，请刷新后重试').waitFor();
    expect(patches).toHaveLength(1);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Opened again it holds the other change; this time the edit is saved.
    dialog = await edit();
    await expect(dialog.getByLabel('备注').inputValue()).resolves.toBe('同时修改的备注');
    await fillChanges(dialog);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存人才信息').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(patches).toHaveLength(2);
    await row.getByText('示范公正律师事务所').waitFor();
    await row.getByText('一级律师').waitFor();
    await row.getByRole('button', { name: '陆文博' }).click();
    const drawer = page.getByRole('dialog', { name: /陆文博（示范公正律师事务所）/ });
    await drawer.getByText('亲属：陈静（配偶）').waitFor();
    await drawer.getByText('同时修改的备注').waitFor();
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // The conflict check now reads the new declaration: the same task is refused, the reason shown.
    await row.getByRole('button', { name: /选\s*派/ }).click();
    const assign = page.getByRole('dialog', { name: /选派：陆文博（示范公正律师事务所）/ });
    await chooseOption(page, assign, '任务类型', '审查调查');
    await assign.getByLabel('任务名称').fill('审查调查协助');
    await range(page, assign, '2026-12-01', '2026-12-18');
    await assign.getByRole('button', { name: '添加被监督人员' }).click();
    await assign.getByLabel('被监督人员1', { exact: true }).fill('陈静');
    await assign.getByRole('button', { name: '回避审查' }).click();
    const refusal = assign.locator('.ant-alert-error');
    await refusal.getByText('回避审查不通过，不能选派').waitFor();
    await expect(refusal.textContent()).resolves.toContain('被监督人员陈静是陆文博申报的亲属（配偶）');
    await assign.getByRole('button', { name: /取\s*消/ }).click();

    // The edit is audited with the declarations before and after.
    const events = await server.platform.db
      .selectFrom('audit_events')
      .select(['actor_name', 'detail'])
      .where('action', '=', 'collab.expert.update')
      .where('object_id', '=', String(id))
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.actor_name)).toEqual(['另一用户', '李明远(officer1)']);
    expect(events[1].detail).toMatchObject({ before: { employer: '示范天平律师事务所', title: '律师', ties: [] }, after: { employer: '示范公正律师事务所', title: '一级律师', ties: [{ kind: 'relative', name: '陈静', relation: '配偶' }] } });
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });

  it('officer1 links an existing clue, ledger item and decision to a priority-list item and a campaign task', async () => {
    // Set-up through the API: one clue, one ledger item, one decision, a published list and a campaign.
    const api = await apiAs(server.url, 'officer1');
    const today = todayInShanghai();
    const office = await orgId('第一监督检查室');
    const agri = await orgId('示范市农业农村局');
    const clue = await api.post<{ id: number; code: string }>('/api/clues', {
      source_type: 'petition',
      summary: '群众反映示范市农业农村局某科长在惠民惠农补贴发放中优亲厚友。',
      persons: [{ name: '韩立', org_name: '示范市农业农村局', position: '科长', cadre_level: '县管' }],
    });
    const rect = await api.post<{ id: number }>('/api/rectification/items', {
      source_type: 'audit',
      source_ref: '示审报〔2026〕3号',
      title: '惠民惠农补贴发放台账不全',
      description: '惠民惠农补贴发放台账不全',
      responsible_org_id: agri,
      responsible_leader_name: '陈国平',
      supervising_org_id: office,
      measures: '补全台账，逐户核对。',
      assigned_on: addDays(today, -3),
      time_limit_days: 30,
      deadline_basis: 'working_days',
    });
    const decision = await api.post<{ id: number }>('/api/accountability/decisions', {
      target_kind: 'person',
      measure: 'admonish',
      target_org_id: agri,
      person_name: '韩立',
      person_title: '科长',
      cadre_level: '县管',
      party_member: true,
      reason: '惠民惠农补贴发放把关不严。',
      decided_on: addDays(today, -1),
    });
    // (A retried attempt finds the published list and the campaign of the first one.)
    const lists = await api.get<{ items: { id: number }[] }>(`/api/collab/priority-lists?year=2025&org_id=${agri}`);
    const list =
      lists.items[0] ??
      (await api.post<{ id: number }>('/api/collab/priority-lists', {
        year: 2025,
        org_id: agri,
        title: '示范市农业农村局2025年度监督重点清单（关联测试）',
        priorities: [{ content: '惠民惠农补贴发放中的优亲厚友问题' }],
        publish: true,
      }));
    const campaignName = '惠民惠农资金专项整治（关联测试）';
    const campaign =
      (await api.get<{ items: { id: number; name: string }[] }>('/api/collab/campaigns')).items.find((c) => c.name === campaignName) ??
      (await api.post<{ id: number }>('/api/collab/campaigns', {
        name: campaignName,
        kind: 'rectification',
        starts_on: today,
        areas: [{ name: '补贴发放', tasks: [{ content: '补贴发放台账逐户核对', owner_org_id: agri }] }],
      }));

    const { ctx, page } = await pageAs('officer1');
    const problems = watchProblems(page);
    const link = async (row: Locator, type: string | null, id: number, title: string) => {
      await row.getByRole('button', { name: /^关\s*联$/ }).click();
      const dialog = page.getByRole('dialog', { name: `关联成果：${title}` });
      if (type) await chooseOption(page, dialog, '类型', type);
      await dialog.getByLabel('编号（id）').fill(String(id));
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: /关\s*联/ }).click();
      return dialog;
    };

    // The priority-list item: a clue id that does not exist is refused with the server's reason; then
    // the clue and the ledger item are linked and listed with links to their pages.
    await page.goto(`${server.url}/collab/priorities?open=${list.id}`);
    const drawer = page.getByRole('dialog', { name: '示范市农业农村局2025年度监督重点清单（关联测试）' });
    const item = drawer.locator('.ant-table-row', { hasText: '惠民惠农补贴发放中的优亲厚友问题' });
    await item.waitFor();
    const missing = await link(item, null, 999_999, '惠民惠农补贴发放中的优亲厚友问题');
    await page.locator('.ant-message').getByText('线索不存在').waitFor();
    await missing.getByLabel('编号（id）').fill(String(clue.id));
    await missing.locator('.ant-modal-footer').getByRole('button', { name: /关\s*联/ }).click();
    await missing.waitFor({ state: 'hidden' });
    await expect(item.locator(`a[href="/clues/${clue.id}"]`).textContent()).resolves.toMatch(/^线索\d$/);
    await link(item, '整改事项', rect.id, '惠民惠农补贴发放中的优亲厚友问题');
    await expect(item.locator(`a[href="/rectify/items/${rect.id}"]`).textContent()).resolves.toMatch(/^问题\d$/);
    // Counted in the list too.
    const listRow = page.locator('.ant-table-row', { hasText: '示范市农业农村局2025年度监督重点清单（关联测试）' });
    await drawer.locator('.ant-drawer-close').click();
    const linked = await server.platform.db
      .selectFrom('collab_links')
      .innerJoin('collab_priority_items', 'collab_priority_items.id', 'collab_links.owner_id')
      .select('collab_links.object_type')
      .where('collab_links.owner_type', '=', 'priority_item')
      .where('collab_priority_items.list_id', '=', list.id)
      .execute();
    const count = (t: string) => String(linked.filter((l) => l.object_type === t).length);
    await listRow.locator('td').nth(6).getByText(count('clue'), { exact: true }).waitFor();
    await listRow.locator('td').nth(7).getByText(count('rect_item'), { exact: true }).waitFor();

    // The campaign task: the decision, listed and opened from the link.
    await page.goto(`${server.url}/collab/campaigns/${campaign.id}`);
    const taskRow = page.locator('.ant-table-row', { hasText: '补贴发放台账逐户核对' });
    await taskRow.waitFor();
    await link(taskRow, '问责/处分决定', decision.id, '补贴发放台账逐户核对');
    const decisionLink = taskRow.locator(`a[href="/account/decisions?open=${decision.id}"]`);
    await expect(decisionLink.textContent()).resolves.toMatch(/^问责\d$/);
    await decisionLink.click();
    await page.waitForURL(new RegExp(`/account/decisions\\?open=${decision.id}$`));
    await page.getByRole('dialog').getByText('惠民惠农补贴发放把关不严。').first().waitFor();

    // Stored once each.
    const links = await server.platform.db.selectFrom('collab_links').select(['owner_type', 'object_type', 'object_id']).orderBy('id').execute();
    const mine = (l: { object_type: string; object_id: number }) => (l.object_type === 'clue' && l.object_id === clue.id) || (l.object_type === 'rect_item' && l.object_id === rect.id) || (l.object_type === 'account_decision' && l.object_id === decision.id);
    expect(links.filter(mine)).toEqual([
      { owner_type: 'priority_item', object_type: 'clue', object_id: clue.id },
      { owner_type: 'priority_item', object_type: 'rect_item', object_id: rect.id },
      { owner_type: 'campaign_task', object_type: 'account_decision', object_id: decision.id },
    ]);
    expect(unexpectedErrors(problems.console)).toEqual([]);
    await ctx.close();
  });
});
