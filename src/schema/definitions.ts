// The JSON Schemas of the plan files. This module is their single source: the build writes them to
// schemas/*.schema.json for editors and compiles them into standalone validators for the CLI.
// Each schema is self-contained (no cross-file $ref) so that an editor, ajv-cli or SchemaStore can
// use any one of them alone.

type Schema = Record<string, unknown>;

export const SCHEMA_BASE_URL = 'https://plan-as-code.org/schemas/v1/';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const SCHOOL_YEAR_PATTERN = '^\\d{4}-\\d{2}$';

const id = (description: string, examples?: string[]): Schema => ({
  type: 'string',
  pattern: ID_PATTERN,
  maxLength: 64,
  description,
  ...(examples ? { examples } : {}),
});

const text = (description: string, examples?: string[]): Schema => ({
  type: 'string',
  minLength: 1,
  description,
  ...(examples ? { examples } : {}),
});

const markdown = (description: string): Schema => ({
  type: 'string',
  description: `${description} Markdown is allowed: paragraphs, lists (nested too), *emphasis*, **strong**, \`code\`, quotes and [links](https://example.org) to https, http or mailto. Raw HTML is shown as text; headings and images are not rendered.`,
});

const date = (description: string): Schema => ({
  type: 'string',
  pattern: DATE_PATTERN,
  description: `${description} Written as YYYY-MM-DD.`,
  examples: ['2019-06-30'],
});

const schoolYear = (description: string): Schema => ({
  type: 'string',
  pattern: SCHOOL_YEAR_PATTERN,
  description: `${description} Written as the first calendar year and the last two digits of the second, e.g. 2019-20.`,
  examples: ['2019-20'],
});

const list = (items: Schema, description: string, extra: Schema = {}): Schema => ({
  type: 'array',
  items,
  description,
  ...extra,
});

const object = (
  description: string,
  properties: Record<string, Schema>,
  required: string[] = [],
  extra: Schema = {},
): Schema => ({
  type: 'object',
  description,
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
  ...extra,
});

// --- shared definitions -------------------------------------------------------------------------

const ratingValue: Schema = {
  type: ['number', 'null'],
  description:
    "The rating on the plan's rating scale (see rating_scale in plan.yaml), e.g. 1, 2 or 3 on the three-point scale. null records that the item was not rated this cycle.",
  examples: [3, 2, 1],
};

const progressEntry: Schema = object(
  'Progress reported for one reporting cycle: the rating and the narrative evidence behind it.',
  {
    rating: ratingValue,
    evidence: markdown('Narrative evidence for the rating: what was done, what the data shows.'),
    next_steps: markdown('What happens next, especially where the rating calls for urgency.'),
    reported_by: text('Who reported this progress (a name or role).'),
  },
  ['rating'],
);

const progressMap: Schema = {
  type: 'object',
  description:
    "Progress per reporting cycle, keyed by the cycle's id (see cycles in plan.yaml).",
  propertyNames: { pattern: ID_PATTERN },
  additionalProperties: { $ref: '#/$defs/progress_entry' },
  examples: [{ '2019-fall-sam': { rating: 2, evidence: 'Walkthroughs show the routine in 6 of 10 classrooms.' } }],
};

const holisticEntry: Schema = object(
  'A holistic rating set by a person for one cycle. It is shown in place of the rating computed from the items below, with the computed value beside it.',
  {
    rating: ratingValue,
    rationale: markdown('Why this rating was chosen; required so that a holistic judgement is always explained.'),
    rated_by: text('Who set the rating (a name or role).'),
  },
  ['rating', 'rationale'],
);

const holisticMap: Schema = {
  type: 'object',
  description:
    "Holistic ratings per reporting cycle, keyed by the cycle's id. Use when the people closest to the work judge the whole differently from the sum of its parts.",
  propertyNames: { pattern: ID_PATTERN },
  additionalProperties: { $ref: '#/$defs/holistic_entry' },
};

const successCriterion: Schema = {
  description:
    'A measurable success criterion: a sentence that states a measure and a target (e.g. "90% of grade 3 students complete the fall benchmark"), or a measure and target given separately.',
  oneOf: [
    { type: 'string', minLength: 1 },
    object(
      'A success criterion with its measure and target given separately.',
      {
        measure: text('What is measured.', ['Share of teachers observed using the routine']),
        target: { type: ['number', 'string'], description: 'The value that counts as success.', examples: ['80%', 12] },
        baseline: { type: ['number', 'string'], description: 'Where the measure stood at the start.' },
        source: text('Where the data comes from.'),
      },
      ['measure', 'target'],
    ),
  ],
};

