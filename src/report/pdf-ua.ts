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
const { ParseSpeeds, PDFArray, PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream } = pdfLib;
type PDFDict = PdfLib.PDFDict;
type PDFRawStream = PdfLib.PDFRawStream;
type PDFContext = PdfLib.PDFContext;
type PDFRef = PdfLib.PDFRef;
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
  // Chromium's file has one classic cross-reference table: only the objects this step reads are
  // parsed, and what it changes is appended as an incremental update. Any other file is read whole
  // and written anew.
  const lazy = LazyPdf.open(pdf);
  if (lazy) {
    const changes = edit(lazy.context, (ref) => lazy.get(ref), lazy.root, lazy.info, info, () => lazy.scanStructure());
    return changes ? lazy.update(changes) : pdf;
  }
  // Every object at once: pdf-lib otherwise yields to the event loop every hundred objects.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const { Root, Info } = doc.context.trailerInfo;
  const changes = edit(doc.context, (ref) => doc.context.lookup(ref), Root as PDFRef, Info instanceof PDFRef ? Info : undefined, info);
  if (!changes) return pdf;
  if (changes.info !== Info) doc.context.trailerInfo.Info = changes.info;
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

interface Changes {
  /** The objects changed or added. */
  touched: Set<PDFRef>;
  /** The document information dictionary, perhaps new. */
  info: PDFRef;
}

type Lookup = (ref: PDFRef) => PdfLib.PDFObject | undefined;

/** Makes the document accessible in place; null when its structure is not one this step can read. */
function edit(context: PDFContext, get: Lookup, rootRef: PDFRef, infoRef: PDFRef | undefined, info: AccessibleInfo, scanned?: () => StructureFacts | null): Changes | null {
  const touched = new Set<PDFRef>();
  const resolve = (value: unknown) => (value instanceof PDFRef ? get(value) : value);
  const catalog = get(rootRef);
  if (!(catalog instanceof PDFDict)) return null;
  touched.add(rootRef);

  // The pages, in order, each with the nearest object that holds it.
  const pages: Array<{ ref: PDFRef; node: PDFDict }> = [];
  const walkPages = (ref: unknown, depth: number) => {
    const node = resolve(ref);
    if (!(ref instanceof PDFRef) || !(node instanceof PDFDict) || depth > 32) return;
    const kids = resolve(node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walkPages(kids.get(i), depth + 1);
    else pages.push({ ref, node });
  };
  walkPages(catalog.get(PDFName.of('Pages')), 0);

  for (const { ref, node } of pages) {
    const contents = resolve(node.get(PDFName.of('Contents')));
    if (!contents) continue;
    const streams = contents instanceof PDFArray ? contents.asArray().map((entry) => resolve(entry)) : [contents];
    let text = '';
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) return null;
      text += `${Buffer.from(inflated(stream)).toString('latin1')}\n`;
    }
    const marked = markArtifacts(text);
    if (marked === text) continue;
    // zlib, not pdf-lib's own deflate: several times faster on a report's pages; at its fastest
    // level, which on a page's text operators costs a few per cent of size for a third of the time.
    const stream = PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), deflateSync(Buffer.from(marked, 'latin1'), { level: 1 }));
    const streamRef = context.register(stream);
    node.set(PDFName.of('Contents'), streamRef);
    touched.add(streamRef).add(ref);
  }

  catalog.set(PDFName.of('Lang'), PDFString.of(info.lang));
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  const preferencesRef = catalog.get(PDFName.of('ViewerPreferences'));
  const preferences = resolve(preferencesRef);
  if (preferences instanceof PDFDict) {
    preferences.set(PDFName.of('DisplayDocTitle'), context.obj(true));
    if (preferencesRef instanceof PDFRef) touched.add(preferencesRef);
  } else catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));

  // The document information dictionary: the title shown in the window, and the tool that made it.
  let infoDict = infoRef ? resolve(infoRef) : undefined;
  if (!(infoDict instanceof PDFDict)) {
    infoDict = context.obj({});
    infoRef = context.register(infoDict as PDFDict);
  }
  (infoDict as PDFDict).set(PDFName.of('Title'), PDFHexString.fromText(info.title));
  (infoDict as PDFDict).set(PDFName.of('Creator'), PDFHexString.fromText(info.creator));
  touched.add(infoRef!);

  const rootValue = catalog.get(PDFName.of('StructTreeRoot'));
  const root = resolve(rootValue);
  if (root instanceof PDFDict) {
    const rootHolder = rootValue instanceof PDFRef ? rootValue : rootRef;
    // The structure types used, and the Figures: read from Chromium's own layout of the file where
    // it can be (the elements are hundreds of objects, and most need not be parsed), else by
    // walking the structure tree.
    const structure = scanned?.() ?? walkStructure(get, root, rootHolder);
    const used = structure.types;
    for (const { element, holder } of structure.figures) {
      // An HTML <figure> around a chart and its caption groups them: the chart inside is the Figure
      // with the alternative text, the group is a Div.
      if (element.get(PDFName.of('Alt')) || !holdsFigure(get, element)) continue;
      element.set(PDFName.of('S'), PDFName.of('Div'));
      touched.add(holder);
      used.add('Div');
    }
    const roles: Record<string, PDFName> = {};
    for (const type of used) if (!STANDARD_TYPES.has(type)) roles[type] = PDFName.of(ROLES[type] ?? 'Span');
    if (Object.keys(roles).length) {
      root.set(PDFName.of('RoleMap'), context.obj(roles));
      touched.add(rootHolder);
    }
  }

  for (const { ref, node } of pages) {
    const annotsValue = node.get(PDFName.of('Annots'));
    const annotations = resolve(annotsValue);
    if (!(annotations instanceof PDFArray)) continue;
    for (const entry of annotations.asArray()) {
      const annotation = resolve(entry);
      if (!(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annotation.get(PDFName.of('Contents'))) continue;
      const action = resolve(annotation.get(PDFName.of('A')));
      const uri = action instanceof PDFDict ? resolve(action.get(PDFName.of('URI'))) : undefined;
      const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : 'a place in this document';
      annotation.set(PDFName.of('Contents'), PDFHexString.fromText(`Link to ${target}`));
      touched.add(entry instanceof PDFRef ? entry : annotsValue instanceof PDFRef ? annotsValue : ref);
    }
  }

  const metadata = context.stream(xmp(info), { Type: 'Metadata', Subtype: 'XML' });
  const metadataRef = context.register(metadata);
  catalog.set(PDFName.of('Metadata'), metadataRef);
  touched.add(metadataRef);
  return { touched, info: infoRef! };
}

