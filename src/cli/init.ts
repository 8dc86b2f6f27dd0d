// `plan init DIR`: a new plan directory that validates, with the schemas beside it so that an editor
// checks and completes every file from the first keystroke. It never overwrites a plan.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemasByKind } from '../schema/definitions.js';
import { writeFileAtomic } from '../write-file.js';
import { UsageError, type CliIO } from './io.js';
import { schemaText } from './schema.js';

export interface InitOptions {
  district: string;
  title: string;
  start: string;
  end: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'district';
}

function quote(text: string): string {
  return JSON.stringify(text);
}

export async function runInit(dirArg: string, options: InitOptions, io: CliIO): Promise<number> {
  const dir = resolve(io.cwd, dirArg);
  if (existsSync(join(dir, 'plan.yaml'))) {
    throw new UsageError(`${dirArg} already holds a plan (plan.yaml)`, 'Choose a new folder; plan init never overwrites a plan.');
  }
  if (options.end <= options.start) throw new UsageError('--end must come after --start');
  const district = slug(options.district);
  const firstYear = Number(options.start.slice(0, 4));
  const schoolYear = `${firstYear}-${String(firstYear + 1).slice(2)}`;
  const planYaml = `# yaml-language-server: $schema=schemas/${schemasByKind.plan.fileName}
# The district level of the plan. Rename, reword and add: plan validate checks every change.
version: 1

district:
  id: ${district}
  name: ${quote(options.district)}

plan:
  id: ${district}-plan
  title: ${quote(options.title)}
  period: {start: ${options.start}, end: ${options.end}}
  vision: Every student graduates ready for college, career and citizenship.
  owners: [planning-office]

terminology:
  theory: Theory of Action
  strategy: Strategy
  action: Action Step

cycles:
  - {id: ${firstYear}-fall-sam, name: Fall SAM ${schoolYear}, kind: sam, school_year: ${schoolYear}, due: ${firstYear}-11-15}
  - {id: ${firstYear + 1}-midyear, name: Mid-Year Report ${schoolYear}, kind: midyear, school_year: ${schoolYear}, due: ${firstYear + 1}-02-01}
  - {id: ${firstYear + 1}-eoy, name: End-of-Year Report ${schoolYear}, kind: eoy, school_year: ${schoolYear}, due: ${firstYear + 1}-06-10}

theories:
  - id: toa1
    number: 1
    title: Student Learning
    statement: If we provide rich curriculum and high quality instruction, then all students will achieve.
    strategies:
      - id: toa1-curriculum
        text: Provide all students with a high quality, standards-aligned curriculum.

people:
  - {id: planning-office, name: Planning Office}

offices:
  - {id: academics, name: Office of Academics, lead: planning-office}
`;
  const officeYaml = `# yaml-language-server: $schema=../schemas/${schemasByKind.office.fileName}
# A district action plan: one file per office, named by its id.
office: academics
actions:
  - id: academics-curriculum-review
    title: Review the K-8 curriculum against the standards.
    strategy: toa1-curriculum
    owner: planning-office
    timeline: {start: ${options.start}, end: ${firstYear + 1}-06-30}
    success_criteria:
      - 100% of K-8 units reviewed by June
`;
  const files: Array<[string, string]> = [
    ['plan.yaml', planYaml],
    ['offices/academics.yaml', officeYaml],
    ...(Object.keys(schemasByKind) as Array<keyof typeof schemasByKind>).map((kind) => [`schemas/${schemasByKind[kind].fileName}`, schemaText(kind)] as [string, string]),
  ];
  for (const [file, text] of files) await writeFileAtomic(join(dir, file), text);
  io.stdout.write(`${files.map(([f]) => join(dirArg, f)).join('\n')}\n`);
  io.stderr.write(`plan init: a new plan in ${dirArg}. Next: add schools to plan.yaml and schools/<id>.yaml files, then run plan validate ${dirArg}\n`);
  return 0;
}
