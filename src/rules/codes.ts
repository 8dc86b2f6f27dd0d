// Every diagnostic code the toolkit emits, with its severity and what it checks. Codes are stable:
// CI configurations and tests depend on them; messages may improve freely.
import type { Diagnostic, Severity } from '../diagnostics.js';

export interface RuleInfo {
  severity: Severity;
  description: string;
}

export const RULES = {
  // Reading the file
  FILE_UNREADABLE: { severity: 'error', description: 'A plan file could not be read (permissions, a folder in its place).' },
  FILE_OUTSIDE_REPOSITORY: { severity: 'error', description: "A plan file is a symbolic link to a file outside the plan's repository: it is not read." },
  FILE_NOT_REGULAR: { severity: 'error', description: 'A plan file is a device, a named pipe, a socket or a link that cannot be followed: it is not read.' },
  FILE_TOO_LARGE: { severity: 'error', description: 'A plan file is larger than the limit for plan files (8 MB unless raised with --limit): it is not read.' },
  EMPTY_FILE: { severity: 'error', description: 'A plan file is empty or holds only comments.' },
  BINARY_FILE: { severity: 'error', description: 'A plan file is binary, not text.' },
  NOT_UTF8: { severity: 'error', description: 'A plan file is not valid UTF-8.' },
  NESTING_TOO_DEEP: { severity: 'error', description: 'A plan file is nested far deeper than any plan needs.' },
  YAML_SYNTAX: { severity: 'error', description: 'A plan file is not well-formed YAML.' },
  TAB_INDENTATION: { severity: 'error', description: 'A line is indented with a tab.' },
  DUPLICATE_KEY: { severity: 'error', description: 'A key appears twice in one mapping.' },
  ALIAS_EXPANSION: { severity: 'error', description: 'YAML aliases expand to far more data than the file holds, or refer to themselves.' },
  NOT_A_MAPPING: { severity: 'error', description: 'A plan file holds a list or a single value instead of a mapping.' },
  PLAN_FILE_MISSING: { severity: 'error', description: 'The plan directory has no plan.yaml.' },
  // Schema
  MISSING_PROPERTY: { severity: 'error', description: 'A required property is missing.' },
  UNKNOWN_PROPERTY: { severity: 'error', description: 'A property the schema does not know (often a typo).' },
  WRONG_TYPE: { severity: 'error', description: 'A value has the wrong type (text where a number belongs, ...).' },
  INVALID_VALUE: { severity: 'error', description: 'A value is not one the schema allows (pattern, enumeration, range, length).' },
  // Plan structure and alignment
  LEVELS_INVALID: { severity: 'error', description: "The plan's declared levels are not one to four distinct names." },
  LEVEL_NAMED_LIKE_MEASURES: { severity: 'warning', description: 'A level of the plan has the name its measures go by (terminology.goal), so both would be called goals.' },
  TREE_SHAPE: { severity: 'error', description: "The plan's items are not written the way its levels say: outline with levels, theories without." },
  ITEM_TOO_DEEP: { severity: 'error', description: 'An item is nested deeper than the levels the plan declares.' },
  ALIGN_LEVEL_UNKNOWN: { severity: 'error', description: 'actions_align_to names a level the plan does not declare.' },
  DUPLICATE_ID: { severity: 'error', description: 'Two items of the plan share an id.' },
  UNKNOWN_STRATEGY: { severity: 'error', description: 'An action or selection names a strategy (an item of the level actions align to) that does not exist, or an item of another level.' },
  STRATEGY_NOT_SELECTED: { severity: 'error', description: "A school action carries out a strategy the school did not select." },
  UNKNOWN_OWNER: { severity: 'error', description: 'An owner or supporter is not a person, office or school team member of the plan.' },
  UNKNOWN_SCHOOL: { severity: 'error', description: 'A school action plan names a school the plan does not list.' },
  UNKNOWN_OFFICE: { severity: 'error', description: 'A reference to an office the plan does not list.' },
  UNKNOWN_NETWORK: { severity: 'error', description: 'A school names a network the plan does not list.' },
  UNKNOWN_PARTNER: { severity: 'error', description: 'A network names a partner the plan does not list.' },
  UNKNOWN_PERSON: { severity: 'error', description: 'A reference to a person the plan does not list.' },
  UNKNOWN_TIER: { severity: 'error', description: 'A school names a performance tier the autonomy structure does not define.' },
  UNKNOWN_AUTONOMY_LEVEL: { severity: 'error', description: 'A tier names an autonomy level that is not defined.' },
  UNKNOWN_CYCLE: { severity: 'error', description: 'Progress or a metric value names a reporting cycle the plan does not define.' },
  UNKNOWN_ALIGNMENT: { severity: 'error', description: 'A goal serves an item of the plan (a theory, a strategy, an item of a declared level) that does not exist.' },
  RATING_OFF_SCALE: { severity: 'error', description: "A rating is not a value of the plan's rating scale." },
  RATING_OUTSIDE_REPORTING: { severity: 'warning', description: 'A school\'s action has a rating for a cycle schools do not report in (applies_to).' },
  INVALID_DATE: { severity: 'error', description: 'A date that does not exist in the calendar (e.g. 2019-02-30).' },
  DATES_REVERSED: { severity: 'error', description: 'An end date before its start date.' },
  CYCLE_OUTSIDE_PERIOD: { severity: 'error', description: 'A reporting cycle date outside the plan period.' },
  METRIC_NO_BASELINE: { severity: 'error', description: 'A measure to increase or decrease has no baseline to measure progress from.' },
  GOAL_TARGET_DIRECTION: { severity: 'error', description: "A goal's target does not move from its baseline in the goal's direction." },
  SCHOOL_YEAR_OUTSIDE_PERIOD: { severity: 'error', description: 'An item of the plan is active in a school year outside the plan period.' },
  ACTION_OUTSIDE_ACTIVE_YEARS: { severity: 'warning', description: "An action's timeline falls in none of the school years its strategy (an annual objective) is active." },
  MILESTONE_UNDATED: { severity: 'error', description: 'A milestone (interim target) of a goal has no school year or cycle it is due by.' },
  MILESTONE_ORDER: { severity: 'error', description: "A goal's milestones are not in date order between its baseline and its target." },
  MILESTONE_OUTSIDE_PERIOD: { severity: 'error', description: "A goal's milestone falls outside the plan period." },
  MILESTONE_DIRECTION: { severity: 'warning', description: "A goal's milestone moves against the goal's direction, or beyond its target." },
  RATING_MISSING: { severity: 'error', description: 'With --require-ratings CYCLE: an action that reports in that cycle has no rating for it.' },
  FUNDING_SOURCE_UNKNOWN: { severity: 'error', description: "An action is funded from a source that is not one of the plan's funding sources (funding_sources in plan.yaml, or the defaults)." },
  FUNDING_EVIDENCE_TIER: { severity: 'error', description: 'An action is paid from a source that funds only interventions with evidence of some tiers (Title I section 1003: tiers 1-3), and its evidence is weaker or not given.' },
  LOGIC_MODEL_MISSING: { severity: 'error', description: 'An intervention rests on tier 4 evidence (demonstrates a rationale) and gives no logic model.' },
  PROFILE_UNKNOWN: { severity: 'error', description: 'A plan names a compliance profile that neither plan nor the plan directory\'s profiles/ folder defines.' },
  PLAN_PART_MISSING: { severity: 'error', description: "A plan under a compliance profile lacks a part the profile requires (its identification, needs assessment, root causes, resource inequities, stakeholders' engagement), or is identified for another kind of support than the profile's." },
  APPROVAL_MISSING: { severity: 'error', description: 'A plan under a compliance profile lacks an approval the profile requires (by the school, the district or the state).' },
  APPROVAL_OUTDATED: { severity: 'warning', description: "A plan under a compliance profile changed (in git) after an approval's date: the approval is of an earlier plan." },
  EVIDENCE_MISSING: { severity: 'error', description: 'An action of a plan under a compliance profile that requires evidence-based interventions gives no evidence tier (nor does its strategy).' },
  ROOT_CAUSE_UNADDRESSED: { severity: 'error', description: 'A root cause of a plan under a compliance profile is addressed by no strategy or action.' },
  COMPLIANCE_UNKNOWN_REFERENCE: { severity: 'error', description: 'A root cause or a resource inequity names a finding, strategy or action the plan does not have.' },
  SCALE_DUPLICATE_VALUE: { severity: 'error', description: 'Two levels of the rating scale share a value.' },
  DUPLICATE_SCHOOL_PLAN: { severity: 'error', description: 'Two action plan files belong to the same school or office (for the same school year).' },
  // Warnings: describable and measurable, coverage, form
  STRATEGY_WITHOUT_ACTIONS: { severity: 'warning', description: 'A strategy (an item of the level actions align to) that no action carries out.' },
  ACTION_WITHOUT_OWNER: { severity: 'warning', description: 'An action with no owner.' },
  ACTION_WITHOUT_TIMELINE: { severity: 'warning', description: 'An action with no timeline.' },
  ACTION_WITHOUT_SUCCESS_CRITERIA: { severity: 'warning', description: 'An action with no success criteria.' },
  SUCCESS_CRITERIA_NOT_MEASURABLE: { severity: 'warning', description: 'An action whose success criteria state no measure or number.' },
  THEORY_NOT_IF_THEN: { severity: 'warning', description: 'A theory of action (an item of a level the district calls a theory of action) that is not an "If ..., then ..." statement.' },
  TIMELINE_OUTSIDE_PERIOD: { severity: 'warning', description: "An action's timeline falls outside the plan period." },
  FILE_NAME_MISMATCH: { severity: 'warning', description: 'An action plan file whose name is not the id of its school or office.' },
  SCALE_NOT_ASCENDING: { severity: 'warning', description: 'Rating scale levels not listed lowest first.' },
  TRANSLATION_UNKNOWN_ID: { severity: 'warning', description: 'translations.<lang>.items names an id that is no item or goal of the plan: its words would never be shown.' },
  SCALE_COLOR_LOW_CONTRAST: { severity: 'warning', description: "A rating scale level's colour on which neither black nor white text reaches WCAG's 4.5:1 contrast." },
  CHANGE_WITHOUT_NOTE: { severity: 'warning', description: "With --changes-since: a measure's baseline, target or milestones changed, or a measure or item was removed, in a commit since then, and the plan gives no changes note that says why." },
  SCALE_COLORS_ALIKE_IN_GREY: { severity: 'warning', description: 'Two levels of the rating scale whose colours print as nearly the same grey.' },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

/** Every diagnostic is made here: its severity is its code's. */
export function diagnostic(code: RuleCode, fields: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: RULES[code].severity, ...fields };
}
