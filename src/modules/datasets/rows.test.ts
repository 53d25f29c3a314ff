import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { wallClock } from '../../platform/files/cells.ts';
import { getDataset } from './catalog.ts';
import { mapHeader, REQUIRED_EMPTY, validateRow } from './rows.ts';

const catchError = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
};

describe('mapHeader', () => {
  it('matches Chinese names and English keys in any order, case-insensitive, trimmed', () => {
    const map = mapHeader('persons', ['  NAME ', '\ufeff身份证号', 'Org', '★职务', '备注', '']);
    expect(map.columns.map((c) => [c.column.key, c.index])).toEqual([
      ['id_number', 1],
      ['name', 0],
      ['org', 2],
      ['position', 3],
      ['category', -1],
      ['status', -1],
    ]);
    expect(map.extras).toEqual([
      { index: 4, name: '备注' },
      { index: 5, name: '列6' },
    ]);
    expect(map.absent).toEqual(['category', 'status']);
  });

  it('"投标文件MAC" matches whatever the case of its Latin letters', () => {
    const map = mapHeader('bids', ['项目编号', '投标单位信用代码', '投标文件mac', '投标ip']);
    expect(map.columns.find((c) => c.column.key === 'mac')?.index).toBe(2);
    expect(map.columns.find((c) => c.column.key === 'ip')?.index).toBe(3);
  });

  it('a missing required column fails the whole file, naming the column in Chinese and English', () => {
    const err = catchError(() => mapHeader('subsidies', ['发放编号', '项目名称', '身份证号', '金额']));
    expect(err.code).toBe('missing_column');
    expect(err.message).toContain('发放日期（paid_on）');
    expect(err.messageEn).toContain('paid_on (发放日期)');
    expect(err.details).toMatchObject({ missing: ['paid_on'] });
  });

  it('two columns naming the same field are refused; repeated unknown headers get a suffix', () => {
    expect(catchError(() => mapHeader('persons', ['身份证号', 'id_number', '姓名'])).code).toBe('duplicate_column');
    const map = mapHeader('persons', ['身份证号', '姓名', '备注', '备注']);
    expect(map.extras.map((e) => e.name)).toEqual(['备注', '备注_2']);
  });
});

describe('validateRow', () => {
  const subsidies = mapHeader('subsidies', ['发放编号', '项目名称', '身份证号', '姓名', '金额', '发放日期', '乡镇', '村居', '备注']);

  it('normalises every column and keeps unknown columns as extra', () => {
    const r = validateRow(subsidies, ['FF001', '城乡低保', '110105491231002', ' 张三 ', '1,234.5元', '2024/3/5', '示范镇', '', '补发']);
    expect(r).toEqual({
      ok: true,
      values: {
        payment_id: 'FF001',
        program: '城乡低保',
        id_number: '11010519491231002X',
        name: '张三',
        amount: '1234.50',
        paid_on: '2024-03-05',
        town: '示范镇',
        village: null,
      },
      extra: { 备注: '补发' },
      invalidIds: 0,
      invalid: [],
    });
  });

  it('rejects empty required values and unparseable typed values, reporting every column', () => {
    const r = validateRow(subsidies, ['FF002', '  ', '110105491231002', '李四', 'abc', '2024-13-01', '', '', '']);
    expect(r).toEqual({
      ok: false,
      errors: [
        { column: 'program', reason: REQUIRED_EMPTY },
        { column: 'amount', reason: '无法解析的金额 / unparseable amount: abc' },
        { column: 'paid_on', reason: '无法解析的日期 / unparseable date: 2024-13-01' },
      ],
    });
  });

  it('a wrong check digit is kept and counted, not rejected', () => {
    const r = validateRow(subsidies, ['FF003', '高龄津贴', '110105194912310021', '王五', '100', '2024-03-05']);
    expect(r).toMatchObject({ ok: true, invalidIds: 1, invalid: ['id_number'] });
    if (r.ok) expect(r.values.id_number).toBe('110105194912310021');
  });

  it('optional typed values: empty → null, garbage → rejected; enums kept as written', () => {
    const trips = mapHeader('trips', ['出车编号', '车牌号', '出车时间', '收车时间', '里程', '是否审批']);
    expect(validateRow(trips, ['T1', '鲁A·12345', '2024-03-15 08:00', '', '', ''])).toMatchObject({
      ok: true,
      values: { trip_id: 'T1', plate: '鲁A12345', start_at: '2024-03-15T08:00:00+08:00', end_at: null, km: null, approved: null },
    });
    expect(validateRow(trips, ['T2', '鲁A12345', '2024-03-15 08:00', '', '12公里', '也许'])).toEqual({
      ok: false,
      errors: [
        { column: 'km', reason: '无法解析的数值 / unparseable number: 12公里' },
        { column: 'approved', reason: '无法解析的是/否值 / unparseable yes/no value: 也许' },
      ],
    });
    const persons = mapHeader('persons', ['身份证号', '姓名', '人员类别']);
    const r = validateRow(persons, ['11010519491231002X', '赵六', '乡镇聘用人员']);
    expect(r).toMatchObject({ ok: true, values: { category: '乡镇聘用人员', status: null } });
  });

  it('phones that are not phones are kept and listed as invalid, but are not ID errors', () => {
    const ent = mapHeader('enterprises', ['统一社会信用代码', '企业名称', '联系电话']);
    const r = validateRow(ent, ['91350100M000100Y43', '示范公司', '不详']);
    expect(r).toMatchObject({ ok: true, invalidIds: 0, invalid: ['phone'], values: { phone: '不详' } });
  });

  it('XLSX cell values (numbers, dates, booleans) and cells beyond the header', () => {
    const rec = mapHeader('receptions', ['接待编号', '接待单位', '接待日期', '接待对象人数', '陪同人数', '金额', '含酒水', '公函']);
    const r = validateRow(rec, [20240001, '示范县财政局', wallClock(2024, 3, 15), 5, 3, 1280.5, false, '有', '多出一列']);
    expect(r).toEqual({
      ok: true,
      values: {
        reception_id: '20240001',
        org: '示范县财政局',
        date: '2024-03-15',
        guests: 5,
        hosts: 3,
        amount: '1280.50',
        alcohol: false,
        letter: true,
      },
      extra: { 列9: '多出一列' },
      invalidIds: 0,
      invalid: [],
    });
  });

  it('values always contain every column of the dataset, in catalog order', () => {
    const map = mapHeader('hotline', ['content', 'order_id', 'received_at']);
    const r = validateRow(map, ['路灯不亮', 'GD001', '2024-03-15 09:00']);
    expect(r.ok && Object.keys(r.values)).toEqual(getDataset('hotline').columns.map((c) => c.key));
  });
});
