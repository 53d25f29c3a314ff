/**
 * OCDS compiled releases (JSON Lines, one release a line) as rows of the `tenders` and `bids`
 * datasets, so procurement data published in the Open Contracting Data Standard runs through the
 * same import (validation, rejects, lineage: the row number is the line number) and the same
 * models M04–M06 as the e-bidding system's CSV files.
 *
 * Mapping:
 * - tenders: ocid → 项目编号; tender.title; buyer.name (or the party with role "buyer");
 *   tender.procurementMethodDetails when it already names a Chinese method, else
 *   tender.procurementMethod (open → 公开招标, selective → 邀请招标, limited → 竞争性谈判,
 *   direct → 直接采购); tender.value.amount; tender.tenderPeriod.startDate (else tender.datePublished,
 *   else the release date); the first active award: its first supplier's USCC, value, date.
 * - bids: one row per tenderer of each bids.details entry (the OCDS bid extension): ocid, the
 *   tenderer's USCC and name, the bid's value. Phone, MAC and IP are not part of OCDS: empty.
 *
 * A USCC is taken from `identifier.id` of the organisation's party entry when its scheme is
 * CN-USCC (or the id is 18 characters of the USCC alphabet), else from the organisation
 * reference's id with a `CN-USCC-` prefix removed; the import then validates it like any other.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { AppError } from '../../platform/errors.ts';
import type { TableRow } from '../../platform/files/table.ts';
import { getArray, getNumber, getObject, getString, isObject } from '../models/cardinal/ocds.ts';
import type { JsonObject } from '../models/cardinal/types.ts';
import { getDataset } from './catalog.ts';
import type { ImportSource } from './source.ts';

export const OCDS_DATASETS = ['tenders', 'bids'] as const;

const METHODS: Record<string, string> = { open: '公开招标', selective: '邀请招标', limited: '竞争性谈判', direct: '直接采购' };
/** The spec's methods (the `tenders.method` enum of the catalogue). */
const CHINESE_METHODS = new Set(getDataset('tenders').columns.find((c) => c.key === 'method')?.values ?? []);
const USCC_LIKE = /^[0-9A-HJ-NPQRTUWXY]{18}$/i;

type Row = Record<string, string>;

const amount = (v: unknown) => {
  const n = getNumber(getObject(v, 'value'), 'amount');
  return n === undefined ? '' : String(n);
};
/** The date part of an RFC 3339 timestamp (OCDS dates carry a time and offset). */
const dateOf = (s: string | undefined) => (s ? s.slice(0, 10) : '');

function partiesById(release: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const p of getArray(release, 'parties') ?? []) {
    const id = getString(p, 'id');
    if (id !== undefined && isObject(p)) out.set(id, p);
  }
  return out;
}

function usccOf(org: unknown, parties: Map<string, JsonObject>): string {
  const id = getString(org, 'id') ?? '';
  const identifier = getObject(parties.get(id), 'identifier');
  const ident = getString(identifier, 'id');
  if (ident && (getString(identifier, 'scheme') === 'CN-USCC' || USCC_LIKE.test(ident))) return ident;
  return id.replace(/^CN-USCC-/i, '');
}

function methodOf(tender: JsonObject | undefined): string {
  const details = getString(tender, 'procurementMethodDetails')?.trim();
  if (details && CHINESE_METHODS.has(details)) return details;
  const code = getString(tender, 'procurementMethod');
  return code ? (METHODS[code] ?? code) : '';
}

