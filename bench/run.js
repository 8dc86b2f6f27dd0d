// npm run bench: the figures the issues ask for, each measured against its peer in the same run, so
// that a noisy machine moves both sides alike. Timings are medians of interleaved runs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffRepository } from './diff-repo.js';
import { generateDistrict } from './generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work');
const planBin = join(root, 'bin', 'plan.js');
const ajvBin = join(root, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const rssFile = join(mkdtempSync(join(tmpdir(), 'plan-bench-')), 'rss');
const only = process.argv.slice(2);

function run(args, { cwd = root } = {}) {
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(root, 'bench', 'maxrss.cjs'), ...args], {
    cwd,
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const [rssKb, cpuMicros] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
  return { seconds, rssKb, cpuSeconds: cpuMicros / 1e6, status: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}


/**
 * Writes the kernel still holds are flushed before a command is timed, so that no command pays for
 * writing back what the one before it (or the copy of a plan made for it) wrote.
 */
function flushWrites() {
  spawnSync('sync');
}

/**
 * The district's copy for plan apply, as the district is: made once, then each round written back
 * file by file over what the round before applied. Deleting the copy and copying it again would
 * leave thousands of inodes just freed, and on a file system without a journal (ext4 as this
 * project's CI machines have it) each file created soon after in the same place pays to skip
 * them: plan apply's temporary files would be timed against the bench's own churn.
 */
function restoreCopy(dir, copy) {
  if (!existsSync(copy)) return cpSync(dir, copy, { recursive: true });
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const from = join(file.parentPath ?? file.path, file.name);
    writeFileSync(join(copy, relative(dir, from)), readFileSync(from));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs each command `rounds` times, interleaved, after one warm-up; returns medians. */
function compare(commands, rounds) {
  for (const c of commands) {
    const warm = run(c.args, c.cwd ? { cwd: c.cwd } : {});
    if (warm.status !== c.expectStatus) {
      throw new Error(`${c.name} exited ${warm.status} (expected ${c.expectStatus}):\n${warm.stderr || warm.stdout.slice(0, 2000)}`);
    }
  }
  const samples = commands.map(() => ({ seconds: [], rss: [], cpu: [] }));
  for (let r = 0; r < rounds; r++) {
    commands.forEach((c, i) => {
      const result = run(c.args, c.cwd ? { cwd: c.cwd } : {});
      samples[i].seconds.push(result.seconds);
      samples[i].rss.push(result.rssKb);
      samples[i].cpu.push(result.cpuSeconds);
    });
  }
  return commands.map((c, i) => ({ name: c.name, seconds: median(samples[i].seconds), cpuSeconds: median(samples[i].cpu), peakMb: Math.max(...samples[i].rss) / 1024 }));
}

/** The synthetic district of n schools, in two levels (theories, strategies) or four. */
function districtDir(n, levels = 2) {
  const dir = join(work, levels === 2 ? `district-${n}` : `district-${n}-levels${levels}`);
  const marker = join(dir, 'schools', `school-${String(n).padStart(4, '0')}.yaml`);
  const generator = statSync(join(root, 'bench', 'generate.js')).mtimeMs;
  if (!existsSync(marker) || statSync(marker).mtimeMs < generator) {
    process.stderr.write(`generating a synthetic district of ${n} schools in ${levels} levels...\n`);
    generateDistrict(dir, n, { levels });
  }
  return dir;
}

const rows = [];
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');

const levelsNote = (levels) => (levels === 2 ? '' : `, ${levels} levels`);

function benchValidate(n, rounds, levels = 2) {
  const dir = districtDir(n, levels);
  const [plan, ajv] = compare(
    [
      { name: `plan validate (N=${n})`, args: [planBin, 'validate', dir, '--format', 'json'], expectStatus: 0 },
      {
        name: `ajv-cli validate (N=${n})`,
        args: [ajvBin, 'validate', '-s', join(root, 'schemas', 'school-plan.schema.json'), '-d', join(dir, 'schools', '*.yaml'), '-c', 'ajv-formats', '--allow-union-types'],
        expectStatus: 0,
      },
    ],
    rounds,
  );
  const ratio = plan.seconds / ajv.seconds;
  const cpuRatio = plan.cpuSeconds / ajv.cpuSeconds;
  rows.push(plan, ajv);
  console.log(
    `validate N=${n}${levelsNote(levels)}: plan ${plan.seconds.toFixed(3)} s wall, ${plan.cpuSeconds.toFixed(3)} s CPU (peak ${plan.peakMb.toFixed(0)} MB); ajv-cli ${ajv.seconds.toFixed(3)} s wall, ${ajv.cpuSeconds.toFixed(3)} s CPU (peak ${ajv.peakMb.toFixed(0)} MB): wall ratio ${ratio.toFixed(2)} (target <= 0.6, ${verdict(ratio <= 0.6)}), CPU ratio ${cpuRatio.toFixed(2)} (target <= 1.2, ${verdict(cpuRatio <= 1.2)})`,
  );
  if (n >= 2000) console.log(`  peak memory at N=${n}: ${plan.peakMb.toFixed(0)} MB (target < 600 MB, ${verdict(plan.peakMb < 600)})`);
  return plan.seconds;
}

/** The rollup engine alone, on the loaded N-school district, against that run's validate time. */
function benchRollup(n, validateSeconds, rounds, levels = 2) {
  const dir = districtDir(n, levels);
  const samples = [];
  let last;
  for (let r = 0; r < rounds; r++) {
    const result = run([join(root, 'bench', 'rollup-time.js'), dir, '2024-winter-sam', '7']);
    if (result.status !== 0) throw new Error(`rollup-time failed:\n${result.stderr}`);
    last = JSON.parse(result.stdout);
    samples.push(last.rollupSeconds);
  }
  const seconds = median(samples);
  const share = seconds / validateSeconds;
  console.log(
    `rollup N=${n}${levelsNote(levels)} (${last.actions} actions, one cycle): ${seconds.toFixed(3)} s, ${(share * 100).toFixed(1)}% of plan validate's ${validateSeconds.toFixed(3)} s (target <= 20%, ${verdict(share <= 0.2)})`,
  );
  const [status] = compare([{ name: `plan status (N=${n})`, args: [planBin, 'status', dir, '--cycle', '2024-winter-sam', '--by', 'school', '--depth', 'top', '--format', 'csv'], expectStatus: 0 }], 1);
  console.log(`  for reference: plan status end to end (load, rollup, csv by school) ${status.seconds.toFixed(3)} s, peak ${status.peakMb.toFixed(0)} MB`);
}

function benchStartup(rounds) {
  const [plan, nodeOnly] = compare(
    [
      { name: 'plan validate plans/eh2020', args: [planBin, 'validate', join(root, 'plans', 'eh2020')], expectStatus: 0 },
      { name: 'node -e 0', args: ['-e', '0'], expectStatus: 0 },
    ],
    rounds,
  );
  const ratio = plan.seconds / nodeOnly.seconds;
  rows.push(plan, nodeOnly);
  console.log(`startup: plan validate plans/eh2020 ${plan.seconds.toFixed(3)} s, node -e 0 ${nodeOnly.seconds.toFixed(3)} s: ratio ${ratio.toFixed(2)} (target <= 3.0, ${verdict(ratio <= 3)})`);
}

/** The board report to PDF, end to end, against Chromium printing the same HTML by itself. */
function benchBoardPdf(rounds) {
  const out = mkdtempSync(join(tmpdir(), 'plan-bench-report-'));
  const html = run([planBin, 'report', join(root, 'plans', 'eh2020'), '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out, '--as-of', '2020-02-10']);
  if (html.status !== 0) throw new Error(`plan report --format html failed:\n${html.stderr}`);
  const htmlFile = join(out, 'eh2020-board-2020-midyear.html');
  const chromium = browserPath();
  // Each print gets a fresh profile folder, as plan report's browser does: a reused, warm profile
  // would time a browser that no user of plan runs.
  const chromiumArgs = (profile) => [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${join(out, 'chromium.pdf')}`, `file://${htmlFile}`,
  ];
  const samples = { plan: [], chromium: [] };
  for (let r = 0; r <= rounds; r++) {
    const a = run([planBin, 'report', join(root, 'plans', 'eh2020'), '--type', 'board', '--cycle', '2020-midyear', '--out', out, '--as-of', '2020-02-10']);
    if (a.status !== 0) throw new Error(`plan report failed:\n${a.stderr}`);
    const profile = mkdtempSync(join(tmpdir(), 'plan-bench-chromium-'));
    const start = process.hrtime.bigint();
    const b = spawnSync(chromium, chromiumArgs(profile), { stdio: 'ignore' });
    const chromiumSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    rmSync(profile, { recursive: true, force: true });
    if (b.status !== 0) throw new Error(`${chromium} --print-to-pdf failed`);
    if (r === 0) continue; // warm-up
    samples.plan.push(a.seconds);
    samples.chromium.push(chromiumSeconds);
  }
  const planSeconds = median(samples.plan);
  const chromiumSeconds = median(samples.chromium);
  const ratio = planSeconds / chromiumSeconds;
  console.log(
    `report: EH2020 board report to PDF, end to end ${planSeconds.toFixed(3)} s; ${chromium} --headless --print-to-pdf of the same HTML ${chromiumSeconds.toFixed(3)} s: ratio ${ratio.toFixed(2)} (target <= 1.15, ${verdict(ratio <= 1.15)})`,
  );
  rmSync(out, { recursive: true, force: true });
}

/** --all-schools for 50 schools in one run, against 50 runs of one school each. */
function benchAllSchools(n) {
  const dir = districtDir(n);
  const out = mkdtempSync(join(tmpdir(), 'plan-bench-schools-'));
  const cycle = '2024-winter-sam';
  run([planBin, 'report', dir, '--type', 'school', '--school', 'school-0001', '--cycle', cycle, '--out', out]); // warm-up
  const batch = run([planBin, 'report', dir, '--type', 'school', '--all-schools', '--cycle', cycle, '--out', out]);
  if (batch.status !== 0) throw new Error(`plan report --all-schools failed:\n${batch.stderr}`);
  let separate = 0;
  for (let i = 0; i < n; i++) {
    const one = run([planBin, 'report', dir, '--type', 'school', '--school', `school-${String(i + 1).padStart(4, '0')}`, '--cycle', cycle, '--out', out]);
    if (one.status !== 0) throw new Error(`plan report --school failed:\n${one.stderr}`);
    separate += one.seconds;
  }
  const speedup = separate / batch.seconds;
  console.log(
    `report: --all-schools for ${n} schools ${batch.seconds.toFixed(2)} s (peak ${(batch.rssKb / 1024).toFixed(0)} MB in the CLI process); ${n} separate runs ${separate.toFixed(2)} s: ${speedup.toFixed(1)} times faster (target >= 10, ${verdict(speedup >= 10)})`,
  );
  rmSync(out, { recursive: true, force: true });
}

function browserPath() {
  for (const candidate of [process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('no Chromium found: run npm run setup first');
}

/** plan diff between two revisions that differ in 1% of their actions, against validate of one. */
function benchDiff(n, rounds, levels = 2) {
  const { repo, base, head, changed } = diffRepository(districtDir(n, levels), work, n, `${n}${levels === 2 ? '' : `-levels${levels}`}`);
  const [diff, validateRev, validateDir] = compare(
    [
      { name: `plan diff (N=${n})`, args: [planBin, 'diff', base, head, '--plan', 'district', '--format', 'json'], expectStatus: 0, cwd: repo },
      { name: `plan validate --rev (N=${n})`, args: [planBin, 'validate', 'district', '--rev', head, '--format', 'json'], expectStatus: 0, cwd: repo },
      { name: `plan validate (N=${n})`, args: [planBin, 'validate', 'district', '--format', 'json'], expectStatus: 0, cwd: repo },
    ],
    rounds,
  );
  const ratio = diff.seconds / validateDir.seconds;
  console.log(
    `diff N=${n}${levelsNote(levels)} (${changed} actions changed): plan diff ${diff.seconds.toFixed(3)} s (peak ${diff.peakMb.toFixed(0)} MB); plan validate of one revision ${validateDir.seconds.toFixed(3)} s from the checkout, ${validateRev.seconds.toFixed(3)} s with --rev: ratio ${ratio.toFixed(2)} against the checkout (target <= 2.5, ${verdict(ratio <= 2.5)})`,
  );
}

/**
 * plan collect of every school's form for a cycle, and plan apply of all of them filled in (a new
 * rating and evidence on every row), each against plan validate of the district in the same rounds.
 */
async function benchCollectApply(n, rounds) {
  const dir = districtDir(n);
  const cycle = '2024-fall-sam';
  const filled = join(work, `filled-${n}`);
  const marker = join(filled, `synthetic-2025-${cycle}-school-${String(n).padStart(4, '0')}.xlsx`);
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(join(dir, 'plan.yaml')).mtimeMs) {
    process.stderr.write(`filling ${n} update forms...\n`);
    rmSync(filled, { recursive: true, force: true });
    const { writeFilledForms } = await import('./filled-forms.js');
    await writeFilledForms(dir, cycle, filled);
  }
  const forms = join(work, `forms-${n}`);
  const copy = join(work, `apply-${n}`);
  const samples = { collect: [], apply: [], validate: [], collectMb: 0, applyMb: 0 };
  rmSync(copy, { recursive: true, force: true });
  for (let r = 0; r <= rounds; r++) {
    rmSync(forms, { recursive: true, force: true });
    flushWrites();
    const collect = run([planBin, 'collect', dir, '--cycle', cycle, '--out', forms, '--as-of', '2024-11-01']);
    if (collect.status !== 0) throw new Error(`plan collect failed:\n${collect.stderr}`);
    restoreCopy(dir, copy);
    flushWrites();
    const apply = run([planBin, 'apply', filled, '--plan', copy, '--format', 'json']);
    if (apply.status !== 0) throw new Error(`plan apply failed:\n${apply.stderr || apply.stdout.slice(0, 2000)}`);
    flushWrites();
    const validate = run([planBin, 'validate', dir, '--format', 'json']);
    if (r === 0) continue; // warm-up
    samples.collect.push(collect.seconds);
    samples.apply.push(apply.seconds);
    samples.validate.push(validate.seconds);
    samples.collectMb = Math.max(samples.collectMb, collect.rssKb / 1024);
    samples.applyMb = Math.max(samples.applyMb, apply.rssKb / 1024);
  }
  const [collect, apply, validate] = [median(samples.collect), median(samples.apply), median(samples.validate)];
  console.log(
    `collect N=${n} (${n} workbooks, ${n * 25} actions): plan collect ${collect.toFixed(3)} s (peak ${samples.collectMb.toFixed(0)} MB); plan validate ${validate.toFixed(3)} s: ratio ${(collect / validate).toFixed(2)} (target <= 3.0, ${verdict(collect / validate <= 3)})`,
  );
  console.log(
    `apply N=${n} (${n} filled workbooks, ${n * 25} ratings): plan apply ${apply.toFixed(3)} s (peak ${samples.applyMb.toFixed(0)} MB); plan validate ${validate.toFixed(3)} s: ratio ${(apply / validate).toFixed(2)} (target <= 3.0, ${verdict(apply / validate <= 3)}); peak memory target < 1024 MB, ${verdict(Math.max(samples.collectMb, samples.applyMb) < 1024)}`,
  );
  rmSync(forms, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
}

/**
 * The concentrated district (50,000 actions under three strategies, one school with 20,000): plan
 * status, plan report --format html and plan diff (200 ratings of the large school changed), each
 * against plan validate of the same district.
 */
async function benchConcentrated(rounds) {
  const dir = join(work, 'concentrated');
  const changed = join(work, 'concentrated-changed');
  const marker = join(dir, 'schools', 'school-0101.yaml');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(join(root, 'bench', 'generate.js')).mtimeMs) {
    process.stderr.write('generating the concentrated district (50,000 actions)...\n');
    const { generateConcentrated } = await import('./generate.js');
    generateConcentrated(dir);
    rmSync(changed, { recursive: true, force: true });
    cpSync(dir, changed, { recursive: true });
    const big = join(changed, 'schools', 'school-0001.yaml');
    let n = 0;
    // Every 100th action of the large school gets another rating for the latest cycle.
    const text = readFileSync(big, 'utf8').replace(/(2024-fall-sam:\n {8}rating: )(\d)/g, (whole, head, rating) => (n++ % 100 === 0 ? `${head}${(Number(rating) % 3) + 1}` : whole));
    writeFileSync(big, text);
  }
  const out = mkdtempSync(join(tmpdir(), 'plan-bench-concentrated-'));
  const [validate, status, report, diff] = compare(
    [
      { name: 'plan validate (concentrated)', args: [planBin, 'validate', dir, '--format', 'json'], expectStatus: 0 },
      { name: 'plan status --depth top (concentrated)', args: [planBin, 'status', dir, '--cycle', '2024-fall-sam', '--depth', 'top'], expectStatus: 0 },
      { name: 'plan report --format html (concentrated)', args: [planBin, 'report', dir, '--type', 'board', '--cycle', '2024-midyear', '--format', 'html', '--out', out, '--as-of', '2024-11-20'], expectStatus: 0 },
      { name: 'plan diff (concentrated)', args: [planBin, 'diff', dir, changed, '--plan', changed, '--format', 'json'], expectStatus: 0 },
    ],
    rounds,
  );
  for (const row of [status, report, diff]) {
    const ratio = row.seconds / validate.seconds;
    console.log(`concentrated (50,000 actions under 3 strategies, one school with 20,000): ${row.name.replace(' (concentrated)', '')} ${row.seconds.toFixed(3)} s (peak ${row.peakMb.toFixed(0)} MB); plan validate ${validate.seconds.toFixed(3)} s: ratio ${ratio.toFixed(2)} (target <= 2.0, ${verdict(ratio <= 2)})`);
  }
  rmSync(out, { recursive: true, force: true });
}

/** plan site for the 2000-school district (a page per school), against plan validate of it in the same rounds. */
function benchSite(n, rounds) {
  const dir = districtDir(n);
  const out = join(work, `site-${n}`);
  const samples = { site: [], validate: [], mb: 0 };
  let pages = 0;
  let bytes = 0;
  for (let r = 0; r <= rounds; r++) {
    rmSync(out, { recursive: true, force: true });
    flushWrites();
    const site = run([planBin, 'site', dir, '--out', out, '--as-of', '2024-11-01', '--base-url', 'https://plan.example.org/']);
    if (site.status !== 0) throw new Error(`plan site failed:\n${site.stderr}`);
    const validate = run([planBin, 'validate', dir, '--format', 'json']);
    if (r === 0) {
      const files = readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
      pages = files.length;
      bytes = files.reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
      continue; // warm-up
    }
    samples.site.push(site.seconds);
    samples.validate.push(validate.seconds);
    samples.mb = Math.max(samples.mb, site.rssKb / 1024);
  }
  const [site, validate] = [median(samples.site), median(samples.validate)];
  console.log(
    `site N=${n} (${pages} pages, ${(bytes / 1024 / 1024).toFixed(1)} MB of HTML): plan site ${site.toFixed(3)} s (peak ${samples.mb.toFixed(0)} MB); plan validate ${validate.toFixed(3)} s: ratio ${(site / validate).toFixed(2)} (target <= 3.0, ${verdict(site / validate <= 3)}); peak memory target < 1024 MB, ${verdict(samples.mb < 1024)}`,
  );
  rmSync(out, { recursive: true, force: true });
}

const want = (name) => only.length === 0 || only.includes(name);
console.log(`plan benchmarks on node ${process.version}, ${new Date().toISOString()}`);
if (want('startup')) benchStartup(15);
let validate2000;
if (want('validate')) {
  benchValidate(100, 7);
  validate2000 = benchValidate(2000, 3);
}
if (want('rollup')) benchRollup(2000, validate2000 ?? benchValidate(2000, 3), 3);
if (want('diff')) benchDiff(2000, 3);
if (want('collect') || want('apply')) await benchCollectApply(2000, 5);
if (want('concentrated')) await benchConcentrated(3);
if (want('levels')) {
  // The same district written in four levels (Pillar -> Priority -> Objective -> Strategy).
  benchValidate(100, 7, 4);
  benchRollup(2000, benchValidate(2000, 3, 4), 3, 4);
  benchDiff(2000, 3, 4);
}
if (want('site')) benchSite(2000, 3);
if (want('report')) {
  benchBoardPdf(5);
  benchAllSchools(50);
}
rmSync(dirname(rssFile), { recursive: true, force: true });