const action: Schema = object(
  'An action step: concrete work aligned to exactly one strategy, describable and measurable (an owner, a timeline and measurable success criteria).',
  {
    id: id('Unique id of the action across the whole plan.', ['hock-a1']),
    title: text('What will be done, in one sentence.'),
    description: markdown('More detail on the action.'),
    strategy: id('The id of the strategy this action carries out (see theories[].strategies[] in plan.yaml).', [
      'toa1-s2',
    ]),
    owner: id(
      'Who is accountable: the id of a person or office in plan.yaml, or of a member of this school\'s team.',
      ['principal'],
    ),
    supporting: list(id('A person, team member or office that supports the action.'), 'Others who support the action.'),
    timeline: object(
      'When the action runs.',
      {
        start: date('The day the action starts.'),
        end: date('The day the action is due to be complete.'),
      },
      ['start', 'end'],
    ),
    success_criteria: list(successCriterion, 'How success will be measured.', { minItems: 0 }),
    weight: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Relative weight of this action when ratings are rolled up with the weighted method. Default 1.',
    },
    progress: progressMap,
    evidence: { $ref: '#/$defs/evidence' },
    funding: list({ $ref: '#/$defs/funding' }, 'What pays for the action: a source, an amount and a school year per line.'),
  },
  ['id', 'title', 'strategy'],
);

const metricPoint: Schema = object(
  'A value of the metric at a point in time.',
  {
    value: { type: 'number', description: 'The value, in the metric\'s unit.' },
    school_year: schoolYear('The school year the value belongs to.'),
    cycle: id('The reporting cycle the value was reported in, if any.'),
    note: text('A note on the value, e.g. its source or a caveat.'),
  },
  ['value'],
);

/** Notes of why something of the plan changed, each given in the commit that makes the change: the plan's history shows one beside the other. */
const changeNotes = (description: string): Schema =>
  list(
    object(
      'One change, and why.',
      {
        date: date('When the change was decided (YYYY-MM-DD).'),
        what: text('What changed, in a few words.', ['2024-25 milestone 77.3 → 76']),
        reason: text('Why: what the public reads beside the change.', ['The new state survey resets the scale.']),
      },
      ['date', 'reason'],
    ),
    description,
  );

// --- compliance: evidence tiers, funding, and the parts of an ESSA school improvement plan ------

/** ESSA section 8101(21)(A): the four levels of evidence for an intervention. */
const evidence: Schema = object(
  "The evidence behind the intervention, by ESSA's tiers (section 8101(21)): 1 strong, 2 moderate, 3 promising, 4 demonstrates a rationale.",
  {
    tier: { type: 'integer', minimum: 1, maximum: 4, description: 'The ESSA evidence tier: 1 strong, 2 moderate, 3 promising, 4 demonstrates a rationale.' },
    citation: text('Where the evidence is: a study or review, for example a What Works Clearinghouse page.', ['https://ies.ed.gov/ncee/wwc/Intervention/1245']),
    logic_model: markdown('For tier 4: the logic model (how the intervention is expected to improve outcomes) and how it is being evaluated.'),
  },
  ['tier'],
);

const fundingLine: Schema = object(
  'Money for the action from one source in one school year.',
  {
    source: id("The funding source: an id from plan.yaml's funding_sources (default sources: title-1a, title-1003, title-2a, title-3, title-4a, idea, state, local).", ['title-1a']),
    amount: { type: 'number', minimum: 0, description: 'The amount, in dollars.' },
    school_year: schoolYear('The school year the money is budgeted for.'),
    code: text('The budget or account code, as the district books it.', ['1003-2324-0451']),
    note: text('What the money pays for.'),
  },
  ['source'],
);

const identification: Schema = object(
  "Why the school is identified for support under ESSA section 1111(c)(4)(D) and (d): CSI, TSI or ATSI, the reason, the student groups, the year.",
  {
    status: { enum: ['csi', 'tsi', 'atsi'], description: 'csi: comprehensive support and improvement; tsi: targeted support (consistently underperforming student groups); atsi: additional targeted support.' },
    reason: text('The reason for identification, as the state gives it.', ['Lowest-performing 5% of Title I schools']),
    year: schoolYear('The school year the school was identified for.'),
    student_groups: list(text('A student group.'), 'The student groups whose performance caused identification (required for TSI and ATSI).'),
    told: date('When stakeholders were told the reasons for identification.'),
  },
  ['status'],
);

const needsAssessment: Schema = object(
  'The school-level needs assessment the plan is based on.',
  {
    date: date('When it was completed.'),
    data_sources: list(text('A source of data.'), 'The data it looked at: every state indicator, surveys, observations.'),
    findings: list(
      object('A finding of the needs assessment.', { id: id('Id of the finding, for root causes to name.', ['f1']), text: text('What was found.') }, ['id', 'text']),
      'What the needs assessment found.',
    ),
  },
);

const rootCause: Schema = object(
  'A root cause of the needs found, tied to the findings it explains and the strategies or actions that address it.',
  {
    id: id('Id of the root cause.', ['rc1']),
    text: text('The root cause.'),
    findings: list(id('The id of a finding of the needs assessment.'), 'The findings it explains.'),
    addressed_by: list(id('The id of a strategy (any level actions align to) or an action of this plan.'), 'The strategies or actions that address it.'),
  },
  ['id', 'text'],
);

const resourceInequity: Schema = object(
  'A resource inequity found in the review of resources (ESSA 1111(d)(1)(B)(iv)), and how it is addressed.',
  {
    text: text('The inequity.', ['Fewer experienced teachers than the district average']),
    response: text('How the plan addresses it.'),
    addressed_by: list(id('The id of a strategy or an action.'), 'The strategies or actions that address it.'),
  },
  ['text'],
);

