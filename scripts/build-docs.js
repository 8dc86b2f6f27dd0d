// `npm run docs`: writes the generated references, docs/reference/format.md (from the JSON Schemas),
// docs/reference/cli.md (from the commands' definitions), docs/reference/rules.md (from the codes) and
// docs/reference/export.md (from plan export's columns). A test fails when the pages committed
// are not the ones these make, so a change to a schema or a command comes with its reference.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemasByKind } from '../dist/schema/definitions.js';
import { formatReference } from '../dist/schema/reference.js';
import { cliReference } from '../dist/cli/reference.js';
import { rulesReference } from '../dist/rules/reference.js';
import { exportReference } from '../dist/export/reference.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [file, text] of [
  ['docs/reference/format.md', formatReference(schemasByKind)],
  ['docs/reference/cli.md', cliReference()],
  ['docs/reference/rules.md', rulesReference()],
  ['docs/reference/export.md', exportReference()],
]) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  process.stderr.write(`wrote ${file}\n`);
}
