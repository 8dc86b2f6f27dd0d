// The CLI: parses arguments, runs one command, maps outcomes to exit codes (0 ok, 1 the plan has
// errors, 2 the command could not run). Commands load their modules only when they run, so that
// starting the CLI stays cheap.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isDateString, isRealDate } from '../dates.js';
import type { ScaffoldOptions } from '../scaffold.js';
import { packageVersion } from '../version.js';
import { FileChangedError, WriteFailedError, WritesAbandonedError } from '../write-file.js';
import { PlanLockedError } from '../plan-lock.js';
import { DEFAULT_FILE_LIMITS, FILE_LIMIT_KINDS, formatSize, parseLimits, RefusedFileError, RefusedSettingError, setFileLimits } from '../confine.js';
import {
  APPLY_FORMATS,
  COLLECT_BYS,
  COLLECT_FORMATS,
  DEPTHS,
  DIFF_FORMATS,
  PAPERS,
  REPORT_FORMATS,
  REPORT_TYPES,
  STATUS_FORMATS,
  TODO_FORMATS,
  VALIDATE_FORMATS,
  STATUS_BYS,
  type ApplyOptions,
  type CodeownersOptions,
  type CollectOptions,
  type DiffOptions,
  type ReportCommandOptions,
  type SchemaOptions,
  type StatusOptions,
  type TodoOptions,
  type ValidateOptions,
} from './options.js';
import { EXIT_CANNOT_RUN, UsageError, type CliIO } from './io.js';


export interface MainOptions extends Partial<CliIO> {
  argv: string[];
}

