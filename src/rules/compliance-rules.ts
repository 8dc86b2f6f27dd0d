// Rules of compliance over one action plan file: what pays for each action and the evidence behind
// it (always, wherever a plan gives them), and, for a plan under a compliance profile (profile: in
// the file, or plan validate --profile), the parts the profile requires and the rules between them.
import { builtInProfiles, type ComplianceProfile } from '../compliance/profile.js';
import type { PlanContext } from './context.js';
import { asArray, asRecord, stringOf } from './data.js';
import type { Findings } from './findings.js';
import type { ActionPlanFile, ActionPlanRule, RuleOptions } from './rule.js';
import { checkReference } from './shared-rules.js';

const TIER_WORDS: Record<number, string> = { 1: 'tier 1 (strong)', 2: 'tier 2 (moderate)', 3: 'tier 3 (promising)', 4: 'tier 4 (demonstrates a rationale)' };

/** The tier of an action's intervention: its own evidence, else its strategy's (or an item's above it). */
function tierOf(action: Record<string, unknown>, ctx: PlanContext): number | undefined {
  const own = asRecord(action.evidence)?.tier;
  if (typeof own === 'number') return own;
  const strategy = stringOf(action.strategy);
  return strategy !== undefined ? ctx.evidenceTiers[strategy] : undefined;
}

function checkFunding({ data }: ActionPlanFile, ctx: PlanContext, f: Findings): void {
  const sources = Object.keys(ctx.fundingSources);
  asArray(data.actions).forEach((entry, i) => {
    const action = asRecord(entry);
    if (!action) return;
    const id = stringOf(action.id) ?? `#${i + 1}`;
    const evidence = asRecord(action.evidence);
    if (evidence?.tier === 4 && !stringOf(evidence.logic_model)) {
      f.add('LOGIC_MODEL_MISSING', ['actions', i, 'evidence'], `Action "${id}" rests on tier 4 evidence (demonstrates a rationale) with no logic model`, 'Add evidence.logic_model: how the intervention is expected to improve outcomes, and how it is being evaluated (ESSA 8101(21)(A)(ii)).');
    }
    asArray(action.funding).forEach((line, j) => {
      const source = stringOf(asRecord(line)?.source);
      if (source === undefined) return;
      if (!(source in ctx.fundingSources)) {
        checkReference(f, 'FUNDING_SOURCE_UNKNOWN', source, ['actions', i, 'funding', j, 'source'], sources, (s) => `Action "${id}" is funded from "${s}", which is not one of the plan's funding sources`, 'funding_sources in plan.yaml');
        return;
      }
      const allowed = ctx.fundingSources[source]!.tiers;
      if (!allowed) return;
      const tier = tierOf(action, ctx);
      if (tier === undefined || !allowed.includes(tier)) {
        const name = ctx.fundingSources[source]!.name;
        f.add(
          'FUNDING_EVIDENCE_TIER',
          ['actions', i, 'funding', j, 'source'],
          `Action "${id}" is paid from ${name}, which funds only interventions with evidence of ${allowed.map((t) => `tier ${t}`).join(', ')}; its evidence is ${tier === undefined ? 'not given' : TIER_WORDS[tier] ?? `tier ${tier}`}`,
          tier === undefined ? 'Give the action (or its strategy) evidence: {tier, citation}, or pay for it from another source.' : 'Choose an intervention with stronger evidence, or pay for this one from another source.',
        );
      }
    });
  });
}

/** Whether a part of the plan is there: a path into the data ("needs_assessment.findings") holds something. */
function present(data: Record<string, unknown>, path: string): boolean {
  let at: unknown = data;
  for (const key of path.split('.')) at = asRecord(at)?.[key];
  if (Array.isArray(at)) return at.length > 0;
  if (typeof at === 'string') return at.trim() !== '';
  return at !== undefined && at !== null;
}

function profileFor(data: Record<string, unknown>, kind: ActionPlanFile['kind'], options: RuleOptions): { id: string; fromFile: boolean } | null {
  const own = stringOf(data.profile);
  if (own !== undefined) return { id: own, fromFile: true };
  return kind === 'school' && options.profile !== undefined ? { id: options.profile, fromFile: false } : null;
}

