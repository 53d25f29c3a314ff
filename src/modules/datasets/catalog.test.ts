import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { DATASET_NAMES, DATASETS, getDataset, REJECTING_TYPES, SQL_TYPES, sqlType, tableName } from './catalog.ts';

/** The spec's table "Required values" (DATASETS.md), transcribed. */
const SPEC_REQUIRED: Record<string, string[]> = {
  persons: ['id_number', 'name'],
  relations: ['id_number', 'relative_id_number', 'relation'],
  deaths: ['id_number', 'death_date'],
  subsidies: ['payment_id', 'program', 'id_number', 'amount', 'paid_on'],
  enterprises: ['uscc', 'name'],
  shareholders: ['uscc', 'id_number'],
  tenders: ['tender_id', 'buyer'],
  bids: ['tender_id', 'bidder_uscc'],
  vouchers: ['redemption_id', 'merchant_id', 'redeemed_at'],
  vehicles: ['plate'],
  trips: ['trip_id', 'plate', 'start_at'],
  fuel: ['txn_id', 'plate', 'fueled_at', 'liters'],
  receptions: ['reception_id', 'org', 'date', 'guests', 'hosts', 'amount'],
  grain: ['purchase_id', 'id_number', 'quantity_jin', 'purchased_on'],
  land: ['id_number', 'area_mu'],
  hotline: ['order_id', 'received_at', 'content'],
};

/** Key columns (★) and a few headers from the spec, transcribed. */
const SPEC_KEYS: Record<string, string[]> = {
  persons: ['id_number'],
  relations: ['id_number', 'relative_id_number'],
  deaths: ['id_number'],
  subsidies: ['payment_id'],
  enterprises: ['uscc'],
  shareholders: ['uscc', 'id_number'],
  tenders: ['tender_id'],
  bids: ['tender_id', 'bidder_uscc'],
  vouchers: ['redemption_id'],
  vehicles: ['plate'],
  trips: ['trip_id'],
  fuel: ['txn_id'],
  receptions: ['reception_id'],
  grain: ['purchase_id'],
  land: ['id_number'],
  hotline: ['order_id'],
};

describe('catalog', () => {
  it('has the 16 datasets of the spec, with its required and key columns', () => {
    expect(DATASET_NAMES).toEqual(Object.keys(SPEC_REQUIRED));
    for (const d of DATASETS) {
      expect(d.required, d.name).toEqual(SPEC_REQUIRED[d.name]);
      expect(d.key, d.name).toEqual(SPEC_KEYS[d.name]);
      expect(d.columns.filter((c) => c.required).map((c) => c.key)).toEqual(
        d.columns.map((c) => c.key).filter((k) => SPEC_REQUIRED[d.name].includes(k)),
      );
      for (const k of d.key) expect(d.required).toContain(k); // keys are always required
    }
  });

  it('uses the spec’s Chinese headers', () => {
    const header = (ds: string) => getDataset(ds).columns.map((c) => `${c.name}=${c.key}`);
    expect(header('subsidies')).toEqual([
      '发放编号=payment_id',
      '项目名称=program',
      '身份证号=id_number',
      '姓名=name',
      '金额=amount',
      '发放日期=paid_on',
      '乡镇=town',
      '村居=village',
    ]);
    expect(header('bids')).toEqual([
      '项目编号=tender_id',
      '投标单位信用代码=bidder_uscc',
      '投标单位=bidder_name',
      '投标报价=price',
      '联系电话=phone',
      '投标文件MAC=mac',
      '投标IP=ip',
    ]);
    expect(getDataset('hotline').columns).toHaveLength(15);
    expect(getDataset('receptions').columns.find((c) => c.key === 'letter')).toMatchObject({ name: '公函', type: 'bool' });
  });

  it('names and keys are unique within each dataset and keys are SQL-safe', () => {
    for (const d of DATASETS) {
      const keys = d.columns.map((c) => c.key);
      const names = d.columns.map((c) => c.name);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(names).size).toBe(names.length);
      for (const k of keys) expect(k).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(d.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('types map to SQL types; typed values are the rejecting ones', () => {
    expect(sqlType('amount')).toBe('numeric(18,2)');
    expect(sqlType('datetime')).toBe('timestamptz');
    expect(sqlType('date')).toBe('date');
    expect(sqlType('number')).toBe('numeric');
    expect(sqlType('integer')).toBe('integer');
    expect(sqlType('bool')).toBe('boolean');
    expect(sqlType('id_number')).toBe('text');
    expect(Object.keys(SQL_TYPES)).toHaveLength(14);
    expect([...REJECTING_TYPES].sort()).toEqual(['amount', 'bool', 'date', 'datetime', 'integer', 'number']);
    expect(tableName('persons')).toBe('ds_persons');
  });

  it('an unknown dataset is a bilingual AppError', () => {
    expect(() => getDataset('people')).toThrow(AppError);
    expect(() => getDataset('people')).toThrow(/未知的数据集/);
  });
});
