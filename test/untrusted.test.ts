// What a pull request from a stranger can do to a district's CI: each attack that once got through
// (a symlinked logo or plan file reading the runner's files, a revision that is an option, a form
// re-pointed to another school or resealed, two applies at once, a batch half written, text lost in
// a rewrite), and each defence that held (zip bombs, entity expansion, markup, annotation injection),
// tried as an attacker would, through the command line. A regression in any of them fails CI.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { seal } from '../src/collect/fingerprint.js';
import { FORM_SHEET } from '../src/collect/xlsx.js';
import { DirectorySource } from '../src/load/source.js';
import { loadPlan } from '../src/load/load-plan.js';
import { removeStale, writeFileAtomic } from '../src/write-file.js';
import { ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const KEY = 'a-district-secret-of-some-length';

/** A copy of a sample plan in a git repository of its own (so the repository is the rule's root), with one commit. */
function repoWith(sample: string): { repo: string; plan: string } {
  const repo = mkdtempSync(join(tmpdir(), 'plan-untrusted-'));
  const plan = join(repo, sample);
  cpSync(join(ROOT, 'plans', sample), plan, { recursive: true });
  git(repo, 'init', '-q');
  commitAll(repo);
  return { repo, plan };
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function commitAll(repo: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'change', '--allow-empty');
}

/** A file outside every repository, holding what a CI runner must never publish. */
function secretFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-secret-'));
  const path = join(dir, 'credentials.yaml');
  writeFileSync(path, 'aws_access_key_id: AKIASECRETSECRET\naws_secret_access_key: do-not-publish\n');
  return path;
}

