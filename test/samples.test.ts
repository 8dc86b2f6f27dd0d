// The sample plans in plans/ are the seeds' own plans: valid, editor-ready, and word for word.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadPlan, kindOfFile } from '../src/load/load-plan.js';
import { DirectorySource } from '../src/load/source.js';
import { schemasByKind } from '../src/schema/definitions.js';
import { ROOT, readTree } from './helpers.js';

const PLANS = join(ROOT, 'plans');
const SEEDS = resolve(ROOT, '..', 'shared', 'seeds');
/** Each seed's text, kept beside the plan it is the source of, so that every clone can check it. */
const SOURCES: Record<string, string> = {
  '000_7530beee77e06015.txt': 'eh2020/sources/eh2020-district-improvement-plan.txt',
  '001_ab7fc3e4ce5120c5.txt': 'hps2018/sources/hps-strategic-plan-2018.txt',
  '002_dd2c5eb0afd38e71.txt': 'hps2011/sources/hps-theory-of-action-2011-2016.txt',
  '003_78b7ad167d89ca32.txt': 'eh2020/sources/eh2020-strategic-planning-process.txt',
  '004_c0d16de1f73666d6.txt': 'hps2011/sources/hps-acceleration-agenda.txt',
};
const planNames = readdirSync(PLANS).sort();

describe('sample plans', () => {
  it('include the three plans of the seeds and Gwinnett County\'s, written in its own levels', () => {
    expect(planNames).toEqual(['eh2020', 'gcps2022', 'hps2011', 'hps2018']);
  });

  for (const name of planNames) {
    it(`${name} is valid with no warnings`, async () => {
      const plan = await loadPlan(new DirectorySource(join(PLANS, name)), { threads: 0 });
      expect(plan.diagnostics.map((d) => `${d.file}:${d.range?.start.line} ${d.code} ${d.message}`)).toEqual([]);
    });

    it(`${name}: every file names its schema for editors`, () => {
      for (const file of Object.keys(readTree(join(PLANS, name))).filter((f) => f.endsWith('.yaml'))) {
        const kind = kindOfFile(file)!;
        const firstLine = readFileSync(join(PLANS, name, file), 'utf8').split('\n')[0]!;
        const match = /^# yaml-language-server: \$schema=(.+)$/.exec(firstLine);
        expect(match, `${name}/${file} starts with a yaml-language-server line`).not.toBeNull();
        const schemaPath = resolve(dirname(join(PLANS, name, file)), match![1]!);
        expect(schemaPath).toBe(join(ROOT, 'schemas', schemasByKind[kind].fileName));
      }
    });
  }
});

const normalize = (text: string) => text.replace(/\s+/g, ' ').replace(/ ([.,;:])/g, '$1').trim();

describe.skipIf(!existsSync(SEEDS))('the sources kept in plans/', () => {
  it('are the seeds, byte for byte', () => {
    for (const [seed, copy] of Object.entries(SOURCES)) expect(readFileSync(join(PLANS, copy)).equals(readFileSync(join(SEEDS, seed))), copy).toBe(true);
  });
});

