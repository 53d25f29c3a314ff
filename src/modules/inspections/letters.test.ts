/**
 * Recommendation letters: drafted, issued as a GB/T 9704 Word document (checked by unzipping it),
 * numbered per issuer prefix and year, tracked until the recipient answers (deadline in working
 * days, overdue, late), sent back and closed; who may do what; an audit event per change.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { addDays, todayInShanghai } from '../../platform/calendar/dates.ts';
import { GBT9704, mmToTwip } from '../../platform/docs/official.ts';
import { changePhase, createRound } from './inspections.service.ts';

let w: DemoWorld;
const org = (name: string) => w.demo.orgs.get(name)!;
const uid = (name: string) => w.demo.users.get(name)!;
const today = todayInShanghai();
const year = Number(today.slice(0, 4));
let targetId = 0;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  const sys = systemActor('test');
  const r = await createRound(w.platform.db, sys, null, {
    name: '十五届市委第六轮巡察',
    term: '十五届市委',
    roundNo: 6,
    organizerOrgId: org('市委巡察办'),
    startsOn: addDays(today, -80),
    endsOn: addDays(today, 10),
    teams: [{ orgId: org('市委第一巡察组'), members: [{ userId: uid('inspector1'), role: 'leader' }] }],
    targets: [{ orgId: org('示范市农业农村局'), teamOrgId: org('市委第一巡察组'), supervisingOrgId: org('派驻市农业农村局纪检监察组'), partyOrgName: '中共示范市农业农村局党组' }],
  });
  let v = 1;
  for (const event of ['prepare', 'station'] as const) v = (await changePhase(w.platform.db, sys, null, r.id, { version: v, event })).version;
  targetId = (await w.platform.db.selectFrom('insp_targets').select('id').where('round_id', '=', r.id).executeTakeFirstOrThrow()).id;
});
afterAll(() => w?.close());

const letterBody = (over: Record<string, unknown> = {}) => ({
  kind: 'inspection',
  target_id: targetId,
  issuer_mark: '中共示范市委巡察工作领导小组办公室',
  subject: '加强惠民惠农资金监管',
  intro: '根据市委统一部署，市委第一巡察组对你局党组开展了常规巡察。巡察中发现以下问题，现提出如下建议。',
  problems: ['惠农补贴资金审核把关不严，存在重复发放情况。', '补贴资金长期滞留专户，未及时拨付到户。'],
  recommendations: ['建立补贴资金发放交叉比对机制。', '开展补贴资金专项清理，限期拨付到户。'],
  cc: ['市纪委监委', '市委巡察办'],
  answer_days: 20,
  ...over,
});

async function unzip(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const read = (n: string) => zip.file(n)!.async('string');
  return { zip, read, names: Object.keys(zip.files) };
}
const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('recommendation letters', () => {
  let id = 0;
  let version = 0;
  let number = '';

  it('drafts a 巡察建议书 for a target (inspection staff only) and previews it', async () => {
    const inspector = await w.as('inspector1');
    expect((await request(w.app, 'POST', '/api/inspections/letters', letterBody())).status).toBe(401);
    expect((await (await w.as('agri')).post('/api/inspections/letters', letterBody())).status).toBe(404); // the unit cannot see the round
    const r = await inspector.post('/api/inspections/letters', letterBody());
    expect(r.status, r.body).toBe(200);
    id = r.json.id;
    const got = await inspector.get(`/api/inspections/letters/${id}`);
    expect(got.json).toMatchObject({ status: 'draft', title: '关于加强惠民惠农资金监管的巡察建议书', recipient_name: '中共示范市农业农村局党组', doc_number: null, actions: ['issue'] });
    version = got.json.version;
    // The recipient sees the letter but can neither preview the draft nor issue it.
    const agri = await w.as('agri');
    expect((await agri.get(`/api/inspections/letters/${id}/preview`)).status).toBe(403);
    expect((await agri.post(`/api/inspections/letters/${id}/issue`, { version })).status).toBe(403);
    const pv = await inspector.get(`/api/inspections/letters/${id}/preview`);
    expect(pv.status).toBe(200);
    expect(pv.headers['content-type']).toContain('wordprocessingml');
  });

  it('issues it as a GB/T 9704 document: 发文字号, title, 仿宋 body, page-number footer, A4', async () => {
    const inspector = await w.as('inspector1');
    const issuedOn = addDays(today, -60);
    const r = await inspector.post(`/api/inspections/letters/${id}/issue`, { version, issued_on: issuedOn });
    expect(r.status, r.body).toBe(200);
    number = r.json.doc_number;
    expect(number).toBe(`示巡建〔${issuedOn.slice(0, 4)}〕1号`);
    expect(r.json.deadline > issuedOn).toBe(true);
    version = r.json.version;
    // The recipient downloads the kept copy.
    const agri = await w.as('agri');
    const dl = await request(w.app, 'GET', `/api/inspections/letters/${id}/docx`, undefined, { cookie: agri.cookie });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(String(dl.headers['content-disposition'])).toContain(encodeURIComponent(number));
    const buf = (await w.app.inject({ method: 'GET', url: `/api/inspections/letters/${id}/docx`, headers: { cookie: agri.cookie } })).rawPayload;
    const { read, names } = await unzip(buf);
    const doc = await read('word/document.xml');
    const all = texts(doc);
    expect(all).toContain('中共示范市委巡察工作领导小组办公室');
    expect(all).toContain(number);
    expect(all.indexOf(number)).toBeLessThan(all.indexOf('关于加强惠民惠农资金监管的巡察建议书'));
    expect(all).toContain('中共示范市农业农村局党组：');
    expect(all).toContain('一、发现的主要问题');
    expect(all).toContain('（二）补贴资金长期滞留专户');
    expect(all).toContain(`于${Number(r.json.deadline.slice(0, 4))}年${Number(r.json.deadline.slice(5, 7))}月${Number(r.json.deadline.slice(8, 10))}日前将落实情况书面反馈市委第一巡察组`);
    expect(all).toContain('抄送：市纪委监委，市委巡察办。');
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toMatch(/<w:color w:val="FF0000"\/>/);
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toContain(`w:top="${mmToTwip(GBT9704.marginMm.top)}"`);
    expect(doc).toContain(`w:left="${mmToTwip(GBT9704.marginMm.left)}"`);
    const footers = names.filter((n) => /^word\/footer\d+\.xml$/.test(n));
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      const x = await read(f);
      expect(x).toMatch(/PAGE/);
      expect(texts(x)).toMatch(/^— .* —$/);
    }
    // Issued once; the next letter of the same prefix and year gets the next number.
    expect((await inspector.post(`/api/inspections/letters/${id}/issue`, { version })).status).toBe(409);
    const second = await inspector.post('/api/inspections/letters', letterBody({ subject: '规范“三重一大”决策' }));
    const s2 = await inspector.post(`/api/inspections/letters/${second.json.id}/issue`, { version: 1, issued_on: issuedOn });
    expect(s2.json.doc_number).toBe(number.replace('1号', '2号'));
  });

  it('tracks it until the recipient answers: overdue, late answer, sent back, closed', async () => {
    const inspector = await w.as('inspector1');
    const agri = await w.as('agri');
    // 60 days after issue, the 20 working days have passed: overdue.
    const inbox = await agri.get('/api/inspections/letters?box=received');
    const mine = inbox.json.items.find((l: { id: number }) => l.id === id);
    expect(mine).toMatchObject({ status: 'issued', overdue: true, doc_number: number });
    const todo = await agri.get('/api/todo');
    expect(todo.json.items).toContainEqual(expect.objectContaining({ kind: 'inspection.letter.answer', objectId: id, overdue: true }));
    const overdue = await inspector.get('/api/inspections/letters?overdue=true&box=issued');
    expect(overdue.json.items.map((l: { id: number }) => l.id)).toContain(id);
    // Only the recipient answers.
    expect((await inspector.post(`/api/inspections/letters/${id}/answer`, { version, answer: 'x' })).status).toBe(403);
    expect((await (await w.as('officer2')).post(`/api/inspections/letters/${id}/answer`, { version, answer: 'x' })).status).toBe(404);
    const a1 = await agri.post(`/api/inspections/letters/${id}/answer`, { version, answer: '已开展补贴资金专项清理。' });
    expect(a1.status, a1.body).toBe(200);
    const ret = await inspector.post(`/api/inspections/letters/${id}/return`, { version: a1.json.version, opinion: '未说明滞留资金拨付进度，请补充' });
    expect(ret.status).toBe(200);
    expect(ret.json.status).toBe('issued');
    const a2 = await agri.post(`/api/inspections/letters/${id}/answer`, { version: ret.json.version, answer: '已开展专项清理，滞留资金1200万元已全部拨付到户，并建立交叉比对机制。' });
    expect(a2.status).toBe(200);
    const got = await inspector.get(`/api/inspections/letters/${id}`);
    expect(got.json).toMatchObject({ status: 'answered', answered_late: true, overdue: false, actions: ['return', 'close'] });
    expect((await agri.post(`/api/inspections/letters/${id}/close`, { version: a2.json.version, opinion: 'x' })).status).toBe(403);
    const c = await inspector.post(`/api/inspections/letters/${id}/close`, { version: a2.json.version, opinion: '落实到位，予以办结' });
    expect(c.json.status).toBe('closed');
    const issuerInbox = await inspector.get('/api/notifications');
    expect(issuerInbox.json.items.some((n: { kind: string }) => n.kind === 'inspection.letter.answer')).toBe(true);
  });

  it('纪检监察建议书: issued by a commission office (not by inspectors), numbered 示纪建', async () => {
    const body = {
      kind: 'discipline',
      recipient_org_id: org('示范市住房和城乡建设局'),
      recipient_name: '中共示范市住房和城乡建设局党组',
      issuer_mark: '中共示范市纪律检查委员会',
      subject: '加强老旧小区改造工程质量监管',
      intro: '我委在查办案件中发现，你局在老旧小区改造工程监管中存在以下问题。',
      problems: ['工程质量监管流于形式。'],
      recommendations: ['开展工程质量专项检查。'],
    };
    expect((await (await w.as('inspector1')).post('/api/inspections/letters', body)).status).toBe(403);
    const officer = await w.as('officer1');
    const r = await officer.post('/api/inspections/letters', body);
    expect(r.status, r.body).toBe(200);
    const i = await officer.post(`/api/inspections/letters/${r.json.id}/issue`, { version: 1 });
    expect(i.status, i.body).toBe(200);
    expect(i.json.doc_number).toBe(`示纪建〔${year}〕1号`);
    const dl = await w.app.inject({ method: 'GET', url: `/api/inspections/letters/${r.json.id}/docx`, headers: { cookie: officer.cookie } });
    const { read } = await unzip(dl.rawPayload);
    const all = texts(await read('word/document.xml'));
    expect(all).toContain(`示纪建〔${year}〕1号`);
    expect(all).toContain('关于加强老旧小区改造工程质量监管的纪检监察建议书');
    // Another unit cannot see it.
    expect((await (await w.as('agri')).get(`/api/inspections/letters/${r.json.id}`)).status).toBe(404);
    const audit = await w.platform.db.selectFrom('audit_events').select('action').where('object_type', '=', 'insp_letter').where('object_id', '=', String(id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action).filter((a) => !a.endsWith('.read') && !a.endsWith('.download'))).toEqual([
      'inspection.letter.create',
      'inspection.letter.issue',
      'inspection.letter.answer',
      'inspection.letter.return',
      'inspection.letter.answer',
      'inspection.letter.close',
    ]);
  });
});
