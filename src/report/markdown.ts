// Narrative fields (evidence, rationales, descriptions) are Markdown, rendered with markdown-it:
// paragraphs, nested lists, emphasis, strong, inline code, block quotes, backslash escapes and
// links. Raw HTML is never passed through (it shows as text), images are off (a report fetches
// nothing), headings are off (they would break the report's outline), and a link goes out only to
// https, http or mailto; any other link stays as the text the author typed.
import MarkdownIt from 'markdown-it';

const SAFE_URL = /^(https?:|mailto:)/i;

let parser: MarkdownIt | undefined;

function markdown(): MarkdownIt {
  if (parser) return parser;
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
  md.disable(['heading', 'lheading', 'image', 'code', 'fence', 'table', 'hr', 'reference', 'html_block', 'html_inline']);
  md.validateLink = (url: string) => SAFE_URL.test(url.trim());
  parser = md;
  return md;
}

export function renderMarkdown(source: string | undefined | null): string {
  if (!source) return '';
  return markdown().render(String(source)).trim();
}
