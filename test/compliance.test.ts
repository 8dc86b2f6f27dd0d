// Compliance-ready plans (issue 28): EH2020's O'Connell Elementary, written as an illustrative CSI
// plan, validates under essa-csi; --profile holds every other school to it; a state's own profile
// is a file in the plan directory; an approval the plan changed after is flagged from git. (Each
// rule's failing case is a rule fixture: test/fixtures/rules/compliance-*.yaml.)
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, materialize, planRepository, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const EH2020 = join(ROOT, 'plans', 'eh2020');
type Json = { diagnostics: Array<{ code: string; planFile: string; line: number; message: string; severity: string }> };

describe('compliance profiles', () => {
  it("O'Connell's CSI plan meets essa-csi: identification, needs assessment, root causes, inequities, stakeholders, approvals, evidence and funding", async () => {
    const text = readFileSync(join(EH2020, 'schools', 'oconnell.yaml'), 'utf8');
    expect(text).toContain('profile: essa-csi');
    const result = await runCli(['validate', EH2020, '--format', 'json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Json).diagnostics).toEqual([]);
  });

  it('--profile holds every school plan without a profile of its own to it, in every output format', async () => {
    const json = await runCli(['validate', EH2020, '--profile', 'essa-csi', '--format', 'json']);
    expect(json.code).toBe(1);
    const found = (JSON.parse(json.stdout) as Json).diagnostics;
    expect(new Set(found.map((d) => d.planFile))).toEqual(new Set(['schools/ehms.yaml', 'schools/hockanum.yaml']));
    const ehms = found.filter((d) => d.planFile === 'schools/ehms.yaml').map((d) => d.code);
    expect([...new Set(ehms)].sort()).toEqual(['APPROVAL_MISSING', 'EVIDENCE_MISSING', 'PLAN_PART_MISSING']);
    // An approval by the school, the district and the state; evidence for each of its actions.
    expect(ehms.filter((c) => c === 'APPROVAL_MISSING')).toHaveLength(3);
    expect(ehms.filter((c) => c === 'EVIDENCE_MISSING')).toHaveLength((readFileSync(join(EH2020, 'schools', 'ehms.yaml'), 'utf8').split('\nactions:')[1]!.match(/^ {2}- id: /gm) ?? []).length);
    expect(found.find((d) => d.planFile === 'schools/ehms.yaml' && d.code === 'PLAN_PART_MISSING')!.message).toContain('has no identification: required by essa-csi (Every Student Succeeds Act, section 1111(d)(1)(B); 34 CFR 200.21)');
    const sarif = JSON.parse((await runCli(['validate', EH2020, '--profile', 'essa-csi', '--format', 'sarif'])).stdout);
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const code of ['PLAN_PART_MISSING', 'APPROVAL_MISSING', 'EVIDENCE_MISSING', 'FUNDING_EVIDENCE_TIER', 'APPROVAL_OUTDATED']) expect(rules).toContain(code);
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'EVIDENCE_MISSING')).toBe(true);
    const github = await runCli(['validate', EH2020, '--profile', 'essa-csi', '--format', 'github']);
    expect(github.stdout).toMatch(/::error file=.*schools\/ehms\.yaml,line=\d+,.*title=plan APPROVAL_MISSING/);
    const unknown = await runCli(['validate', EH2020, '--profile', 'essa-cs']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--profile: unknown compliance profile "essa-cs"');
    expect(unknown.stderr).toContain('Known profiles: essa-atsi, essa-csi, essa-tsi');
  });

  it("takes a state's own profile from the plan directory's profiles/ folder, and says so when one cannot be read", async () => {
    const files = readTree(EH2020);
    const own = {
      ...files,
      'profiles/ct-turnaround.json': JSON.stringify({ id: 'ct-turnaround', name: 'Connecticut turnaround plan (illustrative)', source: 'An illustrative state profile', identification: 'csi', requires: [{ part: 'needs_assessment.date', why: 'the date of the audit' }, { part: 'monitoring', why: 'quarterly monitoring dates' }] }),
    };
    const dir = materialize(applyEdits(own, [{ file: 'schools/oconnell.yaml', find: 'profile: essa-csi', replace: 'profile: ct-turnaround' }]));
    const result = JSON.parse((await runCli(['validate', dir, '--format', 'json'])).stdout) as Json;
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([expect.stringContaining('PLAN_PART_MISSING The Connecticut turnaround plan (illustrative) of "oconnell" has no monitoring: required (quarterly monitoring dates)')]);
    const broken = materialize({ ...own, 'profiles/ct-turnaround.json': '{"id": "ct-turnaround"' });
    const said = JSON.parse((await runCli(['validate', broken, '--format', 'json'])).stdout) as Json;
    expect(said.diagnostics.map((d) => d.code)).toEqual(['PROFILE_UNKNOWN']);
    expect(said.diagnostics[0]!.message).toContain('profiles/ct-turnaround.json is not valid JSON');
  });
});