function checkProfile({ data, kind }: ActionPlanFile, ctx: PlanContext, f: Findings, options: RuleOptions): void {
  const wanted = profileFor(data, kind, options);
  if (!wanted) return;
  const profiles = { ...builtInProfiles(), ...ctx.profiles };
  const profile: ComplianceProfile | undefined = profiles[wanted.id];
  const owner = stringOf(data[kind]) ?? 'this plan';
  if (!profile) {
    checkReference(f, 'PROFILE_UNKNOWN', wanted.id, wanted.fromFile ? ['profile'] : [], Object.keys(profiles), (p) => `The plan of "${owner}" names the compliance profile "${p}", which neither plan nor the plan's profiles/ folder defines`, 'the profiles plan ships (essa-csi, essa-tsi, essa-atsi) or profiles/<id>.json');
    return;
  }
  const label = `${profile.name} of "${owner}"`;
  const status = stringOf(asRecord(data.identification)?.status);
  if (profile.identification && status !== profile.identification) {
    f.add(
      'PLAN_PART_MISSING',
      status === undefined ? [] : ['identification', 'status'],
      status === undefined ? `The ${label} has no identification: required by ${profile.id} (${profile.source})` : `The ${label} says the school is identified for ${status.toUpperCase()}, not ${profile.identification.toUpperCase()}`,
      status === undefined ? `Add identification: {status: ${profile.identification}, reason: "...", year: YYYY-YY}.` : `Use the profile for ${status.toUpperCase()} (essa-${status}), or correct identification.status.`,
    );
  }
  const actions = asArray(data.actions).map(asRecord);
  for (const requirement of profile.requires) {
    const [part, by] = requirement.part.split(':') as [string, string | undefined];
    if (part === 'approvals' && by) {
      const has = asArray(data.approvals).some((a) => stringOf(asRecord(a)?.by) === by);
      if (!has) f.add('APPROVAL_MISSING', data.approvals ? ['approvals'] : [], `The ${label} has no approval by the ${by === 'district' ? 'district' : by}: required (${requirement.why})`, `Add to approvals: {by: ${by}, name: "...", date: YYYY-MM-DD} once it is approved.`);
      continue;
    }
    if (part === 'evidence') {
      actions.forEach((action, i) => {
        if (!action || tierOf(action, ctx) !== undefined) return;
        f.add('EVIDENCE_MISSING', ['actions', i], `Action "${stringOf(action.id) ?? `#${i + 1}`}" of the ${label} gives no evidence tier for its intervention: required (${requirement.why})`, 'Add evidence: {tier: 1-4, citation: "..."} to the action, or to the strategy it carries out in plan.yaml.');
      });
      continue;
    }
    if (!present(data, part)) {
      const parent = part.split('.').slice(0, -1);
      f.add('PLAN_PART_MISSING', parent.length && present(data, parent.join('.')) ? parent : [], `The ${label} has no ${part.replace(/_/g, ' ').replace('.', ': ')}: required (${requirement.why})`, `Add ${part} to the plan (see the format reference for its fields).`);
    }
  }
  // What the parts name must exist, and each root cause must be addressed.
  const findings = asArray(asRecord(data.needs_assessment)?.findings).map((x) => stringOf(asRecord(x)?.id)).filter((x): x is string => x !== undefined);
  const addressable = [...Object.keys(ctx.items), ...actions.map((a) => stringOf(a?.id)).filter((x): x is string => x !== undefined)];
  asArray(data.root_causes).forEach((entry, i) => {
    const cause = asRecord(entry);
    if (!cause) return;
    const id = stringOf(cause.id) ?? `#${i + 1}`;
    asArray(cause.findings).forEach((finding, j) => checkReference(f, 'COMPLIANCE_UNKNOWN_REFERENCE', finding, ['root_causes', i, 'findings', j], findings, (x) => `Root cause "${id}" names finding "${x}", which the needs assessment does not list`, 'needs_assessment.findings'));
    asArray(cause.addressed_by).forEach((by, j) => checkReference(f, 'COMPLIANCE_UNKNOWN_REFERENCE', by, ['root_causes', i, 'addressed_by', j], addressable, (x) => `Root cause "${id}" is addressed by "${x}", which is no strategy of the plan and no action of this file`, 'the plan\'s strategies or this file\'s actions'));
    if (profile.rootCausesAddressed && !asArray(cause.addressed_by).length) {
      f.add('ROOT_CAUSE_UNADDRESSED', ['root_causes', i], `Root cause "${id}" of the ${label} is addressed by no strategy or action`, 'Name what addresses it: addressed_by: [a strategy id or an action id].');
    }
  });
  asArray(data.resource_inequities).forEach((entry, i) =>
    asArray(asRecord(entry)?.addressed_by).forEach((by, j) => checkReference(f, 'COMPLIANCE_UNKNOWN_REFERENCE', by, ['resource_inequities', i, 'addressed_by', j], addressable, (x) => `A resource inequity is addressed by "${x}", which is no strategy of the plan and no action of this file`, 'the plan\'s strategies or this file\'s actions')),
  );
}

export const COMPLIANCE_RULES: readonly ActionPlanRule[] = [
  {
    name: 'funding',
    description: "Each action's funding names one of the plan's funding sources, and a source that funds only evidence of some tiers (Title I 1003: 1-3) pays only for interventions with that evidence; tier 4 evidence comes with its logic model.",
    codes: ['FUNDING_SOURCE_UNKNOWN', 'FUNDING_EVIDENCE_TIER', 'LOGIC_MODEL_MISSING'],
    check: checkFunding,
  },
  {
    name: 'compliance-profile',
    description: 'A plan under a compliance profile (profile: in the file, or --profile for every school plan without one) has the parts the profile requires, its approvals, evidence for every intervention, and every root cause addressed by something the plan has.',
    codes: ['PROFILE_UNKNOWN', 'PLAN_PART_MISSING', 'APPROVAL_MISSING', 'EVIDENCE_MISSING', 'ROOT_CAUSE_UNADDRESSED', 'COMPLIANCE_UNKNOWN_REFERENCE'],
    check: checkProfile,
  },
];
