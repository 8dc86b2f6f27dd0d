// Chromium prints a tagged PDF; this step makes it one that PDF/UA-1 (ISO 14289-1) checkers accept,
// as far as a machine can check: every piece of content tagged or marked as an Artifact (Chromium
// leaves its running header and footer, and some decoration, outside both), XMP metadata with the
// PDF/UA identifier, the title and the language; a RoleMap for the structure types Chromium uses
// that the standard does not define; alternative text on every Figure; a description on every link.
// The PDF is read and written with pdf-lib; content streams are rewritten with the small tokenizer
// below, which only inserts marked-content operators and never changes what is drawn.
import { deflateSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type * as PdfLib from 'pdf-lib';

// pdf-lib's own single-file build (its package's "unpkg" entry): the same library as its main entry,
// which is some two hundred CommonJS modules. Required, it loads in a third of the time, and it
// loads while Chromium prints, on the same two cores.
const pdfLib = createRequire(import.meta.url)('pdf-lib/dist/pdf-lib.min.js') as typeof PdfLib;
const { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream } = pdfLib;
type PDFDict = PdfLib.PDFDict;
type PDFRawStream = PdfLib.PDFRawStream;
type PDFDocument = PdfLib.PDFDocument;
type PDFName = PdfLib.PDFName;

export interface AccessibleInfo {
  title: string;
  /** BCP 47, as in the document's /Lang. */
  lang: string;
  /** The tool, for the metadata. */
  creator: string;
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): anything else needs a RoleMap entry. */
const STANDARD_TYPES = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);

/** What a type Chromium writes stands for, where the standard has no such type. */
const ROLES: Record<string, string> = { Strong: 'Span', Em: 'Span' };

export async function makeAccessible(pdf: Uint8Array, info: AccessibleInfo): Promise<Uint8Array> {
  // Every object at once: pdf-lib otherwise yields to the event loop every hundred objects.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const context = doc.context;
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    if (!contents) continue;
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => context.lookup(ref)) : [contents];
    let text = '';
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) return pdf;
      text += `${Buffer.from(inflated(stream)).toString('latin1')}\n`;
    }
    const marked = markArtifacts(text);
    if (marked === text) continue;
    // zlib, not pdf-lib's own deflate: several times faster on a report's pages.
    const stream = PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), deflateSync(Buffer.from(marked, 'latin1')));
    page.node.set(PDFName.of('Contents'), context.register(stream));
  }

  const catalog = doc.catalog;
  catalog.set(PDFName.of('Lang'), PDFString.of(info.lang));
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  const preferences = catalog.lookup(PDFName.of('ViewerPreferences'));
  if (preferences instanceof PDFDict) preferences.set(PDFName.of('DisplayDocTitle'), context.obj(true));
  else catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setLanguage(info.lang);
  doc.setCreator(info.creator);

  const root = catalog.lookup(PDFName.of('StructTreeRoot'));
  if (root instanceof PDFDict) {
    const used = new Set<string>();
    visitStructure(context, root.get(PDFName.of('K')), (element) => {
      const type = element.get(PDFName.of('S'));
      if (!(type instanceof PDFName)) return;
      // An HTML <figure> around a chart and its caption groups them: the chart inside is the Figure
      // with the alternative text, the group is a Div.
      if (type.decodeText() === 'Figure' && !element.get(PDFName.of('Alt')) && holdsFigure(context, element)) element.set(PDFName.of('S'), PDFName.of('Div'));
      const now = element.get(PDFName.of('S'));
      if (now instanceof PDFName) used.add(now.decodeText());
    });
    const roles: Record<string, PDFName> = {};
    for (const type of used) if (!STANDARD_TYPES.has(type)) roles[type] = PDFName.of(ROLES[type] ?? 'Span');
    if (Object.keys(roles).length) root.set(PDFName.of('RoleMap'), context.obj(roles));
  }

  for (const page of doc.getPages()) {
    const annotations = page.node.Annots();
    if (!annotations) continue;
    for (const ref of annotations.asArray()) {
      const annotation = context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annotation.get(PDFName.of('Contents'))) continue;
      const action = annotation.lookup(PDFName.of('A'));
      const uri = action instanceof PDFDict ? action.lookup(PDFName.of('URI')) : undefined;
      const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : 'a place in this document';
      annotation.set(PDFName.of('Contents'), PDFHexString.fromText(`Link to ${target}`));
    }
  }

  const metadata = context.stream(xmp(info), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** A content stream's bytes: by zlib when it is only deflated (as Chromium writes them), else by pdf-lib. */
function inflated(stream: PDFRawStream): Uint8Array {
  if (stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.get(PDFName.of('DecodeParms'))) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

function visitStructure(context: PDFDocument['context'], node: unknown, visit: (element: PDFDict) => void): void {
  const resolved = node instanceof PDFRef ? context.lookup(node) : node;
  if (resolved instanceof PDFArray) {
    for (let i = 0; i < resolved.size(); i++) visitStructure(context, resolved.get(i), visit);
    return;
  }
  if (!(resolved instanceof PDFDict) || resolved instanceof PDFStream) return;
  // Marked-content and object references (MCR, OBJR) are leaves, not elements.
  const type = resolved.get(PDFName.of('Type'));
  if (type === PDFName.of('MCR') || type === PDFName.of('OBJR')) return;
  visit(resolved);
  visitStructure(context, resolved.get(PDFName.of('K')), visit);
}

function holdsFigure(context: PDFDocument['context'], element: PDFDict): boolean {
  let found = false;
  visitStructure(context, element.get(PDFName.of('K')), (child) => {
    if (child.get(PDFName.of('S')) === PDFName.of('Figure')) found = true;
  });
  return found;
}

function xmp(info: AccessibleInfo): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>${escape(info.lang)}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
   <xmp:CreatorTool>${escape(info.creator)}</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The index after the literal string that opens at `i`: balanced parentheses, backslash escapes. */
function afterString(s: string, i: number): number {
  let depth = 0;
  do {
    if (s[i] === '\\') i++;
    else if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    i++;
  } while (i < s.length && depth > 0);
  return i;
}

const DELIMITERS = new Set([' ', '\t', '\r', '\n', '\f', '\0', '/', '[', ']', '(', ')', '<', '>', '{', '}', '%']);

interface Token {
  kind: 'operand' | 'op';
  start: number;
  end: number;
  text?: string;
}

/** The operators and operands of a content stream, with their places; inline image data is skipped. */
export function contentTokens(s: string): Token[] {
  const out: Token[] = [];
  const n = s.length;
  const delimiter = (c: string) => DELIMITERS.has(c);
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0') {
      i++;
      continue;
    }
    const start = i;
    if (c === '%') {
      while (i < n && s[i] !== '\n' && s[i] !== '\r') i++;
      continue;
    }
    if (c === '(') i = afterString(s, i);
    else if (c === '<' && s[i + 1] === '<') {
      // A dictionary operand (a BDC's properties): skipped whole, nested ones included.
      let depth = 0;
      while (i < n) {
        if (s[i] === '<' && s[i + 1] === '<') {
          depth++;
          i += 2;
        } else if (s[i] === '>' && s[i + 1] === '>') {
          depth--;
          i += 2;
          if (!depth) break;
        } else if (s[i] === '(') i = afterString(s, i);
        else i++;
      }
    } else if (c === '<') {
      while (i < n && s[i] !== '>') i++;
      i++;
    } else if (c === '[' || c === ']' || c === '{' || c === '}') i++;
    else if (c === '/') {
      i++;
      while (i < n && !delimiter(s[i]!)) i++;
    } else {
      while (i < n && !delimiter(s[i]!)) i++;
      if (i === start) i++;
      const word = s.slice(start, i);
      if (!/^[-+.\d]/.test(word) && word !== 'true' && word !== 'false' && word !== 'null') {
        if (word === 'BI') {
          // An inline image: its data runs to EI, after white space.
          const end = s.indexOf('EI', s.indexOf('ID', i));
          i = end < 0 ? n : end + 2;
        }
        out.push({ kind: 'op', start, end: i, text: word });
        continue;
      }
    }
    out.push({ kind: 'operand', start, end: i });
  }
  return out;
}