const engagement: Schema = object(
  'A time stakeholders took part in developing the plan (principals, teachers, parents, students, community).',
  {
    date: date('When.'),
    who: text('Who took part.', ['School leadership team, teachers, parents']),
    what: text('What was shared or decided.'),
  },
  ['date', 'who'],
);

const approval: Schema = object(
  'An approval of the plan.',
  {
    by: { enum: ['school', 'district', 'state'], description: 'Who approved it: the school, the district (local educational agency) or the state.' },
    name: text('Who signed, by name or role.'),
    date: date('When.'),
  },
  ['by', 'date'],
);

const complianceParts: Record<string, Schema> = {
  profile: {
    type: 'string',
    pattern: '^[a-z0-9][a-z0-9-]*$',
    description: 'The compliance profile the plan must meet, checked by plan validate: essa-csi, essa-tsi, essa-atsi, or a profile of the plan\'s own (profiles/<name>.json in the plan directory).',
    examples: ['essa-csi'],
  },
  identification,
  needs_assessment: needsAssessment,
  root_causes: list(rootCause, 'The root causes of the needs found, each tied to findings and to what addresses it.'),
  resource_inequities: list(resourceInequity, 'Resource inequities identified, and how each is addressed (required for CSI and ATSI plans).'),
  stakeholders: list(engagement, 'How stakeholders took part in developing the plan.'),
  approvals: list(approval, 'Approvals of the plan: by the school, the district, the state.'),
};

const goal: Schema = object(
  'A goal with the metric that measures it.',
  {
    id: id('Unique id of the goal across the whole plan.', ['ela-grade3']),
    title: text('The goal as the plan states it.', ['Increase ELA proficiency in grade 3 by 22%.']),
    description: markdown('More about the goal.'),
    serves: list(
      id('The id of a theory of action / priority or strategy.'),
      'The theories or strategies this goal measures.',
    ),
    metric: object(
      'How the goal is measured.',
      {
        name: text('The name of the measure.', ['Grade 3 ELA proficiency (SBAC)']),
        unit: {
          type: 'string',
          description: 'The unit of the values.',
          examples: ['percent', 'count', 'dollars', 'schools'],
        },
        direction: {
          enum: ['increase', 'decrease', 'at_least', 'at_most', 'maintain'],
          description:
            'increase or decrease: success means the value moves from the baseline to the target. at_least or at_most: it stays at or above (at or below) the target\'s value, checked each year ("a fund balance of at least 8%"); milestones may raise or lower the bar by year. maintain: it stays within tolerance of the target\'s value. The thresholds need no baseline.',
        },
        baseline: { $ref: '#/$defs/metric_point' },
        tolerance: { type: 'number', minimum: 0, description: 'For maintain: how far from the target value still counts as kept. Default 0.', examples: [1] },
        target: { $ref: '#/$defs/metric_point' },
        milestones: list(
          { $ref: '#/$defs/metric_point' },
          'Interim targets on the way from the baseline to the target, oldest first, each with the school year (or cycle) it is due by: the goal is judged on track against them.',
        ),
        actuals: list({ $ref: '#/$defs/metric_point' }, 'Values reported since the baseline, oldest first.'),
        source: text('Where the data comes from.'),
        groups: list(
          object(
            'The measure for one group of students: its own baseline and values, judged as the measure is, against its own target or the measure\'s.',
            {
              name: text('The group, as the district names it.', ['English learners', 'Students with disabilities']),
              baseline: { $ref: '#/$defs/metric_point' },
              target: { $ref: '#/$defs/metric_point' },
              milestones: list({ $ref: '#/$defs/metric_point' }, "The group's interim targets, oldest first. Default: none (the group is judged on its way from its baseline to its target)."),
              actuals: list({ $ref: '#/$defs/metric_point' }, "The group's values, oldest first."),
            },
            ['name'],
          ),
          "The measure broken down by student group (English learners, students with disabilities, each race and ethnicity, ...), as state report cards give it: each group's status is shown beside the measure's. A group's target defaults to the measure's.",
        ),
      },
      // The baseline is required for increase and decrease: checked by the rules (METRIC_NO_BASELINE).
      ['name', 'direction', 'target'],
    ),
    changes: changeNotes(
      'Why the baseline, target or milestones changed, one note per change, oldest first: the plan\'s own record of targets moved. plan diff warns when they change in a pull request that adds no note; the plan\'s history (plan site, plan report --changes-since) shows each note beside the change made in the same commit.',
    ),
  },
  ['id', 'title'],
);

const sharedDefs = {
  evidence,
  funding: fundingLine,
  progress_entry: progressEntry,
  holistic_entry: holisticEntry,
  action,
  goal,
  metric_point: metricPoint,
};

// --- plan.yaml ----------------------------------------------------------------------------------

const label: Schema = {
  description: 'A label used in messages and reports: a word, or its singular and plural forms.',
  oneOf: [
    { type: 'string', minLength: 1 },
    object('Singular and plural forms of the label.', { singular: text('Singular form.'), plural: text('Plural form.') }, [
      'singular',
    ]),
  ],
};

