// The small, safe subset of Markdown that narrative fields may use: paragraphs, bulleted and
// numbered lists, *emphasis*, **strong** and [links](https://...). Everything else, raw HTML
// included, is shown as text: the text is escaped first, and only these constructs are turned
// back into markup.
import { escapeHtml } from './escape.js';

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s]+$/i;

function inline(escaped: string): string {
  return escaped
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, text: string, url: string) => {
      // The URL was escaped with the rest; undo the entities for the check, escape again for the attribute.
      const raw = url.replace(/&amp;/g, '&').replace(/&#61;/g, '=');
      return SAFE_URL.test(raw) ? `<a href="${escapeHtml(raw)}">${text}</a>` : whole;
    })
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\n]+)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>');
}

export function renderMarkdown(source: string | undefined | null): string {
  if (!source) return '';
  const blocks = String(source).replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*[-*+]\s+/.test(l))) {
      out.push(`<ul>${lines.map((l) => `<li>${inline(escapeHtml(l.replace(/^\s*[-*+]\s+/, '')))}</li>`).join('')}</ul>`);
    } else if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) {
      out.push(`<ol>${lines.map((l) => `<li>${inline(escapeHtml(l.replace(/^\s*\d+[.)]\s+/, '')))}</li>`).join('')}</ol>`);
    } else {
      out.push(`<p>${inline(escapeHtml(lines.join(' ')))}</p>`);
    }
  }
  return out.join('\n');
}
