import { z } from 'zod';
import type { BotLog } from '../sdk/index.js';
import { defineBot } from '../sdk/index.js';

// Lines are written in bursts per tick: one timer per line would drift and flood the event loop.
const TICK_MS = 20;
// The Job screen needs a few updates a second, not one per burst.
const PROGRESS_EVERY_MS = 200;

const params = z.object({
  lines: z.number().int().min(1).max(1_000_000).default(200).meta({ title: 'Lines', description: 'How many log lines to write.' }),
  perSecond: z.number().int().min(1).max(20_000).default(50).meta({ title: 'Lines per second', description: 'How fast to write them.' }),
  failAtEnd: z.boolean().default(false).meta({ title: 'Fail at the end', description: 'Ends the job with an error after the last line.' }),
});

/** Writes a stream of log lines at a chosen rate, to exercise the live log; needs no browser. */
export default defineBot({
  id: 'log-stream',
  title: 'Log stream',
  description: 'Writes log lines of every level at a steady rate, without a browser, to try out the live log.',
  params,
  browser: { visible: false },
  timeout: '2h',
  async run(ctx): Promise<{ lines: number }> {
    const { lines, perSecond, failAtEnd } = ctx.params;
    const started = Date.now();
    let written = 0;
    let lastProgress = 0;
    while (written < lines) {
      if (ctx.signal.aborted) throw new Error('Cancelled');
      // Catch up to where the rate says we should be, so slow ticks do not lower the rate.
      const due = Math.min(lines, Math.floor(((Date.now() - started) * perSecond) / 1000) + 1);
      while (written < due) {
        written++;
        writeLine(ctx.log, written, lines);
      }
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS || written === lines) {
        lastProgress = now;
        ctx.progress(written / lines, `Line ${written} of ${lines}`);
      }
      if (written < lines) await sleep(TICK_MS, ctx.signal);
    }
    if (failAtEnd) throw new Error('Failed on purpose at the end');
    return { lines };
  },
});

// Mostly INFO with some of every other level, at fixed line numbers so runs are repeatable.
function writeLine(log: BotLog, line: number, total: number): void {
  const prefix = `Line ${line} of ${total}`;
  const record = `R-${String(line).padStart(5, '0')}`;
  if (line % 150 === 0) log.critical(`${prefix}: lost the connection to the target system while saving ${record} (demo)`);
  else if (line % 50 === 0) log.error(`${prefix}: record ${record} rejected by the target system (demo)`);
  else if (line % 10 === 0) log.warn(`${prefix}: record ${record} has no postcode, using the default`);
  else if (line % 4 === 0) log.debug(`${prefix}: record ${record} fields checked`);
  else log.info(`${prefix}: processed record ${record}`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