describe("the CSI sample in its school's report", () => {
  it('says why the school is identified and who approved its plan, and gives each action its evidence tier and funding, in English and Spanish', async () => {
    const out = mkdtempSync(join(tmpdir(), 'plan-csi-report-'));
    const en = readFileSync((await runCli(['report', EH2020, '--type', 'school', '--school', 'oconnell', '--format', 'html', '--out', join(out, 'en'), '--as-of', '2020-06-20'])).stdout.trim(), 'utf8');
    expect(en).toContain('<p class="identification"><strong>Identified for comprehensive support and improvement (CSI), 2019-20.</strong> <span>Lowest-performing 5% of the state&#x27;s Title I schools on the accountability index (illustrative).</span> Plan approved by the school on June 18, 2019, the district on July 9, 2019, and the state on August 20, 2019.</p>');
    expect(en).toContain('<p class="meta support">ESSA evidence tier 2 · Title I, section 1003 (school improvement): $48,000 (2019-20) · Title I, Part A: $6,000 (2019-20)</p>');
    const es = readFileSync((await runCli(['report', EH2020, '--type', 'school', '--school', 'oconnell', '--format', 'html', '--out', join(out, 'es'), '--as-of', '2020-06-20', '--lang', 'es'])).stdout.trim(), 'utf8');
    expect(es).toContain('<strong>Identificada para apoyo y mejora integral (CSI), 2019-20.</strong> <span lang="en">Lowest-performing');
    expect(es).toContain('Nivel de evidencia ESSA 2 · Título I, sección 1003 (mejora escolar): 48.000');
    // No word of the report's is left with a placeholder unfilled (the overdue table's heading once read "Owner: {who}").
    for (const html of [en, es]) expect(html).not.toMatch(/>[^<]*\{[a-z]+\}[^<]*</);
  });
});

describe('approvals and the plan they approve', () => {
  it('warns when the plan changes after an approval was recorded, not when ratings are reported or the approval is renewed', async () => {
    const files = readTree(EH2020);
    const original = files['schools/oconnell.yaml']!;
    const dir = planRepository(files, [
      { date: '2019-10-01', message: 'Fall SAM ratings', files: { 'schools/oconnell.yaml': original.replace("2019-fall-sam: {rating: 3, evidence: '2 units completed in all grades, with reflections.'}", "2019-fall-sam: {rating: 2, evidence: '2 units completed in all grades.'}") } },
    ]);
    const rated = await runCli(['validate', dir, '--format', 'json']);
    expect((JSON.parse(rated.stdout) as Json).diagnostics).toEqual([]);

    const edited = readFileSync(join(dir, 'schools', 'oconnell.yaml'), 'utf8').replace('Hold student-led conferences in grades 2-5 each semester.', 'Hold student-led conferences in grades K-5 each semester.');
    writeFileSync(join(dir, 'schools', 'oconnell.yaml'), edited);
    const uncommitted = JSON.parse((await runCli(['validate', dir, '--format', 'json'])).stdout) as Json;
    expect(uncommitted.diagnostics.map((d) => d.code)).toEqual(['APPROVAL_OUTDATED', 'APPROVAL_OUTDATED', 'APPROVAL_OUTDATED']);
    expect(uncommitted.diagnostics[2]!.message).toBe("The state's approval of 2019-08-20 is of an earlier plan: the plan changed after it was recorded, in changes not yet committed");
    expect(uncommitted.diagnostics.every((d) => d.severity === 'warning' && d.planFile === 'schools/oconnell.yaml')).toBe(true);

    // Approved again: the new approvals are of the plan as it stands.
    const reapproved = edited.replace('{by: school, name: School governance council, date: 2019-06-18}', '{by: school, name: School governance council, date: 2019-11-05}').replace('{by: district, name: Board of Education, date: 2019-07-09}', '{by: district, name: Board of Education, date: 2019-11-12}').replace('{by: state, name: State Department of Education, date: 2019-08-20}', '{by: state, name: State Department of Education, date: 2019-12-02}');
    writeFileSync(join(dir, 'schools', 'oconnell.yaml'), reapproved);
    mkdirSync(join(dir, '..', 'unused'), { recursive: true });
    expect((JSON.parse((await runCli(['validate', dir, '--format', 'json'])).stdout) as Json).diagnostics).toEqual([]);
  });
});
