import type { JobBrowser } from './browser.js';
import type { JobFileWriter } from './jobFiles.js';
import type { LogBuffer } from './logBuffer.js';

const SCREENSHOT_TIMEOUT_MS = 5_000;

/**
 * Keeps what the operator needs to see why a job failed: a screenshot of every open page and,
 * when the bot asked for one, the Playwright trace. Never throws: evidence must not hide the error.
 */
export async function captureEvidence(browser: JobBrowser, files: JobFileWriter, logs: LogBuffer): Promise<void> {
  const pages = browser.openPages();
  for (const [index, page] of pages.entries()) {
    try {
      const target = files.reserve('evidence', `screenshot-${index + 1}.png`);
      await page.screenshot({ path: target.path, fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS });
      files.announce(target);
    } catch (err) {
      logs.write('WARNING', `Could not take a screenshot of page ${index + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  try {
    const trace = files.reserve('evidence', 'trace.zip');
    if (await browser.saveTrace(trace.path)) files.announce(trace);
  } catch (err) {
    logs.write('WARNING', `Could not save the trace: ${err instanceof Error ? err.message : String(err)}`);
  }
}