const PATH_START = new Set(['m', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);

/**
 * The content stream with what lies outside every marked-content sequence wrapped as Artifacts: text
 * objects, painted paths, shadings and XObjects. What is already tagged, or marked, is left alone;
 * so is a text object that holds marked content of its own, and a path that only clips.
 */
export function markArtifacts(s: string): string {
  const tokens = contentTokens(s);
  const wraps: Array<[number, number]> = [];
  let depth = 0;
  let operandStart = -1;
  let pathStart = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'operand') {
      if (operandStart < 0) operandStart = t.start;
      continue;
    }
    const from = operandStart >= 0 ? operandStart : t.start;
    operandStart = -1;
    const op = t.text!;
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && op === 'BT') {
      let end = -1;
      let clean = true;
      for (let j = k + 1; j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.kind !== 'op') continue;
        if (u.text === 'BDC' || u.text === 'BMC' || u.text === 'EMC') clean = false;
        if (u.text === 'ET') {
          end = j;
          break;
        }
      }
      if (end < 0) break;
      if (clean) wraps.push([t.start, tokens[end]!.end]);
      k = end;
    } else if (depth === 0 && PATH_START.has(op) && pathStart < 0) pathStart = from;
    else if (depth === 0 && PATH_PAINT.has(op)) {
      wraps.push([pathStart >= 0 ? pathStart : from, t.end]);
      pathStart = -1;
    } else if (op === 'n') pathStart = -1;
    else if (depth === 0 && (op === 'sh' || op === 'Do' || op === 'BI')) wraps.push([from, t.end]);
  }
  if (!wraps.length) return s;
  let out = '';
  let at = 0;
  for (const [start, end] of wraps) {
    out += `${s.slice(at, start)}/Artifact BMC\n${s.slice(start, end)}\nEMC`;
    at = end;
  }
  return out + s.slice(at);
}
