// Build step: writes the JSON Schemas to schemas/ (for editors and `plan schema`) and compiles them
// into standalone validator code in dist/, so that `plan validate` never compiles a schema at start.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { schemasByKind } from '../dist/schema/definitions.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function writeIfChanged(path, content) {
  let current = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current === content) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  code: { source: true, esm: true, lines: false, optimize: true },
});
const exportsByKind = {};
for (const [kind, { fileName, schema }] of Object.entries(schemasByKind)) {
  writeIfChanged(join(root, 'schemas', fileName), `${JSON.stringify(schema, null, 2)}\n`);
  ajv.addSchema(schema);
  exportsByKind[kind] = schema.$id;
}
// The generated ESM still calls require() for ajv's small runtime helpers (string length, deep equal).
const code = `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${standaloneCode(ajv, exportsByKind)}`;
writeIfChanged(join(root, 'dist', 'schema', 'validators.js'), code);
writeIfChanged(
  join(root, 'dist', 'schema', 'validators.d.ts'),
  `import type { ValidateFunction } from './validator-types.js';\n${Object.keys(exportsByKind)
    .map((k) => `export declare const ${k}: ValidateFunction;`)
    .join('\n')}\n`,
);
