// The format reference (docs/reference/format.md), made from the JSON Schemas: every key of every
// file, its type, whether it is required, what it means, the values it allows and an example. The
// schemas are the single source; the build writes this page, and a test fails when the page that is
// committed is not the one the schemas make.
import type { FileKind } from './definitions.js';

type Schema = Record<string, unknown>;

const PATTERNS: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': 'id',
  '^\\d{4}-\\d{2}-\\d{2}$': 'date',
  '^\\d{4}-\\d{2}$': 'school year',
};

const FILE_NAMES: Record<FileKind, string> = { plan: 'plan.yaml', school: 'schools/<id>.yaml', office: 'offices/<id>.yaml' };

const DEF_NAMES: Record<string, string> = {
  progress_entry: 'Progress entry',
  holistic_entry: 'Holistic rating',
  action: 'Action',
  goal: 'Goal (measure)',
  metric_point: 'Value (baseline, milestone, target or actual)',
  evidence: 'Evidence (ESSA tier)',
  funding: 'Funding line',
  item: 'Outline item',
};

function anchorOf(def: string): string {
  return `def-${def.replace(/_/g, '-')}`;
}

function defOf(schema: Schema): string | null {
  const ref = schema.$ref;
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : null;
}

/** A schema's type as a reader says it: "id", "list of [Action](#def-action)", "number or null". */
function typeOf(schema: Schema): string {
  const def = defOf(schema);
  if (def) return `[${DEF_NAMES[def] ?? def}](#${anchorOf(def)})`;
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (options) return [...new Set(options.map(typeOf))].join(' or ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => typeOf({ ...schema, type: t })).join(' or ');
  if (type === 'array') return `list of ${typeOf((schema.items as Schema) ?? {})}`;
  if (type === 'object') return schema.patternProperties || (schema.additionalProperties && typeof schema.additionalProperties === 'object') ? 'map' : 'object';
  if (type === 'string') {
    const pattern = typeof schema.pattern === 'string' ? PATTERNS[schema.pattern] : undefined;
    if (pattern) return pattern;
    if (schema.format === 'uri') return 'URL';
    return 'text';
  }
  if (type === 'integer') return 'whole number';
  if (typeof type === 'string') return type;
  if (schema.enum) return 'choice';
  return 'any';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n+/g, ' ').trim();
}

function example(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  return `\`${JSON.stringify(value)}\``;
}

/** What a row says of a key: its meaning, the values it allows, its bounds and an example. */
function meaning(schema: Schema): string {
  const parts: string[] = [];
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  const description = (schema.description as string | undefined) ?? options?.map((o) => o.description).find((d) => typeof d === 'string');
  if (description) parts.push(description);
  if (Array.isArray(schema.enum)) parts.push(`Allowed: ${schema.enum.map(example).join(', ')}.`);
  const items = schema.items as Schema | undefined;
  if (items && Array.isArray(items.enum)) parts.push(`Each one of: ${items.enum.map(example).join(', ')}.`);
  const [min, max] = [schema.minimum, schema.maximum];
  if (typeof min === 'number' && typeof max === 'number') parts.push(`From ${min} to ${max}.`);
  else if (typeof min === 'number') parts.push(`At least ${min}.`);
  else if (typeof max === 'number') parts.push(`At most ${max}.`);
  if (typeof schema.minItems === 'number' && schema.minItems > 0) parts.push(`At least ${schema.minItems}.`);
  if (typeof schema.maxItems === 'number') parts.push(`At most ${schema.maxItems}.`);
  if (schema.default !== undefined) parts.push(`Default: ${example(schema.default)}.`);
  const examples = (schema.examples as unknown[] | undefined) ?? (items?.examples as unknown[] | undefined);
  if (examples?.length) parts.push(`Example: ${examples.slice(0, 2).map(example).join(', ')}.`);
  return cell(parts.join(' '));
}

interface Row {
  key: string;
  type: string;
  required: boolean;
  meaning: string;
}

