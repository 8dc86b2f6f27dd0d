// The plan in the family's language (issue 26): plan translate exports the plan's own words for a
// translator and puts the translation back into plan.yaml, every other line kept; reports say what is
// left untranslated; a language is one locale file.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materialize, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

/** EH2020 without the Spanish translation the sample carries: as a district starts. */
function untranslated(): string {
  const files = readTree(join(ROOT, 'plans', 'eh2020'));
  const text = files['plan.yaml']!;
  files['plan.yaml'] = `${text.slice(0, text.indexOf('\n# The plan in Spanish'))}\n`;
  return materialize(files);
}

async function coverage(dir: string, lang: string): Promise<{ total: number; translated: number }> {
  const out = JSON.parse((await runCli(['translate', dir, '--lang', lang, '--format', 'json'])).stdout);
  return out.languages[0];
}

describe('plan translate', () => {
  it('EH2020 is wholly translated into Spanish, so its Spanish report reads in Spanish throughout', async () => {
    const c = await coverage(join(ROOT, 'plans', 'eh2020'), 'es');
    expect(c.translated).toBe(c.total);
    expect(c.total).toBeGreaterThan(100);
    const out = materialize({});
    const report = await runCli(['report', join(ROOT, 'plans', 'eh2020'), '--type', 'board', '--cycle', '2020-midyear', '--lang', 'es', '--require-translation', '--format', 'html', '--out', out, '--as-of', '2020-02-10']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const html = readFileSync(join(out, readdirSync(out)[0]!), 'utf8');
    // Its context sections (the design notes in the appendix) and its measures' names are in Spanish too, with no English lang mark.
    expect(html).not.toContain('<div class="context" lang="en">');
    expect(html).toContain('<h3>Cómo se diseñó EH2020</h3>');
    expect(html).not.toContain('How EH2020 was designed');
    for (const spanish of ['Informe de mitad de año 2019-20', 'Transformar el aprendizaje estudiantil', 'Teorías de Acción', 'Bien encaminado', 'A mitad del año 2019-20', 'Estudiantes con ausentismo crónico (PK-12)']) expect(html).toContain(spanish);
    expect(html).not.toContain('Students chronically absent');
    for (const english of ['Mid-Year Report 2019-20', 'Transform Student Learning', 'Theories of Action']) expect(html).not.toContain(english);
    // The offices' names, in the Mid-Year report's district action plans.
    const midyear = await runCli(['report', join(ROOT, 'plans', 'eh2020'), '--type', 'midyear', '--cycle', '2020-midyear', '--lang', 'es', '--format', 'html', '--out', out, '--as-of', '2020-02-10']);
    const mid = readFileSync(midyear.stdout.trim(), 'utf8');
    expect(mid).toContain('Oficina de Enseñanza y Aprendizaje');
    expect(mid).not.toContain('Office of Teaching and Learning');
  });

  it('exports XLIFF 2.0 and imports it back: only the translations section is new, every other line as it was', async () => {
    const dir = untranslated();
    const before = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    const xlf = join(dir, '..', 'es.xlf');
    const made = await runCli(['translate', dir, '--lang', 'es', '--out', xlf]);
    expect(made.code).toBe(0);
    const exported = readFileSync(xlf, 'utf8');
    expect(exported).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">');
    expect(exported).toContain('<unit id="items:toa1:title">');
    // A translation tool fills each target; text with markup characters is escaped, as XML wants.
    const filled = exported.replace(/<source>([^<]*)<\/source><\/segment>/g, (_, source: string) => `<source>${source}</source><target>ES &lt;${source}&gt; &amp; "ok"</target></segment>`);
    writeFileSync(xlf, filled);
    const applied = await runCli(['translate', dir, '--lang', 'es', '--import', xlf]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Spanish \(es\): (\d+) of \1 of the plan's strings translated \(100%\)/);
    const after = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after).toContain('      title: ES <Transform Student Learning> & "ok"');
    expect((await runCli(['validate', dir])).code).toBe(0);
    // The same file again changes nothing.
    expect((await runCli(['translate', dir, '--lang', 'es', '--import', xlf])).stdout).toContain('Nothing to write');
  });

  it('imports a CSV a spreadsheet saved with semicolons, into a translations section that has comments, and keeps them', async () => {
    const dir = untranslated();
    writeFileSync(join(dir, 'plan.yaml'), `${readFileSync(join(dir, 'plan.yaml'), 'utf8')}\n# Our plan in Spanish, for families.\ntranslations:\n  es:\n    # Checked by the family liaison, May 2020.\n    plan:\n      title: Plan de Mejora del Distrito EH2020  # the official title\n`);
    const csv = join(dir, '..', 'es.csv');
    expect((await runCli(['translate', dir, '--lang', 'es', '--out', csv])).code).toBe(0);
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('\uFEFFKey,What it is,Text,Translation (es)');
    expect(rows[1]).toBe('plan:title,"The plan\'s title",EH2020 District Improvement Plan,Plan de Mejora del Distrito EH2020');
    // The translator's spreadsheet, saved in a semicolon locale: the subtitle and a theory's title filled.
    writeFileSync(csv, '\uFEFFKey;What it is;Text;Translation (es)\r\nplan:subtitle;x;Blueprint for Achievement;Plan para el Logro\r\nitems:toa2:title;x;Rich and Vibrant Learning Culture;"Una cultura de aprendizaje rica; vibrante"\r\nitems:gone:title;x;Removed;Quitado\r\n');
    const applied = await runCli(['translate', dir, '--lang', 'es', '--import', csv]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Wrote 2 translations');
    expect(applied.stderr).toContain('"items:gone:title" is no string of the plan');
    const after = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(after).toContain('    # Checked by the family liaison, May 2020.\n');
    // The comment above the section, once: it stays where it was, and is not written again.
    expect(after.split('# Our plan in Spanish, for families.').length).toBe(2);
    expect(after).toContain('title: Plan de Mejora del Distrito EH2020 # the official title');
    expect(after).toContain('subtitle: Plan para el Logro');
    expect(after).toContain('title: Una cultura de aprendizaje rica; vibrante');
    expect((await runCli(['validate', dir])).code).toBe(0);
  });

  it('refuses a file for another language, a file that is not a translation, and an export it cannot write, with the fix', async () => {
    const dir = untranslated();
    const xlf = join(dir, '..', 'fr.xlf');
    await runCli(['translate', dir, '--lang', 'fr', '--out', xlf]);
    const wrong = await runCli(['translate', dir, '--lang', 'es', '--import', xlf]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is a translation into French (fr), not Spanish (es)');
    writeFileSync(xlf, '<html><body>not a translation</body></html>');
    const notXliff = await runCli(['translate', dir, '--lang', 'fr', '--import', xlf]);
    expect(notXliff.code).toBe(2);
    expect(notXliff.stderr).toContain('is not an XLIFF file');
    // A device is refused at once, not read for ever.
    const device = await runCli(['translate', dir, '--lang', 'es', '--import', '/dev/zero']);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('/dev/zero is not a file (it is a device)');
    const txt = await runCli(['translate', dir, '--lang', 'es', '--out', join(dir, '..', 'es.txt')]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toContain('writes .xlf (XLIFF 2.0) or .csv');
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).not.toContain('translations:');
  });

  it('plan report --lang says how much of the plan is untranslated; --require-translation refuses, writing nothing', async () => {
    const dir = untranslated();
    const out = join(dir, '..', 'reports');
    const warned = await runCli(['report', dir, '--type', 'board', '--cycle', '2020-midyear', '--lang', 'es', '--format', 'html', '--out', out]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/warning: Spanish \(es\): 0 of \d+ of the plan's strings translated \(0%\)/);
    const strict = await runCli(['report', dir, '--type', 'board', '--cycle', '2020-midyear', '--lang', 'es', '--format', 'html', '--out', join(dir, '..', 'strict'), '--require-translation']);
    expect(strict.code).toBe(1);
    expect(existsSync(join(dir, '..', 'strict'))).toBe(false);
    // In the plan's own language there is nothing to translate.
    expect((await runCli(['report', dir, '--type', 'board', '--cycle', '2020-midyear', '--format', 'html', '--out', out, '--require-translation'])).code).toBe(0);
  });
});

describe('a language is one locale file', () => {
  it('a third language, from locales/<tag>.json in the plan directory alone, carries every word of the report', async () => {
    // Pseudo-French: every message of the English file, marked, placeholders kept. No word of the
    // toolkit may reach the report without passing through it.
    const english = JSON.parse(readFileSync(join(ROOT, 'locales', 'en.json'), 'utf8')) as Record<string, string>;
    const pseudo = Object.fromEntries(Object.entries(english).map(([key, value]) => [key, key === 'language' ? 'Français' : `⟦${value}⟧`]));
    const dir = untranslated();
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'locales', 'fr.json'), JSON.stringify(pseudo));
    const out = join(dir, '..', 'fr');
    const result = await runCli(['report', dir, '--type', 'board', '--cycle', '2020-midyear', '--lang', 'fr', '--format', 'html', '--out', out, '--as-of', '2020-02-10']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(out, readdirSync(out)[0]!), 'utf8');
    expect(html).toContain('<html lang="fr">');
    // (The plan's own words, its terms and scale, stay as the plan writes them: not the toolkit's.)
    const planText = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    const leaked = Object.entries(english).filter(([key, value]) => key !== 'language' && !/[{]/.test(value) && value.length > 6 && !planText.includes(value) && html.includes(`>${value}<`));
    expect(leaked).toEqual([]);
    expect(html).toContain('⟦Summary⟧');
  });
});
