/**
 * Reader for the public TipDM (泰迪杯 2020 C) citizen messages kept in `../shared/data/tipdm/`
 * beside the repository. Development, test and benchmark use only: the messages are never
 * copied into the product; tests read them at test time and skip when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

/** Repository root (this file is src/modules/hotline/text/tipdm-data.ts). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The TipDM folder: `$GUANTONG_SHARED/data/tipdm`, else `../shared/data/tipdm` beside the
 * repository, else the team machine's `/work/shared/data/tipdm` (CI clones the repository elsewhere).
 */
export const TIPDM_DIR =
  [process.env.GUANTONG_SHARED, resolve(REPO_ROOT, '../shared'), '/work/shared']
    .filter((d): d is string => !!d)
    .map((d) => resolve(d, 'data/tipdm'))
    .find((d) => existsSync(d)) ?? resolve(REPO_ROOT, '../shared/data/tipdm');

export const TIPDM_FILES = {
  labelled: 'labelled-sample-495.xlsx',
  messages: 'messages-4326.xlsx',
  withReplies: 'messages-with-replies-2816.xlsx',
  taxonomy: 'taxonomy.xlsx',
} as const;

export interface TipdmMessage {
  id: string;
  user: string;
  title: string;
  detail: string;
  /** 留言主题 + 留言详情, as the hotline import maps them to `content`. */
  content: string;
  receivedAt: string;
  /** 一级分类 when the file carries it. */
  category?: string;
  reply?: string;
  repliedAt?: string;
}

export function tipdmAvailable(file: string = TIPDM_FILES.labelled): boolean {
  return existsSync(resolve(TIPDM_DIR, file));
}

const fold = (v: unknown): string =>
  String(v ?? '')
    .replace(/\s+/gu, ' ')
    .trim();

/** Reads one TipDM workbook; columns are found by their Chinese headers. */
export async function readTipdm(file: string): Promise<TipdmMessage[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(resolve(TIPDM_DIR, file));
  const ws = wb.worksheets[0];
  const header = new Map<string, number>();
  (ws.getRow(1).values as unknown[]).forEach((v, i) => {
    if (v != null) header.set(String(v).trim(), i);
  });
  const col = (name: string) => header.get(name);
  const out: TipdmMessage[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    const at = (name: string) => {
      const i = col(name);
      return i === undefined ? '' : fold(v[i]);
    };
    const id = at('留言编号');
    if (!id) return;
    const title = at('留言主题');
    const detail = at('留言详情');
    const category = at('一级分类') || undefined;
    const reply = at('答复意见') || undefined;
    const repliedAt = at('答复时间') || undefined;
    out.push({
      id,
      user: at('留言用户'),
      title,
      detail,
      content: `${title} ${detail}`.trim(),
      receivedAt: at('留言时间'),
      category,
      reply,
      repliedAt,
    });
  });
  return out;
}

/**
 * The organisers' category tree as category descriptions: for each top-level category
 * (一级分类), the names of its second- and third-level categories, without "其他".
 */
export async function readTipdmTaxonomy(): Promise<Record<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(resolve(TIPDM_DIR, TIPDM_FILES.taxonomy));
  const ws = wb.worksheets[0];
  const names = new Map<string, Set<string>>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const [, top, second, third] = (row.values as unknown[]).map(fold);
    if (!top) return;
    let set = names.get(top);
    if (!set) {
      set = new Set();
      names.set(top, set);
    }
    for (const x of [second, third]) if (x && x !== '其他') set.add(x);
  });
  return Object.fromEntries([...names].map(([top, set]) => [top, [...set].join('，')]));
}
