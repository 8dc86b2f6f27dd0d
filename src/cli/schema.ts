// `plan schema [KIND] [--out DIR]`: the JSON Schemas of the plan files, for editors and other tools.
import { join, resolve } from 'node:path';
import { schemasByKind, schemaText, type FileKind } from '../schema/definitions.js';
import { writeFileAtomic } from '../write-file.js';
import { UsageError, type CliIO } from './io.js';

const KINDS = Object.keys(schemasByKind) as FileKind[];

export async function runSchema(kind: string | undefined, options: { out?: string }, io: CliIO): Promise<number> {
  if (kind !== undefined && !KINDS.includes(kind as FileKind)) {
    throw new UsageError(`unknown schema "${kind}"`, `Use one of: ${KINDS.join(', ')}.`);
  }
  if (options.out) {
    const dir = resolve(io.cwd, options.out);
    for (const k of kind ? [kind as FileKind] : KINDS) {
      const path = join(dir, schemasByKind[k].fileName);
      await writeFileAtomic(path, schemaText(k));
      io.stderr.write(`wrote ${join(options.out, schemasByKind[k].fileName)}\n`);
    }
    return 0;
  }
  if (kind) {
    io.stdout.write(schemaText(kind as FileKind));
    return 0;
  }
  const lines = KINDS.map((k) => {
    const { fileName, schema } = schemasByKind[k];
    return `${k.padEnd(7)} ${fileName.padEnd(24)} ${String(schema.title)}`;
  });
  io.stdout.write(
    `${lines.join('\n')}\n\nPrint one with "plan schema KIND"; write them all with "plan schema --out DIR".\nStart each YAML file with a line such as\n  # yaml-language-server: $schema=../schemas/school-plan.schema.json\nso that editors check it and complete it as you type.\n`,
  );
  return 0;
}
