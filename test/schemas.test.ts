// The JSON Schemas: up to date in schemas/, described for editors, with passing and failing examples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemasByKind } from '../src/schema/definitions.js';
import * as validators from '../src/schema/validators.js';
import { baseFiles, ROOT } from './helpers.js';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';

// As the loader reads YAML: unquoted dates stay text.
const load = (text: string) => loadYaml(text, { schema: CORE_SCHEMA });

describe('schemas', () => {
  for (const [kind, { fileName, schema }] of Object.entries(schemasByKind)) {
    it(`schemas/${fileName} is what the build generates`, () => {
      expect(readFileSync(join(ROOT, 'schemas', fileName), 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    });

    it(`${kind}: has $id, title, and a description on every property`, () => {
      expect(schema.$id).toMatch(/^https:\/\//);
      expect(schema.title).toBeTruthy();
      const missing: string[] = [];
      const walk = (node: unknown, at: string) => {
        if (!node || typeof node !== 'object') return;
        const record = node as Record<string, unknown>;
        const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
        for (const [name, child] of Object.entries(properties ?? {})) {
          if (!child.description && !child.$ref) missing.push(`${at}/${name}`);
          walk(child, `${at}/${name}`);
        }
        for (const key of ['items', 'additionalProperties']) walk(record[key], `${at}/${key}`);
        for (const key of ['oneOf', 'anyOf']) (record[key] as unknown[] | undefined)?.forEach((c, i) => walk(c, `${at}/${key}/${i}`));
        for (const [name, def] of Object.entries((record.$defs as Record<string, unknown>) ?? {})) walk(def, `${at}/$defs/${name}`);
      };
      walk(schema, '');
      expect(missing).toEqual([]);
    });
  }

  it('accept the base plan files and reject typical mistakes', () => {
    const files = baseFiles();
    expect(validators.plan(load(files['plan.yaml']!))).toBe(true);
    expect(validators.school(load(files['schools/alpha.yaml']!))).toBe(true);
    expect(validators.office(load(files['offices/central.yaml']!))).toBe(true);
    expect(validators.school({ school: 'x' })).toBe(false);
    expect(validators.office({ office: 'x', actions: [{ id: 'a', title: 't' }] })).toBe(false);
    expect(validators.plan({ version: 2, district: { id: 'd', name: 'D' }, plan: { id: 'p', title: 'P', period: { start: '2019-07-01', end: '2020-06-30' } }, theories: [] })).toBe(false);
  });
});
