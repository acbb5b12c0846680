import fs from 'node:fs/promises';
import type { SecretMasker } from '../common/secretMask.js';
import type { JobBrowser } from './browser.js';
import type { JobFileWriter } from './jobFiles.js';
import type { LogBuffer } from './logBuffer.js';
import { scrubTrace } from './traceScrub.js';

const SCREENSHOT_TIMEOUT_MS = 5_000;

/**
 * Keeps what the operator needs to see why a job failed: a screenshot of every open page (password
 * fields blacked out) and, when the bot asked for one, the Playwright trace, scrubbed of the job's
 * credentials first (a trace that cannot be scrubbed is deleted). Never throws: evidence must not
 * hide the error.
 */
export async function captureEvidence(browser: JobBrowser, files: JobFileWriter, logs: LogBuffer, masker: SecretMasker): Promise<void> {
  const pages = browser.openPages();
  for (const [index, page] of pages.entries()) {
    try {
      const target = files.reserve('evidence', `screenshot-${index + 1}.png`);
      await page.screenshot({ path: target.path, fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS, mask: [page.locator('input[type=password]')] });
      files.announce(target);
    } catch (err) {
      logs.write('WARNING', `Could not take a screenshot of page ${index + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let tracePath: string | null = null;
  try {
    const trace = files.reserve('evidence', 'trace.zip');
    // Known before it is written: a trace cut short by an error may hold credentials too.
    tracePath = trace.path;
    if (!(await browser.saveTrace(trace.path))) return;
    if (masker.active) {
      const found = await scrubTrace(trace.path, masker.forms());
      if (found > 0) logs.write('INFO', `Removed ${found} ${found === 1 ? 'copy' : 'copies'} of the job's credentials from the trace`);
    }
    files.announce(trace);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (tracePath && masker.active) {
      await fs.rm(tracePath, { force: true }).catch(() => undefined);
      logs.write('WARNING', `The trace was deleted: it could not be cleaned of the job's credentials (${reason})`);
    } else {
      logs.write('WARNING', `Could not save the trace: ${reason}`);
    }
  }
}
