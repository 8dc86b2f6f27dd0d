// Printing reports to PDF with headless Chromium through puppeteer: one browser for the whole run,
// a small pool of pages working in parallel. The page runs no JavaScript and may fetch nothing:
// reports are self-contained, so every request but inline data is refused.
import type { Browser, Page } from 'puppeteer-core';
import { startChromium, type RunningChromium } from './chromium.js';
import { packageVersion } from '../version.js';

export type Paper = 'letter' | 'a4';

export interface PrintJob {
  /** The report, with its running header and footer in its stylesheet. */
  html: string;
  /** For the PDF's metadata: the document's title and language (BCP 47). */
  title?: string;
  lang?: string;
  paper: Paper;
}

export class RenderTimeoutError extends Error {}

let accessible: Promise<typeof import('./pdf-ua.js')> | undefined;

export class PdfPrinter {
  private constructor(
    private readonly browser: Browser,
    private readonly chromium: RunningChromium,
    private readonly timeoutMs: number,
    private readonly idle: Page[],
  ) {}

  /**
   * Starts the browser at once; loads puppeteer and connects once `connectAfter` settles. The caller
   * renders its HTML meanwhile: loading puppeteer competes with rendering for the one JavaScript
   * thread, and the browser takes longer to start than either.
   */
  static async launch(executablePath: string, options: { timeoutMs: number; pages: number; connectAfter?: Promise<unknown> }): Promise<PdfPrinter> {
    // puppeteer is loaded by the report command only (validate and status never pay for it).
    // Starting the browser is not rendering: it has its own, generous limit.
    const chromium = await startChromium(executablePath);
    try {
      await options.connectAfter?.catch(() => undefined);
      // The browser build of puppeteer-core: the DevTools protocol without the launchers, a third
      // of the load time of the whole package. The pipe transport replaces its WebSocket.
      const { default: puppeteer } = await import('puppeteer-core/internal/puppeteer-core-browser.js');
      const browser = await puppeteer.connect({
        transport: chromium.transport,
        protocolTimeout: Math.max(options.timeoutMs * 2, 60_000),
        defaultViewport: null,
      });
      // The browser build's classes are the same as the package's, declared in another file.
      const printer = new PdfPrinter(browser as unknown as Browser, chromium, options.timeoutMs, []);
      printer.poolSize = Math.max(1, options.pages);
      return printer;
    } catch (error) {
      await chromium.stop();
      throw error;
    }
  }

  private poolSize = 2;
  private busy = 0;
  private waiting: Array<() => void> = [];

  private async acquire(): Promise<Page> {
    while (this.busy >= this.poolSize) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    const page = this.idle.pop() ?? (await this.newPage());
    return page;
  }

  private release(page: Page, reusable: boolean): void {
    if (reusable) this.idle.push(page);
    else void page.close().catch(() => undefined);
    this.busy--;
    this.waiting.shift()?.();
  }

  private firstTabTaken = false;

  private async newPage(): Promise<Page> {
    // The browser opened with a blank tab whose renderer is running by now: the first report uses
    // it, rather than waiting a quarter of a second for a new renderer to start.
    let page: Page | undefined;
    if (!this.firstTabTaken) {
      this.firstTabTaken = true;
      page = (await this.browser.pages())[0];
    }
    page ??= await this.browser.newPage();
    // Two round trips to the browser at once: a new page is on the critical path of a single report.
    await Promise.all([page.setJavaScriptEnabled(false), page.setRequestInterception(true)]);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    page.setDefaultTimeout(this.timeoutMs);
    return page;
  }

  async print(job: PrintJob): Promise<Uint8Array> {
    // pdf-lib loads while Chromium lays the page out and prints: it is needed right after.
    accessible ??= import('./pdf-ua.js');
    const page = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    let reusable = true;
    let released = false;
    try {
      const work = (async () => {
        await page.setContent(job.html, { waitUntil: 'load', timeout: this.timeoutMs });
        return page.pdf({
          format: job.paper === 'a4' ? 'A4' : 'Letter',
          printBackground: true,
          margin: { top: '0.75in', bottom: '0.8in', left: '0.7in', right: '0.7in' },
          tagged: true,
          outline: true,
          timeout: this.timeoutMs,
        });
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // The page may still be working: it is closed, not handed to the next report.
          reusable = false;
          reject(new RenderTimeoutError(`rendering took longer than ${Math.round(this.timeoutMs / 1000)} s`));
        }, this.timeoutMs);
      });
      work.catch(() => undefined);
      const printed = await Promise.race([work, timeout]);
      // The page is free again: the PDF is made accessible while the next report prints.
      this.release(page, reusable);
      released = true;
      const { makeAccessible } = await accessible;
      return await makeAccessible(printed, { title: job.title ?? '', lang: job.lang ?? 'en', creator: `plan ${packageVersion()}` });
    } catch (error) {
      reusable = false;
      throw error;
    } finally {
      clearTimeout(timer);
      if (!released) this.release(page, reusable);
    }
  }

  /** Ends the browser. Every PDF is written by then, so it is stopped rather than shut down politely. */
  async close(): Promise<void> {
    await this.browser.disconnect().catch(() => undefined);
    await this.chromium.stop();
  }
}
