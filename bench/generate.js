// Generates a synthetic district for benchmarks: plan.yaml with N schools, and one action plan per
// school with 25 action steps rated over 6 cycles (about 36 KB a school, like a real school plan).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const THEORIES = 4;
const STRATEGIES_PER_THEORY = 6;
const ACTIONS_PER_SCHOOL = 25;
export const CYCLES = [
  ['2023-fall-sam', 'Fall SAM 2023-24', 'sam', '2023-11-17'],
  ['2024-midyear', 'Mid-Year Report 2023-24', 'midyear', '2024-01-31'],
  ['2024-winter-sam', 'Winter SAM 2023-24', 'sam', '2024-02-23'],
  ['2024-spring-sam', 'Spring SAM 2023-24', 'sam', '2024-05-10'],
  ['2024-eoy', 'End-of-Year Report 2023-24', 'eoy', '2024-06-07'],
  ['2024-fall-sam', 'Fall SAM 2024-25', 'sam', '2024-11-15'],
];

const WORDS =
  'students teachers literacy numeracy attendance family engagement coaching walkthroughs data teams interventions enrichment curriculum assessment feedback culture climate leadership collaboration instruction benchmark growth equity access supports schedule planning'.split(
    ' ',
  );

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(random, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  const text = out.join(' ');
  return text[0].toUpperCase() + text.slice(1);
}

export const strategyId = (t, s) => `t${t + 1}-s${s + 1}`;
export const schoolId = (n) => `school-${String(n + 1).padStart(4, '0')}`;

/**
 * plan.yaml of the synthetic district: by default two levels (theories, strategies); with
 * `levels: 4`, Pillar -> Priority -> Objective -> Strategy, with the same 24 strategies at the bottom.
 */
export function planYaml(schools, { levels = 2 } = {}) {
  const lines = [
    '# yaml-language-server: $schema=../../../schemas/plan.schema.json',
    'version: 1',
    'district:',
    '  id: synthetic',
    '  name: Synthetic Unified School District',
    'plan:',
    '  id: synthetic-2025',
    '  title: Synthetic District Strategic Plan',
    '  period: {start: 2023-07-01, end: 2026-06-30}',
    '  description: A generated plan for benchmarks; every value is illustrative.',
    'cycles:',
  ];
  // Every cycle reports on schools and the district alike (the schools are rated in each), so that
  // the forms the collect and apply benchmarks make include the items rated as a whole and the
  // measures' values as well as every school's.
  for (const [id, name, kind, due] of CYCLES) lines.push(`  - {id: ${id}, name: ${name}, kind: ${kind}, due: ${due}, applies_to: [schools, district]}`);
  lines.push('people:', '  - {id: superintendent, name: Superintendent}', 'offices:', '  - {id: academics, name: Office of Academics, lead: superintendent}');
  if (levels === 4) {
    lines.push('levels:', '  - {name: Pillar}', '  - {name: Priority, plural: Priorities}', '  - {name: Objective}', '  - {name: Strategy, plural: Strategies}', 'outline:');
    const priorities = 2;
    const objectives = STRATEGIES_PER_THEORY / priorities;
    for (let t = 0; t < THEORIES; t++) {
      lines.push(`  - id: t${t + 1}`, `    title: Pillar ${t + 1}`, '    children:');
      for (let p = 0; p < priorities; p++) {
        lines.push(`      - id: t${t + 1}-p${p + 1}`, `        title: Priority ${p + 1} of pillar ${t + 1}`, '        children:');
        for (let o = 0; o < objectives; o++) {
          const s = p * objectives + o;
          lines.push(
            `          - id: t${t + 1}-p${p + 1}-o${o + 1}`,
            `            title: Objective ${o + 1} of priority ${p + 1}`,
            '            children:',
            `              - {id: ${strategyId(t, s)}, text: Strategy ${s + 1} of pillar ${t + 1}.}`,
          );
        }
      }
    }
  } else {
    lines.push('theories:');
    for (let t = 0; t < THEORIES; t++) {
      lines.push(`  - id: t${t + 1}`, `    title: Theory ${t + 1}`, `    statement: If the district invests in area ${t + 1}, then all students achieve.`, '    strategies:');
      for (let s = 0; s < STRATEGIES_PER_THEORY; s++) lines.push(`      - id: ${strategyId(t, s)}`, `        text: Strategy ${s + 1} of theory ${t + 1}.`);
      // Two strategies rated as a whole by the district's leadership, no action carrying them out.
      for (let h = 0; h < 2; h++) {
        lines.push(`      - id: t${t + 1}-h${h + 1}`, `        text: District practice ${h + 1} of theory ${t + 1}, rated as a whole.`, '        expects_actions: false', '        holistic:');
        lines.push(`          2024-eoy: {rating: ${1 + ((t + h) % 3)}, rationale: Rated by the leadership team at the end of the year.}`);
      }
    }
    // A measure of each theory, with a value a year.
    lines.push('goals:');
    for (let t = 0; t < THEORIES; t++) {
      lines.push(
        `  - id: goal-${t + 1}`,
        `    title: Outcome ${t + 1} of the plan.`,
        `    serves: [t${t + 1}]`,
        `    metric: {name: Outcome ${t + 1}, unit: percent, direction: increase, baseline: {value: 40, school_year: 2022-23}, target: {value: 60, school_year: 2025-26}, actuals: [{value: 44, school_year: 2023-24}]}`,
      );
    }
  }
  lines.push('schools:');
  for (let n = 0; n < schools; n++) lines.push(`  - {id: ${schoolId(n)}, name: School ${n + 1}, grades: K-5}`);
  return `${lines.join('\n')}\n`;
}