const strategy: Schema = object(
  'A strategy (EH2020: high leverage district strategy): more specific than its theory, still general.',
  {
    id: id('Unique id of the strategy across the whole plan.', ['toa1-s1']),
    text: text('The strategy as the plan states it.'),
    title: text('A short title for dashboards and report headings.'),
    group: text('The group the strategy belongs to within its theory, if the plan groups them.', [
      'Student Culture',
    ]),
    items: list(text('An item.'), 'Sub-items the plan lists under the strategy (programmes, themes, ...).'),
    office: id('The office that leads the strategy at district level.'),
    owner: id('Who answers for it: the id of a person (see people) or an office. Named in status, reports and plan todo, where an item people rate as a whole is owed by its owner.', ['superintendent']),
    school_years: list(schoolYear('A school year.'), "The school years the strategy is active (an annual objective), e.g. [2022-23]; a cycle counts it only in these. Default: every year of its theory's, or of the plan."),
    measures: list({ $ref: '#/$defs/goal' }, 'Measures (key results) of this strategy, each with its metric: baseline, milestones, target and values; shown beside its rating.'),
    expects_actions: {
      type: 'boolean',
      description: 'false: no action step is expected to carry this strategy out (it is part of how the district works, or its actions come later). Default true.',
    },
    holistic: holisticMap,
    changes: changeNotes('Why this item was added, moved or re-worded, or why a measure or sub-item under it was added or removed: a note given in the same commit as the change, shown beside it in the plan\'s history.'),
    evidence: { $ref: '#/$defs/evidence' },
  },
  ['id', 'text'],
);

const theory: Schema = object(
  'A theory of action (HPS: priority area, major goal): the top level of the plan.',
  {
    id: id('Unique id of the theory across the whole plan.', ['toa1']),
    number: { type: 'integer', minimum: 1, description: 'The number the plan gives it.' },
    title: text('Its short title.', ['Transform Student Learning']),
    statement: text('The theory as an "If ..., then ..." statement, or the priority\'s description.'),
    owner: id('Who answers for it: the id of a person (see people) or an office. Named in status, reports and plan todo, where an item people rate as a whole is owed by its owner.', ['superintendent']),
    strategies: list(strategy, 'The strategies that carry out this theory.'),
    school_years: list(schoolYear('A school year.'), 'The school years the theory is active; a cycle counts it (and its strategies) only in these. Default: every year of the plan.'),
    measures: list({ $ref: '#/$defs/goal' }, 'Measures (key results) of this theory, each with its metric: baseline, milestones, target and values; shown beside its rating.'),
    expects_actions: {
      type: 'boolean',
      description: "false: no action step is expected to carry out this theory's strategies. Default true.",
    },
    holistic: holisticMap,
    changes: changeNotes('Why this item was added, moved or re-worded, or why a measure or sub-item under it was added or removed: a note given in the same commit as the change, shown beside it in the plan\'s history.'),
  },
  ['id', 'title'],
);

const level: Schema = object(
  "A level of the plan between the plan and its actions, in the district's words: Priority, Goal, Strategy, Objective, ...",
  {
    name: text('The level\'s name, singular, as the district writes it.', ['Priority', 'Goal', 'Strategy']),
    plural: text('Its plural, when adding "s" would be wrong.', ['Priorities', 'Strategies']),
    theory_of_action: {
      type: 'boolean',
      description: 'true: the items of this level are theories of action, and each must read "If ..., then ...". Default false.',
    },
    expects_actions: {
      type: 'boolean',
      description: 'false: no action is expected under the items of this level (a plan whose actions come later). Default true.',
    },
  },
  ['name'],
);

/** An item of a declared level; its sub-items (the next level down) are its children. */
const item: Schema = object(
  "An item of one of the plan's declared levels (a priority, a goal, a strategy, an objective): its id, its words, and its sub-items under children.",
  {
    id: id('Unique id of the item across the whole plan.', ['p1', 'p1-g2']),
    number: { type: 'integer', minimum: 1, description: 'The number the plan gives it.' },
    title: text('Its short title, for headings and dashboards.', ['Academic Excellence']),
    text: text('The item as the plan states it, when it is a sentence rather than a title.'),
    statement: text('A longer statement: the item\'s description, or a theory of action\'s "If ..., then ...".'),
    group: text('The group it belongs to within its parent, if the plan groups them.'),
    items: list(text('An item.'), 'Bullet points the plan lists under the item (programmes, themes, ...); not sub-items of the next level, which go under children.'),
    office: id('The office that leads it at district level.'),
    owner: id('Who answers for it: the id of a person (see people) or an office. Named in status, reports and plan todo, where an item people rate as a whole is owed by its owner.', ['superintendent']),
    school_years: list(schoolYear('A school year.'), "The school years it is active (an annual objective), e.g. [2022-23]; a cycle counts it (and everything under it) only in these. Default: its parent's, or every year of the plan."),
    measures: list({ $ref: '#/$defs/goal' }, 'Measures (key results) of this item, each with its metric: baseline, milestones, target and values; shown beside its rating.'),
    expects_actions: {
      type: 'boolean',
      description: 'false: no action is expected under this item (it is part of how the district works, or its actions come later). Default true.',
    },
    holistic: holisticMap,
    children: list({ $ref: '#/$defs/item' }, "Its sub-items: the items of the next level down."),
    evidence: { $ref: '#/$defs/evidence' },
    changes: changeNotes('Why this item was added, moved or re-worded, or why a measure or sub-item under it was added or removed: a note given in the same commit as the change, shown beside it in the plan\'s history.'),
  },
  // A title or a text: checked by the rules (ajv's strict mode cannot see properties from anyOf branches).
  ['id'],
);

