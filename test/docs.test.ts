// The documentation cannot drift (issue 29): the references are the ones the schemas and commands
// make, every link between the pages leads somewhere, and the README stays a front page.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('the generated references', () => {
  it('docs/reference/rules.md lists every code the rules report (run npm run docs after changing one)', async () => {
    const { rulesReference } = await import('../src/rules/reference.js');
    const { RULES } = await import('../src/rules/codes.js');
    const page = rulesReference();
    expect(readFileSync(join(ROOT, 'docs', 'reference', 'rules.md'), 'utf8')).toBe(page);
    for (const code of Object.keys(RULES)) expect(page).toContain(`| \`${code}\` |`);
  });

  it('docs/reference/format.md is the one the JSON Schemas make (run npm run docs after changing a schema)', async () => {
    const { schemasByKind } = await import('../src/schema/definitions.js');
    const { formatReference } = await import('../src/schema/reference.js');
    const page = formatReference(schemasByKind);
    expect(readFileSync(join(ROOT, 'docs', 'reference', 'format.md'), 'utf8')).toBe(page);
    // Every key a district writes is there, with its meaning: the terminology keys the old README left out, for one.
    // The default scale as the reference states it is the one plan uses (the old README's had drifted).
    const { DEFAULT_SCALE } = await import('../src/plan/scale.js');
    const scaleRow = page.split('\n').find((l) => l.startsWith('| `rating_scale` |'))!;
    expect(scaleRow).toContain(DEFAULT_SCALE.name);
    for (const level of DEFAULT_SCALE.levels) expect(scaleRow).toContain(`${level.value} ${level.label}`);
    for (const key of ['terminology.office', 'cycles[].applies_to', 'levels[].name', 'children', 'metric.milestones', 'rollup.cap']) expect(page).toMatch(new RegExp(`\\| \`${key.replace(/[.[\]]/g, '\\$&')}\` \\| [^|]+ \\| [^|]* \\| \\S`));
  });

  it("docs/reference/export.md documents plan export's every column (run npm run docs after changing one)", async () => {
    const { exportReference } = await import('../src/export/reference.js');
    const { EXPORT_COLUMNS } = await import('../src/export/table.js');
    const page = exportReference();
    expect(readFileSync(join(ROOT, 'docs', 'reference', 'export.md'), 'utf8')).toBe(page);
    for (const c of EXPORT_COLUMNS) expect(page).toContain(`| \`${c.key}\` | ${c.header} |`);
  });

  it('docs/reference/cli.md is the one the commands make (run npm run docs after changing a command)', async () => {
    const { cliReference } = await import('../src/cli/reference.js');
    const page = cliReference();
    expect(readFileSync(join(ROOT, 'docs', 'reference', 'cli.md'), 'utf8')).toBe(page);
    for (const command of ['init', 'validate', 'status', 'todo', 'collect', 'apply', 'report', 'diff', 'codeowners', 'schema', 'export', 'site']) expect(page).toContain(`## plan ${command}\n`);
    expect(page).toContain('`--levels <names>`');
  });
});

/** Every Markdown page of the project's documentation. */
function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  return [join(ROOT, 'README.md'), join(ROOT, 'ARCHITECTURE.md'), ...docs];
}

describe('the documentation pages', () => {
  it('show YAML and JSON that parse: a fragment of a file is still well-formed', async () => {
    const yaml = (await import('js-yaml')).default;
    const bad: string[] = [];
    for (const page of pages()) {
      for (const m of readFileSync(page, 'utf8').matchAll(/```(yaml|json)\n([\s\S]*?)```/g)) {
        try {
          if (m[1] === 'json') JSON.parse(m[2]!);
          else yaml.load(m[2]!);
        } catch (error) {
          bad.push(`${page.slice(ROOT.length + 1)}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
        if (!existsSync(file)) {
          broken.push(`${page.slice(ROOT.length + 1)}: ${target}`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${page.slice(ROOT.length + 1)}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README is a front page: under 250 lines, one click from each reader\'s page', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(250);
    for (const page of ['docs/guide/README.md', 'docs/reference/format.md', 'docs/reference/cli.md', 'ARCHITECTURE.md']) expect(readme).toContain(`](${page})`);
  });
});

/** The anchors GitHub makes of a page's headings, and its explicit ones. */
function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!.trim().toLowerCase().replace(/`([^`]*)`/g, (_, code: string) => code.replace(/[<>]/g, '')).replace(/<[^>]+>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  for (const [, id] of markdown.matchAll(/<a id="([^"]+)"/g)) out.add(id!);
  return out;
}
