// Finding a Chrome, Chromium or Microsoft Edge to print with. npm install never downloads one: the
// toolkit depends on puppeteer-core alone. The order is: --browser, then PUPPETEER_EXECUTABLE_PATH,
// CHROME_PATH and CHROME_BIN (read here: puppeteer-core reads no environment; GitHub's Ubuntu images
// set CHROME_BIN), then puppeteer's cache for whoever has one, then where each operating system's
// installers put the browsers.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

export class BrowserNotFoundError extends Error {
  constructor(
    readonly tried: string[],
    readonly hint: string,
  ) {
    super('no Chrome, Chromium or Microsoft Edge was found to print the PDF');
  }
}

export interface BrowserSearch {
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
  home?: string;
}

const ENV_VARIABLES = ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH', 'CHROME_BIN'] as const;

/** What to install, said for the operating system the command runs on. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  const install =
    platform === 'win32'
      ? ['  Windows:  install Google Chrome or Microsoft Edge (Edge comes with Windows 10 and 11)']
      : platform === 'darwin'
        ? ['  macOS:    install Google Chrome, or: brew install --cask chromium']
        : [
            '  Debian:   sudo apt-get install chromium   (or: npm run setup in a clone of plan)',
            '  Ubuntu:   install Google Chrome (.deb) or Microsoft Edge; the chromium package there is a snap',
            '  Fedora:   sudo dnf install chromium',
          ];
  return [
    'Install one, then run the command again:',
    ...install,
    'or name one with --browser PATH, or set CHROME_PATH.',
    'HTML reports (--format html) need no browser.',
  ].join('\n');
}

function systemPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local')];
    const apps = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return apps.flatMap((app) => roots.map((root) => win32.join(root, app)));
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return apps.flatMap((app) => [posix.join('/Applications', app), posix.join(home, 'Applications', app)]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
  ];
}

function puppeteerCache(env: Record<string, string | undefined>, home: string, exists: (path: string) => boolean): string[] {
  const root = env.PUPPETEER_CACHE_DIR ?? join(home, '.cache', 'puppeteer');
  const found: string[] = [];
  for (const product of ['chrome', 'chrome-headless-shell']) {
    const dir = join(root, product);
    if (!exists(dir)) continue;
    for (const version of readdirSync(dir).sort().reverse()) {
      for (const binary of ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-win64/chrome.exe']) {
        found.push(join(dir, version, binary));
      }
    }
  }
  return found;
}

/** Every place looked at, in order. */
export function browserCandidates(env: Record<string, string | undefined>, search: BrowserSearch = {}): string[] {
  const platform = search.platform ?? process.platform;
  const home = search.home ?? homedir();
  const exists = search.exists ?? existsSync;
  return [...ENV_VARIABLES.map((name) => env[name]).filter((path): path is string => !!path), ...puppeteerCache(env, home, exists), ...systemPaths(platform, env, home)];
}

export function findBrowser(explicit: string | undefined, env: Record<string, string | undefined>, search: BrowserSearch = {}): string {
  const exists = search.exists ?? existsSync;
  const hint = installHint(search.platform ?? process.platform);
  if (explicit) {
    if (!exists(explicit)) throw new BrowserNotFoundError([explicit], hint);
    return explicit;
  }
  const candidates = browserCandidates(env, search);
  const found = candidates.find((path) => exists(path));
  if (!found) throw new BrowserNotFoundError(candidates, hint);
  return found;
}
