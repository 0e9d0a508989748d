// Opens a report in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, never a downloaded
// browser) from a file:// URL with every other request blocked, and reports what a reader and a test need: console
// errors, requests, chart boxes and axis titles, the page text, axe-core violations, a full-page screenshot.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

// page.evaluate callbacks run in the browser; the project compiles without the DOM library
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_OUTPUT = path.join(ROOT, 'test-output');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Why the browser tests cannot run here, or false. */
export const browserSkip: string | false = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium; CI installs it)`;

/** A fresh profile (playwright passes it as --user-data-dir); close the returned context to stop the browser. */
export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'trenchcoat-chromium-')), {
    executablePath: CHROMIUM,
    viewport: { width: 1100, height: 900 },
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ChartInfo {
  title: string;
  width: number;
  height: number;
  axisTitles: string[];
}

export interface PageCheck {
  consoleErrors: string[];
  /** Every request the page made other than loading its own file. */
  requests: string[];
  charts: ChartInfo[];
  /** textContent of the body: includes the tables inside closed <details>. */
  text: string;
  criticalViolations: { id: string; help: string; nodes: number }[];
  seriousViolations: { id: string; help: string; nodes: number }[];
  screenshot: string;
}

export interface CheckOptions {
  colorScheme?: 'light' | 'dark';
  /** Also write the first screen and a half as NAME-top.png (the README's picture of the demo). */
  top?: boolean;
}

export async function checkPage(context: BrowserContext, file: string, name: string, options: CheckOptions = {}): Promise<PageCheck> {
  const colorScheme = options.colorScheme ?? 'light';
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  try {
    await page.emulateMedia({ colorScheme });
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('figure')].map((f) => {
        const svg = f.querySelector('.chart svg');
        const box = svg?.getBoundingClientRect();
        return {
          title: f.querySelector('figcaption strong')?.textContent ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          axisTitles: [...(svg?.querySelectorAll('g.role-axis-title text') ?? [])].map((t) => t.textContent ?? '').filter(Boolean),
        };
      }),
    );
    const text = await page.evaluate(() => document.body.textContent ?? '');
    // axe runs through the DevTools protocol, outside the page's Content-Security-Policy
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const results = (await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as { violations: { id: string; impact: string; help: string; nodes: unknown[] }[] };
    const pick = (impact: string) => results.violations.filter((v) => v.impact === impact).map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
    mkdirSync(TEST_OUTPUT, { recursive: true });
    const screenshot = path.join(TEST_OUTPUT, `report-${name}${colorScheme === 'dark' ? '-dark' : ''}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    // the first screen and a half: small enough for the README (docs/)
    if (options.top) await page.screenshot({ path: screenshot.replace(/\.png$/, '-top.png'), clip: { x: 0, y: 0, width: 1100, height: 1500 }, fullPage: true });
    return { consoleErrors, requests, charts, text, criticalViolations: pick('critical'), seriousViolations: pick('serious'), screenshot };
  } finally {
    await page.close();
  }
}