describe('the sample plans quote their sources word for word', () => {
  const seed = (file: string) => normalize(readFileSync(join(PLANS, SOURCES[file]!), 'utf8').replace(/<\/?[bi]>|\*\*/g, ''));
  const yaml = (file: string) => load(readFileSync(join(PLANS, file), 'utf8')) as Record<string, any>;
  const expectQuoted = (source: string, texts: string[]) => {
    for (const text of texts) expect(source, `"${text}" is in the seed`).toContain(normalize(text));
  };

  it('EH2020: the four theories of action and all their strategies (seed 000)', () => {
    const plan = yaml('eh2020/plan.yaml');
    expect(plan.theories.map((t: any) => t.strategies.length)).toEqual([6, 9, 3, 6]);
    const source = seed('000_7530beee77e06015.txt');
    expectQuoted(source, plan.theories.map((t: any) => t.statement));
    expectQuoted(source, plan.theories.map((t: any) => `Theory of Action ${t.number}: ${t.title}`));
    expectQuoted(source, plan.theories.flatMap((t: any) => t.strategies.flatMap((s: any) => [s.text, ...(s.items ?? [])])));
    expectQuoted(source, [...new Set(plan.theories.flatMap((t: any) => t.strategies.map((s: any) => s.group).filter(Boolean)))] as string[]);
  });

  it('EH2020: at least three school action plans rated over the SAM cycles', async () => {
    const plan = await loadPlan(new DirectorySource(join(PLANS, 'eh2020')), { keepData: true, threads: 0 });
    const schools = plan.files.filter((f) => f.kind === 'school');
    expect(schools.length).toBeGreaterThanOrEqual(3);
    for (const school of schools) {
      const rated = new Set((school.data!.actions as any[]).flatMap((a) => Object.keys(a.progress ?? {})));
      expect([...rated].filter((c) => c.endsWith('-sam')).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('HPS 2018: beliefs, vision, mission, priorities, strategies, goals and every strategic action (seed 001)', () => {
    const plan = yaml('hps2018/plan.yaml');
    const source = seed('001_ab7fc3e4ce5120c5.txt');
    expect(plan.theories).toHaveLength(4);
    expect(plan.goals).toHaveLength(6);
    expectQuoted(source, [plan.plan.vision, plan.plan.mission, ...plan.theories.map((t: any) => t.title)]);
    expectQuoted(source, plan.theories.flatMap((t: any) => t.strategies.map((s: any) => s.text)));
    expectQuoted(source, plan.goals.map((g: any) => g.title));
    expect(plan.goals.every((g: any) => typeof g.metric.baseline.value === 'number' && typeof g.metric.target.value === 'number')).toBe(true);
    const actions = readdirSync(join(PLANS, 'hps2018', 'offices')).flatMap((f) => yaml(`hps2018/offices/${f}`).actions);
    expect(actions).toHaveLength(29);
    expectQuoted(source, actions.map((a: any) => a.title));
  });

  it('HPS 2011: goals, the seven offices and their directives, the autonomy structure (seed 002)', () => {
    const plan = yaml('hps2011/plan.yaml');
    const source = seed('002_dd2c5eb0afd38e71.txt');
    expectQuoted(source, [plan.plan.vision, plan.plan.mission, ...plan.plan.core_beliefs]);
    expectQuoted(source, plan.theories.map((t: any) => `${t.title}: ${t.statement}`));
    expect(plan.offices).toHaveLength(7);
    expectQuoted(source, plan.offices.map((o: any) => `${o.name} ${o.directive}`));
    expectQuoted(source, plan.autonomy.levels.map((l: any) => l.definition));
    expectQuoted(source, plan.autonomy.levels.flatMap((l: any) => l.decisions.map((d: any) => `${d.area} ${d.description}`)));
  });

  it('HPS 2011: the Acceleration Agenda network, its six schools, partners and resources (seed 004)', () => {
    const plan = yaml('hps2011/plan.yaml');
    const source = seed('004_c0d16de1f73666d6.txt');
    const network = plan.networks[0];
    expect(plan.schools.filter((s: any) => s.network === network.id)).toHaveLength(6);
    expectQuoted(source, plan.schools.map((s: any) => s.name));
    expectQuoted(source, [...network.resources, ...network.focus]);
    expect(network.partners).toHaveLength(3);
  });

  it('GCPS 2022: its priorities, goals, indicators and their yearly targets are the district\'s (sources/gcps-blueprint-facts.txt)', () => {
    const plan = yaml('gcps2022/plan.yaml');
    const facts = normalize(readFileSync(join(PLANS, 'gcps2022/sources/gcps-blueprint-facts.txt'), 'utf8'));
    expect(plan.levels.map((l: any) => l.name)).toEqual(['Strategic Priority', 'Goal', 'Objective']);
    expect(plan.outline).toHaveLength(4);
    expectQuoted(facts, plan.outline.map((p: any) => `${p.number} ${p.title}`));
    const goals = plan.outline.flatMap((p: any) => p.children);
    expect(goals).toHaveLength(10);
    expectQuoted(facts, goals.map((g: any) => `${g.id} ${g.title}`));
    // Each indicator: its name, its baseline and every yearly target, in order, as the district set them.
    const measures = goals.flatMap((g: any) => (g.measures ?? []).map((m: any) => ({ goal: g.id, m })));
    expect(measures.length).toBeGreaterThanOrEqual(4);
    const pct = (v: number) => `${v.toFixed(1)}%`;
    for (const { goal, m } of measures) {
      const { baseline, milestones, target } = m.metric;
      expect(milestones).toHaveLength(4);
      expectQuoted(facts, [`${goal} ${m.title}: ${[baseline, ...milestones, target].map((p: any) => pct(p.value)).join(' | ')}`]);
    }
  });
});
