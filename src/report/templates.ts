// Report templates: the built-in set in templates/, with any file overridden by a district's own
// folder (named in plan.yaml as plan.templates, or with --templates). A district overrides one
// partial, its stylesheet or adds a theme.css and a logo without copying the rest.
import { englishLocale, type Locale } from './locale.js';
import type { TermKey } from '../plan/terminology.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readConfined, RefusedFileError, repositoryRoot } from '../confine.js';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type HandlebarsNamespace from 'handlebars';
import { BUILT_IN_SPECS } from './built-in-templates.js';


type Handlebars = typeof HandlebarsNamespace;
const require = createRequire(import.meta.url);

/** The view's names for the district's terms, and the terminology key each comes from. */
const TERM_OF_VIEW: Record<string, TermKey> = {
  theory: 'theory', theories: 'theory', strategy: 'strategy', strategies: 'strategy', action: 'action', actions: 'action',
  goal: 'goal', goals: 'goal', school: 'school', schools: 'school', office: 'office', offices: 'office',
  districtActionPlans: 'district_action_plan', schoolActionPlan: 'school_action_plan',
};

interface TermRoot {
  terms?: Record<string, string>;
  planLang?: string;
  translated?: { terms?: Partial<Record<TermKey, true>> } | null;
}

export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

export interface TemplateSet {
  /** The report's HTML; `pageCss` (the running header and footer) follows the stylesheet. */
  render(view: object, pageCss?: string): string;
  /** A page of the plan's public website (plan site): site.hbs around the report's own partials. */
  renderSite(view: object): string;
  /** The district's logo found in a templates folder, as a data: URI. */
  logoDataUri?: string;
  /** Where each template came from, for error messages and --verbose. */
  sources: Record<string, string>;
}

const LOGO_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.webp': 'image/webp' };

/**
 * An image as a data: URI, read under the rule of confine.ts: inside `roots`, a regular file, within
 * the logo limit. Undefined for a type that is not an image, or a file that is not there.
 */
