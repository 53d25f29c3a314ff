/**
 * Official documents (党政机关公文) as Word files in the national format GB/T 9704-2012
 * 《党政机关公文格式》: A4, 版心 156 mm × 225 mm (天头 37 mm, 订口 28 mm), 22 lines of 28
 * characters, 版头 with the red issuing-authority mark and the red separator line, 发文字号 under
 * it, 标题 in 2号小标宋, body in 3号仿宋_GB2312 with 黑体 / 楷体 headings, signature and 成文日期,
 * 版记 (抄送, 印发机关和印发日期) and page numbers “— 1 —” in 4号宋体 (odd pages right, even left).
 *
 * No business words here: areas (inspection letters, hotline reports, …) describe their document
 * as an `OfficialDocument` and get the .docx bytes from `buildOfficialDocument`.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';
import { type DateString, toDayNumber } from '../calendar/dates.ts';

// ---------------------------------------------------------------------------------------------
// The format's numbers
// ---------------------------------------------------------------------------------------------

/** Millimetres → twips (1/1440 inch), the unit of Word's page geometry. */
export const mmToTwip = (mm: number): number => Math.round((mm / 25.4) * 1440);

/** GB/T 9704-2012 §5.2: A4 paper, 版心 156 × 225 mm; margins 天头 37, 下白边 35, 订口 28, 翻口 26 mm. */
export const GBT9704 = {
  page: { widthMm: 210, heightMm: 297 },
  marginMm: { top: 37, bottom: 35, left: 28, right: 26 },
  bodyMm: { width: 156, height: 225 },
  linesPerPage: 22,
  charsPerLine: 28,
} as const;

/** Font names as Chinese offices have them installed. */
export const FONTS = {
  /** 小标宋: 发文机关标志, 标题. */
  xiaobiaosong: '方正小标宋简体',
  /** 仿宋_GB2312: body, 发文字号, 署名, 版记. */
  fangsong: '仿宋_GB2312',
  /** 黑体: first-level headings, 密级, 紧急程度. */
  heiti: '黑体',
  /** 楷体_GB2312: second-level headings. */
  kaiti: '楷体_GB2312',
  /** 宋体: page numbers (半角阿拉伯数字). */
  songti: '宋体',
} as const;

/** Font sizes in points (Chinese 字号). */
export const SIZES = { chu: 42, xiaochu: 36, er: 22, san: 16, si: 14 } as const;

/** Official red (GB/T 9704: 红色). */
export const RED = 'FF0000';

/** Line pitch: 225 mm / 22 lines ≈ 28.95 pt, as twips. */
export const LINE_TWIPS = Math.round((GBT9704.bodyMm.height / GBT9704.linesPerPage / 25.4) * 1440);
/** One character of 3号 (16 pt) = 320 twips; “左空二字” = 640. */
const CHAR_TWIPS = SIZES.san * 20;

// ---------------------------------------------------------------------------------------------
// Helpers for the elements' texts
// ---------------------------------------------------------------------------------------------

/**
 * 发文字号: 机关代字 + 〔年份〕 + 序号 + 号, e.g. docNumber('示纪建', 2026, 3) = '示纪建〔2026〕3号'.
 * GB/T 9704 §7.2.4: the year in full in 六角括号, the number without leading zeros and without “第”.
 */