/**
 * A PDF read object by object, as they are asked for, through its one classic cross-reference
 * table; changed and new objects are written after it as an incremental update (ISO 32000-1,
 * 7.5.6), the file's own bytes left as they are.
 */
class LazyPdf {
  readonly context = PDFContext.create();
  private readonly parsed = new Set<number>();

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Map<number, { offset: number; generation: number }>,
    private readonly size: number,
    private readonly startxref: number,
    readonly root: PDFRef,
    readonly info: PDFRef | undefined,
    /** The file's identifier, carried into the update's trailer. */
    private readonly id: PdfLib.PDFObject | undefined,
  ) {
    // New objects are numbered after the file's own.
    this.context.largestObjectNumber = size - 1;
  }

  /** The file opened lazily, or null when it is not one classic table (an update, a stream, encryption). */
  static open(bytes: Uint8Array): LazyPdf | null {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
    const at = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!at) return null;
    const startxref = Number(at[1]);
    const head = Buffer.from(bytes.subarray(startxref, startxref + 4)).toString('latin1');
    if (head !== 'xref') return null;
    const trailerAt = indexOfText(bytes, 'trailer', startxref);
    if (trailerAt < 0) return null;
    const table = Buffer.from(bytes.subarray(startxref + 4, trailerAt)).toString('latin1');
    const offsets = new Map<number, { offset: number; generation: number }>();
    const lines = table.split(/\r\n|\r|\n/).map((line) => line.trim()).filter(Boolean);
    for (let i = 0; i < lines.length; ) {
      const section = /^(\d+) (\d+)$/.exec(lines[i++]!);
      if (!section) return null;
      const first = Number(section[1]);
      const count = Number(section[2]);
      for (let k = 0; k < count; k++, i++) {
        const entry = /^(\d{10}) (\d{5}) ([nf])$/.exec(lines[i] ?? '');
        if (!entry) return null;
        if (entry[3] === 'n') offsets.set(first + k, { offset: Number(entry[1]), generation: Number(entry[2]) });
      }
    }
    const probe = PDFContext.create();
    const trailer = PDFObjectParser.forBytes(bytes.subarray(trailerAt + 'trailer'.length), probe).parseObject();
    if (!(trailer instanceof PDFDict)) return null;
    const size = trailer.get(PDFName.of('Size'));
    const root = trailer.get(PDFName.of('Root'));
    const info = trailer.get(PDFName.of('Info'));
    // An earlier table, a cross-reference stream or encryption: read the file whole instead.
    if (trailer.get(PDFName.of('Prev')) || trailer.get(PDFName.of('XRefStm')) || trailer.get(PDFName.of('Encrypt'))) return null;
    if (!(size instanceof PDFNumber) || !(root instanceof PDFRef)) return null;
    return new LazyPdf(bytes, offsets, size.asNumber(), startxref, root, info instanceof PDFRef ? info : undefined, trailer.get(PDFName.of('ID')));
  }

  get(ref: PDFRef): PdfLib.PDFObject | undefined {
    if (!this.parsed.has(ref.objectNumber) && ref.objectNumber < this.size) {
      this.parsed.add(ref.objectNumber);
      const place = this.offsets.get(ref.objectNumber);
      if (place && place.generation === ref.generationNumber) {
        const header = /^\s*(\d+)\s+(\d+)\s+obj/.exec(Buffer.from(this.bytes.subarray(place.offset, place.offset + 40)).toString('latin1'));
        if (header && Number(header[1]) === ref.objectNumber) {
          const object = PDFObjectParser.forBytes(this.bytes.subarray(place.offset + header[0].length), this.context).parseObject();
          this.context.assign(ref, object);
        }
      }
    }
    return this.context.lookup(ref);
  }

  /**
   * The structure types and Figures, read from the file's bytes as Skia (Chromium's PDF library)
   * writes them: each element an object of its own, opening with /Type /StructElem then /S. Only
   * the Figures are parsed. Null for a file from another producer, or any element written otherwise.
   */
  scanStructure(): StructureFacts | null {
    const producer = this.info ? this.get(this.info) : undefined;
    const made = producer instanceof PDFDict ? producer.get(PDFName.of('Producer')) : undefined;
    if (!(made instanceof PDFString || made instanceof PDFHexString) || !made.decodeText().startsWith('Skia/PDF')) return null;
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('latin1');
    const elements = /(\d+) (\d+) obj\s*<<\/Type \/StructElem\s*\/S \/([A-Za-z0-9]+)[\s/>]/g;
    const facts: StructureFacts = { types: new Set(), figures: [] };
    let count = 0;
    for (let m = elements.exec(text); m; m = elements.exec(text)) {
      count++;
      facts.types.add(m[3]!);
      if (m[3] !== 'Figure') continue;
      const ref = PDFRef.of(Number(m[1]), Number(m[2]));
      const element = this.get(ref);
      if (!(element instanceof PDFDict) || element.get(PDFName.of('S')) !== PDFName.of('Figure')) return null;
      facts.figures.push({ element, holder: ref });
    }
    // Every element must have been found so: as many as the file names the type.
    let named = 0;
    for (let at = text.indexOf('/StructElem'); at !== -1; at = text.indexOf('/StructElem', at + 1)) named++;
    return count === named ? facts : null;
  }

  /** The file with the changed and new objects appended, and a table and trailer for them. */
  update(changes: Changes): Uint8Array {
    const refs = new Set(changes.touched);
    for (let n = this.size; n <= this.context.largestObjectNumber; n++) refs.add(PDFRef.of(n));
    const sorted = [...refs].sort((a, b) => a.objectNumber - b.objectNumber);
    const parts: Uint8Array[] = [this.bytes];
    let length = this.bytes.length;
    const add = (part: Uint8Array) => {
      parts.push(part);
      length += part.length;
    };
    const text = (value: string) => add(Buffer.from(value, 'latin1'));
    if (this.bytes[this.bytes.length - 1] !== 0x0a) text('\n');
    const written: Array<{ ref: PDFRef; offset: number }> = [];
    for (const ref of sorted) {
      const object = this.context.lookup(ref);
      if (!object) continue;
      written.push({ ref, offset: length });
      text(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
      const body = new Uint8Array(object.sizeInBytes());
      object.copyBytesInto(body, 0);
      add(body);
      text('\nendobj\n');
    }
    const xref = length;
    let table = 'xref\n';
    for (let i = 0; i < written.length; ) {
      let j = i;
      while (j + 1 < written.length && written[j + 1]!.ref.objectNumber === written[j]!.ref.objectNumber + 1) j++;
      table += `${written[i]!.ref.objectNumber} ${j - i + 1}\n`;
      for (let k = i; k <= j; k++) table += `${String(written[k]!.offset).padStart(10, '0')} ${String(written[k]!.ref.generationNumber).padStart(5, '0')} n\r\n`;
      i = j + 1;
    }
    const size = Math.max(this.size, this.context.largestObjectNumber + 1);
    table += `trailer\n<< /Size ${size} /Root ${this.root.objectNumber} ${this.root.generationNumber} R /Info ${changes.info.objectNumber} ${changes.info.generationNumber} R${this.id ? ` /ID ${this.id.toString()}` : ''} /Prev ${this.startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
    text(table);
    return Buffer.concat(parts, length);
  }
}

function indexOfText(bytes: Uint8Array, text: string, from: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, from, 'latin1');
}

/** A content stream's bytes: by zlib when it is only deflated (as Chromium writes them), else by pdf-lib. */
function inflated(stream: PDFRawStream): Uint8Array {
  if (stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.get(PDFName.of('DecodeParms'))) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

interface StructureFacts {
  /** The structure types the elements use. */
  types: Set<string>;
  /** The Figure elements, each with the object that holds it. */
  figures: Array<{ element: PDFDict; holder: PDFRef }>;
}

function walkStructure(get: Lookup, root: PDFDict, rootHolder: PDFRef): StructureFacts {
  const facts: StructureFacts = { types: new Set(), figures: [] };
  visitStructure(get, root.get(PDFName.of('K')), rootHolder, (element, holder) => {
    const type = element.get(PDFName.of('S'));
    if (!(type instanceof PDFName)) return;
    facts.types.add(type.decodeText());
    if (type === PDFName.of('Figure')) facts.figures.push({ element, holder });
  });
  return facts;
}

/** Every structure element under `node`, with the nearest object that holds it (to mark as changed). */
function visitStructure(get: Lookup, node: unknown, holder: PDFRef, visit: (element: PDFDict, holder: PDFRef) => void, depth = 0): void {
  if (depth > 256) return;
  const here = node instanceof PDFRef ? node : holder;
  const resolved = node instanceof PDFRef ? get(node) : node;
  if (resolved instanceof PDFArray) {
    for (let i = 0; i < resolved.size(); i++) visitStructure(get, resolved.get(i), here, visit, depth + 1);
    return;
  }
  if (!(resolved instanceof PDFDict) || resolved instanceof PDFStream) return;
  // Marked-content and object references (MCR, OBJR) are leaves, not elements.
  const type = resolved.get(PDFName.of('Type'));
  if (type === PDFName.of('MCR') || type === PDFName.of('OBJR')) return;
  visit(resolved, here);
  visitStructure(get, resolved.get(PDFName.of('K')), here, visit, depth + 1);
}

function holdsFigure(get: Lookup, element: PDFDict): boolean {
  let found = false;
  visitStructure(get, element.get(PDFName.of('K')), PDFRef.of(0), (child) => {
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
    const c = s.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) depth--;
    i++;
  } while (i < s.length && depth > 0);
  return i;
}

// A content stream is read a character code at a time: a page of a report holds tens of thousands.
const DELIMITER = new Uint8Array(128);
for (const c of ' \t\r\n\f\0/[]()<>{}%') DELIMITER[c.charCodeAt(0)] = 1;
const WHITE = new Uint8Array(128);
for (const c of ' \t\r\n\f\0') WHITE[c.charCodeAt(0)] = 1;
const isDelimiter = (c: number) => c < 128 && DELIMITER[c] === 1;

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
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128 && WHITE[c] === 1) {
      i++;
      continue;
    }
    const start = i;
    if (c === 37 /* % */) {
      while (i < n && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 40 /* ( */) i = afterString(s, i);
    else if (c === 60 /* < */ && s.charCodeAt(i + 1) === 60) {
      // A dictionary operand (a BDC's properties): skipped whole, nested ones included.
      let depth = 0;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d === 60 && s.charCodeAt(i + 1) === 60) {
          depth++;
          i += 2;
        } else if (d === 62 && s.charCodeAt(i + 1) === 62) {
          depth--;
          i += 2;
          if (!depth) break;
        } else if (d === 40) i = afterString(s, i);
        else i++;
      }
    } else if (c === 60) {
      while (i < n && s.charCodeAt(i) !== 62) i++;
      i++;
    } else if (c === 91 || c === 93 || c === 123 || c === 125) i++;
    else if (c === 47 /* / */) {
      i++;
      while (i < n && !isDelimiter(s.charCodeAt(i))) i++;
    } else {
      while (i < n && !isDelimiter(s.charCodeAt(i))) i++;
      if (i === start) i++;
      // A number starts with a sign, a point or a digit; true, false and null are operands too.
      const numeric = c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57);
      if (!numeric) {
        const word = s.slice(start, i);
        if (word !== 'true' && word !== 'false' && word !== 'null') {
          if (word === 'BI') {
            // An inline image: its data runs to EI, after white space.
            const end = s.indexOf('EI', s.indexOf('ID', i));
            i = end < 0 ? n : end + 2;
          }
          out.push({ kind: 'op', start, end: i, text: word });
          continue;
        }
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
