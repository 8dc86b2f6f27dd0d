// A workbook is a zip archive, and a zip can claim little and inflate to gigabytes. Before a
// spreadsheet library sees a file, this reads the archive's central directory and inflates each
// entry with a hard ceiling, so that a zip bomb or a huge sheet costs bounded memory and time.
// Written here rather than taken from a library because the libraries that read zips inflate
// first and ask later; this needs only the few fields of the directory that bound the work.
import { inflateRawSync } from 'node:zlib';
import { crc32 } from './zip-write.js';

export interface ZipLimits {
  /** Largest inflated entry, in bytes. */
  entryBytes: number;
  /** Largest inflated total, in bytes. */
  totalBytes: number;
  entries: number;
}

export const FORM_ZIP_LIMITS: ZipLimits = { entryBytes: 24 * 1024 * 1024, totalBytes: 48 * 1024 * 1024, entries: 500 };

export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  inflated: number;
  /** The entry's bytes, for the entries asked for. */
  data?: Uint8Array;
}

const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const LOCAL = 0x04034b50;
const names = new TextDecoder();

/** Reads the directory, checks every entry against the limits, and returns the entries' names and sizes. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = FORM_ZIP_LIMITS, keep: (name: string) => boolean = () => false): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (what: string) => new ZipProblem(`the workbook is damaged (${what})`, 'Open it in Excel or LibreOffice and save it again as .xlsx, or ask for a new form (plan collect).');
  let end = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end === -1) throw corrupt('no zip directory at its end; the file may be cut short');
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipProblem('the workbook is far larger than an update form can be (a ZIP64 archive)', 'An update form holds one row per action; make a new one with plan collect.');
  if (count > limits.entries) throw new ZipProblem(`the workbook holds ${count} parts, more than an update form ever has (${limits.entries})`, 'Make a new form with plan collect and copy the ratings into it.');
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== CENTRAL) throw corrupt('its directory is broken');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const checksum = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const declared = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ZipProblem('the workbook is protected with a password', 'Remove the password (File > Info > Protect Workbook in Excel), save, and apply it again.');
    const tooBig = () => new ZipProblem(`the workbook's part ${name} would take more than ${Math.round(limits.entryBytes / 1024 / 1024)} MB once unpacked: far more than an update form holds`, 'It may have been pasted over with a very large sheet, or be a zip bomb. Make a new form with plan collect and copy the ratings into it.');
    if (declared > limits.entryBytes) throw tooBig();
    total += declared;
    if (total > limits.totalBytes) throw new ZipProblem(`the workbook would take more than ${Math.round(limits.totalBytes / 1024 / 1024)} MB once unpacked`, 'Make a new form with plan collect and copy the ratings into it.');
    if (localOffset + 30 > bytes.byteLength || view.getUint32(localOffset, true) !== LOCAL) throw corrupt(`the part ${name} is missing`);
    // Only the parts asked for are unpacked, each with a ceiling: a directory can lie about sizes,
    // the data cannot. A part nobody unpacks costs nothing, whatever it claims.
    if (!keep(name)) {
      entries.push({ name, inflated: declared });
      continue;
    }
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const data = bytes.subarray(dataStart, dataStart + compressed);
    let content: Uint8Array = data;
    if (method === 8) {
      let inflated: Buffer;
      try {
        // Output in one piece where the part is of a usual size: the default 16 KB pieces are joined after.
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, declared) + 1, chunkSize: Math.min(Math.max(64, declared + 1), 1024 * 1024) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooBig();
        throw corrupt(`the part ${name} cannot be unpacked`);
      }
      if (inflated.byteLength !== declared) throw corrupt(`the part ${name} is not the size its directory says`);
      content = inflated;
    } else if (method !== 0) {
      throw new ZipProblem(`the workbook's part ${name} is packed in a way spreadsheets do not use (method ${method})`, 'Open it in Excel or LibreOffice and save it again as .xlsx.');
    }
    if (content.byteLength !== declared) throw corrupt(`the part ${name} is not the size its directory says`);
    // A part whose bytes are not those the archive recorded was damaged on the way (or altered by hand).
    if (crc32(content) !== checksum) throw corrupt(`the part ${name} does not match its checksum`);
    entries.push({ name, inflated: declared, data: content });
  }
  return entries;
}