/** Every key below a schema, depth first, each with its path from `prefix`. */
function rowsOf(schema: Schema, prefix: string, out: Row[]): Row[] {
  const object = objectOf(schema);
  if (!object) return out;
  const required = new Set((object.required as string[] | undefined) ?? []);
  for (const [name, child] of Object.entries((object.properties as Record<string, Schema>) ?? {})) {
    if (name === '$schema') continue;
    const key = `${prefix}${name}`;
    out.push({ key, type: typeOf(child), required: required.has(name), meaning: meaning(child) });
    descend(child, key, out);
  }
  for (const [pattern, child] of Object.entries((object.patternProperties as Record<string, Schema>) ?? {})) {
    const key = `${prefix}<${PATTERNS[pattern] ?? 'key'}>`;
    out.push({ key, type: typeOf(child), required: false, meaning: meaning(child) });
    descend(child, key, out);
  }
  const extra = object.additionalProperties;
  if (extra && typeof extra === 'object' && !object.patternProperties) {
    const key = `${prefix}<${((object.propertyNames as Schema | undefined)?.pattern && PATTERNS[(object.propertyNames as Schema).pattern as string]) || 'key'}>`;
    out.push({ key, type: typeOf(extra as Schema), required: false, meaning: meaning(extra as Schema) });
    descend(extra as Schema, key, out);
  }
  return out;
}

/** The object a schema describes (itself, or the object among its options), if it has keys of its own. */
function objectOf(schema: Schema): Schema | null {
  if (defOf(schema)) return null;
  if (schema.properties || schema.patternProperties || (schema.additionalProperties && typeof schema.additionalProperties === 'object')) return schema;
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  return options?.map(objectOf).find((o) => o !== null) ?? null;
}

function descend(schema: Schema, key: string, out: Row[]): void {
  if (objectOf(schema)) rowsOf(schema, `${key}.`, out);
  const items = (schema.items as Schema | undefined) ?? ((schema.oneOf ?? schema.anyOf) as Schema[] | undefined)?.map((o) => o.items as Schema | undefined).find(Boolean);
  if (items && objectOf(items)) rowsOf(items, `${key}[].`, out);
}

function table(rows: readonly Row[]): string[] {
  return ['| Key | Type | Required | What it holds |', '| --- | --- | --- | --- |', ...rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.required ? 'yes' : ''} | ${r.meaning} |`)];
}

/** The page: a section per file, then the shapes the files share. */
export function formatReference(schemas: Record<FileKind, { fileName: string; schema: Schema }>): string {
  const lines: string[] = [
    '# Plan file format reference',
    '',
    '<!-- Generated from the JSON Schemas (src/schema/definitions.ts) by `npm run docs`. Do not edit: change the schemas, run npm run docs, and commit both. -->',
    '',
    'Every key of every plan file: its type, whether it is required, what it holds, the values it allows and an example.',
    'Paths use `.` for a key inside another, `[]` for each entry of a list, and `<cycle id>`-style names where the key is one of yours.',
    'Editors check the same rules as you type, through the `# yaml-language-server: $schema=` line at the top of each file.',
    '',
    'Types: *id* is letters, digits, `.`, `_` and `-`, starting with a letter or digit (up to 64 characters); *date* is `YYYY-MM-DD`; *school year* is `YYYY-YY`; *text* is any non-empty text.',
    '',
    ...(Object.keys(schemas) as FileKind[]).map((kind) => `- [\`${FILE_NAMES[kind]}\`](#${FILE_NAMES[kind].replace(/[^a-z0-9]+/gi, '').toLowerCase()})`),
    '- Shared shapes: ' + Object.keys(DEF_NAMES).map((def) => `[${DEF_NAMES[def]}](#${anchorOf(def)})`).join(', '),
    '',
  ];
  const defs: Record<string, Schema> = {};
  for (const kind of Object.keys(schemas) as FileKind[]) {
    const { fileName, schema } = schemas[kind];
    Object.assign(defs, (schema.$defs as Record<string, Schema>) ?? {});
    lines.push(`## \`${FILE_NAMES[kind]}\``, '', cell(String(schema.description ?? '')), '', `Schema: [schemas/${fileName}](../../schemas/${fileName})`, '', ...table(rowsOf(schema, '', [])), '');
  }
  lines.push('## Shared shapes', '', 'The shapes that several files use, each described once.', '');
  for (const def of Object.keys(DEF_NAMES)) {
    const schema = defs[def];
    if (!schema) continue;
    lines.push(`<a id="${anchorOf(def)}"></a>`, '', `### ${DEF_NAMES[def]}`, '', cell(String(schema.description ?? '')), '', ...table(rowsOf(schema, '', [])), '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
