// `plan translate [DIR] --lang TAG`: the plan's own words in another language. With --out, the
// strings a report shows, exported for a translator (XLIFF 2.0 for translation tools, CSV for a
// spreadsheet); with --import, the translator's file put back into translations.<lang> in
// plan.yaml, comments kept; alone, how much of the plan is translated, and what is not.
import { extname, join, resolve } from 'node:path';
import { buildModel } from '../plan/model.js';
import { translatableStrings, translationCoverage, type TranslationCoverage } from '../plan/translatable.js';
import { writeFileAtomic } from '../write-file.js';
import { readRegularFile, RefusedFileError } from '../confine.js';
import { EXIT_OK, EXIT_PLAN_INVALID, terminalWidth, UsageError, type CliIO } from './io.js';
import { loadValidPlan } from './open-plan.js';
import { DirectorySource, PLAN_FILE } from '../load/source.js';
import { requirePlanDirectory } from './io.js';

export interface TranslateOptions {
  lang?: string;
  out?: string;
  import?: string;
  missing?: boolean;
  format: 'text' | 'json';
}

const LANG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

export function coverageLine(c: TranslationCoverage): string {
  const share = c.total ? Math.floor((c.translated / c.total) * 100) : 100;
  return `${languageName(c.lang)}: ${c.translated} of ${c.total} of the plan's strings translated (${share}%)`;
}

