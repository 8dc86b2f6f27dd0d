// Reports in the family's language: the report's own words (headings, labels, dates, "Page X of Y")
// come from locales/<lang>.json, the plan's text stays as written and is marked with its language.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocale } from '../src/report/locale.js';
import { materialize, readTree, ROOT } from './helpers.js';
import { runCli } from './run-cli.js';

/** EH2020 as the district wrote it: without the Spanish translation the sample carries. */
function untranslatedEh2020(): Record<string, string> {
  const files = readTree(join(ROOT, 'plans', 'eh2020'));
  const text = files['plan.yaml']!;
  files['plan.yaml'] = text.slice(0, text.indexOf('\n# The plan in Spanish')) + '\n';
  expect(files['plan.yaml']).not.toContain('translations:');
  return files;
}

const messages = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'locales', `${lang}.json`), 'utf8')) as Record<string, string>;

async function reportHtml(args: string[], plan = 'plans/eh2020'): Promise<{ code: number; html: string; stderr: string }> {
  const out = materialize({});
  const result = await runCli(['report', plan, '--format', 'html', '--out', out, ...args]);
  const file = result.code === 0 ? readdirSync(out).find((f) => f.endsWith('.html')) : undefined;
  return { code: result.code ?? -1, html: file ? readFileSync(join(out, file), 'utf8') : '', stderr: result.stderr };
}

describe('the report in another language', () => {
  it('--lang es: the report\'s words in Spanish, the plan\'s text as written and marked as English', async () => {
    const { code, html } = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10', '--lang', 'es'], materialize(untranslatedEh2020()));
    expect(code).toBe(0);
    expect(html).toContain('<html lang="es">');
    for (const words of ['<h2>Resumen</h2>', 'Lo que salió bien', 'Necesita atención urgente', 'Informe a la Junta', '11 de febrero de 2020', 'Sobre este informe', 'Calificación']) expect(html).toContain(words);
    for (const english of ['<h2>Summary</h2>', 'What went well', 'About this report', 'February 11, 2020']) expect(html).not.toContain(english);
    // EH2020's own words stay English, and say so.
    expect(html).toMatch(/<p class="statement" lang="en">If EHPS provides students with rich, standards aligned curriculum/);
    expect(html).toContain('<span lang="en">Transform Student Learning</span>');
    // So do its terms, in headings, table headers and inside the report's own sentences.
    expect(html).toContain('<h2><span lang="en">Theories of Action</span></h2>');
    expect(html).toContain('<th scope="col"><span lang="en">School Action Plan</span></th>');
    // A term spliced into the report's sentence is a name there: as written, quoted, not lower-cased.
    expect(html).toMatch(/Action Steps<\/span> por calificación, según «<span lang="en">Theory of Action<\/span>»/);
    expect(html).not.toMatch(/según <span lang="en">theory of action/);
    // A term inside the report's sentence is text, escaped as the rest of it.
    expect(html).not.toMatch(/&lt;span lang/);
  });

  it('what the plan\'s terminology does not name reads in the report\'s language; what it names stays as written, marked', async () => {
    const files = untranslatedEh2020();
    // Only the goal named by the district: the rest are the toolkit's words.
    files['plan.yaml'] = files['plan.yaml']!.replace(/^terminology:\n(?:  .*\n)+/m, 'terminology:\n  goal: Goal\n');
    expect(files['plan.yaml']).toContain('terminology:\n  goal: Goal\n\n');
    const dir = materialize(files);
    const spanish = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10', '--lang', 'es'], dir);
    expect(spanish.code).toBe(0);
    expect(spanish.html).toContain('<h2>Teorías de Acción</h2>');
    expect(spanish.html).toContain('24 de 24 Pasos de Acción calificados');
    expect(spanish.html).toContain('<h2><span lang="en">Goals</span></h2>');
    // The district's own narrative keeps its words, marked as English.
    expect(spanish.html).toMatch(/<div class="context" lang="en">\s*<h3>Theories of Action<\/h3>/);
    expect(spanish.html.replace(/<div class="context" lang="en">[\s\S]*?<\/div>/g, '')).not.toContain('Theories of Action');
    const english = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10'], dir);
    expect(english.html).toContain('<h2>Theories of Action</h2>');
    expect(english.html).toContain('24 of 24 Action Steps rated');
  });

  it('a plan written in Spanish reports in Spanish by default, with nothing marked as another language', async () => {
    const files = readTree(join(ROOT, 'plans', 'eh2020'));
    files['plan.yaml'] = files['plan.yaml']!.replace('  period: {', '  language: es\n  period: {');
    expect(files['plan.yaml']).toContain('language: es');
    const { code, html } = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10'], materialize(files));
    expect(code).toBe(0);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h2>Resumen</h2>');
    expect(html).not.toMatch(/ lang="e[ns]"[^>]*>[^<]*<\/p>/);
  });

  it('a language plan does not ship is refused, unless the plan directory brings its words; missing words read English', async () => {
    const refused = await reportHtml(['--lang', 'fr']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no report words for the language "fr"');
    expect(refused.stderr).toContain('add locales/<lang>.json to the plan directory');

    const files = readTree(join(ROOT, 'plans', 'eh2020'));
    const dir = materialize(files);
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'locales', 'fr.json'), JSON.stringify({ summary: 'Sommaire', page: 'Page {page} sur {total}' }));
    const french = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--lang', 'fr'], dir);
    expect(french.code).toBe(0);
    expect(french.html).toContain('<html lang="fr">');
    expect(french.html).toContain('<h2>Sommaire</h2>');
    expect(french.html).toContain('What went well');
    expect(loadLocale('fr', dir).t('page', { page: 2, total: 9 })).toBe('Page 2 sur 9');

    writeFileSync(join(dir, 'locales', 'fr.json'), '{"summary": ');
    const broken = await reportHtml(['--lang', 'fr'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/locales\/fr\.json is not valid JSON/);
  });

  it('a region reads its language\'s words, and a district overrides a word of ours', async () => {
    expect(loadLocale('es-MX').t('summary')).toBe('Resumen');
    const dir = materialize({ 'locales/es.json': JSON.stringify({ summary: 'Resumen ejecutivo' }) });
    expect(loadLocale('es-MX', dir).t('summary')).toBe('Resumen ejecutivo');
    expect(loadLocale('es-MX', dir).t('wentWell')).toBe('Lo que salió bien');
  });
});

