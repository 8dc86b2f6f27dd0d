// Reads a PDF's pages as pdftohtml (poppler) lays them out, to check what a reader sees of them:
// how full each page is, and whether a heading is left alone at the foot of a page.
import { execFileSync } from 'node:child_process';

export interface PageText {
  top: number;
  bottom: number;
  text: string;
  heading: boolean;
  /** A section heading (h2): what starts a section. */
  sectionHeading: boolean;
}

export interface PageLayout {
  number: number;
  /** Share of the space between the running header and footer that the page's text spans. */
  fill: number;
  texts: PageText[];
}

const ACCENT = '#1f3a5e';

export function pageLayout(pdf: string): PageLayout[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const pages: PageLayout[] = [];
  for (const page of xml.split('<page ').slice(1)) {
    const number = Number(/number="(\d+)"/.exec(page)![1]);
    const height = Number(/height="(\d+)"/.exec(page)![1]);
    const fonts = new Map<string, { size: number; color: string }>();
    for (const m of page.matchAll(/<fontspec id="(\d+)" size="(\d+)" family="[^"]*" color="([^"]+)"\/>/g)) fonts.set(m[1]!, { size: Number(m[2]), color: m[3]! });
    // Fonts declared on earlier pages carry over.
    for (const [id, f] of lastFonts) if (!fonts.has(id)) fonts.set(id, f);
    lastFonts = fonts;
    // The running header and footer sit in the page margins (0.75 in and 0.8 in of an 11 in page).
    const contentTop = height * (0.75 / 11);
    const contentBottom = height * (1 - 0.8 / 11);
    const texts: PageText[] = [];
    for (const m of page.matchAll(/<text top="(\d+)" left="\d+" width="\d+" height="(\d+)" font="(\d+)">(.*?)<\/text>/g)) {
      const top = Number(m[1]);
      const bottom = top + Number(m[2]);
      if (top < contentTop || bottom > contentBottom) continue;
      const font = fonts.get(m[3]!)!;
      const text = m[4]!.replace(/<[^>]+>/g, '').trim();
      if (!text) continue;
      const bold = m[4]!.includes('<b>');
      const heading = bold && font.color === ACCENT && font.size >= height / 66;
      texts.push({ top, bottom, text, heading, sectionHeading: heading && font.size >= height / 48 });
    }
    texts.sort((a, b) => a.top - b.top);
    const span = texts.length ? Math.max(...texts.map((t) => t.bottom)) - texts[0]!.top : 0;
    pages.push({ number, fill: span / (contentBottom - contentTop), texts });
  }
  lastFonts = new Map();
  return pages;
}

let lastFonts = new Map<string, { size: number; color: string }>();

export interface PageProblem {
  page: number;
  problem: string;
}

/**
 * Pages a reader would find wanting: less than `minFill` of a page used (except the first page, a
 * cover, and the last), or a heading as the last text on a page. Sections flow from page to page,
 * so no other page has a reason to be short.
 */
export function pageProblems(pages: PageLayout[], minFill = 0.4): PageProblem[] {
  const problems: PageProblem[] = [];
  pages.forEach((page, i) => {
    const next = pages[i + 1];
    if (i > 0 && next && page.fill < minFill) problems.push({ page: page.number, problem: `${Math.round(page.fill * 100)}% filled` });
    // The page's last line, whatever else is on it (a heading with its rating badge beside it).
    const last = page.texts.at(-1);
    const heading = last && page.texts.find((t) => t.heading && t.bottom >= last.top - 2);
    if (heading && next) problems.push({ page: page.number, problem: `ends with the heading "${heading.text}"` });
  });
  return problems;
}
