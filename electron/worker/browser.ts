import { createRequire } from 'node:module';
import type * as Playwright from 'playwright-core';
import type { Browser, BrowserContext, BrowserServer, Page } from 'playwright-core';
import type { BrowserSettings } from '../common/workerProtocol.js';

/**
 * Playwright takes about 0.3 s of CPU to load: a worker loads it when its bot first asks for a page
 * (or while it waits idle for a job), so bots that never open a browser, and every worker start under
 * load, do not pay for it.
 */
export function loadPlaywright(): typeof Playwright {
  return createRequire(__filename)('playwright-core') as typeof Playwright;
}

/** The browser of one job: launched on first use, closed (whole process) when the job ends. */
export class JobBrowser {
  private server: BrowserServer | null = null;
  private browser: Browser | null = null;
  private context: BrowserContext | null = null;
  private pagePromise: Promise<Page> | null = null;
  private tracing = false;

  constructor(
    private readonly settings: BrowserSettings,
    private readonly options: { visible: boolean; trace: boolean },
    private readonly onLaunched: (pid: number | null) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** The job's page, launching the browser the first time. */
  page(): Promise<Page> {
    this.pagePromise ??= this.launch();
    return this.pagePromise;
  }

  /** Every page still open, for screenshots when the job fails. */
  openPages(): Page[] {
    return this.context?.pages().filter((p) => !p.isClosed()) ?? [];
  }

  /** Stops a running trace and writes it to `file`; false when no trace was running. */
  async saveTrace(file: string): Promise<boolean> {
    if (!this.context || !this.tracing) return false;
    this.tracing = false;
    await this.context.tracing.stop({ path: file });
    return true;
  }

  private async launch(): Promise<Page> {
    let headless = !this.options.visible;
    if (this.options.visible && !this.settings.canShowWindow) {
      this.warn('No display on this machine: the browser runs without a window');
      headless = true;
    }
    const { chromium } = loadPlaywright();
    // launchServer exposes the browser's pid, so the host can kill its whole tree if this worker dies.
    this.server = await chromium.launchServer({
      headless,
      channel: this.settings.channel,
      executablePath: this.settings.executablePath,
      args: this.settings.args,
    });
    this.onLaunched(this.server.process().pid ?? null);
    this.browser = await chromium.connect(this.server.wsEndpoint());
    this.context = await this.browser.newContext({ acceptDownloads: true });
    if (this.options.trace) {
      await this.context.tracing.start({ screenshots: true, snapshots: true });
      this.tracing = true;
    }
    return this.context.newPage();
  }

  /** Closes the browser; safe to call when it never started. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.server?.close().catch(() => undefined);
    this.server = null;
    this.browser = null;
    this.context = null;
  }
}