const cycle: Schema = object(
  'A reporting cycle: a time at which progress is reported (a Student Achievement Meeting, a Mid-Year or End-of-Year report to the Board, a 90-day review).',
  {
    id: id('Unique id of the cycle.', ['2019-fall-sam', '2020-midyear']),
    name: text('How the cycle is named in reports.', ['Fall SAM 2019-20', 'Mid-Year Report 2019-20']),
    kind: {
      enum: ['sam', 'midyear', 'eoy', 'ninety-day', 'other'],
      description:
        'What kind of cycle it is: sam (school Student Achievement Meeting), midyear or eoy (district report to the Board), ninety-day (implementation cycle review), other.',
    },
    school_year: schoolYear('The school year of the cycle.'),
    start: date('The first day of the period the cycle reports on.'),
    end: date('The last day of the period the cycle reports on.'),
    due: date('The day ratings for this cycle are due.'),
    meeting: date('The day of the meeting or board presentation, if known.'),
    summary: markdown("The message of the cycle's report, in a few sentences: the superintendent's summary on the first page of a board report."),
    applies_to: {
      type: 'array',
      items: { enum: ['district', 'schools'] },
      uniqueItems: true,
      minItems: 1,
      description:
        'Which action plans report in this cycle: district (office action plans), schools, or both. Default by kind: sam -> schools; midyear and eoy -> district; ninety-day and other -> both.',
      examples: [['district', 'schools']],
    },
  },
  ['id', 'name', 'kind', 'due'],
);

const handle = (description: string): Schema => ({
  type: 'string',
  pattern: '^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$',
  description,
  examples: ['@jsmith', '@ehps/planning-office'],
});

