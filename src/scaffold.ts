// A new plan that validates: plan.yaml, one district action plan, and the JSON Schemas beside them,
// as file contents keyed by path. `plan init` writes them; a script may too. With levels, the plan
// is written in the district's own levels (an outline), the lowest with a measure and its yearly
// milestones; without, in theories of action and strategies.
import { schemasByKind, schemaText } from './schema/definitions.js';

export interface ScaffoldOptions {
  district: string;
  title: string;
  /** The plan period, YYYY-MM-DD. */
  start: string;
  end: string;
  /** The plan's levels, top first ("Pillar,Goal"): an outline instead of theories and strategies. */
  levels?: string[];
  /** The district's word for a measure ("Key Result"), when it is not "Goal". */
  measures?: string;
}

// Words an acronym leaves out: "Board of Education of the City" is BEC.
const MINOR = new Set(['of', 'the', 'and', 'for', 'in', 'at', 'a', 'an', 'de', 'la', 'el', 'y']);

/**
 * A short id from a name: its initials, lower case ("Gwinnett County Public Schools" -> "gcps"). Every
 * form's file name carries the plan's id, so it stays short.
 */
export function initials(name: string): string {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !MINOR.has(w));
  const short = words.map((w) => (/^\d+$/.test(w) ? w : w[0])).join('');
  return short.length >= 2 ? short.slice(0, 12) : (words[0] ?? 'district').slice(0, 12) || 'district';
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** "2025-26" for the school year that starts in 2025. */
function schoolYear(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** An id for each level from its name's initials, made unique: Pillar -> p, Priority -> pr. */
function levelKeys(levels: readonly string[]): string[] {
  const keys: string[] = [];
  for (const name of levels) {
    const letters = name.toLowerCase().replace(/[^a-z]/g, '') || 'l';
    let length = 1;
    while (keys.includes(letters.slice(0, length)) && length < letters.length) length++;
    let key = letters.slice(0, length);
    if (keys.includes(key)) key = `${key}${keys.length + 1}`;
    keys.push(key);
  }
  return keys;
}

/** The outline: one item at each level, the lowest measured with a baseline, a milestone a year and a target. */
function outlineYaml(levels: readonly string[], firstYear: number, lastYear: number): { text: string; lowest: string } {
  const keys = levelKeys(levels);
  const lines: string[] = [];
  let id = '';
  levels.forEach((name, depth) => {
    id = id ? `${id}-${keys[depth]}1` : `${keys[depth]}1`;
    const pad = '  '.repeat(depth * 2);
    lines.push(`${pad}- id: ${id}`, `${pad}  number: 1`, `${pad}  title: ${quote(`The first ${name.toLowerCase()}: rename and reword`)}`);
    if (depth === levels.length - 1) {
      const milestones = [];
      for (let y = firstYear; y < lastYear - 1; y++) milestones.push(`${pad}          - {value: ${42 + 4 * (y - firstYear + 1)}, school_year: ${schoolYear(y)}}`);
      lines.push(
        `${pad}  measures:`,
        `${pad}    - id: ${id}-m1`,
        `${pad}      title: Students reading on grade level by grade 3`,
        `${pad}      metric:`,
        `${pad}        name: Grade 3 students at or above the reading benchmark`,
        `${pad}        unit: percent`,
        `${pad}        direction: increase`,
        `${pad}        baseline: {value: 42, school_year: ${schoolYear(firstYear - 1)}}`,
        ...(milestones.length ? [`${pad}        milestones:`, ...milestones] : []),
        `${pad}        target: {value: ${42 + 4 * (lastYear - firstYear)}, school_year: ${schoolYear(lastYear - 1)}}`,
      );
    } else lines.push(`${pad}  children:`);
  });
  return { text: lines.map((l) => `  ${l}`).join('\n'), lowest: id };
}

/** The files of a new plan, relative to its directory, in the order they should be listed. */
export function scaffoldPlan(options: ScaffoldOptions): Array<[file: string, text: string]> {
  const district = initials(options.district);
  const firstYear = Number(options.start.slice(0, 4)) + (Number(options.start.slice(5, 7)) >= 7 ? 0 : -1);
  const lastYear = Number(options.end.slice(0, 4)) + (Number(options.end.slice(5, 7)) >= 7 ? 1 : 0);
  const year = schoolYear(firstYear);
  const levels = options.levels?.map((l) => l.trim()).filter(Boolean) ?? [];
  // A level called Goal leaves the word to it: the measures go by another (validate would warn of the clash).
  const measuresTerm = options.measures ?? (levels.some((l) => /^goals?$/i.test(l)) ? 'Measure' : undefined);
  const outline = levels.length ? outlineYaml(levels, firstYear, lastYear) : null;
  const strategy = outline ? outline.lowest : 'toa1-curriculum';
  const terms = [
    ...(outline ? [] : ['  theory: Theory of Action', '  strategy: Strategy']),
    '  action: Action Step',
    ...(measuresTerm ? [`  goal: ${quote(measuresTerm)}`] : []),
  ];
  const tree = outline
    ? `# The plan's levels, top first. Action steps align to the lowest; rename them to the district's words.
levels:
${levels.map((name) => `  - {name: ${quote(name)}}`).join('\n')}

outline:
${outline.text}`
    : `theories:
  - id: toa1
    number: 1
    title: Student Learning
    statement: If we provide rich curriculum and high quality instruction, then all students will achieve.
    strategies:
      - id: toa1-curriculum
        text: Provide all students with a high quality, standards-aligned curriculum.`;
  const planYaml = `# yaml-language-server: $schema=schemas/${schemasByKind.plan.fileName}
# The district level of the plan. Rename, reword and add: plan validate checks every change.
version: 1

district:
  id: ${district}
  name: ${quote(options.district)}

plan:
  id: ${district}${firstYear}
  title: ${quote(options.title)}
  period: {start: ${options.start}, end: ${options.end}}
  vision: Every student graduates ready for college, career and citizenship.
  owners: [planning-office]

terminology:
${terms.join('\n')}

# Schools report at their Student Achievement Meetings; the district reports to the Board twice a year.
cycles:
  - {id: ${firstYear}-fall-sam, name: Fall SAM ${year}, kind: sam, school_year: ${year}, due: ${firstYear}-11-15, applies_to: [schools]}
  - {id: ${firstYear + 1}-midyear, name: Mid-Year Report ${year}, kind: midyear, school_year: ${year}, due: ${firstYear + 1}-02-01, applies_to: [district]}
  - {id: ${firstYear + 1}-eoy, name: End-of-Year Report ${year}, kind: eoy, school_year: ${year}, due: ${firstYear + 1}-06-10, applies_to: [district]}

${tree}

people:
  - {id: planning-office, name: Planning Office}

offices:
  - {id: academics, name: Office of Academics, lead: planning-office}
`;
  const officeYaml = `# yaml-language-server: $schema=../schemas/${schemasByKind.office.fileName}
# A district action plan: one file per office, named by its id.
office: academics
actions:
  - id: academics-review
    title: Review the K-8 curriculum against the standards.
    strategy: ${strategy}
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