export async function runTranslate(dirArg: string, options: TranslateOptions, io: CliIO): Promise<number> {
  if (options.lang !== undefined && !LANG_PATTERN.test(options.lang)) throw new UsageError(`"${options.lang}" is not a language tag`, 'Use a BCP 47 tag such as es, fr or es-MX.');
  if ((options.out || options.import) && !options.lang) throw new UsageError(`--${options.out ? 'out' : 'import'} needs --lang, the language of the translation`, 'For example: plan translate plans/eh2020 --lang es --out es.xlf');
  if (options.out && options.import) throw new UsageError('--out and --import go in separate runs', 'Export with --out, have the file translated, then --import it.');
  const valid = await loadValidPlan('translate', dirArg, io, undefined, 'translate it once they are fixed');
  if (!valid) return EXIT_PLAN_INVALID;
  const model = buildModel(valid.loaded);
  const langs = options.lang ? [options.lang] : Object.keys(model.plan.translations ?? {});

  if (options.out) {
    const strings = translatableStrings(model, options.lang!);
    const ext = extname(options.out).toLowerCase();
    const { writeXliff, writeCsv } = await import('../translate/exchange.js');
    let content: string;
    if (ext === '.xlf' || ext === '.xliff') content = writeXliff(strings, { lang: model.plan.plan.language ?? 'en', file: PLAN_FILE }, options.lang!);
    else if (ext === '.csv') content = writeCsv(strings, options.lang!);
    else throw new UsageError(`plan translate writes .xlf (XLIFF 2.0) or .csv, not "${ext || options.out}"`, 'Name the file es.xlf for a translation tool, or es.csv for a spreadsheet.');
    await writeFileAtomic(resolve(io.cwd, options.out), content);
    io.stdout.write(`${options.out}\n`);
    const c = translationCoverage(model, options.lang!);
    io.stderr.write(`plan translate: ${strings.length} strings of ${dirArg}/plan.yaml for ${languageName(options.lang!)}, ${c.total - c.translated} still to translate. When the file comes back: plan translate ${dirArg} --lang ${options.lang} --import ${options.out}\n`);
    return EXIT_OK;
  }

  if (options.import) {
    const { readXliff, readCsv, ExchangeFileError } = await import('../translate/exchange.js');
    const { importTranslations, TranslationImportError } = await import('../translate/import.js');
    const path = resolve(io.cwd, options.import);
    // Read as a form is (confine.ts): a regular file, within the limit; a pipe or a device is refused, not read for ever.
    let text: string;
    try {
      text = new TextDecoder().decode(readRegularFile(path, 'form', options.import, { follow: true }).bytes);
    } catch (error) {
      if (error instanceof RefusedFileError) throw new UsageError(`${options.import} ${error.reason === 'too-large' ? `is too large for a translation file (${error.detail})` : `is not a file (it is ${error.detail})`}`, error.hint);
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`${options.import}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'could not be read'}`);
    }
    const ext = extname(path).toLowerCase();
    let read;
    try {
      read = ext === '.csv' ? await readCsv(text) : readXliff(text);
    } catch (error) {
      if (error instanceof ExchangeFileError) throw new UsageError(`${options.import} ${error.message}`, 'Import the file plan translate exported, as the translator saved it (.xlf or .csv).');
      throw error;
    }
    if (read.lang && read.lang.toLowerCase() !== options.lang!.toLowerCase()) throw new UsageError(`${options.import} is a translation into ${languageName(read.lang)}, not ${languageName(options.lang!)}`, `Import it with --lang ${read.lang}.`);
    const dir = await requirePlanDirectory(dirArg, io.cwd);
    const source = new DirectorySource(dir, dirArg);
    const planText = new TextDecoder().decode(await source.read(PLAN_FILE));
    let done;
    try {
      done = importTranslations(planText.replace(/^\uFEFF/, ''), options.lang!, translatableStrings(model, options.lang!), read.targets);
    } catch (error) {
      if (error instanceof TranslationImportError) {
        io.stderr.write(`plan translate: ${error.message}\n`);
        return EXIT_PLAN_INVALID;
      }
      throw error;
    }
    if (done.text !== null) await writeFileAtomic(join(dir, PLAN_FILE), (planText.startsWith('\uFEFF') ? '\uFEFF' : '') + done.text);
    for (const key of done.unknown) io.stderr.write(`  ${options.import}: "${key}" is no string of the plan (renamed or removed since the export); left out.\n`);
    for (const s of done.skipped) io.stderr.write(`  ${s.key}: left out until ${s.path[0] === 'levels' ? "the level's name" : "the level's label"} is translated too.\n`);
    const reloaded = done.text === null ? model : buildModel((await loadValidPlan('translate', dirArg, io, undefined, 'the translations were written, but the plan no longer validates'))?.loaded ?? valid.loaded);
    const c = translationCoverage(reloaded, options.lang!);
    io.stdout.write(done.text === null ? `Nothing to write: plan.yaml already holds every translation in ${options.import}.\n` : `Wrote ${done.set.length} translation${done.set.length === 1 ? '' : 's'} into ${join(dirArg, PLAN_FILE)} (translations.${options.lang}).\n`);
    io.stdout.write(`${coverageLine(c)}\n`);
    return EXIT_OK;
  }

  const coverage = langs.map((lang) => translationCoverage(model, lang));
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ version: 1, plan: dirArg, languages: coverage.map((c) => ({ lang: c.lang, total: c.total, translated: c.translated, missing: c.missing.map((s) => ({ key: s.key, text: s.source, what: s.note })) })) }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (!coverage.length) {
    io.stdout.write(`${dirArg} has no translations yet. Export the plan's strings for a translator: plan translate ${dirArg} --lang es --out es.xlf\n`);
    return EXIT_OK;
  }
  // Each string on one line of the terminal: its key, then as much of its text as fits.
  const width = await terminalWidth(io);
  for (const c of coverage) {
    io.stdout.write(`${coverageLine(c)}\n`);
    for (const s of options.missing ? c.missing : []) {
      const room = Math.max(20, width - s.key.length - 4);
      io.stdout.write(`  ${s.key}  ${s.source.length > room ? `${s.source.slice(0, room - 1)}…` : s.source}\n`);
    }
  }
  if (!options.missing && coverage.some((c) => c.missing.length)) io.stdout.write(`--missing lists what is left; --out FILE.xlf exports it for a translator.\n`);
  return EXIT_OK;
}