export async function main(options: MainOptions): Promise<number> {
  const io: CliIO = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
  };
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(options.argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; everything else commander rejects is bad usage.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? 0
        : EXIT_CANNOT_RUN;
    }
    if (error instanceof RefusedSettingError || error instanceof RefusedFileError) {
      const refusal = error instanceof RefusedSettingError ? error.refusal : error;
      io.stderr.write(`plan: ${error.message}; nothing was read from it\n  ${refusal.hint}\n`);
      return EXIT_CANNOT_RUN;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`plan: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
      return EXIT_CANNOT_RUN;
    }
    // A signal stopped the writing: its handler says so, cleans up and exits (interrupt.ts).
    if (error instanceof WritesAbandonedError) return 130;
    if (error instanceof FileChangedError) {
      io.stderr.write(`plan: ${error.message}; nothing was written, every file is as it was\n  Run the command again: it reads the files as they are now, and shows any update made meanwhile as a conflict.\n`);
      return EXIT_CANNOT_RUN;
    }
    if (error instanceof PlanLockedError) {
      io.stderr.write(`plan: ${error.message}; nothing was written\n  Wait for it to finish. If no plan command is running, remove ${error.path}.\n`);
      return EXIT_CANNOT_RUN;
    }
    if (error instanceof WriteFailedError) {
      io.stderr.write(
        error.keptIn.length
          ? `plan: ${error.message}; some files could not be put back as they were: copies of them are in ${error.keptIn.join(', ')}\n`
          : `plan: ${error.message}; nothing was written, every file is as it was\n  Check that the folder can be written to and the disk has room, and that no other program holds the file open (on Windows, close it in your editor); then run the command again.\n`,
      );
      return EXIT_CANNOT_RUN;
    }
    // The file system said no (a path that is a file, no room, no permission): the machine's problem, not plan's.
    const system = error as NodeJS.ErrnoException;
    if (typeof system?.code === 'string' && system.syscall && system.path) {
      io.stderr.write(`plan: ${system.message}\n  Check the path, that it can be written to and the disk has room; then run the command again.\n`);
      return EXIT_CANNOT_RUN;
    }
    const err = error as Error;
    io.stderr.write(`plan: internal error: ${err?.message ?? String(error)}\n`);
    if (io.env.PLAN_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
    else io.stderr.write('  This is a bug in plan, not in your plan. Run again with PLAN_DEBUG=1 for details, and report it.\n');
    return EXIT_CANNOT_RUN;
  }
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

function parseLevels(value: string): string[] {
  const levels = value.split(',').map((l) => l.trim()).filter(Boolean);
  if (levels.length < 1 || levels.length > 4) throw new InvalidArgumentError('give one to four level names, top first, separated by commas: "Pillar,Goal"');
  if (new Set(levels.map((l) => l.toLowerCase())).size !== levels.length) throw new InvalidArgumentError('each level needs its own name');
  return levels;
}

function parseDate(value: string): string {
  if (!isDateString(value)) throw new InvalidArgumentError('expected a date written YYYY-MM-DD.');
  if (!isRealDate(value)) throw new InvalidArgumentError(`${value} is not a day of the calendar; check the month and the day.`);
  return value;
}

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('plan')
    .description('Plan-as-code for school districts: validate, roll up, report and review an improvement plan kept as YAML in git.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(run "plan --help" for usage)')
    .addOption(
      new Option('--limit <kind=size>', `raise the size limit of a kind of file plan reads (${FILE_LIMIT_KINDS.map((k) => `${k} ${formatSize(DEFAULT_FILE_LIMITS[k])}`).join(', ')}); repeatable, or set PLAN_LIMITS`)
        .argParser((value: string, previous: string[] | undefined) => {
          const { errors } = parseLimits(value);
          if (errors.length) throw new InvalidArgumentError(`${errors.join('; ')}.`);
          return [...(previous ?? []), value];
        }),
    )
    .hook('preAction', (command) => {
      const given = command.opts<{ limit?: string[] }>().limit;
      if (given) setFileLimits(parseLimits(given.join(',')).limits);
    })
    .addHelpText(
      'after',
      `
Exit codes:
  0  success (warnings allowed unless --max-warnings says otherwise)
  1  the plan has errors
  2  the command could not run (bad usage, missing directory, internal fault)

Examples:
  plan validate plans/eh2020
  plan validate plans/eh2020 --format github
  plan status plans/eh2020 --cycle 2020-midyear
  plan report plans/eh2020 --type board --cycle 2020-midyear
  plan report plans/eh2020 --type board --cycle 2020-midyear --lang es
  plan collect plans/eh2020 --cycle 2020-spring-sam
  plan apply updates/ --plan plans/eh2020 --dry-run
  plan diff main --plan plans/eh2020 --format markdown
  plan schema --out schemas/`,
    );

  program
    .command('init')
    .summary('start a new plan directory that validates')
    .description(
      'Write a new plan directory: plan.yaml, one district action plan, and the JSON Schemas beside them so that editors check every file. With --levels, the plan is written in the district\'s own levels, the lowest with a measure and its yearly milestones. Never overwrites a plan.',
    )
    .argument('<dir>', 'the new plan directory')
    .option('--district <name>', 'the district\'s name', 'Our School District')
    .option('--title <title>', 'the plan\'s title', 'District Strategic Plan')
    .addOption(new Option('--start <date>', 'the first day of the plan').argParser(parseDate).default(`${new Date().getUTCFullYear()}-07-01`, 'July 1 of this year'))
    .addOption(new Option('--end <date>', 'the last day of the plan').argParser(parseDate).default(`${new Date().getUTCFullYear() + 5}-06-30`, 'June 30, five years on'))
    .option('--levels <names>', 'the plan\'s levels, top first, comma-separated (e.g. "Pillar,Goal"); default: theories of action and strategies', parseLevels)
    .option('--measures <term>', 'the district\'s word for a measure, e.g. "Key Result" (default: Goal)')
    .action(async (dir: string, opts: ScaffoldOptions) => {
      const { runInit } = await import('./init.js');
      setExit(await runInit(dir, opts, io));
    });

  program
    .command('validate')
    .summary('check a plan against its schemas and its alignment rules')
    .description(
      'Check every file of a plan against the JSON Schemas and the alignment rules (actions -> strategies -> theories, ids, references, ratings, cycles, goals), reporting each problem at its file, line and column.',
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(VALIDATE_FORMATS).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseCount)
    .option('-q, --quiet', 'report errors only (warnings still count for --max-warnings)')
    .option('--require-ratings <cycle>', 'also fail when an action that reports in this cycle has no rating for it')
    .option('--rev <rev>', 'check the plan as it stood at this git revision (commit, branch, tag)')
    .option('--profile <id>', 'check every school action plan without a profile: of its own against this compliance profile: essa-csi, essa-tsi, essa-atsi, or profiles/<id>.json in the plan directory')
    .option('--changes-since <rev|date>', 'also warn (CHANGE_WITHOUT_NOTE) for each target changed, or measure or item removed, since this git revision or date (YYYY-MM-DD) with no changes note of why')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addOption(new Option('--threads <n>', 'worker threads for large plans (0: none; default: by plan size)').argParser(parseCount).hideHelp())
    .addHelpText(
      'after',
      `
Formats:
  stylish  grouped by file, for people (colour on a terminal)
  json     machine-readable, see the README for its shape
  github   GitHub Actions annotations on the pull request's lines; also writes
           the full list to $GITHUB_STEP_SUMMARY when it is set
  sarif    SARIF 2.1.0, for GitHub code scanning and other static-analysis tools`,
    )
    .action(async (dir: string, opts: ValidateOptions) => {
      const { runValidate } = await import('./validate.js');
      setExit(await runValidate(dir, { ...opts, quiet: opts.quiet ?? false, color: opts.color !== false, threads: opts.threads ?? 'auto' }, io));
    });

  program
    .command('status')
    .summary('roll ratings up for a reporting cycle and show the dashboard')
    .description(
      'Roll the ratings of one reporting cycle up from actions to strategies, theories, schools, offices, networks and the whole plan, and show them as a dashboard: ratings with the scale\'s labels and colours, coverage, trend from the previous cycle of the same kind, holistic ratings beside computed ones, what needs attention, overdue ratings and goal progress.',
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-c, --cycle <id>', 'the reporting cycle (default: the latest cycle with ratings)')
    .addOption(new Option('-b, --by <view>', "group by: theory (the plan's own levels, whatever it calls them), school, office or network; funding: amounts by funding source and school year, with the actions each pays for and their ratings").choices(STATUS_BYS).default('theory'))
    .option('-s, --school <id>', 'one school alone')
    .option('-t, --theory <id>', 'one item of the top level (theory, priority, major goal) alone')
    .option('-d, --depth <depth>', `how deep the tree goes: ${DEPTHS.join(', ')} (the level actions align to), or the name of one of the plan's levels, e.g. goal`, 'action')
    .addOption(new Option('-f, --format <format>', 'output format').choices(STATUS_FORMATS).default('text'))
    .option('--as-of <date>', 'the day to judge overdue ratings against, YYYY-MM-DD (default: today)', parseDate)
    .option('--bom', 'start CSV with a UTF-8 byte-order mark, so that Excel on Windows reads names like O\u2019Connell correctly')
    .option('--rev <rev>', 'the plan as it stood at this git revision')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addHelpText(
      'after',
      `
Examples:
  plan status plans/eh2020 --cycle 2020-midyear
  plan status plans/eh2020 --cycle 2020-winter-sam --by school --depth top
  plan status plans/eh2020 --school ehms
  plan status plans/gcps2022 --depth goal
  plan status plans/hps2018 --format csv > status.csv`,
    )
    .action(async (dir: string, opts: StatusOptions) => {
      const { runStatus } = await import('./status.js');
      setExit(await runStatus(dir, { ...opts, color: opts.color !== false }, io));
    });

  program
    .command('todo')
    .summary('who still owes which updates for a reporting cycle, and by when')
    .description(
      "List every action that reports in a cycle and has no update for it yet (no rating, and no reason given for none), grouped by the person, office or team member who owns it, with their handle and e-mail: for reminders, which stop as soon as an update is in.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-c, --cycle <id>', 'the reporting cycle (default: the next one due)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(TODO_FORMATS).default('text'))
    .option('--as-of <date>', 'today, for what is due and overdue, YYYY-MM-DD (default: today where the district is)', parseDate)
    .option('--bom', 'start CSV with a UTF-8 byte-order mark, for Excel on Windows')
    .option('--rev <rev>', 'the plan as it stood at this git revision')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addHelpText(
      'after',
      `
Examples:
  plan todo plans/eh2020 --cycle 2020-winter-sam
  plan todo plans/eh2020 --format markdown > reminder.md    for a CI job to post
  plan todo plans/eh2020 --format csv > owed.csv             for a mail merge`,
    )
    .action(async (dir: string, opts: TodoOptions) => {
      const { runTodo } = await import('./todo.js');
      setExit(await runTodo(dir, { ...opts, color: opts.color !== false }, io));
    });

  program
    .command('collect')
    .summary('update forms for a reporting cycle: a workbook per school, office or owner')
    .description(
      "Write, for one reporting cycle, an update form for each school and office (or each owner): a row per action that reports in the cycle, with what the person rating it needs to see, a drop-down of the plan's ratings, evidence and next steps to fill, and a hidden record that lets plan apply put every filled row back in the right place.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-c, --cycle <id>', 'the reporting cycle (default: the next one due)')
    .addOption(new Option('-b, --by <group>', 'one form per action plan, school, office or owner').choices(COLLECT_BYS).default('plan'))
    .option('-s, --school <id>', 'only this school')
    .option('--office <id>', 'only this office')
    .option('--owner <id>', 'only the actions this person, team or office owns')
    .addOption(new Option('-f, --format <format>', 'file format').choices(COLLECT_FORMATS).default('xlsx'))
    .option('-o, --out <dir>', 'the folder to write the forms into', 'updates')
    .option('--as-of <date>', 'today, for the default cycle and the forms\' date, YYYY-MM-DD', parseDate)
    .option('--rev <rev>', 'the plan as it stood at this git revision')
    .addOption(new Option('--threads <n>', 'worker threads for workbooks (default: by the number of forms)').argParser(parseCount).hideHelp())
    .addHelpText(
      'after',
      `
Forms are named <plan>-<cycle>-<school or office>.<format> and written whole or not at all.

Examples:
  plan collect plans/eh2020 --cycle 2020-spring-sam
  plan collect plans/eh2020 --cycle 2020-spring-sam --school ehms --out updates/ehms
  plan collect plans/hps2018 --by owner --format csv`,
    )
    .action(async (dir: string, opts: CollectOptions) => {
      const { runCollect } = await import('./collect.js');
      setExit(await runCollect(dir, opts, io));
    });

  program
    .command('apply')
    .summary('put filled update forms into the plan, every file or none')
    .description(
      "Read filled update forms (.xlsx or .csv from plan collect) and write each filled row into its action's progress for the form's cycle, keeping every other line of the YAML as it was. The plan is checked as it would be first; a row that cannot be read, or that conflicts with a change made since the form was made, stops the whole run and nothing is written.",
    )
    .argument('<files...>', 'filled forms, or folders of them')
    .option('-p, --plan <dir>', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-n, --dry-run', 'show what would change, and write nothing')
    .option('--overwrite', 'write rows that conflict with updates made since the form was made')
    .addOption(new Option('-f, --format <format>', 'output format').choices(APPLY_FORMATS).default('text'))
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addHelpText(
      'after',
      `
Exit codes: 0 applied (or would apply, with --dry-run); 1 nothing written, because of problems in
the forms, conflicts, or errors in the plan; 2 the command could not run.

Examples:
  plan apply updates/ --plan plans/eh2020 --dry-run
  plan apply updates/*.xlsx --plan plans/eh2020
  plan apply returned.csv --plan plans/eh2020 --format json`,
    )
    .action(async (files: string[], opts: ApplyOptions) => {
      const { runApply } = await import('./apply.js');
      setExit(await runApply(files, { ...opts, color: opts.color !== false }, io));
    });

  program
    .command('report')
    .summary('render Board, Mid-Year, End-of-Year and school reports to PDF or HTML')
    .description(
      "Render a report from the plan and the rollup of one reporting cycle: a Board report (summary, schools by theory), a Mid-Year or End-of-Year report (with the district action plans in detail), or a school's report for its Student Achievement Meeting. PDFs are printed with a Chromium already on the machine.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .addOption(new Option('-t, --type <type>', 'the kind of report').choices(REPORT_TYPES).default('board'))
    .option('-c, --cycle <id>', 'the reporting cycle (default: the latest of the report\'s kind with ratings)')
    .option('-s, --school <id>', 'the school, for --type school')
    .option('--all-schools', 'one report per school with an action plan, in one run')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('pdf'))
    .option('-o, --out <dir>', 'the folder to write into', 'reports')
    .addOption(new Option('--paper <size>', 'paper size for PDF').choices(PAPERS).default('letter'))
    .option('--lang <tag>', "the report's language, e.g. es (default: plan.language in plan.yaml, else en); the plan's own text reads as translations.<lang> in plan.yaml gives it, else as written")
    .option('--no-context', "leave out the plan's context sections (its design notes), printed otherwise in an appendix of district reports")
    .option('--require-translation', "with --lang: exit 1, writing nothing, when some of the plan's own text has no translation into the report's language")
    .option('--templates <dir>', 'a folder of templates that override the built-in ones, file by file')
    .option('--browser <path>', 'the Chromium or Chrome to print with')
    .option('--timeout <seconds>', 'give up on a report that takes longer than this to print', parseCount, 60)
    .option('--as-of <date>', 'the day to judge overdue ratings against, YYYY-MM-DD (default: today)', parseDate)
    .option('--rev <rev>', 'the plan as it stood at this git revision, e.g. the tag of last February\'s report')
    .option('--changes-since <rev|date>', "add the plan's updates since a git revision or a date (YYYY-MM-DD) as an appendix of a district report: each target, measure and item changed, when, and the reason the plan gives")
    .addOption(new Option('--concurrency <n>', 'pages printed in parallel').argParser(parseCount).default(2).hideHelp())
    .addHelpText(
      'after',
      `
Files are named <plan>-<type>-<cycle>[-<school>].<format> and written whole or not at all.

Examples:
  plan report plans/eh2020 --type board --cycle 2020-midyear
  plan report plans/eh2020 --type school --all-schools --cycle 2020-winter-sam --out reports/sam
  plan report plans/hps2018 --type eoy --format html --templates district-templates/
  plan report plans/gcps2022 --type board --changes-since 2023-08-01`,
    )
    .action(async (dir: string, opts: ReportCommandOptions) => {
      const { runReport } = await import('./report.js');
      setExit(await runReport(dir, { ...opts, timeout: Math.max(1, opts.timeout), concurrency: Math.max(1, opts.concurrency) }, io));
    });

  program
    .command('diff')
    .summary('what a change means for the plan: a semantic diff of two versions')
    .description(
      'Compare two versions of a plan, each a git revision or a directory, item by item: theories, strategies, actions, goals, schools, cycles added, removed, changed (field by field), renamed; actions re-aligned to another strategy; ratings changed per cycle, with the effect on the rollup.',
    )
    .argument('[base]', 'a revision or a directory (default: the merge base with the default branch)')
    .argument('[head]', 'a revision or a directory (default: the working tree)')
    .option('-p, --plan <dir>', 'the plan directory in the working tree, whose path the revisions are read at', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
    .option('--exit-code', 'exit 1 when there are changes, like git diff --exit-code')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addHelpText(
      'after',
      `
Examples:
  plan diff --plan plans/eh2020                        changes since the default branch
  plan diff main HEAD --plan plans/eh2020 --format markdown > comment.md
  plan diff plans/eh2020-2019 plans/eh2020             two directories`,
    )
    .action(async (base: string | undefined, head: string | undefined, opts: DiffOptions) => {
      const { runDiff } = await import('./diff.js');
      setExit(await runDiff(base, head, { ...opts, color: opts.color !== false }, io));
    });

  program
    .command('codeowners')
    .summary('write or check a CODEOWNERS file from the owners the plan names')
    .description(
      "Write a CODEOWNERS block so that a change to a school's action plan asks that school's leader and team for review, a change to an office's plan its lead, and a change to plan.yaml the planning office (plan.owners). Handles come from people[].handle and the school teams. Lines outside the block are kept.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('--check', 'do not write: exit 1 when the file does not match the plan')
    .option('-o, --out <file>', 'the CODEOWNERS file (default: .github/CODEOWNERS at the repository root)')
    .action(async (dir: string, opts: CodeownersOptions) => {
      const { runCodeowners } = await import('./codeowners.js');
      setExit(await runCodeowners(dir, opts, io));
    });

  program
    .command('translate')
    .summary("the plan's own words in another language: coverage, export for a translator, import")
    .description(
      "Say how much of the plan's own text (titles, statements, terms, the rating scale, cycle and office names) has a translation under translations.<lang> in plan.yaml; with --out, export those strings for a translator (XLIFF 2.0 for translation tools, CSV for a spreadsheet); with --import, put the translated file back into plan.yaml, comments kept.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-l, --lang <tag>', 'the language of the translation, e.g. es (default for coverage: every language plan.yaml has)')
    .option('-o, --out <file>', 'export the strings to FILE.xlf (XLIFF 2.0) or FILE.csv')
    .option('--import <file>', 'put a translated FILE.xlf or FILE.csv into translations.<lang> in plan.yaml')
    .option('--missing', 'list the strings with no translation yet')
    .addOption(new Option('-f, --format <format>', 'output format of the coverage').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: import('./translate.js').TranslateOptions) => {
      const { runTranslate } = await import('./translate.js');
      setExit(await runTranslate(dir, opts, io));
    });

  program
    .command('site')
    .summary("the plan's public website: static pages for families and the public, in every language it is translated into")
    .description(
      "Write a static website of the plan into a folder any web host serves (GitHub Pages, the district's server): a home page with the whole plan's status for the latest reported cycle, the date of its data and the district's message; a page for each top-level item, each measure (its targets and values by year) and each school; an index of schools; and how to read it all. One set of pages per language, the plan's own at the root and each translation under /<lang>/, with a language switcher. No script, nothing loaded from elsewhere.",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('-o, --out <dir>', 'the folder to write the site into', 'site')
    .option('-l, --lang <tags>', 'the languages to publish, comma-separated or repeated: en,es (default: the plan\'s, and every language plan.yaml has translations for)', (value: string, before: string[] | undefined) => [...(before ?? []), value])
    .option('-c, --cycle <id>', 'the reporting cycle (default: the latest with ratings)')
    .option('--as-of <date>', 'the day the site is made, YYYY-MM-DD (default: today)', parseDate)
    .option('--base-url <url>', 'the address the site is published at, for sitemap.xml and language links')
    .option('--templates <dir>', 'a folder of templates that override the built-in ones (site.hbs, site.css, partials)')
    .option('--changes-since <rev|date>', "the plan updates page lists changes since this git revision or date, YYYY-MM-DD (default: the plan's whole history, when it is kept in git)")
    .addOption(new Option('--threads <n>', "worker threads for the schools' pages (0: none; default: by the number of schools)").argParser(parseCount).hideHelp())
    .action(async (dir: string, opts: import('./site.js').SiteCommandOptions) => {
      const { runSite } = await import('./site.js');
      setExit(await runSite(dir, opts, io));
    });

  program
    .command('history')
    .summary("how the plan's targets, measures and items changed in git, and why")
    .description(
      "Read the plan's git history: every change to a measure's baseline, target, milestones or direction, and every measure or item added, removed, renamed or moved, dated by its commit, grouped by the reason the plan gives for it (a changes note added in the same commit). The same history is the website's Plan updates page and the board report's appendix (--changes-since).",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .option('--since <rev|date>', 'changes after this git revision or date, YYYY-MM-DD (default: the plan\'s first commit)')
    .option('--rev <rev>', 'the history up to this git revision (default: HEAD)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv', 'markdown']).default('text'))
    .option('--bom', 'start the CSV with a UTF-8 byte-order mark, for Excel on Windows')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)')
    .addHelpText(
      'after',
      `
Examples:
  plan history plans/gcps2022
  plan history plans/gcps2022 --since 2024-07-01 --format csv > target-changes.csv`,
    )
    .action(async (dir: string, opts: import('./history.js').HistoryCommandOptions) => {
      const { runHistory } = await import('./history.js');
      setExit(await runHistory(dir, { ...opts, color: opts.color !== false }, io));
    });

  program
    .command('export')
    .summary("the plan as a flat table for a state's system, or laid out as a state's template asks")
    .description(
      "Export the plan so that nobody types it into a state system again: a flat table, one row per action with its lineage, owners, timeline, evidence tier, funding, the measures it serves and its latest rating (csv, or xlsx, documented column by column in docs/reference/export.md); or the plan laid out as a state's template asks (kentucky: the Kentucky Department of Education's Comprehensive Improvement Plan, as an accessible HTML document).",
    )
    .argument('[dir]', 'the plan directory (the folder with plan.yaml)', '.')
    .addOption(new Option('-f, --format <format>', 'csv, xlsx or kentucky').choices(['csv', 'xlsx', 'kentucky']).default('csv'))
    .option('-o, --out <file>', 'the file to write (default: standard output; required for xlsx)')
    .option('-c, --cycle <id>', 'ratings as of this reporting cycle (default: the latest)')
    .option('--bom', 'start the CSV with a UTF-8 byte-order mark, for Excel on Windows')
    .option('--rev <rev>', 'the plan as it stood at this git revision')
    .addHelpText(
      'after',
      `
Examples:
  plan export plans/eh2020 --out plan.csv
  plan export plans/eh2020 --format xlsx --out plan.xlsx
  plan export plans/eh2020 --format kentucky --out csip.html`,
    )
    .action(async (dir: string, opts: import('./export.js').ExportOptions) => {
      const { runExport } = await import('./export.js');
      setExit(await runExport(dir, opts, io));
    });

  program
    .command('schema')
    .summary('print or write the JSON Schemas of the plan files')
    .description('Print the JSON Schema of one kind of plan file, list them, or write them all to a folder for editors.')
    .argument('[kind]', 'plan, school or office')
    .option('-o, --out <dir>', 'write the schema files into this folder')
    .action(async (kind: string | undefined, opts: SchemaOptions) => {
      const { runSchema } = await import('./schema.js');
      setExit(await runSchema(kind, opts, io));
    });

  return program;
}