export function docNumber(prefix: string, year: number, seq: number): string {
  if (!prefix.trim()) throw new Error('docNumber: empty prefix');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`docNumber: bad year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`docNumber: bad sequence ${seq}`);
  return `${prefix.trim()}〔${year}〕${seq}号`;
}

/** 成文日期 in Arabic numerals with the year in full and no leading zeros: 2026-03-05 → 2026年3月5日. */
export function chineseDate(date: DateString): string {
  toDayNumber(date);
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------------------------------------
// The document description
// ---------------------------------------------------------------------------------------------

/**
 * One block of the body:
 * - a string: a paragraph (左空二字, 回行顶格);
 * - `{ level, heading, text? }`: a structural heading “一、” (1, 黑体), “（一）” (2, 楷体),
 *   “1.” (3) or “（1）” (4, 仿宋), optionally followed in the same paragraph by text in 仿宋;
 * - `{ text, indent: false }`: a paragraph without the first-line indent.
 */
export type BodyBlock = string | { level: 1 | 2 | 3 | 4; heading: string; text?: string } | { text: string; indent?: boolean };

export interface OfficialDocument {
  /** 份号: 6-digit copy number, top left. */
  copyNo?: string;
  /** 密级和保密期限, e.g. '秘密★1年' (黑体, top left). */
  secrecy?: string;
  /** 紧急程度: '特急' or '加急' (黑体, top left). */
  urgency?: string;
  /** 发文机关标志 as printed, e.g. '中共示范市纪律检查委员会' or '示范市纪委监委文件'; '\n' between joint authorities. */
  issuerMark: string;
  /** 发文字号, e.g. '示纪建〔2026〕3号' (see `docNumber`). */
  docNumber?: string;
  /** 签发人 (上行文): placed right of the 发文字号 line. */
  signer?: string;
  /** 标题 (2号小标宋, centred); '\n' splits it into lines. */
  title: string;
  /** 主送机关; the last one is followed by “：”. */
  recipients?: string[];
  body: BodyBlock[];
  /** 附件说明: names of the attachments, numbered when more than one. */
  attachments?: string[];
  /** 发文机关署名 and 成文日期. */
  signature?: { org: string; date: DateString };
  /** 附注, e.g. '此件公开发布' (placed in parentheses). */
  note?: string;
  /** 抄送机关. */
  cc?: string[];
  /** 印发机关和印发日期 (版记). */
  printedBy?: { org: string; date: DateString };
  /** Document properties (author shown by Word). */
  creator?: string;
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

type Face = keyof typeof FONTS;

function run(text: string, face: Face, pt: number, extra: { color?: string; bold?: boolean } = {}): TextRun {
  const name = FONTS[face];
  return new TextRun({
    text,
    font: { ascii: name, hAnsi: name, eastAsia: name, cs: name },
    size: pt * 2,
    color: extra.color,
    bold: extra.bold,
  });
}

const exact = { line: LINE_TWIPS, lineRule: LineRuleType.EXACT };

function para(children: ParagraphChild[], opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; firstLine?: number; left?: number; right?: number; before?: number; after?: number; line?: number } = {}) {
  return new Paragraph({
    children,
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { ...exact, ...(opts.line ? { line: opts.line } : {}), before: opts.before ?? 0, after: opts.after ?? 0 },
    indent: { firstLine: opts.firstLine ?? 0, left: opts.left ?? 0, right: opts.right ?? 0 },
  });
}

const blank = () => para([run('', 'fangsong', SIZES.san)]);

/** A full-width rule under a paragraph (the separator lines of 版头 and 版记). */
function rule(color: string, eighthsOfPoint: number, before = 0): Paragraph {
  return new Paragraph({
    children: [],
    spacing: { before, after: 0, line: 20, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: eighthsOfPoint, color, space: 0 } },
  });
}

const HEADING_FACE: Record<1 | 2 | 3 | 4, Face> = { 1: 'heiti', 2: 'kaiti', 3: 'fangsong', 4: 'fangsong' };

function bodyParagraph(b: BodyBlock): Paragraph {
  const indent = 2 * CHAR_TWIPS;
  if (typeof b === 'string') return para([run(b, 'fangsong', SIZES.san)], { firstLine: indent });
  if ('level' in b) {
    const children = [run(b.heading, HEADING_FACE[b.level], SIZES.san)];
    if (b.text) children.push(run(b.text, 'fangsong', SIZES.san));
    return para(children, { firstLine: indent });
  }
  return para([run(b.text, 'fangsong', SIZES.san)], { firstLine: b.indent === false ? 0 : indent });
}

/** Page number “— N —”, 4号宋体, 一字线 on both sides; odd pages right 空一字, even pages left 空一字. */
function pageFooter(side: 'odd' | 'even'): Footer {
  const name = FONTS.songti;
  const oneChar = SIZES.si * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { ascii: name, hAnsi: name, eastAsia: name, cs: name },
            size: SIZES.si * 2,
          }),
        ],
      }),
    ],
  });
}

function headerParagraphs(d: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  // 份号, 密级和保密期限, 紧急程度: each on its own line, 顶格 at the top left.
  if (d.copyNo) out.push(para([run(d.copyNo, 'fangsong', SIZES.san)], { align: AlignmentType.LEFT }));
  if (d.secrecy) out.push(para([run(d.secrecy, 'heiti', SIZES.san)], { align: AlignmentType.LEFT }));
  if (d.urgency) out.push(para([run(d.urgency, 'heiti', SIZES.san)], { align: AlignmentType.LEFT }));
  // 发文机关标志: red 小标宋, centred, its top 35 mm below the top of the 版心 (two 3号 lines less when
  // 份号 etc. already took them).
  // A joint mark (联合行文) is one authority per line ('\n').
  const used = out.length * LINE_TWIPS;
  d.issuerMark.split('\n').forEach((line, i) => {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? Math.max(0, mmToTwip(35) - used - LINE_TWIPS) : 0, after: 0, line: SIZES.xiaochu * 20 + 240, lineRule: LineRuleType.EXACT },
        children: [run(line.trim(), 'xiaobiaosong', SIZES.xiaochu, { color: RED })],
      }),
    );
  });
  // 发文字号: 空二行, centred (or left 空一字 with 签发人 right 空一字 for 上行文).
  if (d.docNumber) {
    out.push(blank(), blank());
    if (d.signer) {
      out.push(
        new Paragraph({
          spacing: { ...exact, before: 0, after: 0 },
          indent: { left: CHAR_TWIPS, right: CHAR_TWIPS },
          tabStops: [{ type: 'right', position: mmToTwip(GBT9704.bodyMm.width) - 2 * CHAR_TWIPS }],
          children: [run(d.docNumber, 'fangsong', SIZES.san), run('\t签发人：', 'fangsong', SIZES.san), run(d.signer, 'kaiti', SIZES.san)],
        }),
      );
    } else {
      out.push(para([run(d.docNumber, 'fangsong', SIZES.san)], { align: AlignmentType.CENTER }));
    }
  }
  // Red separator line 4 mm under the 发文字号, the width of the 版心.
  out.push(rule(RED, 12, mmToTwip(4)));
  return out;
}

function closingParagraphs(d: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  if (d.attachments?.length) {
    out.push(blank());
    const many = d.attachments.length > 1;
    d.attachments.forEach((a, i) => {
      const label = i === 0 ? '附件：' : '';
      const text = `${label}${many ? `${i + 1}. ` : ''}${a}`;
      // Later attachments align under the first one's name (左空二字 + “附件：” three characters).
      out.push(para([run(text, 'fangsong', SIZES.san)], { left: i === 0 ? 0 : 5 * CHAR_TWIPS, firstLine: i === 0 ? 2 * CHAR_TWIPS : 0 }));
    });
  }
  if (d.signature) {
    // Without a seal: 正文下空一行右空二字署名; the date one line below, its first character two
    // characters right of the signature's (approximated as 右空四字… right-aligned).
    out.push(blank());
    out.push(para([run(d.signature.org, 'fangsong', SIZES.san)], { align: AlignmentType.RIGHT, right: 2 * CHAR_TWIPS }));
    out.push(para([run(chineseDate(d.signature.date), 'fangsong', SIZES.san)], { align: AlignmentType.RIGHT, right: 4 * CHAR_TWIPS }));
  }
  if (d.note) out.push(para([run(`（${d.note}）`, 'fangsong', SIZES.san)], { firstLine: 2 * CHAR_TWIPS }));
  // 版记: thick first and last rules (0.35 mm ≈ 1 pt), a thin one between (0.25 mm ≈ 0.75 pt).
  if (d.cc?.length || d.printedBy) {
    out.push(blank(), blank());
    out.push(rule('000000', 8));
    if (d.cc?.length) {
      out.push(para([run(`抄送：${d.cc.join('，')}。`, 'fangsong', SIZES.si)], { left: SIZES.si * 20, right: SIZES.si * 20, align: AlignmentType.LEFT }));
      if (d.printedBy) out.push(rule('000000', 6));
    }
    if (d.printedBy) {
      out.push(
        new Paragraph({
          spacing: { ...exact, before: 0, after: 0 },
          indent: { left: SIZES.si * 20, right: SIZES.si * 20 },
          tabStops: [{ type: 'right', position: mmToTwip(GBT9704.bodyMm.width) - 2 * SIZES.si * 20 }],
          children: [run(d.printedBy.org, 'fangsong', SIZES.si), run(`\t${chineseDate(d.printedBy.date)}印发`, 'fangsong', SIZES.si)],
        }),
      );
    }
    out.push(rule('000000', 8));
  }
  return out;
}

/** Build the .docx of an official document in the GB/T 9704-2012 format. */
export async function buildOfficialDocument(d: OfficialDocument): Promise<Buffer> {
  if (!d.issuerMark.trim()) throw new Error('buildOfficialDocument: the issuing authority mark is required');
  if (!d.title.trim()) throw new Error('buildOfficialDocument: the title is required');
  const children: Paragraph[] = [...headerParagraphs(d)];
  // 标题: 红色分隔线下空二行, 2号小标宋, centred, 可分多行.
  children.push(blank(), blank());
  for (const line of d.title.split('\n')) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 0, line: Math.round(SIZES.er * 20 * 1.5), lineRule: LineRuleType.EXACT },
        children: [run(line, 'xiaobiaosong', SIZES.er)],
      }),
    );
  }
  // 主送机关: 标题下空一行, 顶格, ending with a full-width colon.
  if (d.recipients?.length) {
    children.push(blank());
    children.push(para([run(`${d.recipients.join('，')}：`, 'fangsong', SIZES.san)], { align: AlignmentType.LEFT }));
  }
  for (const b of d.body) children.push(bodyParagraph(b));
  children.push(...closingParagraphs(d));

  const m = GBT9704.marginMm;
  const body = FONTS.fangsong;
  const doc = new Document({
    creator: d.creator ?? 'Guantong',
    title: d.title.replace(/\n/g, ''),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: { ascii: body, hAnsi: body, eastAsia: body, cs: body }, size: SIZES.san * 2 },
          paragraph: { spacing: { ...exact, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmToTwip(GBT9704.page.widthMm), height: mmToTwip(GBT9704.page.heightMm) },
            margin: {
              top: mmToTwip(m.top),
              bottom: mmToTwip(m.bottom),
              left: mmToTwip(m.left),
              right: mmToTwip(m.right),
              header: mmToTwip(15),
              // The page number's 一字线 sits 7 mm under the 版心: 35 − 7 − one 4号 line ≈ 23 mm.
              footer: mmToTwip(m.bottom - 7 - 5),
              gutter: 0,
            },
          },
          grid: { type: 'lines', linePitch: LINE_TWIPS },
        },
        footers: { default: pageFooter('odd'), even: pageFooter('even') },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Content type of a .docx, for HTTP replies. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `Content-Disposition` with a Chinese file name (RFC 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