describe('the locale files', () => {
  const en = messages('en');
  const es = messages('es');

  it('English and Spanish have the same keys, and the same placeholders in each message', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) expect(placeholders(es[key]!), key).toEqual(placeholders(en[key]!));
  });

  it('every word the templates and the view model ask for is in the English file', () => {
    const used = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'templates', 'partials')).map((f) => join(ROOT, 'templates', 'partials', f)).concat(join(ROOT, 'templates', 'report.hbs'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"|\(t "([^"]+)"\)/g)) used.add(m[1] ?? m[2]!);
    }
    for (const file of ['view-model.ts', 'render-html.ts'].map((f) => join(ROOT, 'src', 'report', f)).concat(join(ROOT, 'src', 'cli', 'report-write.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([^']+)'/g)) used.add(m[1]!);
    }
    // Keys built from a value: each value's key must exist.
    for (const type of ['board', 'midyear', 'eoy', 'school', 'overview']) used.add(`type.${type}`);
    for (const trend of ['up', 'down', 'same', 'new']) used.add(`trend.${trend}`);
    for (const status of ['met', 'on-track', 'off-track', 'no-data', 'no-timeline']) used.add(`goalStatus.${status}`).add(`goalCount.${status}`);
    for (const ms of ['met', 'missed', 'upcoming']) used.add(`milestone.${ms}`);
    for (const method of ['mean', 'median', 'weighted', 'minimum']) used.add(`method.${method}`);
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });
});

