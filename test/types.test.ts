// The plan's TypeScript types (src/plan/model.ts) are checked against the JSON Schemas: types are
// generated from the schemas with json-schema-to-typescript, and tsc proves that every document the
// schemas accept fits the model's types, and that the model names no property the schemas lack.
// Change a schema without the model (or the other way round) and this fails, naming the property.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { describe, expect, it } from 'vitest';
import { schemasByKind } from '../src/schema/definitions.js';
import { ROOT } from './helpers.js';

const CHECK = (model: string) => `
import type { ActionPlanData, PlanData } from '${model}';
import type { PlanFile } from './plan.js';
import type { SchoolPlanFile } from './school.js';
import type { OfficePlanFile } from './office.js';

// Every document the schema accepts fits the model's type.
type Covers<Model, File> = [File] extends [Model] ? true : false;
// The model names no property the schema lacks, at any depth: true, or the unknown property names.
// Items nest (an item's children are items): past twelve levels every property has been seen.
type Named<Model, File, Depth extends unknown[] = []> = Depth['length'] extends 12
  ? true
  : [Model] extends [readonly (infer M)[]]
    ? [File] extends [readonly (infer F)[]] ? Named<M, F, [...Depth, 0]> : { notAList: Model }
    : [Model] extends [object]
      ? [File] extends [object]
        ? [Exclude<keyof Model, keyof File>] extends [never]
          ? [Exclude<Inner<Model, File, Depth>, true>] extends [never] ? true : Exclude<Inner<Model, File, Depth>, true>
          : { unknown: Exclude<keyof Model, keyof File> }
        : { notAnObject: Model }
      : true;
type Inner<Model, File, Depth extends unknown[]> = { [K in keyof Model & keyof File]-?: Named<NonNullable<Model[K]>, NonNullable<File[K]>, [...Depth, 0]> }[keyof Model & keyof File];

export const planCovers: Covers<PlanData, PlanFile> = true;
export const schoolCovers: Covers<ActionPlanData, SchoolPlanFile> = true;
export const officeCovers: Covers<ActionPlanData, OfficePlanFile> = true;
export const planNamed: Named<PlanData, PlanFile> = true;
// One model type holds both kinds of action plan: each file's own properties are checked.
export const schoolNamed: Named<Omit<ActionPlanData, 'office'>, SchoolPlanFile> = true;
export const officeNamed: Named<Omit<ActionPlanData, 'school' | 'selected_strategies' | 'team' | 'goals'>, OfficePlanFile> = true;
`;

describe('the plan model and the JSON Schemas', () => {
  it('agree: every valid document fits the types, and the types claim nothing the schemas lack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-types-'));
    const names = { plan: 'PlanFile', school: 'SchoolPlanFile', office: 'OfficePlanFile' } as const;
    for (const kind of ['plan', 'school', 'office'] as const) {
      const schema = JSON.parse(JSON.stringify(schemasByKind[kind].schema));
      // The file's own type name, whatever the schema's title says.
      schema.title = names[kind];
      writeFileSync(join(dir, `${kind}.ts`), await compile(schema, names[kind], { bannerComment: '', additionalProperties: false, format: false }));
    }
    writeFileSync(join(dir, 'check.ts'), CHECK(join(ROOT, 'src', 'plan', 'model.js')));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: [], skipLibCheck: true, exactOptionalPropertyTypes: false }, files: ['check.ts'] }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    expect(output).toBe('');
  }, 60_000);
});
