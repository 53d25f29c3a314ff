/**
 * The talent pool for an expert from outside the platform's organisations (no org) checked only
 * against people and enterprises under review: no organisation is involved at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { loadOrgFacts } from './common.ts';

let w: DemoWorld;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('conflict check without organisations', () => {
  it('loadOrgFacts of no ids is empty', async () => {
    expect((await loadOrgFacts(w.platform.db, [])).size).toBe(0);
  });

  it('refuses the assignment when a declared relative is under review, and assigns otherwise', async () => {
    const officer = await w.as('officer1');
    const e = await officer.post('/api/collab/experts', { name: '沈雅琴', employer: '示范诚信会计师事务所', fields: ['财会'], ties: [{ kind: 'relative', name: '钱多多', relation: '配偶' }] });
    expect(e.status, e.body).toBe(200);
    const task = { expert_id: e.json.id, task_type: 'audit', title: '专项审计', starts_on: '2026-10-08', ends_on: '2026-10-30' };
    const check = await officer.post('/api/collab/experts/conflict-check', { ...task, subjects: { persons: [{ name: '钱多多' }] } });
    expect(check.status, check.body).toBe(200);
    expect(check.json.clear).toBe(false);
    expect(check.json.conflicts.map((c: { reason: string }) => c.reason)).toEqual(['被监督人员钱多多是沈雅琴申报的亲属（配偶）']);
    const refused = await officer.post('/api/collab/assignments', { ...task, subjects: { persons: [{ name: '钱多多' }] } });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('conflict_of_interest');
    expect(refused.json.details.conflicts).toHaveLength(1);
    const ok = await officer.post('/api/collab/assignments', { ...task, subjects: { persons: [{ name: '孙某' }], enterprises: [{ name: '示范市某建设公司' }] } });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.conflict_check.clear).toBe(true);
  });
});

/** A valid 18-digit ID number (GB 11643 check digit) from its first 17 digits. */
function idNumber(first17: string): string {
  const wt = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * wt[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('editing an expert after registration', () => {
  const spouseId = idNumber('11010119850505002');
  const ownId = idNumber('11010119800202003');
  const task = { task_type: 'audit', title: '示范市机关事务管理局专项审计', starts_on: '2026-11-02', ends_on: '2026-11-20' };
  let id = 0;
  let version = 0;
  const audits = () =>
    w.platform.db
      .selectFrom('audit_events')
      .select(['detail', 'actor_name'])
      .where('action', '=', 'collab.expert.update')
      .where('object_id', '=', String(id))
      .orderBy('seq')
      .execute();
  const check = async (subjects: object) => {
    const r = await (await w.as('officer1')).post('/api/collab/experts/conflict-check', { ...task, expert_id: id, subjects });
    expect(r.status, r.body).toBe(200);
    return r.json as { clear: boolean; conflicts: { kind: string; reason: string }[] };
  };

  beforeAll(async () => {
    const officer = await w.as('officer1');
    const e = await officer.post('/api/collab/experts', {
      name: '顾清和',
      employer: '示范明信工程造价咨询有限公司',
      title: '造价工程师',
      fields: ['工程建设'],
      phone: '13912345678',
      ties: [{ kind: 'relative', name: '顾某某', relation: '兄弟' }],
    });
    expect(e.status, e.body).toBe(200);
    id = e.json.id;
    version = (await officer.get(`/api/collab/experts/${id}`)).json.version;
  });

  it('changes name, employer, title, fields, phone, ID number and note; the audit event holds before and after, never the phone or ID number', async () => {
    const officer = await w.as('officer1');
    const r = await officer.patch(`/api/collab/experts/${id}`, {
      version,
      name: ' 顾清河 ',
      employer: '示范正衡工程造价咨询有限公司',
      title: '高级造价工程师',
      fields: ['工程建设', '审计', '审计'],
      phone: '13800001111',
      id_number: ownId,
      note: '2026年10月调入',
    });
    expect(r.status, r.body).toBe(200);
    expect(r.json).toEqual({ version: version + 1, changed: true });
    version = r.json.version;
    const got = (await officer.get(`/api/collab/experts/${id}`)).json;
    expect(got).toMatchObject({ name: '顾清河', employer: '示范正衡工程造价咨询有限公司', title: '高级造价工程师', fields: ['工程建设', '审计'], phone: '138****1111', has_id_number: true, note: '2026年10月调入', version });
    // The ties were not part of this change and are kept.
    expect(got.ties.map((t: { name: string }) => t.name)).toEqual(['顾某某']);
    const stored = await w.platform.db.selectFrom('collab_experts').select(['phone_enc', 'id_number_enc', 'id_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(w.platform.cipher.decrypt(stored.phone_enc!)).toBe('13800001111');
    expect(w.platform.cipher.decrypt(stored.id_number_enc!)).toBe(ownId);
    expect(stored.id_hash).toMatch(/^[0-9a-f]{64}$/);

    const [a] = await audits();
    expect(a.actor_name).toBe('李明远(officer1)');
    const detail = a.detail as { before: Record<string, unknown>; after: Record<string, unknown>; changed_encrypted: string[] };
    expect(detail.before).toEqual({ name: '顾清和', employer: '示范明信工程造价咨询有限公司', title: '造价工程师', fields: ['工程建设'], note: null });
    expect(detail.after).toEqual({ name: '顾清河', employer: '示范正衡工程造价咨询有限公司', title: '高级造价工程师', fields: ['工程建设', '审计'], note: '2026年10月调入' });
    expect(detail.changed_encrypted).toEqual(['phone', 'id_number']);
    const text = JSON.stringify(a.detail);
    for (const secret of ['13800001111', '13912345678', ownId, stored.id_hash!]) expect(text).not.toContain(secret);
  });

  it('a declaration added by editing refuses the assignment at once; removing it clears the check', async () => {
    const officer = await w.as('officer1');
    const before = await officer.get(`/api/collab/experts/${id}`);
    const kept = before.json.ties[0];
    expect(await check({ persons: [{ name: '周某', id_number: spouseId }] })).toMatchObject({ clear: true });

    const add = await officer.patch(`/api/collab/experts/${id}`, {
      version,
      ties: [
        { id: kept.id, kind: 'relative', name: kept.name, relation: kept.relation },
        { kind: 'relative', name: '周丽', relation: '配偶', id_number: spouseId },
        { kind: 'enterprise', name: '示范宏远建设工程有限公司', relation: '配偶持股', uscc: ' 91110000mA01abcd2x ' },
      ],
    });
    expect(add.status, add.body).toBe(200);
    version = add.json.version;
    const got = (await officer.get(`/api/collab/experts/${id}`)).json;
    expect(got.ties.map((t: { kind: string; name: string; has_id_number: boolean; uscc: string | null }) => [t.kind, t.name, t.has_id_number, t.uscc])).toEqual([
      ['relative', '顾某某', false, null],
      ['relative', '周丽', true, null],
      ['enterprise', '示范宏远建设工程有限公司', false, '91110000MA01ABCD2X'],
    ]);
    expect(JSON.stringify(got)).not.toContain(spouseId);

    // The spouse under review under another name is matched by the ID number; the enterprise by its code.
    const hit = await check({ persons: [{ name: '周某', id_number: spouseId }], enterprises: [{ name: '宏远公司', uscc: '91110000MA01ABCD2X' }] });
    expect(hit.clear).toBe(false);
    expect(hit.conflicts.map((c) => c.reason)).toEqual(['被监督人员周某是顾清河申报的亲属（配偶）', '被监督企业“宏远公司”与顾清河有关联（配偶持股）']);
    const refused = await officer.post('/api/collab/assignments', { ...task, expert_id: id, subjects: { persons: [{ name: '周某', id_number: spouseId }] } });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('conflict_of_interest');
    expect(refused.json.message).toBe('不能选派：被监督人员周某是顾清河申报的亲属（配偶）');

    // Editing the relation of a kept tie (by id, no ID number sent) keeps its ID number.
    const spouse = got.ties[1];
    const rel = await officer.patch(`/api/collab/experts/${id}`, { version, ties: [{ id: spouse.id, kind: 'relative', name: '周丽', relation: '妻子' }] });
    expect(rel.status, rel.body).toBe(200);
    version = rel.json.version;
    expect((await check({ persons: [{ name: '周某', id_number: spouseId }] })).conflicts.map((c) => c.reason)).toEqual(['被监督人员周某是顾清河申报的亲属（妻子）']);

    // Removed: the same subjects pass.
    const cleared = await officer.patch(`/api/collab/experts/${id}`, { version, ties: [] });
    expect(cleared.status, cleared.body).toBe(200);
    version = cleared.json.version;
    expect(await check({ persons: [{ name: '周某', id_number: spouseId }], enterprises: [{ name: '宏远公司', uscc: '91110000MA01ABCD2X' }] })).toMatchObject({ clear: true, conflicts: [] });

    // The ties' audit trail: before and after, without ID numbers or their hashes.
    const trail = await audits();
    const tieEvents = trail.map((a) => a.detail as { before: { ties?: unknown[] }; after: { ties?: { name: string; has_id_number: boolean }[] } }).filter((d) => d.after.ties);
    expect(tieEvents.map((d) => d.after.ties!.map((t) => `${t.name}${t.has_id_number ? '（身份证号）' : ''}`))).toEqual([['顾某某', '周丽（身份证号）', '示范宏远建设工程有限公司'], ['周丽（身份证号）'], []]);
    expect(tieEvents[2].before.ties).toEqual([{ kind: 'relative', name: '周丽', relation: '妻子', uscc: null, has_id_number: true }]);
    expect(JSON.stringify(trail)).not.toContain(spouseId);
  });

  it('a new employer or platform unit is what the own-unit check compares with', async () => {
    const officer = await w.as('officer1');
    const unit = w.demo.orgs.get('示范市财政局')!;
    expect(await check({ org_ids: [unit] })).toMatchObject({ clear: true });
    const r = await officer.patch(`/api/collab/experts/${id}`, { version, org_id: unit, employer: '示范市财政局' });
    expect(r.status, r.body).toBe(200);
    version = r.json.version;
    const hit = await check({ org_ids: [unit] });
    expect(hit.conflicts.map((c) => c.kind)).toEqual(['own_unit']);
    const back = await officer.patch(`/api/collab/experts/${id}`, { version, org_id: null, employer: '示范正衡工程造价咨询有限公司' });
    expect(back.status, back.body).toBe(200);
    version = back.json.version;
    expect(await check({ org_ids: [unit] })).toMatchObject({ clear: true });
  });

  it('clears phone and ID number with null; an unchanged submission is not a new version', async () => {
    const officer = await w.as('officer1');
    const r = await officer.patch(`/api/collab/experts/${id}`, { version, phone: null, id_number: '' });
    expect(r.status, r.body).toBe(200);
    version = r.json.version;
    const got = (await officer.get(`/api/collab/experts/${id}`)).json;
    expect([got.phone, got.has_id_number]).toEqual([null, false]);
    const n = (await audits()).length;
    const same = await officer.patch(`/api/collab/experts/${id}`, { version, name: '顾清河', fields: ['审计', '工程建设'].reverse(), phone: null, availability: 'available' });
    expect(same.status, same.body).toBe(200);
    expect(same.json).toEqual({ version, changed: false });
    expect(await audits()).toHaveLength(n);
  });

  it('refuses bad input in Chinese and English, a stale version, a duplicate ID number and a reader', async () => {
    const officer = await w.as('officer1');
    const bad = async (body: object, status: number, code: string, message: string | RegExp) => {
      const r = await officer.patch(`/api/collab/experts/${id}`, { version, ...body });
      expect(r.status, r.body).toBe(status);
      expect(r.json.code).toBe(code);
      expect(r.json.message).toMatch(message);
      expect(r.json.message_en).toMatch(/^[\x20-\x7e]+$/);
      return r;
    };
    await bad({ name: '  ' }, 400, 'bad_input', '请填写姓名');
    await bad({ employer: '' }, 400, 'bad_input', '请填写工作单位');
    await bad({ fields: [] }, 400, 'bad_input', '请至少选择一个专业领域');
    await bad({ ties: [{ kind: 'relative', name: ' ' }] }, 400, 'bad_input', '请填写关系人/企业名称');
    await bad({}, 400, 'bad_input', '没有要修改的内容');
    await bad({ org_id: 999_999 }, 404, 'not_found', '单位（999999）不存在');
    await bad({ fields: ['占卜'] }, 400, 'validation', /^请求参数不合法/);
    await bad({ version: version - 1, title: '正高级工程师' }, 409, 'conflict', '该记录已被他人修改，请刷新后重试');

    // Another expert's tie cannot be claimed; another expert's ID number cannot be taken.
    const otherId = idNumber('11010119700303004');
    const other = await officer.post('/api/collab/experts', { name: '林晓', employer: '示范律师事务所', fields: ['法律'], id_number: otherId, ties: [{ kind: 'relative', name: '林某', id_number: spouseId }] });
    expect(other.status, other.body).toBe(200);
    const otherTie = (await officer.get(`/api/collab/experts/${other.json.id}`)).json.ties[0].id;
    await bad({ ties: [{ id: otherTie, kind: 'relative', name: '林某' }] }, 400, 'bad_input', /不是该人员的申报关系/);
    await bad({ id_number: otherId }, 409, 'duplicate', '该身份证号已登记为人才库中的另一人员');

    // Nothing of the refused requests was stored.
    const got = (await officer.get(`/api/collab/experts/${id}`)).json;
    expect(got).toMatchObject({ version, name: '顾清河', title: '高级造价工程师', has_id_number: false, ties: [] });

    // collab:read is not enough (委领导), nor is no collaboration permission at all (巡察组).
    expect((await (await w.as('leader')).patch(`/api/collab/experts/${id}`, { version, title: '正高级工程师' })).status).toBe(403);
    expect((await (await w.as('inspector1')).patch(`/api/collab/experts/${id}`, { version, title: '正高级工程师' })).status).toBe(403);
    const missing = await officer.patch('/api/collab/experts/999999', { version: 1, title: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('人才库人员不存在');
  });
});
