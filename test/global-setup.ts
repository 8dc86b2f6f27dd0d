// Worker threads cannot run TypeScript: under the test runner they run the build in dist/. A test
// of a threaded path would test stale code if src/ changed since the last build, so the build is
// brought up to date before any test runs (npm test builds first; a lone vitest run may not have).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'index.js');
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'templates')), newest(join(ROOT, 'scripts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stderr.write('dist/ is older than src/: building, so that worker threads run the code under test\n');
  // The steps of npm run build (package.json), run with this Node.
  const steps = [[join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], [join(ROOT, 'scripts', 'build-validators.js')], [join(ROOT, 'scripts', 'build-templates.js')]];
  for (const step of steps) execFileSync(process.execPath, step, { cwd: ROOT, stdio: 'inherit' });
}