function setLogo(plan: string, logo: string): void {
  const path = join(plan, 'plan.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/^district:\n/m, `district:\n  logo: ${logo}\n`));
}

describe('files a pull request adds are read only inside the repository', () => {
  it('a logo linked to a file outside the repository is refused, named in the plan\'s terms, and nothing is written', async () => {
    const { plan } = repoWith('eh2020');
    symlinkSync('/etc/passwd', join(plan, 'logo.png'));
    setLogo(plan, 'logo.png');
    const out = join(plan, '..', 'out');
    const run = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(run.code).toBe(2);
    // At its place in plan.yaml: the line the setting was written on, under district.
    expect(run.stderr).toMatch(/plan\.yaml:\d+:\d+: district\.logo points outside the repository: logo\.png -> \/etc\/passwd/);
    expect(run.stderr).not.toContain('Error:');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a logo linked to /dev/zero or a named pipe is refused at once instead of read for ever', async () => {
    for (const make of [(p: string) => symlinkSync('/dev/zero', p), (p: string) => spawnSync('mkfifo', [p])]) {
      const { plan } = repoWith('eh2020');
      make(join(plan, 'logo.png'));
      setLogo(plan, 'logo.png');
      const started = Date.now();
      const run = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', join(plan, '..', 'out')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/district\.logo (points outside the repository|\(logo\.png\) is not a regular file: it is a named pipe)/);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  }, 60_000);

  it('a logo inside the repository is still embedded, and one over the limit is refused', async () => {
    const { plan } = repoWith('eh2020');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    writeFileSync(join(plan, 'logo.png'), png);
    setLogo(plan, 'logo.png');
    const out = join(plan, '..', 'out');
    const run = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, readdirSync(out)[0]!), 'utf8')).toContain(`data:image/png;base64,${png.toString('base64')}`);
    writeFileSync(join(plan, 'logo.png'), Buffer.alloc(3 * 1024 * 1024));
    const big = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('district.logo (logo.png) is too large: 3 MB; the limit for logos is 2 MB');
    const raised = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out, '--limit', 'logo=4MB']);
    expect(raised.code).toBe(0);
  });

  it('a template or a locale file linked outside the repository is refused', async () => {
    const { plan } = repoWith('eh2020');
    const secret = secretFile();
    mkdirSync(join(plan, 'look'));
    symlinkSync(secret, join(plan, 'look', 'theme.css'));
    const path = join(plan, 'plan.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^plan:\n/m, 'plan:\n  templates: look\n'));
    const out = join(plan, '..', 'out');
    const run = await runCli(['report', plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('points outside the repository');
    expect(run.stderr + run.stdout).not.toContain('AKIASECRET');

    const other = repoWith('eh2020');
    mkdirSync(join(other.plan, 'locales'));
    symlinkSync(secret, join(other.plan, 'locales', 'es.json'));
    const es = await runCli(['report', other.plan, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--lang', 'es', '--out', out]);
    expect(es.code).toBe(2);
    expect(es.stderr).toContain('points outside the repository');
  });

  it('plan files linked outside are not read, nor quoted in annotations; one linked inside is read; a pipe, a device and a huge file are refused', async () => {
    const { plan } = repoWith('eh2020');
    symlinkSync(secretFile(), join(plan, 'schools', 'stolen.yaml'));
    symlinkSync('/dev/zero', join(plan, 'offices', 'zero.yaml'));
    spawnSync('mkfifo', [join(plan, 'schools', 'pipe.yaml')]);
    writeFileSync(join(plan, 'schools', 'huge.yaml'), `school: x\nnote: "${'a'.repeat(9 * 1024 * 1024)}"\n`);
    const run = await runCli(['validate', plan, '--format', 'github']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/aws_|AKIA/);
    const lines = run.stdout.split('\n');
    const about = (file: string) => lines.find((l) => l.includes(`schools/${file}`) || l.includes(`offices/${file}`)) ?? '';
    expect(about('stolen.yaml')).toContain('outside the repository');
    expect(about('zero.yaml')).toContain('outside the repository');
    expect(about('pipe.yaml')).toContain('named pipe');
    expect(about('huge.yaml')).toContain('too large');
    // The same on worker threads, which read the files themselves.
    const threaded = await loadPlan(new DirectorySource(plan), { threads: 2 });
    const codes = Object.fromEntries(threaded.diagnostics.filter((d) => /stolen|zero|pipe|huge/.test(d.file)).map((d) => [d.file, d.code]));
    expect(codes).toEqual({ 'schools/stolen.yaml': 'FILE_OUTSIDE_REPOSITORY', 'offices/zero.yaml': 'FILE_OUTSIDE_REPOSITORY', 'schools/pipe.yaml': 'FILE_NOT_REGULAR', 'schools/huge.yaml': 'FILE_TOO_LARGE' });

    const inside = repoWith('eh2020');
    const moved = join(inside.repo, 'shared-ehms.yaml');
    cpSync(join(inside.plan, 'schools', 'ehms.yaml'), moved);
    spawnSync('rm', [join(inside.plan, 'schools', 'ehms.yaml')]);
    symlinkSync('../../shared-ehms.yaml', join(inside.plan, 'schools', 'ehms.yaml'));
    expect((await runCli(['validate', inside.plan])).code).toBe(0);
  }, 60_000);

  it('a link in a git revision is followed only inside the repository', async () => {
    const { repo, plan } = repoWith('eh2020');
    symlinkSync(secretFile(), join(plan, 'schools', 'stolen.yaml'));
    commitAll(repo);
    const run = await runCli(['validate', plan, '--rev', 'HEAD', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/aws_|AKIA/);
    expect(JSON.parse(run.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['FILE_OUTSIDE_REPOSITORY']);
    spawnSync('rm', [join(plan, 'schools', 'stolen.yaml')]);
    spawnSync('mv', [join(plan, 'schools', 'ehms.yaml'), join(repo, 'ehms.yaml')]);
    symlinkSync('../../ehms.yaml', join(plan, 'schools', 'ehms.yaml'));
    commitAll(repo);
    expect((await runCli(['validate', plan, '--rev', 'HEAD'])).code).toBe(0);
  });
});

describe('a revision is never an option to git', () => {
  it('refuses revisions that look like options, for every command that takes one, and writes no file', async () => {
    const { repo, plan } = repoWith('eh2020');
    const target = join(repo, 'injected');
    const runs = [
      ['validate', plan, `--rev=--output=${target}`],
      ['status', plan, `--rev=--output=${target}`],
      ['report', plan, '--type', 'board', '--format', 'html', `--rev=--output=${target}`, '--out', join(repo, 'out')],
      ['collect', plan, `--rev=--output=${target}`, '--out', join(repo, 'forms')],
      ['codeowners', plan, `--rev=--output=${target}`],
      ['diff', '--plan', plan, '--', `--output=${target}`],
      ['diff', '--plan', plan, 'HEAD', '--', `--output=${target}`],
    ];
    for (const args of runs) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/unknown revision|not a|no such|unknown option/i);
      expect(existsSync(target), args.join(' ')).toBe(false);
    }
  }, 60_000);
});

/** The blank EHMS form of a plan, and a way to fill copies of it. */
async function formsFor(plan: string, env: Record<string, string> = {}, school = 'ehms'): Promise<string> {
  const out = join(plan, '..', `forms-${school}`);
  const made = await runCli(['collect', plan, '--cycle', '2020-spring-sam', '--school', school, '--out', out, '--as-of', '2020-05-01'], { env });
  expect(made.code, made.stderr).toBe(0);
  return join(out, `eh2020-2020-spring-sam-${school}.xlsx`);
}

async function edited(blank: string, to: string, edit: (sheet: ExcelJS.Worksheet, record: ExcelJS.Worksheet, header: (name: string) => number) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(blank);
  const sheet = workbook.worksheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden' && (s.getRow(2).values as unknown[]).includes('ID'))!;
  // Row 1 says when the form is due; row 2 names the columns; row 3 is the first to fill.
  const headers = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
  edit(sheet, workbook.getWorksheet(FORM_SHEET)!, (name) => headers.indexOf(name));
  await workbook.xlsx.writeFile(to);
  return to;
}

const RECORD = 'Form record (do not edit)';

describe('a form changes only what it was sent for', () => {
  it('a row copied from another school\'s form, validly sealed, is refused with the row named', async () => {
    const { plan } = repoWith('eh2020');
    const ehms = await formsFor(plan);
    const hockanum = await formsFor(plan, {}, 'hockanum');
    const other = new ExcelJS.Workbook();
    await other.xlsx.readFile(hockanum);
    const otherSheet = other.worksheets.find((s) => (s.getRow(2).values as unknown[]).includes('ID'))!;
    const before = readFileSync(join(plan, 'schools', 'hockanum.yaml'), 'utf8');
    const form = await edited(ehms, join(plan, '..', 'copied.xlsx'), (sheet, _record, header) => {
      sheet.getCell(3, header('ID')).value = otherSheet.getCell(3, header('ID')).value;
      sheet.getCell(3, header(RECORD)).value = otherSheet.getCell(3, header(RECORD)).value;
      sheet.getCell(3, header('Rating')).value = '1 – Not yet on track';
    });
    const run = await runCli(['apply', form, '--plan', plan]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/row 3, column \w+ \(Form record \(do not edit\)\): the row is for schools\/hockanum\.yaml, but this form was sent for schools\/ehms\.yaml/);
    expect(readFileSync(join(plan, 'schools', 'hockanum.yaml'), 'utf8')).toBe(before);
  });

  it('the hidden form sheet re-pointed to another cycle is refused', async () => {
    const { plan } = repoWith('eh2020');
    const form = await edited(await formsFor(plan), join(plan, '..', 'cycle.xlsx'), (sheet, record, header) => {
      record.getCell('A3').value = '2020-winter-sam';
      sheet.getCell(3, header('Rating')).value = '3 – On track';
    });
    const run = await runCli(['apply', form, '--plan', plan]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the form's hidden record was edited");
  });

  it('with a district key, only forms its own plan collect made apply: no unkeyed form, no form resealed by hand', async () => {
    const { plan } = repoWith('eh2020');
    const env = { PLAN_FORM_KEY: KEY };
    const keyed = await formsFor(plan, env);
    const filled = await edited(keyed, join(plan, '..', 'keyed.xlsx'), (sheet, _r, header) => void (sheet.getCell(3, header('Rating')).value = '3 – On track'));
    // Without the key it cannot be checked, so it is not applied.
    const withoutKey = await runCli(['apply', filled, '--plan', plan, '--dry-run']);
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stdout).toContain("is sealed with the district's form key, which is not set here");
    // An attacker re-points the form's record and reseals it as plan once did: refused.
    const resealed = await edited(filled, join(plan, '..', 'resealed.xlsx'), (_sheet, record) => {
      const lines = Array.from({ length: 8 }, (_, i) => String(record.getCell(`A${i + 1}`).value ?? ''));
      lines[7] = 'schools%2Fhockanum.yaml';
      lines.forEach((line, i) => (record.getCell(`A${i + 1}`).value = line));
      record.getCell('A9').value = seal(lines);
    });
    const forged = await runCli(['apply', resealed, '--plan', plan], { env });
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('sealed with another key');
    // A form made without the key is refused where the key is set.
    const open = await edited(await formsFor(mkCopy(plan)), join(plan, '..', 'open.xlsx'), (sheet, _r, header) => void (sheet.getCell(3, header('Rating')).value = '3 – On track'));
    const unkeyed = await runCli(['apply', open, '--plan', plan], { env });
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stdout).toContain("is not sealed with the district's form key");
    // The form the district made applies with its key.
    const applied = await runCli(['apply', filled, '--plan', plan], { env });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Wrote 1 file/);
    // A key too short to protect anything is refused.
    expect((await runCli(['apply', filled, '--plan', plan], { env: { PLAN_FORM_KEY: 'short' } })).code).toBe(2);
  }, 60_000);

  it('a workbook part whose bytes do not match its checksum is refused as damaged', async () => {
    const { plan } = repoWith('eh2020');
    const form = await edited(await formsFor(plan), join(plan, '..', 'crc.xlsx'), (sheet, _r, header) => void (sheet.getCell(3, header('Rating')).value = '3 – On track'));
    const bytes = readFileSync(form);
    // The central directory's CRC-32 of every worksheet, changed: the bytes no longer match it.
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      const name = bytes.subarray(at + 46, at + 46 + bytes.readUInt16LE(at + 28)).toString('utf8');
      if (name.startsWith('xl/worksheets/')) bytes[at + 16] = bytes[at + 16]! ^ 0xff;
    }
    writeFileSync(form, bytes);
    const zip = await JSZip.loadAsync(readFileSync(form)).catch(() => null);
    expect(zip).not.toBeNull();
    const run = await runCli(['apply', form, '--plan', plan, '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('does not match its checksum');
  });

  it('a sheet full of XML entity declarations is read without expanding them, in bounded time', async () => {
    const { plan } = repoWith('eh2020');
    const blank = await formsFor(plan);
    const zip = await JSZip.loadAsync(readFileSync(blank));
    const sheetName = Object.keys(zip.files).find((n) => /xl\/worksheets\/sheet\d\.xml$/.test(n) && n !== 'xl/worksheets/sheet1.xml')!;
    const xml = await zip.file(sheetName)!.async('string');
    const bomb = `<!DOCTYPE x [<!ENTITY a "${'A'.repeat(1000)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i ? 'b'.repeat(i) : 'a'};`.repeat(10)}">`).join('')}]>`;
    zip.file(sheetName, xml.replace('?>', `?>${bomb}`).replace(/<t xml:space="preserve">[^<]*<\/t>/, '<t xml:space="preserve">&bbbbbbbbb;</t>'));
    const path = join(plan, '..', 'entities.xlsx');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const started = Date.now();
    const run = await runCli(['apply', path, '--plan', plan, '--dry-run']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.stdout + run.stderr).not.toContain('A'.repeat(2000));
  });
});

/** A fresh copy of the plan in its own repository (for a second, independent run). */
function mkCopy(plan: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'plan-untrusted-copy-'));
  cpSync(plan, join(repo, 'eh2020'), { recursive: true });
  git(repo, 'init', '-q');
  commitAll(repo);
  return join(repo, 'eh2020');
}