export function imageDataUri(path: string, roots: readonly string[], shown: string = path): string | undefined {
  const type = LOGO_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  try {
    return `data:${type};base64,${Buffer.from(readConfined(path, 'logo', roots, shown).bytes).toString('base64')}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class TemplateError extends Error {}

/**
 * A folder of templates, and the folders its files may lead into: a folder the plan names
 * (plan.templates) stays inside the plan's repository; one named on the command line, inside its
 * own repository (or itself, outside git).
 */
export interface TemplateFolder {
  path: string;
  roots: string[];
}

/** The folders a plan's reports take templates from, after the built-in set: plan.templates, then any named. */
export function templateFolders(planDir: string, planTemplates: string | undefined, named: string[] = []): TemplateFolder[] {
  return [...(planTemplates ? [{ path: resolve(planDir, planTemplates), roots: [repositoryRoot(planDir)] }] : []), ...named.map((path) => ({ path, roots: [repositoryRoot(path)] }))];
}

/** Loads templates from `folders`, later folders overriding earlier ones file by file. */
export function loadTemplates(folders: ReadonlyArray<string | TemplateFolder>): TemplateSet {
  const files = new Map<string, string>();
  const rootsOf = new Map<string, readonly string[]>();
  let logo: string | undefined;
  const builtIn = { path: BUILT_IN_TEMPLATES, roots: [BUILT_IN_TEMPLATES] };
  for (const folder of [builtIn, ...folders.map((f) => (typeof f === 'string' ? { path: f, roots: [repositoryRoot(f)] } : f))]) {
    const at = folder.path;
    if (!existsSync(at)) throw new TemplateError(`templates folder ${at} does not exist`);
    const found = (name: string, path: string) => (files.set(name, path), rootsOf.set(path, folder.roots));
    for (const name of ['report.hbs', 'report.css', 'theme.css', 'site.hbs', 'site.css']) if (existsSync(join(at, name))) found(name, join(at, name));
    const partials = join(at, 'partials');
    if (existsSync(partials)) for (const name of readdirSync(partials)) if (name.endsWith('.hbs')) found(`partials/${name}`, join(partials, name));
    for (const name of readdirSync(at)) if (/^logo\.(png|jpe?g|svg|gif|webp)$/i.test(name)) (logo = join(at, name)), rootsOf.set(logo, folder.roots);
  }
  const read = (path: string): string => {
    if (path.startsWith(BUILT_IN_TEMPLATES)) return readFileSync(path, 'utf8');
    try {
      return Buffer.from(readConfined(path, 'template', rootsOf.get(path)!).bytes).toString('utf8');
    } catch (error) {
      if (error instanceof RefusedFileError) throw new TemplateError(`template ${error.said()}`);
      throw error;
    }
  };
  // Built-in templates come precompiled (scripts/build-templates.js), so a report made from them
  // loads Handlebars' runtime only; a district's own template, or one edited since the build, is
  // compiled here with the full package.
  const texts = new Map([...files].filter(([name]) => name.endsWith('.hbs')).map(([name, path]) => [name, read(path)]));
  const precompiled = (name: string) => {
    const built = files.get(name) === join(BUILT_IN_TEMPLATES, name) ? BUILT_IN_SPECS[name] : undefined;
    return built && built.hash === createHash('sha1').update(texts.get(name)!).digest('hex') ? built.spec : undefined;
  };
  const allPrecompiled = [...texts.keys()].every((name) => precompiled(name) !== undefined);
  const hbs = (allPrecompiled ? require('handlebars/runtime') : require('handlebars')).create() as Handlebars;
  hbs.registerHelper('lower', (text: unknown) => String(text ?? '').toLowerCase());
  // Block helpers get Handlebars' options object last: it is not an argument.
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('not', (a: unknown) => !a);
  // Whether an item's field is shown in the report's language (from translations.<lang>.items): then
  // it needs no lang mark of the plan's language.
  hbs.registerHelper('translated', function (id: unknown, field: unknown, options: { data?: { root?: { translated?: { items?: Record<string, true> } | null } } }) {
    const items = options.data?.root?.translated?.items;
    return Boolean(typeof field === 'string' && items && Object.hasOwn(items, `${String(id)}.${field}`));
  });
  // A district's term ({{term "actions"}}, {{term "theory" lower=true}}), marked with the plan's
  // language where the report is in another and the plan gives no translation of it.
  hbs.registerHelper('term', function (name: unknown, options: { hash?: { lower?: boolean }; data?: { root?: TermRoot } }) {
    const root = options.data?.root;
    const word = String(root?.terms?.[String(name)] ?? '');
    const key = TERM_OF_VIEW[String(name)];
    if (!root?.planLang || !key || root.translated?.terms?.[key]) return options.hash?.lower ? word.toLowerCase() : word;
    // A district's term in another language is a name: as written, and quoted where a sentence of
    // the report's language takes it in, never bent to that language's grammar (lower case).
    const marked = `<span lang="${hbs.escapeExpression(root.planLang)}">${hbs.escapeExpression(word)}</span>`;
    if (!options.hash?.lower) return new hbs.SafeString(marked);
    const locale = (root as { locale?: Locale }).locale ?? englishLocale();
    return new hbs.SafeString(`${hbs.escapeExpression(locale.t('quote.open'))}${marked}${hbs.escapeExpression(locale.t('quote.close'))}`);
  });
  // The report's own words in its language: {{t "summary"}}, {{t "rated" coverage=figure.coverage}}.
  // The view carries its locale; a view without one (a district's old template data) reads English.
  // A value that is marked-up already (a term in another language) is kept: the rest is escaped.
  hbs.registerHelper('t', function (key: unknown, options: { hash?: Record<string, unknown>; data?: { root?: { locale?: Locale } } }) {
    const locale = options.data?.root?.locale ?? englishLocale();
    const hash = options.hash ?? {};
    const marked = Object.entries(hash).filter(([, value]) => value instanceof hbs.SafeString);
    if (!marked.length) return locale.t(String(key), hash as Record<string, string | number>);
    const holders = { ...hash } as Record<string, string | number>;
    marked.forEach(([name], i) => (holders[name] = `\u0000${i}\u0000`));
    const text = hbs.escapeExpression(locale.t(String(key), holders)).replace(/\u0000(\d+)\u0000/g, (_, i: string) => String(marked[Number(i)]![1]));
    return new hbs.SafeString(text);
  });
  const compile = (name: string) => {
    const spec = precompiled(name);
    if (spec) return hbs.template(spec as Parameters<Handlebars['template']>[0]);
    const path = files.get(name)!;
    try {
      return hbs.compile(texts.get(name)!, { strict: false, preventIndent: true });
    } catch (error) {
      throw new TemplateError(`${path}: ${(error as Error).message}`);
    }
  };
  for (const [name] of files) {
    if (!name.startsWith('partials/')) continue;
    const partial = name.slice('partials/'.length, -'.hbs'.length);
    hbs.registerPartial(partial, compile(name));
  }
  if (!files.has('report.hbs')) throw new TemplateError('no report.hbs template found');
  const layout = compile('report.hbs');
  // The website's page, compiled the first time a page is made: reports never need it.
  let siteLayout: ReturnType<typeof compile> | undefined;
  let siteCss: string | undefined;
  // The stylesheet is the district's own file, not plan text: it is trusted and printed as is, but
  // it may not close the <style> element it is printed in.
  const css = ['report.css', 'theme.css']
    .filter((n) => files.has(n))
    .map((n) => read(files.get(n)!).replace(/<\/style/gi, '<\\/style'))
    .join('\n');
  return {
    render: (view, pageCss) => {
      try {
        return layout({ ...view, css: pageCss ? `${css}\n${pageCss}` : css });
      } catch (error) {
        throw new TemplateError(`rendering the report template: ${(error as Error).message}`);
      }
    },
    renderSite: (view) => {
      if (!files.has('site.hbs')) throw new TemplateError('no site.hbs template found');
      siteLayout ??= compile('site.hbs');
      // Read once for the whole site: every page carries the same stylesheet.
      siteCss ??= `${css}\n${files.has('site.css') ? read(files.get('site.css')!).replace(/<\/style/gi, '<\\/style') : ''}`;
      try {
        return siteLayout({ ...view, css: siteCss });
      } catch (error) {
        throw new TemplateError(`rendering the site template: ${(error as Error).message}`);
      }
    },
    ...(logo ? { logoDataUri: templateLogo(logo, rootsOf.get(logo)!)! } : {}),
    sources: Object.fromEntries(files),
  };
}

function templateLogo(path: string, roots: readonly string[]): string | undefined {
  try {
    return imageDataUri(path, roots);
  } catch (error) {
    if (error instanceof RefusedFileError) throw new TemplateError(`the templates' logo ${error.said()}`);
    throw error;
  }
}
