/**
 * Headless Chromium (Debian's /usr/bin/chromium) through playwright-core, with
 * a page that fails the test on any console error or page error. Chromium
 * logs every non-2xx fetch as "Failed to load resource"; the statuses a test
 * provokes on purpose (401 wrong password, 429 lockout, 404 route absent) are
 * listed per test, anything else fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

export interface TestBrowser {
  browser: Browser;
  newPage(opts?: { width?: number; allowStatuses?: number[] }): Promise<{ page: Page; context: BrowserContext; problems: string[] }>;
  close(): Promise<void>;
}

export const T = { timeout: 30_000 };

/** Fills the login page's one field (password or access token) and submits. */
export async function login(page: Page, password: string): Promise<void> {
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/** Polls `fn` until it gives something other than undefined. */
export async function waitFor<V>(fn: () => Promise<V | undefined>, what: string, ms = 30_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The page has no horizontal scrollbar (it fits a phone). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
}

export async function launch(): Promise<TestBrowser> {
  // launch() gives every run a fresh temporary profile (it refuses --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      const allowed = opts.allowStatuses ?? [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        const status = /status of (\d{3})/.exec(m.text())?.[1];
        if (status && allowed.includes(Number(status))) return;
        problems.push(`console.${m.type()}: ${m.text()}`);
      });
      return { page, context, problems };
    },
    async close() {
      await browser.close();
    },
  };
}
