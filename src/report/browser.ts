// Finding a Chromium to print with. npm install never downloads one; the order is: --browser,
// PUPPETEER_EXECUTABLE_PATH (read here: puppeteer-core reads no environment), puppeteer's own
// cache, then the usual system paths.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export class BrowserNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super('no Chromium or Chrome was found to print the PDF');
  }
}

export const INSTALL_HINT = [
  'Install one, then run the command again:',
  '  Debian, Ubuntu:  sudo apt-get install chromium   (or: npm run setup, which does it for you)',
  '  macOS:           install Google Chrome, or: brew install --cask chromium',
  'or name one with --browser PATH, or set PUPPETEER_EXECUTABLE_PATH.',
  'HTML reports (--format html) need no browser.',
].join('\n');

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

function puppeteerCache(env: Record<string, string | undefined>): string[] {
  const root = env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  const found: string[] = [];
  for (const product of ['chrome', 'chrome-headless-shell']) {
    const dir = join(root, product);
    if (!existsSync(dir)) continue;
    for (const version of readdirSync(dir).sort().reverse()) {
      for (const binary of ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing']) {
        found.push(join(dir, version, binary));
      }
    }
  }
  return found;
}

export function findBrowser(explicit: string | undefined, env: Record<string, string | undefined>): string {
  const candidates = [
    ...(explicit ? [explicit] : []),
    ...(env.PUPPETEER_EXECUTABLE_PATH ? [env.PUPPETEER_EXECUTABLE_PATH] : []),
    ...puppeteerCache(env),
    ...SYSTEM_PATHS,
  ];
  if (explicit && !existsSync(explicit)) throw new BrowserNotFoundError([explicit]);
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new BrowserNotFoundError(candidates);
  return found;
}
