// A new plan that validates: plan.yaml, one district action plan, and the JSON Schemas beside them,
// as file contents keyed by path. `plan init` writes them; a script may too.
import { schemasByKind, schemaText } from './schema/definitions.js';

export interface ScaffoldOptions {
  district: string;
  title: string;
  /** The plan period, YYYY-MM-DD. */
  start: string;
  end: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'district';
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** The files of a new plan, relative to its directory, in the order they should be listed. */
export function scaffoldPlan(options: ScaffoldOptions): Array<[file: string, text: string]> {
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
  return files;
}
