import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, type BenchmarkResult, type Measurement } from './results.js';
import { median } from './stats.js';

export interface RunInfo {
  quick: boolean;
  startedAt: string;
  minutes: number;
  machine: string;
  node: string;
}

export function runInfo(quick: boolean, started: Date): RunInfo {
  return {
    quick,
    startedAt: started.toISOString(),
    minutes: (Date.now() - started.getTime()) / 60_000,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

function spread(m: Measurement): string {
  if (m.values.length < 2) return '';
  return `${fmt(Math.min(...m.values))}–${fmt(Math.max(...m.values))}`;
}

/** "x" times: ours ÷ peer for higher-is-better, peer ÷ ours for lower-is-better: above 1 means ours is better. */
function ratio(ours: Measurement | undefined, m: Measurement): string {
  if (!ours || ours === m || ours.values.length === 0 || m.values.length === 0) return '';
  const a = median(ours.values);
  const b = median(m.values);
  const r = m.better === 'higher' ? a / b : b / a;
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : '';
}

function metricsOf(result: BenchmarkResult): string[] {
  return [...new Set(result.measurements.map((m) => m.metric))];
}

/** One benchmark as Markdown: a table per metric, then the targets. */
export function benchmarkMarkdown(result: BenchmarkResult): string {
  const lines: string[] = [`## ${result.title}`, ''];
  for (const note of result.notes) lines.push(`- ${note}`);
  if (result.notes.length) lines.push('');
  lines.push(`| metric | contender | median | spread (min–max) | n | ${result.reference} vs this |`, '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const metric of metricsOf(result)) {
    const rows = result.measurements.filter((m) => m.metric === metric);
    const ours = rows.find((m) => m.contender === result.reference);
    for (const m of rows) {
      const med = m.values.length ? `${fmt(median(m.values))} ${m.unit}` : 'n/a';
      lines.push(`| ${metric} | ${m.contender} | ${med} | ${spread(m)} | ${m.values.length} | ${ratio(ours, m)} |`);
    }
  }
  lines.push('');
  if (result.targets.length) {
    lines.push('| target | result |', '| --- | --- |');
    for (const t of result.targets) lines.push(`| ${t.label} | ${t.pass === null ? '⚪' : t.pass ? '✅' : '❌'} ${t.detail} |`);
    lines.push('');
  }
  if (result.extra.length) lines.push('```', ...result.extra, '```', '');
  lines.push(`![${result.title}](${result.id}.png)`, '', `_${result.seconds.toFixed(0)} s_`, '');
  return lines.join('\n');
}

export function writeReports(dir: string, info: RunInfo, results: BenchmarkResult[]): { md: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const md = [
    `# RPA Desk benchmarks${info.quick ? ' (quick)' : ''}`,
    '',
    `Run ${info.startedAt} on ${info.machine}, Node ${info.node}, ${info.minutes.toFixed(1)} min.`,
    'Medians over interleaved repetitions; spread is min–max; the last column is how many times better',
    'the reference (ours) is than that row, in the same run (above 1 = ours better, for rates and for times alike).',
    '',
    ...results.map(benchmarkMarkdown),
  ].join('\n');
  const mdFile = path.join(dir, 'latest.md');
  const jsonFile = path.join(dir, 'latest.json');
  fs.writeFileSync(mdFile, md);
  fs.writeFileSync(jsonFile, JSON.stringify({ ...info, results }, null, 2) + '\n');
  return { md: mdFile, json: jsonFile };
}

/** A compact table on the terminal. */
export function printResult(result: BenchmarkResult): void {
  console.log(`\n== ${result.title} (${result.seconds.toFixed(0)} s)`);
  for (const metric of metricsOf(result)) {
    const rows = result.measurements.filter((m) => m.metric === metric);
    const ours = rows.find((m) => m.contender === result.reference);
    console.log(`  ${metric}`);
    for (const m of rows) {
      const med = m.values.length ? `${fmt(median(m.values))} ${m.unit}` : 'n/a';
      const r = ratio(ours, m);
      console.log(`    ${m.contender.padEnd(52)} ${med.padStart(16)}  ${spread(m).padStart(19)}  ${r ? `ours ${r}` : ''}`);
    }
  }
  for (const t of result.targets) console.log(`  [${t.pass === null ? ' n/a' : t.pass ? 'PASS' : 'MISS'}] ${t.label}: ${t.detail}`);
}