describe('no lost update, nothing half done', () => {
  it('two applies at once never lose one\'s updates', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const { plan } = repoWith('eh2020');
      const blank = await formsFor(plan);
      const first = await edited(blank, join(plan, '..', 'first.xlsx'), (sheet, _r, header) => {
        sheet.getCell(3, header('Rating')).value = '3 – On track';
        sheet.getCell(3, header('Evidence')).value = 'First run.';
      });
      const second = await edited(blank, join(plan, '..', 'second.xlsx'), (sheet, _r, header) => {
        sheet.getCell(4, header('Rating')).value = '1 – Not yet on track';
        sheet.getCell(4, header('Evidence')).value = 'Second run.';
      });
      const [a, b] = await Promise.all([runCli(['apply', first, '--plan', plan]), runCli(['apply', second, '--plan', plan])]);
      expect([a.code, b.code], a.stdout + a.stderr + b.stdout + b.stderr).toEqual([0, 0]);
      const text = readFileSync(join(plan, 'schools', 'ehms.yaml'), 'utf8');
      expect(text).toContain('First run.');
      expect(text).toContain('Second run.');
      expect(readdirSync(plan)).not.toContain('.plan.lock');
    }
  }, 120_000);

  it('a file changed under a run is not overwritten: the run writes nothing and says which file', async () => {
    const { plan } = repoWith('eh2020');
    const blank = await formsFor(plan);
    const form = await edited(blank, join(plan, '..', 'f.xlsx'), (sheet, _r, header) => void (sheet.getCell(3, header('Rating')).value = '3 – On track'));
    // Stand in for an editor that saves the file while apply works: a lock held by this test process, then the edit, then the release.
    const lock = join(plan, '.plan.lock');
    writeFileSync(lock, `${process.pid}\n`);
    const running = runCli(['apply', form, '--plan', plan]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const path = join(plan, 'schools', 'ehms.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}# saved by an editor meanwhile\n`);
    spawnSync('rm', [lock]);
    const run = await running;
    // The lock made it wait; once it ran, it read the edited file, so the edit stays and the update is in.
    expect(run.stderr).toContain('waiting for another plan apply');
    expect(run.code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# saved by an editor meanwhile');
    expect(text).toContain('spring');
  }, 60_000);

  it('leftovers of a killed run are removed by the next, and a live run\'s are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-stale-'));
    mkdirSync(join(dir, '.plan-staged-999999999-abc'));
    writeFileSync(join(dir, '.plan-staged-999999999-abc', '0-ehms.yaml'), 'x');
    writeFileSync(join(dir, '.ehms.yaml.999999999.0a1b2c3d.tmp'), 'x');
    mkdirSync(join(dir, `.plan-staged-${process.pid}-live`));
    writeFileSync(join(dir, 'ehms.yaml'), 'school: ehms\n');
    expect((await removeStale(dir)).sort()).toEqual(['.ehms.yaml.999999999.0a1b2c3d.tmp', '.plan-staged-999999999-abc']);
    expect(readdirSync(dir).sort()).toEqual([`.plan-staged-${process.pid}-live`, 'ehms.yaml']);
  });

  it('a batch of reports that cannot all be written leaves none, and says why in the user\'s terms', async () => {
    const { plan } = repoWith('eh2020');
    const out = join(plan, '..', 'out');
    mkdirSync(out);
    // A folder where the second school's report goes: its rename fails, as a full disk would.
    mkdirSync(join(out, 'eh2020-school-2020-midyear-hockanum.html'));
    writeFileSync(join(out, 'eh2020-school-2020-midyear-hockanum.html', 'keep'), '');
    const run = await runCli(['report', plan, '--type', 'school', '--all-schools', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing was written');
    expect(run.stderr).not.toContain('internal error');
    expect(readdirSync(out)).toEqual(['eh2020-school-2020-midyear-hockanum.html']);
  });

  it('a write keeps the file\'s mode, follows a link inside the repository, and refuses one that leads outside', async () => {
    const { repo } = repoWith('eh2020');
    const file = join(repo, 'kept.yaml');
    writeFileSync(file, 'a: 1\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'a: 2\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    symlinkSync('kept.yaml', join(repo, 'link.yaml'));
    await writeFileAtomic(join(repo, 'link.yaml'), 'a: 3\n');
    expect(readFileSync(file, 'utf8')).toBe('a: 3\n');
    const outside = secretFile();
    symlinkSync(outside, join(repo, 'out.yaml'));
    await expect(writeFileAtomic(join(repo, 'out.yaml'), 'pwned: true\n')).rejects.toThrow(/outside the repository/);
    expect(readFileSync(outside, 'utf8')).toContain('AKIA');
  });

  it('apply keeps a school file\'s mode', async () => {
    const { plan } = repoWith('eh2020');
    const path = join(plan, 'schools', 'ehms.yaml');
    chmodSync(path, 0o640);
    const form = await edited(await formsFor(plan), join(plan, '..', 'mode.xlsx'), (sheet, _r, header) => void (sheet.getCell(3, header('Rating')).value = '3 – On track'));
    const run = await runCli(['apply', form, '--plan', plan]);
    expect(run.code, run.stdout).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});

describe('text a pull request writes is shown, never run', () => {
  it('markup and workflow commands in plan text are escaped in the HTML report and in annotations', async () => {
    const { plan } = repoWith('eh2020');
    const path = join(plan, 'schools', 'ehms.yaml');
    const text = readFileSync(path, 'utf8').replace(/title: .*/, 'title: "<script>alert(1)</script><img src=x onerror=alert(1)>"');
    writeFileSync(path, text.replace(/strategy: [\w-]+/, 'strategy: "nope%0A::set-output name=x::pwned\\n::error::forged"'));
    const annotations = await runCli(['validate', plan, '--format', 'github']);
    expect(annotations.code).toBe(1);
    // Every workflow command is one of plan's annotations: the plan's text cannot start a line of its own.
    const commands = annotations.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice) /);
    expect(annotations.stdout).toContain('nope%250A');
    writeFileSync(path, text);
    const out = join(plan, '..', 'out');
    const run = await runCli(['report', plan, '--type', 'school', '--school', 'ehms', '--cycle', '2020-midyear', '--format', 'html', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(out, readdirSync(out)[0]!), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the suite\'s own verdict', () => {
  it('counts a file whose setup failed as a failure, though its tests read as skipped', async () => {
    const { summarize } = await import('./summary-reporter.js');
    const test = (state: string) => ({ result: () => ({ state }) });
    const module = (state: string, tests: string[], errors: unknown[] = []) => ({ state: () => state, errors: () => errors, children: { allTests: () => tests.map(test) } });
    const modules = [module('passed', ['passed', 'passed']), module('failed', ['skipped', 'skipped'], [{ message: 'beforeAll timed out' }])];
    expect(summarize(modules as never)).toBe('2 passed, 1 failed, 2 skipped');
    expect(summarize([module('passed', ['passed'])] as never, [{ message: 'unhandled' }])).toBe('1 passed, 1 failed');
  });
});

describe('an interrupt after the files are in place', () => {
  it('exits 0 and says they were written; one before, 130 and nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-late-interrupt-'));
    const script = (commitFirst: boolean) => `
      const { exitCleanlyOnSignal } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'interrupt.js'))});
      const { StagedWrites } = await import(${JSON.stringify(join(ROOT, 'dist', 'write-file.js'))});
      exitCleanlyOnSignal(async () => undefined, (m) => process.stderr.write(m), 'removing temporary files');
      const staging = new StagedWrites();
      staging.stage(${JSON.stringify(join(dir, 'a.yaml'))}, 'a: 1\\n');
      if (${commitFirst}) await staging.commit();
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => {}, 5000);`;
    const late = spawnSync(process.execPath, ['--input-type=module', '-e', script(true)], { encoding: 'utf8' });
    expect(late.status).toBe(0);
    expect(late.stderr).toContain('the files had all been written before the interrupt');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('a: 1\n');
    const early = spawnSync(process.execPath, ['--input-type=module', '-e', script(false).replace('a.yaml', 'b.yaml')], { encoding: 'utf8' });
    expect(early.status).toBe(130);
    expect(existsSync(join(dir, 'b.yaml'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });
});