export function tenderRowOf(release: JsonObject): Row {
  const tender = getObject(release, 'tender');
  const parties = partiesById(release);
  const buyerParty = [...parties.values()].find((p) => (getArray(p, 'roles') ?? []).includes('buyer'));
  const awards = (getArray(release, 'awards') ?? []).filter(isObject);
  const award = awards.find((a) => getString(a, 'status') === 'active') ?? awards[0];
  const supplier = getArray(award, 'suppliers')?.[0];
  return {
    tender_id: getString(release, 'ocid') ?? '',
    title: getString(tender, 'title') ?? '',
    buyer: getString(getObject(release, 'buyer'), 'name') ?? getString(buyerParty, 'name') ?? '',
    method: methodOf(tender),
    budget: amount(tender),
    published_on: dateOf(getString(getObject(tender, 'tenderPeriod'), 'startDate') ?? getString(tender, 'datePublished') ?? getString(release, 'date')),
    winner_uscc: supplier ? usccOf(supplier, parties) : '',
    award_amount: award ? amount(award) : '',
    awarded_on: dateOf(getString(award, 'date')),
  };
}

export function bidRowsOf(release: JsonObject): Row[] {
  const parties = partiesById(release);
  const ocid = getString(release, 'ocid') ?? '';
  const rows: Row[] = [];
  for (const bid of getArray(getObject(release, 'bids'), 'details') ?? []) {
    for (const tenderer of getArray(bid, 'tenderers') ?? []) {
      rows.push({
        tender_id: ocid,
        bidder_uscc: usccOf(tenderer, parties),
        bidder_name: getString(tenderer, 'name') ?? getString(parties.get(getString(tenderer, 'id') ?? ''), 'name') ?? '',
        price: amount(bid),
        phone: '',
        mac: '',
        ip: '',
      });
    }
  }
  return rows;
}

/** Does the file hold JSON (an object first) rather than a table? Looks at its first bytes. */
export function looksLikeJsonLines(bytes: Buffer): boolean {
  const text = bytes.toString('utf8').replace(/^\ufeff/, '').trimStart();
  return text.startsWith('{');
}

/**
 * The import source over an OCDS JSON Lines file for `dataset` (tenders or bids). A line that is
 * not a JSON object becomes a rejected row with the reason (the line itself is kept as raw data).
 */
export function openOcdsSource(path: string, dataset: string, size: number, sm3: string): ImportSource {
  if (!(OCDS_DATASETS as readonly string[]).includes(dataset)) {
    throw new AppError(
      'file_format',
      `OCDS（JSON Lines）文件只能导入“招标采购项目”（tenders）或“投标记录”（bids），不能导入 ${dataset}`,
      `An OCDS (JSON Lines) file can be imported into tenders or bids only, not ${dataset}`,
    );
  }
  const keys = getDataset(dataset).columns.map((c) => c.key);
  let stream: fs.ReadStream | null = null;
  let bytes = 0;
  const toCells = (row: Row) => keys.map((k) => row[k] ?? '');

  // The file is opened when the rows are first read, not before: a stream opened earlier starts
  // flowing while the import's transaction connects, and its first lines would be lost.
  async function* batches(): AsyncGenerator<TableRow[], void, undefined> {
    stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
    const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let batch: TableRow[] = [];
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      bytes += Buffer.byteLength(raw) + 1;
      const line = lineNo === 1 ? raw.replace(/^\ufeff/, '') : raw;
      if (!line.trim()) continue;
      let release: unknown;
      try {
        release = JSON.parse(line);
      } catch {
        release = undefined;
      }
      if (!isObject(release)) {
        batch.push({ rowNumber: lineNo, cells: [line.slice(0, 2000)], error: '该行不是 JSON 对象（OCDS 发布） / the line is not a JSON object (an OCDS release)' });
      } else if (dataset === 'tenders') {
        batch.push({ rowNumber: lineNo, cells: toCells(tenderRowOf(release)) });
      } else {
        for (const row of bidRowsOf(release)) batch.push({ rowNumber: lineNo, cells: toCells(row) });
      }
      if (batch.length >= 2000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  return {
    format: 'ocds',
    encoding: 'utf-8',
    header: keys,
    headerRowNumber: 0,
    size,
    batches: batches(),
    bytesRead: () => bytes,
    sm3: () => sm3,
    close: async () => {
      stream?.destroy();
    },
  };
}
