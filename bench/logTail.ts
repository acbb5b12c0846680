import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { freshDir, type BenchPaths } from './lib/benchCore.js';
import { Results, type BenchmarkResult } from './lib/results.js';
import { sleep } from './lib/stats.js';

const OURS = 'RPA Desk renderer (headless mode, Chromium)';

export interface LogTailOptions {
  lines: number;
  perSecond: number;
  executablePath: string;
  args: string[];
}

interface FrameStats {
  frames: number;
  longest: number;
  over50: number;
  longTasks: number;
  longestTask: number;
}

/** Injected before the app loads: rAF deltas and long tasks, from the moment measuring is switched on. */
const INIT = `(() => {
  const s = { on: false, last: 0, frames: 0, longest: 0, over50: 0, longTasks: 0, longestTask: 0 };
  window.__bench = s;
  const tick = (t) => {
    if (s.on) {
      if (s.last) { const d = t - s.last; s.frames++; if (d > s.longest) s.longest = d; if (d > 50) s.over50++; }
      s.last = t;
    } else s.last = 0;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (!s.on) return;
      for (const e of list.getEntries()) { s.longTasks++; if (e.duration > s.longestTask) s.longestTask = e.duration; }
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
})();`;

function startHeadless(paths: BenchPaths): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [paths.headlessEntry, '--data-dir', freshDir(paths, 'tail'), '--port', '0'], {
    cwd: paths.repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /^RPA_DESK_URL=(\S+)$/m.exec(output);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`headless exited (${code}):\n${output}`)));
  });
}

export async function runLogTail(paths: BenchPaths, o: LogTailOptions, log: (m: string) => void): Promise<BenchmarkResult> {
  const started = performance.now();
  const r = new Results('log-tail', `6. Log tail on screen (${o.lines.toLocaleString('en-US')} lines at ${o.perSecond.toLocaleString('en-US')}/s)`, OURS);
  r.notes.push(
    '`node dist/headless.cjs` opened in the system Chromium (headless, 1366×900); the Job screen follows a `log-stream` job. Frames: requestAnimationFrame deltas while the job runs; long tasks from PerformanceObserver.',
    'Headless Chromium paces frames itself; a delta over 50 ms is a frame the operator would see stutter. Memory: JS heap (performance.memory) at the end.',
  );
  const app = await startHeadless(paths);
  const browser = await chromium.launch({ executablePath: o.executablePath, args: o.args, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.addInitScript(INIT);
    await page.goto(app.url);
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-log-stream"]');
    await page.fill('input[name="lines"]', String(o.lines));
    await page.fill('input[name="perSecond"]', String(o.perSecond));
    await page.evaluate('window.__bench.on = true');
    const t = performance.now();
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    let state = '';
    while (state !== 'succeeded' && state !== 'failed' && performance.now() - t < (o.lines / o.perSecond + 120) * 1000) {
      state = ((await page.textContent('[data-testid="job-state"]')) ?? '').trim();
      await sleep(500);
    }
    const want = `${o.lines + 1} lines`;
    let count = '';
    while (!count.startsWith(want) && performance.now() - t < (o.lines / o.perSecond + 150) * 1000) {
      count = ((await page.textContent('[data-testid="log-count"]')) ?? '').trim();
      await sleep(200);
    }
    const onScreenMs = performance.now() - t;
    const stats = await page.evaluate<FrameStats & { heap: number }>(
      '(() => { const b = window.__bench; b.on = false; const m = performance.memory; return { ...b, heap: m ? m.usedJSHeapSize : NaN }; })()',
    );
    log(`  job ${state}, "${count}" after ${(onScreenMs / 1000).toFixed(1)} s`);
    r.add('longest frame (rAF delta)', OURS, 'ms', 'lower', stats.longest);
    r.add('frames over 50 ms', OURS, 'frames', 'lower', stats.over50);
    r.add('frames seen', OURS, 'frames', 'higher', stats.frames);
    r.add('long tasks (>50 ms)', OURS, 'tasks', 'lower', stats.longTasks);
    r.add('longest task', OURS, 'ms', 'lower', stats.longestTask);
    r.add('page JS heap at the end', OURS, 'MiB', 'lower', stats.heap / 2 ** 20);
    r.add('Run → every line on screen', OURS, 's', 'lower', onScreenMs / 1000);
    r.extra.push(`job state: ${state}; log count: ${count}`);
    if (!count.startsWith(want)) r.notes.push(`The log count never reached ${want} (last: "${count}").`);
    r.limitTarget('no frame over 50 ms', ['frames over 50 ms', OURS], 0, 'frames', (v) => Math.max(...v), true);
  } finally {
    await browser.close();
    await app.stop();
  }
  return r.finish((performance.now() - started) / 1000);
}
