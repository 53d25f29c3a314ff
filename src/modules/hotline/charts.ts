/**
 * Charts of the hotline reports: ECharts 6 server-side rendering to SVG (what Word 2016+ and WPS
 * show) and a small PNG of the same bars as the fallback docx requires for older readers.
 */
import { deflateSync } from 'node:zlib';
import * as echarts from 'echarts';

export interface BarSeries {
  title: string;
  labels: string[];
  values: number[];
}

export function barChartSvg(s: BarSeries, width = 600, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    title: { text: s.title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 48, right: 16, top: 40, bottom: 72 },
    xAxis: { type: 'category', data: s.labels, axisLabel: { interval: 0, rotate: s.labels.length > 6 ? 30 : 0, fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: s.values, label: { show: true, position: 'top', fontSize: 10 }, itemStyle: { color: '#c23531' } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function lineChartSvg(s: BarSeries, width = 600, height = 280): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    title: { text: s.title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: s.labels, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', data: s.values, label: { show: true, fontSize: 10 }, itemStyle: { color: '#1f5fa8' } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

// ---- PNG fallback -------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGB image → PNG bytes. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    rgb.subarray(y * width * 3, (y + 1) * width * 3).forEach((v, i) => {
      raw[y * (width * 3 + 1) + 1 + i] = v;
    });
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The bars of `values` as a plain PNG (axes and bars, no text): the fallback of the SVG chart. */
export function barChartPng(values: readonly number[], width = 600, height = 320): Buffer {
  const img = new Uint8Array(width * height * 3).fill(255);
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    img[i] = r;
    img[i + 1] = g;
    img[i + 2] = b;
  };
  const left = 48;
  const bottom = height - 40;
  const top = 30;
  for (let x = left; x < width - 16; x++) put(x, bottom, 80, 80, 80);
  for (let y = top; y <= bottom; y++) put(left, y, 80, 80, 80);
  const max = Math.max(1, ...values);
  const n = Math.max(1, values.length);
  const slot = (width - 16 - left) / n;
  values.forEach((v, i) => {
    const h = Math.round(((bottom - top) * v) / max);
    const x0 = Math.round(left + i * slot + slot * 0.2);
    const x1 = Math.round(left + (i + 1) * slot - slot * 0.2);
    for (let x = x0; x < x1; x++) for (let y = bottom - h; y < bottom; y++) put(x, y, 0xc2, 0x35, 0x31);
  });
  return encodePng(width, height, img);
}
