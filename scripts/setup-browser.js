// npm run setup: make sure a Chromium is there to print PDF reports with. Uses one already on the
// machine; otherwise installs Debian's chromium with apt-get when it can (root, or sudo without a
// password); otherwise says exactly what to do.
import { spawnSync } from 'node:child_process';
import { BrowserNotFoundError, findBrowser, installHint } from '../dist/report/browser.js';

function found() {
  try {
    return findBrowser(undefined, process.env);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return null;
    throw error;
  }
}

const existing = found();
if (existing) {
  console.error(`plan: printing PDFs with ${existing}`);
  process.exit(0);
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !root && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (has('apt-get') && (root || sudo)) {
  console.error('plan: no Chromium found; installing Debian\'s chromium with apt-get...');
  const prefix = root ? [] : ['sudo', '-n'];
  const run = (args) => spawnSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (run(['apt-get', 'update']).status === 0 && run(['apt-get', 'install', '-y', 'chromium']).status === 0 && found()) {
    console.error(`plan: printing PDFs with ${found()}`);
    process.exit(0);
  }
  console.error('plan: apt-get could not install chromium.');
}
console.error(`plan: no Chrome, Chromium or Edge found. ${installHint()}`);
process.exit(1);