describe('the charts\' data as text', () => {
  it('each chart\'s text alternative lists its data, and every report carries the data as tables', async () => {
    const { code, html } = await reportHtml(['--type', 'midyear', '--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    expect(code).toBe(0);
    expect(html).toContain('aria-label="Action Steps: ratings by theory of action: 1. Transform Student Learning, 5 In progress, 1 On track; 2. Rich and Vibrant Learning Culture, 1 Not yet on track, 4 In progress, 4 On track;');
    expect(html).toMatch(/aria-label="Reduce chronic absenteeism across PK-12\.: Off track; baseline 14\.8%; now 11\.9%; target 10%"/);
    expect(html).toMatch(/<table class="chart-data" id="data-distribution">\s*<caption>Action Steps by rating, per theory of action<\/caption>/);
    expect(html).toMatch(/<th scope="row">1\. Transform Student Learning<\/th><td>0<\/td><td>5<\/td><td>1<\/td><td>0<\/td>/);
    const board = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10']);
    expect(board.html).toContain('<table class="chart-data" id="data-distribution">');
    // Each chart points to its table.
    expect(board.html).toMatch(/<svg class="chart chart-wide distribution"[^>]* aria-describedby="data-distribution"/);
    expect(board.html).toMatch(/<svg class="chart chart-narrow distribution"[^>]* aria-describedby="data-distribution"/);
    // The school report keeps its trend's data in the chart's own figure, in three pages.
    const school = await reportHtml(['--type', 'school', '--school', 'ehms', '--cycle', '2020-spring-sam', '--as-of', '2020-06-20']);
    expect(school.html).toMatch(/<svg class="chart chart-wide trend"[^>]* aria-describedby="data-trend"/);
    expect(school.html).toMatch(/<figure class="chart-block">(?:(?!<\/figure>)[\s\S])*<table class="chart-data" id="data-trend">/);
    expect(school.html).toMatch(/<th scope="row">East Hartford Middle School<\/th><td>2 In progress<\/td><td>1 Not yet on track<\/td><td>2 In progress<\/td>/);
  });
});

describe('the plan\'s own words in the report\'s language', () => {
  it('translations.<lang> in plan.yaml replaces terminology, the scale\'s labels and the plan\'s statements; the rest stays as written', async () => {
    const files = untranslatedEh2020();
    files['plan.yaml'] = `${files['plan.yaml']!}
translations:
  es:
    terminology:
      theory: {singular: Teoría de Acción, plural: Teorías de Acción}
      action: {singular: Paso de Acción, plural: Pasos de Acción}
    rating_scale:
      name: Indicador de Progreso
      levels:
        - {label: Aún no va bien, description: Poca evidencia de implementación o resultados.}
        - {label: En progreso}
        - {label: Va bien}
    plan:
      title: Plan de Mejora del Distrito EH2020
`;
    const dir = materialize(files);
    expect((await runCli(['validate', dir])).code).toBe(0);
    const { code, html } = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10', '--lang', 'es'], dir);
    expect(code).toBe(0);
    expect(html).toContain('<h2>Teorías de Acción</h2>');
    expect(html).toContain('Teoría de Acción 1');
    expect(html).toContain('24 de 24 Pasos de Acción calificados');
    // Translated terms are in the report's language; the one left as written keeps its mark.
    expect(html).not.toMatch(/<span lang="en">(Teor|Pasos|teor)/);
    expect(html).toContain('<span lang="en">Goals</span>');
    expect(html).toContain('En progreso');
    expect(html).not.toContain('In progress');
    // The translated title is in the report's language; the statements, not translated, are marked as English.
    expect(html).toContain('<p class="plan-title">Plan de Mejora del Distrito EH2020');
    expect(html).toMatch(/<p class="statement" lang="en">If EHPS provides/);
    // The English report is as it was.
    const english = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10'], dir);
    expect(english.html).toContain('<h2>Theories of Action</h2>');
    expect(english.html).toContain('In progress');
  });

  it('items, goals and declared levels in the report\'s language, unmarked; what is left as written keeps its lang mark', async () => {
    const files = untranslatedEh2020();
    files['plan.yaml'] = `${files['plan.yaml']!}
translations:
  es:
    items:
      toa1:
        title: Transformar el aprendizaje estudiantil
        statement: Si EHPS ofrece a sus estudiantes un currículo rico, entonces transformaremos su aprendizaje.
      toa1-curriculum: {title: Currículos alineados con los estándares}
      chronic-absence: {title: Reducir el ausentismo crónico en PK-12.}
      no-such-item: {title: Nada}
`;
    const dir = materialize(files);
    expect((await runCli(['validate', dir])).code).toBe(0);
    const { code, html } = await reportHtml(['--type', 'board', '--cycle', '2020-midyear', '--as-of', '2020-02-10', '--lang', 'es'], dir);
    expect(code).toBe(0);
    expect(html).toContain('<span>Transformar el aprendizaje estudiantil</span>');
    expect(html).toContain('<p class="statement">Si EHPS ofrece a sus estudiantes un currículo rico, entonces transformaremos su aprendizaje.</p>');
    expect(html).toContain('<strong>Currículos alineados con los estándares</strong>');
    expect(html).toContain('<span>Reducir el ausentismo crónico en PK-12.</span>');
    // Its text, not given in Spanish, stays as written and is marked as English.
    expect(html).toMatch(/<p class="strategy-text" lang="en">Provide all students with a high quality/);
    expect(html).toContain('<span lang="en">Rich and Vibrant Learning Culture</span>');
    expect(html).not.toContain('Transform Student Learning');

    // The declared levels' names, in a four-level plan.
    const gcps = readTree(join(ROOT, 'plans', 'gcps2022'));
    gcps['plan.yaml'] = `${gcps['plan.yaml']!}
translations:
  es:
    levels:
      - {name: Prioridad Estratégica, plural: Prioridades Estratégicas}
      - {name: Meta, plural: Metas}
      - {name: Objetivo, plural: Objetivos}
    items:
      empathy: {title: Empatía}
`;
    const gcpsDir = materialize(gcps);
    expect((await runCli(['validate', gcpsDir])).code).toBe(0);
    const report = await reportHtml(['--type', 'midyear', '--cycle', '2024-january', '--as-of', '2024-02-01', '--lang', 'es'], gcpsDir);
    expect(report.code).toBe(0);
    expect(report.html).toContain('Prioridad Estratégica 1: <span>Empatía</span>');
    expect(report.html).toContain('<h2>Prioridades Estratégicas</h2>');
    expect(report.html).toMatch(/OBJETIVOS|Objetivos/);
    expect(report.html).not.toContain('Strategic Priority 1');
  });
});
