// plan validate --format sarif, checked against the official SARIF 2.1.0 JSON Schema (draft-04, as
// published with the standard) and read as code scanning reads it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/codes.js';
import { applyEdits, baseFiles, materialize, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

const require = createRequire(import.meta.url);
// Both are CommonJS packages whose default export is the module itself.
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }> }>;
  }>;
}

describe('plan validate --format sarif', () => {
  it('writes a valid SARIF 2.1.0 log with every rule and each problem at its file, line and column', async () => {
    const dir = materialize(applyEdits(baseFiles(), [
      { file: 'schools/alpha.yaml', find: 'strategy: assess', replace: 'strategy: asess' },
      { file: 'schools/alpha.yaml', find: 'id: alpha-1', replace: 'id: alpha-1\n    colour: red' },
    ]));
    const cwd = join(dir, '..');
    const name = dir.split('/').pop()!;
    const result = await runCli(['validate', name, '--format', 'sarif'], { cwd });
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('plan');
    expect(run.tool.driver.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(RULES));
    for (const rule of run.tool.driver.rules) expect(rule.help.text.length).toBeGreaterThan(10);

    const strategy = run.results.find((r) => r.ruleId === 'UNKNOWN_STRATEGY')!;
    expect(run.tool.driver.rules[strategy.ruleIndex]!.id).toBe('UNKNOWN_STRATEGY');
    expect(strategy.level).toBe('error');
    expect(strategy.message.text).toMatch(/asess.*Did you mean "assess"\?/);
    const location = strategy.locations[0]!.physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: `${name}/schools/alpha.yaml`, uriBaseId: '%SRCROOT%' });
    const line = readFileSync(join(dir, 'schools/alpha.yaml'), 'utf8').split('\n')[location.region!.startLine - 1]!;
    expect(line.slice(location.region!.startColumn - 1, location.region!.endColumn - 1)).toBe('asess');
    expect(run.results.find((r) => r.ruleId === 'UNKNOWN_PROPERTY')).toBeDefined();
  });

  it('is valid for a plan with no problems and for a problem with no line (a missing plan.yaml)', async () => {
    const clean = await runCli(['validate', 'test/fixtures/base', '--format', 'sarif']);
    const log = JSON.parse(clean.stdout) as SarifLog;
    expect(validateSarif(log)).toBe(true);
    const warnings = log.runs[0]!.results;
    expect(warnings.every((r) => r.level === 'warning')).toBe(true);

    const empty = materialize({ 'schools/x.yaml': 'school: x\nactions: []\n' });
    const missing = await runCli(['validate', empty, '--format', 'sarif']);
    const broken = JSON.parse(missing.stdout) as SarifLog;
    expect(validateSarif(broken)).toBe(true);
    const planMissing = broken.runs[0]!.results.find((r) => r.ruleId === 'PLAN_FILE_MISSING')!;
    expect(planMissing.locations[0]!.physicalLocation.region).toBeUndefined();
    expect(planMissing.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\/.*\/plan\.yaml$/);
  });
});

describe('related locations', () => {
  it('a duplicated id names its first use as data: in the JSON output and as SARIF relatedLocations', async () => {
    const dir = materialize(applyEdits(baseFiles(), [{ file: 'schools/alpha.yaml', find: 'id: alpha-1', replace: 'id: central-1' }]));
    const json = JSON.parse((await runCli(['validate', dir, '--format', 'json'])).stdout) as { diagnostics: Array<{ code: string; message: string; related?: Array<{ planFile: string; line: number; message: string }> }> };
    const duplicate = json.diagnostics.find((d) => d.code === 'DUPLICATE_ID')!;
    const related = duplicate.related![0]!;
    expect(related.planFile).toBe('offices/central.yaml');
    expect(duplicate.message).toBe(`The id "central-1" is used twice in the plan; it is first used in offices/central.yaml line ${related.line}`);
    expect(readFileSync(join(dir, 'offices/central.yaml'), 'utf8').split('\n')[related.line - 1]).toContain('central-1');

    const log = JSON.parse((await runCli(['validate', dir, '--format', 'sarif'])).stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'DUPLICATE_ID')!;
    expect(result.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toMatch(/offices\/central\.yaml$/);
    expect(result.relatedLocations![0]!.physicalLocation.region.startLine).toBe(related.line);
  });
});
