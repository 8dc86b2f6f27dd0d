// Who still owes what for a cycle, and by when: every action that reports in the cycle and has no
// progress entry for it yet, grouped by the person, office or team member who owns it, with the
// handle and e-mail a reminder would go to. A rating given, or "not rated" with its reason, settles
// an action: reminders stop once someone has updated.
import { appliesTo, expects, hasReported, itemOwner, itemsRatedByPeople, measuresAsked, schoolYearOf, unitMeasuresAsked } from '../plan/calendar.js';
import type { CycleData, GoalData, PlanModel } from '../plan/model.js';

export interface TodoOwner {
  /** The owner's id (a person, an office or a team member); null when the action names none. */
  id: string | null;
  name: string;
  handle?: string;
  email?: string;
}

export interface TodoGroup {
  /** The action plan the updates go in; 'plan' for items people rate as a whole, in plan.yaml. */
  plan: { kind: 'school' | 'office' | 'plan'; id: string; name: string; file: string };
  owner: TodoOwner;
  /** The actions owed; in a group of kind 'plan', the items. */
  actions: Array<{ id: string; title: string }>;
}

export interface Todo {
  cycle: CycleData;
  asOf: string;
  /** Days until the due date (negative once it has passed). */
  daysLeft: number;
  /** Actions (and items rated as a whole) that report in the cycle, and how many of them still owe their update. */
  expected: number;
  owed: number;
  /** What is owed, in words: 'items' when only items rated as a whole report in the cycle. */
  foot: 'actions' | 'items';
  groups: TodoGroup[];
  /** Measures with no value yet for the cycle's school year, at the year's last district report, with who owes each. */
  measures: Array<{ id: string; title: string; year: string; owner: TodoOwner }>;
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The cycle a reminder is about by default: the next one due on or after `asOf`, else the last. */
export function upcomingCycle(model: PlanModel, asOf: string): CycleData | undefined {
  return model.cycles.find((c) => c.due >= asOf) ?? model.cycles.at(-1);
}

export function outstanding(model: PlanModel, cycle: CycleData, asOf: string): Todo {
  const people = new Map((model.plan.people ?? []).map((p) => [p.id, p]));
  const offices = new Map((model.plan.offices ?? []).map((o) => [o.id, o]));
  const schools = new Map((model.plan.schools ?? []).map((s) => [s.id, s]));
  const teams = new Map(model.actionPlans.map((p) => [p.file, new Map((p.data.team ?? []).map((m) => [m.id, m]))]));
  const person = (id: string | undefined): Omit<TodoOwner, 'id' | 'name'> => {
    const p = id ? people.get(id) : undefined;
    return { ...(p?.handle ? { handle: p.handle } : {}), ...(p?.email ? { email: p.email } : {}) };
  };
  const ownerFor = (file: string, plan: { kind: 'school' | 'office'; id: string }, id: string | undefined): TodoOwner => {
    if (id) {
      const member = teams.get(file)?.get(id);
      if (member) return { id, name: member.name, ...(member.handle ? { handle: member.handle } : {}) };
      const p = people.get(id);
      if (p) return { id, name: p.name, ...person(id) };
      const office = offices.get(id);
      if (office) return { id, name: office.name, ...person(office.lead) };
      return { id, name: id };
    }
    // No owner named: the school's leader or the office's lead answers for it.
    const lead = plan.kind === 'school' ? schools.get(plan.id)?.leader : offices.get(plan.id)?.lead;
    return { id: null, name: lead ? (people.get(lead)?.name ?? lead) : 'no owner named', ...person(lead) };
  };

  const applies = appliesTo(cycle);
  const groups = new Map<string, TodoGroup>();
  let expected = 0;
  for (const placed of model.actions) {
    if (!expects(cycle, placed, applies)) continue;
    expected++;
    if (hasReported(placed.action.progress?.[cycle.id])) continue;
    const key = `${placed.file}\u0000${placed.action.owner ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      const planName = placed.owner.kind === 'school' ? (schools.get(placed.owner.id)?.name ?? placed.owner.id) : (offices.get(placed.owner.id)?.name ?? placed.owner.id);
      group = { plan: { ...placed.owner, name: planName, file: placed.file }, owner: ownerFor(placed.file, placed.owner, placed.action.owner), actions: [] };
      groups.set(key, group);
    }
    group.actions.push({ id: placed.action.id, title: placed.action.title });
  }
  const actionsExpected = expected;
  // Items no action carries out are rated as a whole in the district's cycles: owed by their owner,
  // else the planning office.
  const planOwner = model.plan.plan.owners?.[0];
  // Who owes the plan's own updates (its items and measures): their owner, else the planning office.
  const planOwnerFor = (id: string | undefined): TodoOwner => (id ? ownerFor('plan.yaml', { kind: 'office', id: '' }, id) : { id: null, name: 'the planning office (plan.owners names no one)' });
  {
    for (const item of itemsRatedByPeople(model, cycle)) {
      expected++;
      if (hasReported(item.data.holistic?.[cycle.id])) continue;
      const ownerId = itemOwner(item) ?? planOwner;
      const key = `plan.yaml\u0000${ownerId ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        const owner = planOwnerFor(ownerId);
        group = { plan: { kind: 'plan', id: model.plan.plan.id, name: model.plan.plan.title, file: 'plan.yaml' }, owner, actions: [] };
        groups.set(key, group);
      }
      group.actions.push({ id: item.id, title: item.name });
    }
  }
  // A measure's value for a school year is owed by the year's last district report (End-of-Year):
  // a yearly figure is not asked for at every meeting. Its owner is the measured item's, else the plan's.
  const measures: Todo['measures'] = [];
  const year = schoolYearOf(cycle);
  // Whether the cycle is the year's last of those a plan reports in.
  const lastOfYear = (reportsIn: (c: CycleData) => boolean) => reportsIn(cycle) && !model.cycles.some((c) => schoolYearOf(c) === year && c.due > cycle.due && reportsIn(c));
  const valued = (goal: GoalData) => (goal.metric?.actuals ?? []).some((a) => a.school_year === year || a.cycle === cycle.id);
  if (lastOfYear((c) => appliesTo(c).district)) {
    for (const { goal, item } of measuresAsked(model, cycle)) {
      if (valued(goal)) continue;
      const served = item ?? model.tree.byId.get(goal.serves?.[0] ?? '') ?? null;
      const ownerId = (served ? itemOwner(served) : undefined) ?? planOwner;
      measures.push({ id: goal.id, title: goal.title, year, owner: planOwnerFor(ownerId) });
    }
  }
  // A school's (or office's) own measures likewise, by the year's last cycle it reports in; owed by its leader.
  for (const { plan, goals } of unitMeasuresAsked(model, cycle)) {
    if (!lastOfYear((c) => (plan.kind === 'school' ? appliesTo(c).schools : appliesTo(c).district))) continue;
    const unit = { kind: plan.kind, id: (plan.kind === 'school' ? plan.data.school : plan.data.office) ?? '' };
    const named = unit.kind === 'school' ? schools.get(unit.id) : offices.get(unit.id);
    const led = unit.kind === 'school' ? schools.get(unit.id)?.leader : offices.get(unit.id)?.lead;
    // Its leader, or, with none named, the school or office itself.
    const owner: TodoOwner = led ? ownerFor(plan.file, unit, undefined) : { id: null, name: named?.name ?? unit.id };
    for (const goal of goals) if (!valued(goal)) measures.push({ id: goal.id, title: goal.title, year, owner });
  }
  const owed = [...groups.values()].reduce((n, g) => n + g.actions.length, 0);
  // The plan's own items first, then schools and offices in the order the plan lists them.
  const order = new Map<string, number>([[`plan:${model.plan.plan.id}`, -1], ...(model.plan.schools ?? []).map((s, i) => [`school:${s.id}`, i] as const), ...(model.plan.offices ?? []).map((o, i) => [`office:${o.id}`, 10_000 + i] as const)]);
  const sorted = [...groups.values()].sort((a, b) => (order.get(`${a.plan.kind}:${a.plan.id}`) ?? 0) - (order.get(`${b.plan.kind}:${b.plan.id}`) ?? 0));
  return { cycle, asOf, daysLeft: days(asOf, cycle.due), expected, owed, foot: actionsExpected === 0 && expected > 0 ? 'items' : 'actions', groups: sorted, measures };
}
