import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { fmt, type BenchmarkResult } from './results.js';
import { median } from './stats.js';

const WIDTH = 900;
const BAR_H = 18;
const LABEL_W = 330;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One SVG: per metric, a bar per contender (median) with a min–max whisker; ours highlighted. */
export function chartSvg(result: BenchmarkResult): string {
  const metrics = [...new Set(result.measurements.map((m) => m.metric))];
  const parts: string[] = [];
  let y = 30;
  parts.push(`<text x="10" y="20" font-size="16" font-weight="bold">${esc(result.title)}</text>`);
  for (const metric of metrics) {
    const rows = result.measurements.filter((m) => m.metric === metric && m.values.length > 0);
    if (rows.length === 0) continue;
    const first = rows[0];
    const unit = first?.unit ?? '';
    const better = first?.better === 'higher' ? 'higher is better' : 'lower is better';
    y += 18;
    parts.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(metric)} (${esc(unit)}, ${better})</text>`);
    y += 6;
    const max = Math.max(...rows.map((m) => Math.max(...m.values))) || 1;
    const scale = (WIDTH - LABEL_W - 100) / max;
    for (const m of rows) {
      const med = median(m.values);
      const ours = m.contender.startsWith('RPA Desk');
      parts.push(`<text x="${LABEL_W - 6}" y="${y + 13}" font-size="11" text-anchor="end">${esc(m.contender)}</text>`);
      parts.push(`<rect x="${LABEL_W}" y="${y + 2}" width="${Math.max(1, med * scale)}" height="${BAR_H - 4}" fill="${ours ? '#2f7ed8' : '#9aa5b1'}"/>`);
      const lo = LABEL_W + Math.min(...m.values) * scale;
      const hi = LABEL_W + Math.max(...m.values) * scale;
      parts.push(`<line x1="${lo}" x2="${hi}" y1="${y + BAR_H / 2}" y2="${y + BAR_H / 2}" stroke="#222" stroke-width="1.5"/>`);
      parts.push(`<text x="${Math.max(hi, LABEL_W + med * scale) + 6}" y="${y + 13}" font-size="11">${esc(fmt(med))}</text>`);
      y += BAR_H;
    }
    y += 6;
  }
  const height = y + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
}

/** Renders each benchmark's chart in Chromium and saves it as `<id>.png` (and the SVG beside it). */
export async function writeCharts(dir: string, results: BenchmarkResult[], executablePath: string, args: string[]): Promise<void> {
  const browser = await chromium.launch({ executablePath, args, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 400 } });
    for (const result of results) {
      const svg = chartSvg(result);
      fs.writeFileSync(path.join(dir, `${result.id}.svg`), svg);
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      await page.locator('svg').screenshot({ path: path.join(dir, `${result.id}.png`) });
    }
  } finally {
    await browser.close();
  }
}
