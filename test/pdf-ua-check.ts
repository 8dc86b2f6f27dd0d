// A PDF structure checker for the machine-checkable conditions of PDF/UA-1 that plan's reports must
// meet (after the Matterhorn Protocol): XMP metadata with the PDF/UA identifier, the title and the
// language; the title shown in the window; content either tagged or an Artifact; structure types
// standard or role-mapped; Figures with alternative text; links with a description; tables with
// header cells that say their scope. Written apart from src/report/pdf-ua.ts, with its own reading
// of content streams, so that the two cannot share a mistake.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream } from 'pdf-lib';

const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);

export interface PdfUaReport {
  problems: string[];
  counts: { textShows: number; untaggedText: number; figures: number; figuresWithoutAlt: number; links: number; linksWithoutContents: number; unmappedTypes: string[] };
}

const text = (value: unknown) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '');

/** Operators of a content stream that show text, and whether each lies inside marked content. */
function textShows(content: string): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  let depth = 0;
  let i = 0;
  const n = content.length;
  const isDelimiter = (c: string) => ' \t\r\n\f\0/[]()<>{}%'.includes(c);
  while (i < n) {
    const c = content[i]!;
    if (' \t\r\n\f\0'.includes(c)) i++;
    else if (c === '%') while (i < n && content[i] !== '\n') i++;
    else if (c === '(') {
      let nesting = 0;
      do {
        if (content[i] === '\\') i++;
        else if (content[i] === '(') nesting++;
        else if (content[i] === ')') nesting--;
        i++;
      } while (i < n && nesting > 0);
    } else if (c === '<') {
      // Dictionaries may nest and hold strings; hex strings may not.
      if (content[i + 1] === '<') {
        let nesting = 0;
        while (i < n) {
          if (content.startsWith('<<', i)) (nesting++, (i += 2));
          else if (content.startsWith('>>', i)) {
            nesting--;
            i += 2;
            if (nesting === 0) break;
          } else i++;
        }
      } else i = content.indexOf('>', i) + 1;
    } else if ('[]{}'.includes(c)) i++;
    else if (c === '/') {
      i++;
      while (i < n && !isDelimiter(content[i]!)) i++;
    } else {
      const start = i;
      while (i < n && !isDelimiter(content[i]!)) i++;
      if (i === start) i++;
      const word = content.slice(start, i);
      if (word === 'BDC' || word === 'BMC') depth++;
      else if (word === 'EMC') depth--;
      else if (word === 'Tj' || word === 'TJ' || word === "'" || word === '"') depth > 0 ? inside++ : outside++;
      else if (word === 'ID') i = content.indexOf('EI', i) + 2;
    }
  }
  return { inside, outside };
}

