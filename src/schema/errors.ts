// Turns ajv's errors into findings in the plan's own terms, with the schema's descriptions as hints
// and "did you mean" for misspelt property names. Runs only for files that failed the schema.
import type { DataPath } from '../diagnostics.js';
import type { Findings } from '../rules/findings.js';
import { closestMatch } from '../rules/suggest.js';
import { subjectAt } from '../rules/subject.js';
import { formatDataPath } from '../diagnostics.js';
import type { Terminology } from '../plan/terminology.js';
import type { SchemaError } from './validator-types.js';

type Schema = Record<string, unknown>;

export function reportSchemaErrors(
  errors: readonly SchemaError[],
  data: unknown,
  schema: Schema,
  terms: Terminology,
  f: Findings,
): void {
  const seen = new Set<string>();
  for (const error of resolveOneOf(errors, data, schema)) {
    const path = pointerToPath(error.instancePath);
    const key = `${error.keyword}|${error.instancePath}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reportOne(error, path, data, schema, terms, f);
  }
}

function reportOne(error: SchemaError, path: DataPath, data: unknown, schema: Schema, terms: Terminology, f: Findings): void {
  const { name, rest } = subjectAt(data, path, terms);
  const at = (extra: DataPath = []) => {
    const field = formatDataPath([...rest, ...extra]);
    return [name, field ? `"${field}"` : ''].filter(Boolean).join(' ') || 'The file';
  };
  const value = valueAt(data, path);
  const node = schemaAt(schema, path);
  const params = error.params;
  switch (error.keyword) {
    case 'required': {
      const prop = String(params.missingProperty);
      const described = describeProperty(node, prop, schema);
      f.add(
        'MISSING_PROPERTY',
        path,
        `${at()} is missing the required property "${prop}"`,
        `Add ${prop}:${described ? ` ${described}` : ''}`,
      );
      return;
    }
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = Object.keys(asSchema(resolveRef(node, schema)?.properties) ?? {});
      const match = closestMatch(prop, allowed);
      // "{rating: 2, evidence: 3 of 7 schools, up from 2}" splits the sentence at its comma into a new key.
      // "{..., evidence: Adopted in May, late.}" leaves "late." as a key of its own, with no value.
      const splitSentence = valueAt(data, [...path, prop]) === null && (/\s/.test(prop) || (!match && /[.!?;)]$/.test(prop)));
      f.add(
        'UNKNOWN_PROPERTY',
        [...path, prop],
        `${at()} has a property "${prop}" that the plan format does not know`,
        splitSentence
          ? 'This looks like the rest of a sentence cut at a comma: inside { } a comma starts a new entry. Quote the text, or write the mapping on separate lines.'
          : match
            ? `Did you mean "${match}"?`
            : `Remove it, or use one of: ${allowed.join(', ')}.`,
        'key',
      );
      return;
    }
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      // Text written bare that YAML reads as a number or a yes/no (a goal numbered 1.1, a code 007):
      // the fix is the quotes, and the hint says so with the key as it would be written.
      const quoted = params.type === 'string' && (typeof value === 'number' || typeof value === 'boolean');
      const key = path.length ? String(path[path.length - 1]) : 'value';
      f.add(
        'WRONG_TYPE',
        path,
        `${at()} must be ${expected}, not ${describeValue(value)}`,
        quoted ? `Put it in quotes so that YAML reads it as text, exactly as written: ${typeof path[path.length - 1] === 'number' ? '- ' : `${key}: `}"${String(value)}". Quote it the same way wherever the plan refers to it.` : hintFor(node),
      );
      return;
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const match = typeof value === 'string' ? closestMatch(value, allowed.map(String)) : undefined;
      f.add(
        'INVALID_VALUE',
        path,
        `${at()} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(value)}`,
        match ? `Did you mean "${match}"? ${hintFor(node) ?? ''}`.trim() : hintFor(node),
      );
      return;
    }
    case 'const':
      f.add('INVALID_VALUE', path, `${at()} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(value)}`, hintFor(node));
      return;
    case 'pattern':
      f.add('INVALID_VALUE', path, `${at()} ${patternProblem(String(params.pattern))}, not ${describeValue(value)}`, hintFor(node));
      return;
    case 'propertyNames': {
      const prop = String(params.propertyName);
      f.add('INVALID_VALUE', [...path, prop], `${at()} has a key "${prop}" that is not a valid id`, 'Ids use letters, digits, ".", "_" and "-", and start with a letter or digit.', 'key');
      return;
    }
    case 'minLength':
      f.add('INVALID_VALUE', path, `${at()} must not be empty`, hintFor(node));
      return;
    case 'maxLength':
      f.add('INVALID_VALUE', path, `${at()} is longer than ${params.limit} characters`, 'Use a shorter id.');
      return;
    case 'minItems':
      f.add('INVALID_VALUE', path, `${at()} must list at least ${params.limit} item${params.limit === 1 ? '' : 's'}`, hintFor(node));
      return;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      f.add('INVALID_VALUE', path, `${at()} must be ${params.comparison} ${params.limit}, not ${describeValue(value)}`, hintFor(node));
      return;
    case 'oneOf':
      f.add('WRONG_TYPE', path, `${at()} is neither of the forms it may take (${describeValue(value)})`, hintFor(node));
      return;
    default:
      f.add('INVALID_VALUE', path, `${at()} ${error.message ?? 'is not valid'}`, hintFor(node));
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'null',
};

function patternProblem(pattern: string): string {
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'must be a date written YYYY-MM-DD';
  if (pattern === '^\\d{4}-\\d{2}$') return 'must be a school year written like 2019-20';
  if (pattern.startsWith('^#')) return 'must be a colour written #RRGGBB';
  if (pattern.startsWith('^@')) return 'must be a handle written @user or @org/team';
  if (pattern.startsWith('^[A-Za-z0-9]')) return 'must be an id (letters, digits, ".", "_" and "-", starting with a letter or digit)';
  return `must match ${pattern}`;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `text ("${value.length > 40 ? `${value.slice(0, 37)}...` : value}")`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

function hintFor(node: Schema | undefined): string | undefined {
  const description = node ? stringField(node, 'description') : undefined;
  const examples = node?.examples;
  const example = Array.isArray(examples) && examples.length && typeof examples[0] !== 'object' ? ` For example: ${JSON.stringify(examples[0])}.` : '';
  return description ? `${description}${example}` : undefined;
}

function describeProperty(node: Schema | undefined, prop: string, root: Schema): string | undefined {
  const resolved = resolveRef(node, root);
  const propSchema = resolveRef(asSchema(asSchema(resolved?.properties)?.[prop]), root);
  const description = propSchema ? stringField(propSchema, 'description') : undefined;
  return description ? `(${description.replace(/\.$/, '')})` : undefined;
}

function stringField(node: Schema, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}

function resolveRef(node: Schema | undefined, root: Schema): Schema | undefined {
  let current = node;
  for (let guard = 0; current && typeof current.$ref === 'string' && guard < 10; guard++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = asSchema(target)?.[part];
    current = asSchema(target);
  }
  return current;
}

/** The subschema that describes the value at `path`, following properties, items and $ref. */
export function schemaAt(root: Schema, path: DataPath): Schema | undefined {
  let node: Schema | undefined = root;
  for (const step of path) {
    node = resolveRef(node, root);
    if (!node) return undefined;
    if (typeof step === 'number') node = asSchema(node.items);
    else node = asSchema(asSchema(node.properties)?.[step]) ?? asSchema(node.additionalProperties);
  }
  return resolveRef(node, root);
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

export function pointerToPath(pointer: string): DataPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

// ajv reports a failed oneOf with the errors of every branch. Keep only the branch meant for the
// value's type (a criterion written as text vs as a mapping), so the message is about what was written.
function resolveOneOf(errors: readonly SchemaError[], data: unknown, schema: Schema): SchemaError[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  if (!oneOfs.length) return [...errors];
  const dropped = new Set<SchemaError>();
  for (const oneOf of oneOfs) {
    const branches = errors.filter(
      (e) => e !== oneOf && e.schemaPath.startsWith(`${oneOf.schemaPath}/`) && e.instancePath.startsWith(oneOf.instancePath),
    );
    const value = valueAt(data, pointerToPath(oneOf.instancePath));
    const node = schemaAt(schema, pointerToPath(oneOf.instancePath));
    const options = Array.isArray(node?.oneOf) ? (node!.oneOf as Schema[]) : [];
    const valueType = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
    const branch = options.findIndex((o) => o.type === valueType || (valueType === 'number' && o.type === 'integer'));
    for (const e of branches) {
      const branchIndex = Number(e.schemaPath.slice(oneOf.schemaPath.length + 1).split('/')[0]);
      if (branch === -1 || branchIndex !== branch) dropped.add(e);
    }
    if (branch !== -1) dropped.add(oneOf);
  }
  return errors.filter((e) => !dropped.has(e));
}
