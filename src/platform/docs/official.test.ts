import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { GBT9704, LINE_TWIPS, buildOfficialDocument, chineseDate, docNumber, mmToTwip } from './official.ts';

async function open(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const read = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`missing ${name}`);
    return f.async('string');
  };
  return { zip, read, names: Object.keys(zip.files) };
}

/** Text of all w:t elements of a part, in order. */
const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('docNumber / chineseDate', () => {
  it('formats 发文字号 with 六角括号 and no leading zeros', () => {
    expect(docNumber('示纪建', 2026, 3)).toBe('示纪建〔2026〕3号');
    expect(docNumber('示巡建', 2026, 12)).toBe('示巡建〔2026〕12号');
    expect(() => docNumber('示纪建', 2026, 0)).toThrow();
    expect(() => docNumber('', 2026, 1)).toThrow();
  });
  it('writes 成文日期 without leading zeros', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日');
    expect(() => chineseDate('2026-13-01')).toThrow();
  });
  it('converts millimetres to twips', () => {
    expect(mmToTwip(210)).toBe(11906);
    expect(mmToTwip(297)).toBe(16838);
    expect(mmToTwip(37)).toBe(2098);
    // 22 lines on 225 mm
    expect(LINE_TWIPS * 22).toBeGreaterThan(mmToTwip(225) - 22);
    expect(LINE_TWIPS * 22).toBeLessThanOrEqual(mmToTwip(225) + 22);
  });
});

describe('buildOfficialDocument', () => {
  it('builds a GB/T 9704 document: 版头, 发文字号, title, body fonts, page numbers, A4 and margins', async () => {
    const buf = await buildOfficialDocument({
      copyNo: '000001',
      urgency: '加急',
      issuerMark: '中共示范市纪律检查委员会',
      docNumber: docNumber('示纪建', 2026, 3),
      title: '关于加强惠民惠农资金监管的\n纪检监察建议书',
      recipients: ['示范市农业农村局党组'],
      body: [
        '我委在监督检查中发现，你局在惠民惠农补贴资金发放中存在以下问题。',
        { level: 1, heading: '一、存在的问题' },
        { level: 2, heading: '（一）', text: '补贴资金审核把关不严。' },
        { level: 1, heading: '二、监察建议' },
        '请于收到本建议书之日起30日内将落实情况书面反馈我委。',
      ],
      attachments: ['问题清单', '整改要求'],
      signature: { org: '中共示范市纪律检查委员会', date: '2026-03-05' },
      cc: ['示范市人民政府办公室'],
      printedBy: { org: '示范市纪委监委办公室', date: '2026-03-05' },
    });
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const { read, names } = await open(buf);
    const doc = await read('word/document.xml');
    const all = texts(doc);
    // 版头: the red issuing-authority mark and the red separator line.
    expect(all).toContain('中共示范市纪律检查委员会');
    expect(doc).toMatch(/<w:color w:val="FF0000"\/>/);
    expect(doc).toMatch(/<w:bottom [^>]*w:color="FF0000"/);
    // 发文字号 between the mark and the title.
    expect(all).toContain('示纪建〔2026〕3号');
    expect(all.indexOf('示纪建〔2026〕3号')).toBeGreaterThan(all.indexOf('中共示范市纪律检查委员会'));
    expect(all.indexOf('纪检监察建议书')).toBeGreaterThan(all.indexOf('示纪建〔2026〕3号'));
    // Title in 小标宋 2号 (22 pt = 44 half-points).
    const titleRun = doc.slice(doc.lastIndexOf('<w:r>', doc.indexOf('纪检监察建议书')), doc.indexOf('纪检监察建议书'));
    expect(titleRun).toContain('w:eastAsia="方正小标宋简体"');
    expect(titleRun).toContain('<w:sz w:val="44"/>');
    // Body in 仿宋_GB2312 3号 (16 pt = 32 half-points), headings 黑体 / 楷体.
    const bodyRun = doc.slice(doc.lastIndexOf('<w:r>', doc.indexOf('我委在监督检查中发现')), doc.indexOf('我委在监督检查中发现'));
    expect(bodyRun).toContain('w:eastAsia="仿宋_GB2312"');
    expect(bodyRun).toContain('<w:sz w:val="32"/>');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="楷体_GB2312"');
    const styles = await read('word/styles.xml');
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    // Recipients end with a full-width colon; 成文日期 without leading zeros; 版记.
    expect(all).toContain('示范市农业农村局党组：');
    expect(all).toContain('2026年3月5日');
    expect(all).toContain('附件：1. 问题清单');
    expect(all).toContain('抄送：示范市人民政府办公室。');
    expect(all).toContain('2026年3月5日印发');
    // A4 and the 37/35/28/26 mm margins.
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const pgMar = doc.match(/<w:pgMar [^>]*\/>/)![0];
    expect(pgMar).toContain(`w:top="${mmToTwip(GBT9704.marginMm.top)}"`);
    expect(pgMar).toContain(`w:bottom="${mmToTwip(GBT9704.marginMm.bottom)}"`);
    expect(pgMar).toContain(`w:left="${mmToTwip(GBT9704.marginMm.left)}"`);
    expect(pgMar).toContain(`w:right="${mmToTwip(GBT9704.marginMm.right)}"`);
    // Page numbers “— N —” in 4号宋体, odd pages right and even pages left.
    const settings = await read('word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders');
    const footers = names.filter((n) => /^word\/footer\d+\.xml$/.test(n));
    expect(footers.length).toBe(2);
    const footerXml = await Promise.all(footers.map(read));
    for (const f of footerXml) {
      expect(f).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(texts(f)).toMatch(/^— .* —$/);
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(footerXml.map((f) => f.match(/<w:jc w:val="(\w+)"\/>/)?.[1]).sort()).toEqual(['left', 'right']);
    const rels = await read('word/_rels/document.xml.rels');
    for (const f of footers) expect(rels).toContain(f.replace('word/', ''));
    expect(doc).toMatch(/<w:footerReference w:type="even"/);
    expect(doc).toMatch(/<w:footerReference w:type="default"/);
  });

  it('places 签发人 on the 发文字号 line for 上行文 and refuses a document without a title', async () => {
    const buf = await buildOfficialDocument({
      issuerMark: '中共示范市纪律检查委员会\n示范市监察委员会',
      docNumber: '示纪〔2026〕1号',
      signer: '周振华',
      title: '关于某事项的请示',
      body: ['正文。'],
    });
    const { read } = await open(buf);
    const all = texts(await read('word/document.xml'));
    expect(all).toContain('示纪〔2026〕1号');
    expect(all).toContain('签发人：周振华');
    expect(all.indexOf('示范市监察委员会')).toBeGreaterThan(all.indexOf('中共示范市纪律检查委员会'));
    await expect(buildOfficialDocument({ issuerMark: 'x', title: ' ', body: [] })).rejects.toThrow();
  });
});