export async function checkPdfUa(bytes: Uint8Array): Promise<PdfUaReport> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const catalog = doc.catalog;
  const problems: string[] = [];

  const metadata = catalog.lookup(PDFName.of('Metadata'));
  const xmp = metadata instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(metadata).decode()).toString('utf8') : '';
  if (!xmp) problems.push('no XMP metadata stream');
  else {
    if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) problems.push('XMP metadata without pdfuaid:part 1');
    if (!/<dc:title>[\s\S]*<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) problems.push('XMP metadata without dc:title');
  }
  if (!text(catalog.lookup(PDFName.of('Lang')))) problems.push('no /Lang in the catalog');
  const preferences = catalog.lookup(PDFName.of('ViewerPreferences'));
  if (!(preferences instanceof PDFDict) || String(preferences.get(PDFName.of('DisplayDocTitle'))) !== 'true') problems.push('DisplayDocTitle is not true');
  const markInfo = catalog.lookup(PDFName.of('MarkInfo'));
  if (!(markInfo instanceof PDFDict) || String(markInfo.get(PDFName.of('Marked'))) !== 'true') problems.push('MarkInfo /Marked is not true');
  if (!doc.getTitle()) problems.push('no document title');

  let shows = 0;
  let untagged = 0;
  for (const [index, page] of doc.getPages().entries()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => context.lookup(ref)) : contents ? [contents] : [];
    const content = streams.map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : '')).join('\n');
    const found = textShows(content);
    shows += found.inside + found.outside;
    untagged += found.outside;
    if (found.outside) problems.push(`page ${index + 1}: ${found.outside} text runs neither tagged nor marked as Artifact`);
  }

  const root = catalog.lookup(PDFName.of('StructTreeRoot'));
  const roleMap = root instanceof PDFDict ? root.lookup(PDFName.of('RoleMap')) : undefined;
  const mapped = (type: string): boolean => {
    if (STANDARD.has(type)) return true;
    const target = roleMap instanceof PDFDict ? roleMap.get(PDFName.of(type)) : undefined;
    return target instanceof PDFName && STANDARD.has(target.decodeText());
  };
  const unmapped = new Set<string>();
  let figures = 0;
  let figuresWithoutAlt = 0;
  const visit = (node: unknown): void => {
    const resolved = node instanceof PDFRef ? context.lookup(node) : node;
    if (resolved instanceof PDFArray) return resolved.asArray().forEach(visit);
    if (!(resolved instanceof PDFDict) || resolved instanceof PDFStream) return;
    const type = resolved.get(PDFName.of('S'));
    if (type instanceof PDFName) {
      const name = type.decodeText();
      if (!mapped(name)) unmapped.add(name);
      const role = roleMap instanceof PDFDict && !STANDARD.has(name) ? (roleMap.get(PDFName.of(name)) as PDFName | undefined)?.decodeText() : name;
      if (role === 'Figure') {
        figures++;
        if (!text(resolved.lookup(PDFName.of('Alt'))).trim()) figuresWithoutAlt++;
      }
      if (role === 'Table' && !JSON.stringify(tableTypes(context, resolved)).includes('"TH"')) problems.push('a Table without header cells (TH)');
      if (role === 'TH') {
        const attributes = resolved.lookup(PDFName.of('A'));
        const list = attributes instanceof PDFArray ? attributes.asArray().map((a) => context.lookup(a) ?? a) : [attributes];
        if (!list.some((a) => a instanceof PDFDict && a.get(PDFName.of('Scope')))) problems.push('a header cell (TH) without /Scope');
      }
    }
    visit(resolved.get(PDFName.of('K')));
  };
  if (!(root instanceof PDFDict)) problems.push('no structure tree');
  else visit(root.get(PDFName.of('K')));
  if (unmapped.size) problems.push(`structure types neither standard nor role-mapped: ${[...unmapped].join(', ')}`);
  if (figuresWithoutAlt) problems.push(`${figuresWithoutAlt} Figure elements without alternative text`);

  let links = 0;
  let linksWithoutContents = 0;
  for (const page of doc.getPages()) {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annotation = context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      links++;
      if (!text(annotation.lookup(PDFName.of('Contents')))) linksWithoutContents++;
    }
  }
  if (linksWithoutContents) problems.push(`${linksWithoutContents} links without /Contents`);
  return { problems, counts: { textShows: shows, untaggedText: untagged, figures, figuresWithoutAlt, links, linksWithoutContents, unmappedTypes: [...unmapped] } };
}

function tableTypes(context: PDFDocument['context'], table: PDFDict): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    const resolved = node instanceof PDFRef ? context.lookup(node) : node;
    if (resolved instanceof PDFArray) return resolved.asArray().forEach(visit);
    if (!(resolved instanceof PDFDict) || resolved instanceof PDFStream) return;
    const type = resolved.get(PDFName.of('S'));
    if (type instanceof PDFName) out.push(type.decodeText());
    visit(resolved.get(PDFName.of('K')));
  };
  visit(table.get(PDFName.of('K')));
  return out;
}
