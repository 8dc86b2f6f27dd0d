// The command reference (docs/reference/cli.md), made from the commands' own definitions: each
// command's summary, description, arguments and options (with their defaults and choices) are
// declared once, in main.ts, and this page is read off them.
import type { Command, Option } from 'commander';
import { buildProgram } from './main.js';
import type { CliIO } from './io.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

/** A description as a sentence, so that what follows it reads on. */
function sentence(text: string): string {
  const t = cell(text);
  return !t || /[.!?]$/.test(t) ? t : `${t}.`;
}

function optionRow(option: Option): string {
  const notes: string[] = [];
  if (option.argChoices?.length) notes.push(`Choices: ${option.argChoices.map((c) => `\`${c}\``).join(', ')}.`);
  const fallback = option.defaultValueDescription ?? (option.defaultValue !== undefined && option.defaultValue !== false ? JSON.stringify(option.defaultValue) : undefined);
  if (fallback !== undefined) notes.push(`Default: ${fallback.startsWith('"') ? `\`${JSON.parse(fallback)}\`` : fallback}.`);
  return `| \`${option.flags}\` | ${sentence(option.description)}${notes.length ? ` ${notes.join(' ')}` : ''} |`;
}

function usage(command: Command): string {
  return `plan ${command.name()} ${command.usage()}`.trim();
}

/** The page: the program's own options, then each command in the order --help lists them. */
export function cliReference(): string {
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  const io = { stdout: quiet, stderr: quiet, env: {}, cwd: '/' } as unknown as CliIO;
  const program = buildProgram(io, () => {});
  const visible = (options: readonly Option[]) => options.filter((o) => !o.hidden);
  const lines = [
    '# Command reference',
    '',
    '<!-- Generated from the commands\' definitions (src/cli/main.ts) by `npm run docs`. Do not edit: change the commands, run npm run docs, and commit both. -->',
    '',
    cell(program.description()),
    '',
    'Exit codes: `0` success (warnings allowed unless `--max-warnings` says otherwise), `1` the plan has errors, `2` the command could not run (bad usage, a missing directory, an internal fault).',
    'Results go to stdout; progress and diagnostics to stderr. `NO_COLOR` turns colour off.',
    '',
    ...program.commands.map((c) => `- [\`plan ${c.name()}\`](#plan-${c.name()}): ${cell(c.summary() || c.description())}`),
    '',
    '## Options of every command',
    '',
    '| Option | What it does |',
    '| --- | --- |',
    ...visible(program.options as Option[]).map(optionRow),
    '',
  ];
  for (const command of program.commands) {
    lines.push(`## plan ${command.name()}`, '', '```', usage(command), '```', '', cell(command.description()), '');
    const args = command.registeredArguments;
    if (args.length) {
      lines.push('| Argument | What it is |', '| --- | --- |');
      for (const a of args) lines.push(`| \`${a.name()}\`${a.required ? '' : ' (optional)'} | ${sentence(a.description)}${a.defaultValue !== undefined ? ` Default: \`${String(a.defaultValue)}\`.` : ''} |`);
      lines.push('');
    }
    const options = visible(command.options as Option[]);
    if (options.length) lines.push('| Option | What it does |', '| --- | --- |', ...options.map(optionRow), '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
