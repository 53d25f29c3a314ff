import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { sendTransfer } from '../transfers/transfers.service.ts';
import { TODO_PROVIDERS } from './providers.ts';
import { type TodoProvider, myTodos } from './todo.service.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
});
afterAll(() => w?.close());

const kinds = (r: { json: { items: { kind: string }[] } }) => r.json.items.map((i) => i.kind);

describe('我的待办', () => {
  it('gathers transfers to acknowledge, clues to dispose of and to approve, and overdue items', async () => {
    const officer1 = await w.as('officer1');
    const leader = await w.as('leader');
    const casemgr = await w.as('casemgr');
    const auditor = await w.as('auditor');
    const reg = await officer1.post('/api/clues', { source_type: 'self', summary: '自行发现的问题', persons: [{ name: '某甲', cadre_level: '乡管' }] });
    expect((await officer1.get('/api/todo')).json.items).toEqual([expect.objectContaining({ kind: 'clue.dispose', objectId: reg.json.id, link: `/clues/${reg.json.id}` })]);
    expect(kinds(await leader.get('/api/todo'))).toEqual([]);
    await officer1.post(`/api/clues/${reg.json.id}/propose`, { method: 'conclude', reason: '反映不实', approver_id: w.demo.users.get('leader'), version: 1 });
    expect(kinds(await leader.get('/api/todo'))).toEqual(['clue.approve']);
    expect(kinds(await officer1.get('/api/todo'))).toEqual([]);

    const t = await sendTransfer(w.platform.db, systemActor('test'), (await loadAccessContext(w.platform.db, w.demo.users.get('auditor')!))!, {
      receiverOrgId: w.demo.orgs.get('案件监督管理室')!,
      objectType: 'problem',
      title: '逾期未签收的移交',
      items: [{ title: '问题', snapshot: { text: '…' } }],
      sentOn: '2025-03-03',
    });
    const cm = (await casemgr.get('/api/todo')).json;
    expect(cm.items[0]).toMatchObject({ kind: 'transfer.acknowledge', objectId: t.id, due: '2025-03-06', overdue: true });
    expect(cm).toMatchObject({ counts: { 'transfer.acknowledge': 1, 'transfer.feedback': 0 }, overdue: 1 });
    expect(kinds(await auditor.get('/api/todo'))).toEqual(['transfer.sent_overdue']);
    // need-to-know holds here too: another office's officer sees none of it
    expect(kinds(await (await w.as('officer2')).get('/api/todo'))).toEqual([]);
  });

  it('is a list of providers others can extend, each asked only with its permission', async () => {
    const extra: TodoProvider = {
      kind: 'rect.verify',
      label: '整改待核验',
      permission: 'rectify:verify',
      list: async () => [{ title: '整改事项', link: '/rect/1', objectType: 'rect', objectId: 1, due: '2000-01-01' }],
    };
    const officer = (await loadAccessContext(w.platform.db, w.demo.users.get('officer2')!))!;
    const leader = (await loadAccessContext(w.platform.db, w.demo.users.get('leader')!))!;
    const r = await myTodos(w.platform.db, officer, '2025-06-01', [...TODO_PROVIDERS, extra]);
    expect(r.items).toEqual([expect.objectContaining({ kind: 'rect.verify', kind_label: '整改待核验', overdue: true })]);
    expect((await myTodos(w.platform.db, leader, '2025-06-01', [...TODO_PROVIDERS, extra])).counts).not.toHaveProperty('rect.verify');
  });

  it('answers 401 without login and 403 without todo:view', async () => {
    expect((await request(w.app, 'GET', '/api/todo')).status).toBe(401);
    expect((await (await w.as('sysadmin')).get('/api/todo')).status).toBe(403);
  });
});
