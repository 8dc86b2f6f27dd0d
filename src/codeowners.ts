// CODEOWNERS from the plan: a change to a school's action plan asks that school's leader and team
// for review, a change to an office's plan its lead and members, and anything else the planning office. The
// lines live in a marked block, so the rest of the file stays the district's own.
import type { PlanModel } from './plan/model.js';

export interface CodeownersEntry {
  /** A path pattern from the repository root, e.g. /plans/eh2020/schools/ehms.yaml */
  pattern: string;
  owners: string[];
  why: string;
}

export interface CodeownersResult {
  entries: CodeownersEntry[];
  /** Files that have no owner with a handle beyond the plan's owners. */
  warnings: string[];
}

export function codeownersEntries(model: PlanModel, planPath: string): CodeownersResult {
  const base = `/${planPath ? `${planPath}/` : ''}`;
  const handles = new Map((model.plan.people ?? []).filter((p) => p.handle).map((p) => [p.id, p.handle!]));
  const planOwners = (model.plan.plan.owners ?? []).map((id) => handles.get(id)).filter((h): h is string => !!h);
  const warnings: string[] = [];
  const entries: CodeownersEntry[] = [];
  if (!planOwners.length) warnings.push('plan.owners names no person with a handle: changes to plan.yaml would ask no one to review');
  entries.push({ pattern: base, owners: planOwners, why: 'the planning office owns the plan' });
  entries.push({ pattern: `${base}plan.yaml`, owners: planOwners, why: 'vision, theories, strategies, goals, cycles' });
  const unique = (list: Array<string | undefined>) => [...new Set(list.filter((h): h is string => !!h))];
  for (const office of model.plan.offices ?? []) {
    const owners = unique([office.lead ? handles.get(office.lead) : undefined, ...(office.members ?? []).map((id) => handles.get(id))]);
    if (!owners.length) warnings.push(`office "${office.id}" has no lead or member with a handle; its plan falls to the plan's owners`);
    else {
      const plans = model.actionPlans.filter((p) => p.kind === 'office' && p.data.office === office.id).map((p) => p.file);
      for (const file of plans.length ? plans : [`offices/${office.id}.yaml`]) entries.push({ pattern: `${base}${file}`, owners: unique([...owners, ...planOwners]), why: office.name });
    }
  }
  // Each of a school's files (one per school year, where it keeps them so) asks its leader and that file's team.
  const files = (school: string) => model.actionPlans.filter((p) => p.kind === 'school' && p.data.school === school);
  for (const school of model.plan.schools ?? []) {
    const plans = files(school.id);
    const leader = school.leader ? handles.get(school.leader) : undefined;
    const targets = plans.length ? plans : [{ file: `schools/${school.id}.yaml`, data: { team: [] as Array<{ handle?: string }> } }];
    for (const plan of targets) {
      const owners = unique([leader, ...(plan.data.team ?? []).map((m) => m.handle)]);
      if (!owners.length) {
        if (plans.length) warnings.push(`school "${school.id}" has no leader or team member with a handle; its plan falls to the plan's owners`);
        continue;
      }
      entries.push({ pattern: `${base}${plan.file}`, owners: unique([...owners, ...planOwners]), why: school.name });
    }
  }
  return { entries, warnings };
}

export function blockMarkers(planPath: string): { begin: string; end: string } {
  const name = planPath || '.';
  return { begin: `# BEGIN plan codeowners: ${name}`, end: `# END plan codeowners: ${name}` };
}

export function renderBlock(planPath: string, entries: CodeownersEntry[]): string {
  const { begin, end } = blockMarkers(planPath);
  const width = Math.max(...entries.map((e) => e.pattern.length));
  const lines = [begin, '# Generated from the owners in the plan by `plan codeowners`: change them there, not here.'];
  for (const e of entries) {
    if (!e.owners.length) continue;
    lines.push(`${e.pattern.padEnd(width)} ${e.owners.join(' ')}`);
  }
  lines.push(end);
  return `${lines.join('\n')}\n`;
}

/** `existing` with this plan's block replaced (or appended); the rest untouched. */
export function mergeBlock(existing: string, planPath: string, block: string): string {
  const { begin, end } = blockMarkers(planPath);
  const start = existing.indexOf(begin);
  if (start !== -1) {
    const stop = existing.indexOf(end, start);
    if (stop !== -1) {
      const after = existing.indexOf('\n', stop);
      return existing.slice(0, start) + block + (after === -1 ? '' : existing.slice(after + 1));
    }
  }
  if (!existing) return block;
  return `${existing.replace(/\n*$/, '\n')}\n${block}`;
}
