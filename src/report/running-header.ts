// The running header and footer of a report's printed pages, as CSS page-margin boxes in the
// report's own stylesheet: Chromium lays them out with the pages (header and footer templates are
// separate documents laid out for every page, which is slower), and a reader who prints the HTML
// from a browser gets them too.
import { cssString } from './escape.js';

/** "Page {page} of {total}" as CSS content: strings and the page counters. */
export function pageLabelContent(label: string): string {
  const parts: string[] = [];
  for (const piece of label.split(/(\{page\}|\{total\})/)) {
    if (piece === '{page}') parts.push('counter(page)');
    else if (piece === '{total}') parts.push('counter(pages)');
    else if (piece) parts.push(cssString(piece));
  }
  return parts.length ? parts.join(' ') : '""';
}

export function runningHeaderCss(header: string, pageLabel: string): string {
  const look = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 7.5pt; color: #555;";
  return `@page { @top-left { content: ${cssString(header)}; ${look} } @bottom-right { content: ${pageLabelContent(pageLabel)}; ${look} } }`;
}