/** The top level of one kind of plan file. */
const fileSchema = (fileName: string, title: string, description: string, required: string[], properties: Record<string, Schema>, defs: Record<string, Schema> = {}): Schema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${SCHEMA_BASE_URL}${fileName}`,
  title,
  description,
  type: 'object',
  additionalProperties: false,
  required,
  properties: { $schema: { type: 'string', description: 'The JSON Schema this file follows.' }, ...properties },
  $defs: { ...sharedDefs, ...defs },
});

const person: Schema = object(
  'A person or role who owns work or reviews changes to the plan.',
  {
    id: id('Unique id of the person.', ['chief-academic-officer']),
    name: text('Name or role.'),
    title: text('Job title.'),
    handle: handle('Git hosting handle (user or @org/team), used to request reviews of changes they own.'),
    email: { type: 'string', description: 'Email address.' },
  },
  ['id', 'name'],
);

const terminology: Schema = object(
      "The district's own words for the parts of the plan, used in every message and report.",
      {
        theory: label,
        strategy: label,
        action: label,
        goal: label,
        office: label,
        school: label,
        network: label,
        partner: label,
        cycle: label,
        district_action_plan: label,
        school_action_plan: label,
      },
      [],
      {
        examples: [
          { theory: 'Theory of Action', strategy: 'High Leverage District Strategy', action: 'Action Step' },
          { theory: 'Priority', strategy: 'Strategy', action: 'Strategic Action' },
        ],
      },
    );

/** The plan's own words in another language, for reports in that language. */
const translation: Schema = object(
  "The plan's words in one language: what a report in that language shows instead of the plan's own. What is left out stays as written.",
  {
    terminology,
    rating_scale: object(
      'The rating scale in this language.',
      {
        name: text('Name of the scale.'),
        levels: list(
          object('One level, in the order of rating_scale.levels.', { label: text('The label shown for the level.'), description: text('What the level means.') }, ['label']),
          'The levels, lowest first, as many as rating_scale.levels has.',
        ),
      },
    ),
    plan: object('The plan\'s title and statements in this language.', {
      title: text('The title.'),
      subtitle: text('The subtitle.'),
      description: markdown('The description.'),
      vision: text('The vision.'),
      mission: text('The mission.'),
    }),
    items: {
      type: 'object',
      description: "The words of the plan's items (theories of action, strategies, the items of declared levels) and goals in this language, by id.",
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: object('One item\'s or goal\'s words in this language; what is left out stays as written.', {
        title: text('The title.'),
        text: text('The text, for an item stated as a sentence.'),
        statement: text('The statement (a theory of action\'s if-then).'),
        description: text('A goal\'s description.'),
        metric: text('A goal\'s or key result\'s measure, as its metric.name names it ("Students reading on grade level").'),
        items: list({ type: 'string', minLength: 1 }, 'The bullet points listed under the item, in the same order.'),
        groups: list({ type: 'string', minLength: 1 }, "A measure's student groups' names (metric.groups), in the same order."),
      }),
      examples: [{ t1: { title: 'Transformar el aprendizaje estudiantil' } }],
    },
    levels: list(
      object('One level, in the order of levels.', { name: text('The level\'s name.'), plural: text('Its plural.') }, ['name']),
      'The names of the declared levels in this language, top first, as many as levels has.',
    ),
    cycles: {
      type: 'object',
      description: 'The reporting cycles\' names and messages in this language, by cycle id.',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: object('One cycle\'s words in this language.', { name: text('The cycle\'s name.'), summary: markdown('The message of its report.') }),
      examples: [{ '2020-midyear': { name: 'Informe de mitad de año 2019-20' } }],
    },
    context: list(
      object('One section, in the order of plan.context.', { title: text('Its heading.'), text: markdown('Its body text.'), items: list({ type: 'string', minLength: 1 }, 'Its listed items, in the same order.') }),
      'The plan\'s context sections in this language, in the order of plan.context; a section left out, or given without its heading, stays as written.',
    ),
    offices: {
      type: 'object',
      description: 'The offices\' names in this language, by office id.',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: object('One office\'s name in this language.', { name: text('The office\'s name.') }),
      examples: [{ academics: { name: 'Oficina Académica' } }],
    },
  },
);

export const planSchema: Schema = fileSchema(
  'plan.schema.json',
  'District improvement plan (plan.yaml)',
  "The district level of an improvement plan: identity, vision, mission, beliefs, the district's terminology, the rating scale, reporting cycles, theories of action with their strategies, goals, offices, schools, networks and partners.",
  ['version', 'district', 'plan'],
  {
    version: { const: 1, description: 'Version of the plan file format. Always 1.' },
    district: object(
      'The school district.',
      {
        id: id('Short id of the district.', ['ehps']),
        name: text('Full name.', ['East Hartford Public Schools']),
        short_name: text('Abbreviation used in headings.', ['EHPS']),
        address: text('Postal address.'),
        website: text('Web site.'),
        logo: text('Path of a logo image, relative to plan.yaml.'),
        timezone: text(
          "The district's time zone, an IANA name: what \"today\" is for overdue ratings and the default report date. Default: the time zone of the machine that runs plan.",
          ['America/New_York'],
        ),
      },
      ['id', 'name'],
    ),
    plan: object(
      'The plan itself.',
      {
        id: id('Short id of the plan, used in report file names.', ['eh2020']),
        title: text('Title of the plan.', ['EH2020 District Improvement Plan']),
        subtitle: text('Subtitle.'),
        period: object(
          'The period the plan covers.',
          { start: date('First day of the plan.'), end: date('Last day of the plan.') },
          ['start', 'end'],
        ),
        description: markdown('What the plan is, and anything a reader should know about its data.'),
        vision: text('The district vision.'),
        mission: text('The district mission.'),
        core_beliefs: list(text('A belief.'), 'Core beliefs.'),
        context: list(
          object(
            'A named section of context the plan states (e.g. success factors, reflection questions).',
            { title: text('Heading of the section.'), text: markdown('Body text.'), items: list(text('An item.'), 'Listed items.') },
            ['title'],
          ),
          'Further sections of the plan reports should show.',
        ),
        owners: list(id('The id of a person (see people).'), 'The planning office: who reviews changes to the district level of the plan.'),
        templates: text('A folder of report templates that override the built-in ones, relative to plan.yaml.'),
        language: {
          type: 'string',
          pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
          description: "The language the plan is written in, as a BCP 47 tag (en, es, es-MX). Reports are in it unless plan report --lang names another; their own words (headings, labels, dates) come from plan's locale files, the plan's text stays as written. Default en.",
          examples: ['en', 'es'],
        },
        expects_actions: {
          type: 'boolean',
          description: 'false: the plan has no action steps yet (a newly adopted plan, or a theory of action published as parts and items): no strategy is expected to be carried out by one. Default true.',
        },
        changes: changeNotes('Why a top-level item or a measure of the plan (under goals) was added or removed: a note given in the same commit as the change, shown beside it in the plan\'s history.'),
      },
      ['id', 'title', 'period'],
    ),
    terminology,
    translations: {
      type: 'object',
      description: "The plan's words in other languages, by BCP 47 tag: a report in that language (plan report --lang es) shows them instead of the plan's own. The report's own words come from plan's locale files.",
      propertyNames: { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
      additionalProperties: translation,
      examples: [{ es: { terminology: { theory: { singular: 'Teoría de Acción', plural: 'Teorías de Acción' } }, plan: { vision: '…' } } }],
    },
    rating_scale: object(
      'The progress assessment indicator: the scale every rating uses. Without it, plan uses a three-point scale named Progress Assessment Indicator: 1 Needs urgent attention, 2 Progressing, 3 On track.',
      {
        name: text('Name of the scale.', ['Progress Assessment Indicator']),
        levels: list(
          object(
            'One level of the scale.',
            {
              value: { type: 'number', description: 'The value ratings use.' },
              label: text('The label shown for the level.', ['On track']),
              description: text('What the level means.'),
              color: {
                type: 'string',
                pattern: '^#[0-9A-Fa-f]{6}$',
                description: 'Colour of the level in dashboards and reports, as #RRGGBB.',
                examples: ['#1a7f37'],
              },
            },
            ['value', 'label'],
          ),
          'The levels, lowest first.',
          { minItems: 2 },
        ),
      },
      ['levels'],
    ),
    cycles: list(cycle, 'The reporting cycles, in calendar order.'),
    funding_sources: list(
      object(
        'A source of money the plan\'s actions may be funded from.',
        {
          id: id('Id of the source, as actions name it.', ['title-1a', 'esser-3']),
          name: text('Its name.', ['Title I, Part A']),
          evidence_tiers: list({ type: 'integer', minimum: 1, maximum: 4 }, 'The ESSA evidence tiers an intervention it pays for must have (Title I section 1003 school improvement funds: 1, 2, 3). plan validate checks each action it funds.'),
        },
        ['id', 'name'],
      ),
      "The funding sources the district budgets its plan from. Default: Title I-A (title-1a), Title I section 1003 (title-1003, tiers 1-3 only), Title II-A (title-2a), Title III (title-3), Title IV-A (title-4a), IDEA (idea), state (state), local (local). Listing them replaces the defaults.",
    ),
    rollup: object(
      'How ratings roll up from actions to strategies, theories, schools, offices, networks and the whole plan.',
      {
        method: {
          enum: ['mean', 'median', 'minimum', 'weighted'],
          description:
            'mean (default): the mean of the values below, banded by thresholds; median: the median, banded; minimum: the worst rating; weighted: the mean weighted by each action\'s weight, banded. Upper levels take the unbanded values of their children (or a holistic rating where a person set one): a figure is banded once, for display.',
        },
        thresholds: list(
          object(
            'The lowest computed value that earns a rating.',
            {
              rating: { type: 'number', description: 'A rating of the scale.' },
              min: { type: 'number', description: 'The lowest mean (or median) that earns it.' },
            },
            ['rating', 'min'],
          ),
          'Bands for the computed value, highest first. Default: the midpoints between adjacent levels, where a value exactly on a midpoint goes to the lower level (on 1-2-3: above 2.5 is 3, above 1.5 is 2, else 1). A value below every band gets the lowest level.',
        ),
        min_coverage: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description:
            'The share of what reports below a figure (actions, or the items of the level beneath) that must be rated for the figure to be shown; below it the figure reads "not enough ratings (2 of 5)". Default 0.5.',
          examples: [0.5],
        },
        cap: {
          enum: ['majority', 'none'],
          description:
            'majority (default): a figure never reads above the level that at least half of what it summarises reaches. A mean of 2.57 over four items of which three read 2 and one reads 3 is shown as 2, and the report says it was held there and why. none: the banded value stands, whatever most of the items below read.',
        },
      },
      [],
      { examples: [{ method: 'mean', thresholds: [{ rating: 3, min: 2.6 }, { rating: 2, min: 1.8 }] }] },
    ),
    theories: list(theory, 'The theories of action (or priorities, or major goals): the top level of a plan written in two levels, theories and their strategies. A plan that declares its levels writes its items under outline instead.', {
      minItems: 1,
    }),
    levels: list(level, "The plan's levels between the plan and its actions, top first: one to four, each with the district's name for it (e.g. Priority, Goal, Strategy). Without it the plan has two, theories and strategies. With it the items go under outline, each item's sub-items under children.", {
      examples: [[{ name: 'Priority', plural: 'Priorities' }, { name: 'Goal' }, { name: 'Strategy', plural: 'Strategies' }]],
    }),
    actions_align_to: text("The name of the level actions align to (an action's strategy: is the id of an item of this level). Default: the lowest level.", ['Strategy']),
    outline: list({ $ref: '#/$defs/item' }, 'With levels: the items of the top level, each with its sub-items under children.', { minItems: 1 }),
    goals: list({ $ref: '#/$defs/goal' }, 'District goals and the metrics that measure them.'),
    people: list(person, 'People and roles named as owners, leads and reviewers.'),
    offices: list(
      object(
        'A central office or department that owns district actions.',
        {
          id: id('Unique id of the office.', ['academics']),
          name: text('Name of the office.', ['Office of Academics']),
          directive: text('What the office will do for the plan, as the plan states it.'),
          lead: id('The id of the person who leads the office (see people).'),
          members: list(id('The id of a person (see people).'), 'The people of the office or cross-functional team, besides its lead: they may own its actions, and plan codeowners asks them to review its plan.', { examples: [['j-rivera', 'a-chen']] }),
          description: markdown('More about the office.'),
        },
        ['id', 'name'],
      ),
      'Central offices and departments.',
    ),
    schools: list(
      object(
        'A school.',
        {
          id: id('Unique id of the school; its action plan is schools/<id>.yaml.', ['hockanum']),
          name: text('Name of the school.'),
          grades: text('Grades served.', ['PK-5', 'K-8']),
          network: id('The id of the network the school belongs to (see networks).'),
          tier: id('The id of the school\'s performance tier (see autonomy.tiers).'),
          leader: id('The id of the school leader (see people).'),
          description: markdown('More about the school.'),
        },
        ['id', 'name'],
      ),
      'The schools of the district.',
    ),
    networks: list(
      object(
        'A network of schools that works together, often with partner organisations and extra resources.',
        {
          id: id('Unique id of the network.', ['acceleration-agenda']),
          name: text('Name of the network.'),
          description: markdown('What the network is for.'),
          partners: list(id('The id of a partner (see partners).'), 'Partner organisations that serve the network.'),
          resources: list(text('A resource.'), 'Resources the network schools receive.'),
          focus: list(text('A focus.'), 'What the network concentrates on.'),
        },
        ['id', 'name'],
      ),
      'Networks of schools.',
    ),
    partners: list(
      object(
        'A partner organisation.',
        {
          id: id('Unique id of the partner.', ['anet']),
          name: text('Name of the partner.'),
          role: markdown('What the partner does for the district.'),
        },
        ['id', 'name'],
      ),
      'Partner organisations.',
    ),
    autonomy: object(
      "The school autonomy structure: which decisions belong to schools, which are shared, which are central, and which schools it applies to by performance tier.",
      {
        levels: list(
          object(
            'A level of autonomy.',
            {
              id: id('Id of the level.', ['autonomy', 'defined-autonomy', 'centralized']),
              name: text('Name of the level.'),
              definition: text('What the level means.'),
              decisions: list(
                object('A decision area.', { area: text('The area.'), description: text('How decisions are made in it.') }, [
                  'area',
                ]),
                'The decision areas at this level.',
              ),
            },
            ['id', 'name'],
          ),
          'The levels of autonomy.',
        ),
        tiers: list(
          object(
            'A performance tier of schools.',
            {
              id: id('Id of the tier.', ['high-performing']),
              name: text('Name of the tier.'),
              description: text('Which schools are in the tier.'),
              autonomy: id('The id of the autonomy level that applies to the tier.'),
            },
            ['id', 'name'],
          ),
          'Performance tiers and the autonomy each receives.',
        ),
        notes: list(text('A note.'), 'Notes on the structure.'),
      },
    ),
  },
  { item },
);

export const schoolPlanSchema: Schema = fileSchema(
  'school-plan.schema.json',
  'School action plan (schools/<school>.yaml)',
  "A school's action plan: the district strategies the school selected, its team, goals and action steps with their ratings per reporting cycle.",
  ['school', 'actions'],
  {
    school: id('The id of the school (see schools in plan.yaml).', ['hockanum']),
    school_year: schoolYear('The school year this action plan is for. A school or office may keep one file per school year (ehms-2024-25.yaml, ehms-2025-26.yaml), each naming its year: a cycle reads the file of its own year, and last year\'s plan stays beside this one.'),
    summary: markdown("The school's context and focus this year."),
    selected_strategies: list(
      id('The id of a district strategy.'),
      'The district strategies the school selected as fitting its context. When listed, every action must carry out one of them.',
    ),
    team: list(
      object(
        'A member of the school team who owns actions.',
        {
          id: id('Id of the member, unique within the school.', ['principal', 'data-team']),
          name: text('Name or role.'),
          role: text('Role.'),
          handle: handle('Git hosting handle, used to request reviews.'),
        },
        ['id', 'name'],
      ),
      'The school team.',
    ),
    goals: list({ $ref: '#/$defs/goal' }, "The school's goals and the metrics that measure them."),
    holistic: holisticMap,
    actions: list({ $ref: '#/$defs/action' }, "The school's action steps."),
    ...complianceParts,
  },
);

export const officePlanSchema: Schema = fileSchema(
  'office-plan.schema.json',
  'District action plan of an office (offices/<office>.yaml)',
  'The action steps a central office owns, with their ratings per reporting cycle.',
  ['office', 'actions'],
  {
    office: id('The id of the office (see offices in plan.yaml).', ['academics']),
    school_year: schoolYear('The school year this action plan is for. A school or office may keep one file per school year (ehms-2024-25.yaml, ehms-2025-26.yaml), each naming its year: a cycle reads the file of its own year, and last year\'s plan stays beside this one.'),
    summary: markdown("The office's focus this year."),
    holistic: holisticMap,
    actions: list({ $ref: '#/$defs/action' }, "The office's action steps."),
    ...complianceParts,
  },
);

export type FileKind = 'plan' | 'school' | 'office';

export const schemasByKind: Record<FileKind, { fileName: string; schema: Schema }> = {
  plan: { fileName: 'plan.schema.json', schema: planSchema },
  school: { fileName: 'school-plan.schema.json', schema: schoolPlanSchema },
  office: { fileName: 'office-plan.schema.json', schema: officePlanSchema },
};

/** A schema as the file editors read (schemas/*.json, plan schema, plan init). */
export function schemaText(kind: FileKind): string {
  return `${JSON.stringify(schemasByKind[kind].schema, null, 2)}\n`;
}
