// Narrative fields (evidence, rationales, descriptions) are Markdown, rendered with markdown-it:
// paragraphs, nested lists, emphasis, strong, inline code, block quotes, backslash escapes and
// links. Raw HTML is never passed through (it shows as text), images are off (a report fetches
// nothing), headings are off (they would break the report's outline), and a link goes out only to
// https, http or mailto; any other link stays as the text the author typed.
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';

const SAFE_URL = /^(https?:|mailto:)/i;

let parser: MarkdownIt | undefined;

function markdown(): MarkdownIt {
  if (parser) return parser;
  // Loaded on first use: most evidence is plain sentences (see below), and markdown-it with its
  // entity tables costs more to load than a whole report costs to render.
  const MarkdownItClass = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt;
  const md = new MarkdownItClass('default', { html: false, linkify: false, typographer: false, breaks: false });
  md.disable(['heading', 'lheading', 'image', 'code', 'fence', 'table', 'hr', 'reference', 'html_block', 'html_inline']);
  md.validateLink = (url: string) => SAFE_URL.test(url.trim());
  parser = md;
  return md;
}

// One line with nothing Markdown could read as syntax renders as one paragraph, exactly as
// markdown-it would render it: no need to load it.
const MARKDOWN_SYNTAX = /[\n\r\\`*_[\]<>!&#|~=]|^\s|\s$|^(?:[-+]\s|\d+[.)]\s)/;
const ENTITIES: Record<string, string> = { '"': '&quot;' };

export function renderMarkdown(source: string | undefined | null): string {
  if (!source) return '';
  const text = String(source);
  if (!MARKDOWN_SYNTAX.test(text)) return `<p>${text.replace(/"/g, (c) => ENTITIES[c]!)}</p>`;
  return renderWithMarkdownIt(text);
}

/** Always through markdown-it: what renderMarkdown's shortcut must equal. */
export function renderWithMarkdownIt(source: string): string {
  return markdown().render(source).trim();
}