/**
 * One school's action plan. `actions` and `strategies` (the ids its actions align to, in turn)
 * shape the concentrated district; by default 25 actions spread over every strategy.
 */
export function schoolYaml(n, variant = 0, { actions = ACTIONS_PER_SCHOOL, strategies = null } = {}) {
  const random = rng(n * 7919 + 17 + variant * 104729);
  const id = schoolId(n);
  const selected = [];
  for (let t = 0; t < THEORIES; t++) for (let s = 0; s < STRATEGIES_PER_THEORY; s++) selected.push(strategyId(t, s));
  const lines = [
    '# yaml-language-server: $schema=../../../../schemas/school-plan.schema.json',
    `school: ${id}`,
    'school_year: 2023-24',
    `summary: ${sentence(random, 30)}.`,
    `selected_strategies: [${selected.join(', ')}]`,
    'team:',
    '  - {id: principal, name: Principal, role: Principal}',
    '  - {id: data-team, name: School Data Team}',
    'actions:',
  ];
  for (let a = 0; a < actions; a++) {
    const strategy = strategies ? strategies[a % strategies.length] : selected[(n + a) % selected.length];
    lines.push(
      `  - id: ${id}-a${String(a + 1).padStart(2, '0')}`,
      `    title: ${sentence(random, 10)}`,
      `    strategy: ${strategy}`,
      `    owner: ${a % 2 ? 'principal' : 'data-team'}`,
      "    timeline: {start: '2023-08-28', end: '2024-06-14'}",
      '    success_criteria:',
      `      - ${Math.floor(random() * 60) + 40}% of ${sentence(random, 6).toLowerCase()} by June`,
      `      - ${sentence(random, 8)} in ${Math.floor(random() * 10) + 2} of 12 classrooms`,
      '    progress:',
    );
    for (const [cycle] of CYCLES) {
      lines.push(
        `      ${cycle}:`,
        `        rating: ${1 + Math.floor(random() * 3)}`,
        `        evidence: ${sentence(random, 12)}.`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function generateDistrict(dir, schools, { levels = 2 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'schools'), { recursive: true });
  writeFileSync(join(dir, 'plan.yaml'), planYaml(schools, { levels }));
  let bytes = 0;
  for (let n = 0; n < schools; n++) {
    const text = schoolYaml(n);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, 'schools', `${schoolId(n)}.yaml`), text);
  }
  return { bytes };
}

/**
 * A district whose 50,000 actions sit under a handful of strategies: one school with 20,000 of them,
 * and 100 schools with 300 each. What made plan status quadratic once.
 */
export function generateConcentrated(dir) {
  const schools = 101;
  const handful = [strategyId(0, 0), strategyId(0, 1), strategyId(1, 0)];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'schools'), { recursive: true });
  writeFileSync(join(dir, 'plan.yaml'), planYaml(schools));
  for (let n = 0; n < schools; n++) {
    writeFileSync(join(dir, 'schools', `${schoolId(n)}.yaml`), schoolYaml(n, 0, { actions: n === 0 ? 20_000 : 300, strategies: handful }));
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const n = Number(process.argv[2] ?? 100);
  const dir = process.argv[3] ?? `bench/.work/district-${n}`;
  const { bytes } = generateDistrict(dir, n);
  console.log(`${dir}: ${n} schools, ${(bytes / n / 1024).toFixed(1)} KB a school`);
}
