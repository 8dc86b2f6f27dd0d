// Finding a browser on each operating system, with a file system that is only a set of paths.
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, browserCandidates, findBrowser, installHint } from '../src/report/browser.js';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('browser discovery', () => {
  it('finds Edge in Program Files (x86) and Chrome in LOCALAPPDATA on Windows', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser(undefined, env, { platform: 'win32', exists: only(edge), home: 'C:\\Users\\ana' })).toBe(edge);
    const chrome = 'C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(undefined, env, { platform: 'win32', exists: only(chrome, edge), home: 'C:\\Users\\ana' })).toBe(chrome);
  });

  it('finds Chrome, Chromium or Edge in /Applications or ~/Applications on macOS', () => {
    const mine = '/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser(undefined, {}, { platform: 'darwin', exists: only(mine), home: '/Users/ana' })).toBe(mine);
    const candidates = browserCandidates({}, { platform: 'darwin', exists: () => false, home: '/Users/ana' });
    expect(candidates).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(candidates).toContain('/Applications/Chromium.app/Contents/MacOS/Chromium');
  });

  it('finds the Chrome of GitHub runners and Edge on Linux, and prefers the environment', () => {
    expect(findBrowser(undefined, {}, { platform: 'linux', exists: only('/usr/bin/google-chrome'), home: '/home/ana' })).toBe('/usr/bin/google-chrome');
    expect(findBrowser(undefined, {}, { platform: 'linux', exists: only('/opt/microsoft/msedge/msedge'), home: '/home/ana' })).toBe('/opt/microsoft/msedge/msedge');
    const env = { CHROME_PATH: '/opt/chrome/chrome', CHROME_BIN: '/opt/other/chrome' };
    expect(findBrowser(undefined, env, { platform: 'linux', exists: only('/opt/chrome/chrome', '/opt/other/chrome', '/usr/bin/chromium'), home: '/home/ana' })).toBe('/opt/chrome/chrome');
    expect(findBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: '/p/chrome', ...env }, { platform: 'linux', exists: only('/p/chrome', '/opt/chrome/chrome'), home: '/h' })).toBe('/p/chrome');
  });

  it('takes --browser as it is, and refuses one that does not exist', () => {
    expect(findBrowser('/x/chrome', {}, { platform: 'linux', exists: only('/x/chrome') })).toBe('/x/chrome');
    expect(() => findBrowser('/x/none', {}, { platform: 'linux', exists: only('/usr/bin/chromium') })).toThrow(BrowserNotFoundError);
  });

  it('says what to install on the system it runs on', () => {
    let error: unknown;
    try {
      findBrowser(undefined, {}, { platform: 'win32', exists: () => false, home: 'C:\\Users\\ana' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    expect((error as BrowserNotFoundError).hint).toMatch(/Windows: +install Google Chrome or Microsoft Edge/);
    expect(installHint('darwin')).toMatch(/brew install --cask chromium/);
    expect(installHint('linux')).toMatch(/apt-get install chromium/);
    expect(installHint('linux')).not.toMatch(/Windows/);
  });
});
