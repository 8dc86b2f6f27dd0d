// Bytes to text, refusing what is not a UTF-8 text file: a plain readFileSync(..., 'utf8') would
// silently turn invalid bytes into U+FFFD and let a corrupted file through.
import { Buffer, isUtf8 } from 'node:buffer';
import type { Position } from '../diagnostics.js';

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; code: 'EMPTY_FILE' | 'BINARY_FILE' | 'NOT_UTF8'; message: string; hint: string; position?: Position };

export function decodeSource(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) {
    return {
      ok: false,
      code: 'EMPTY_FILE',
      message: 'the file is empty',
      hint: 'Add the content this file should hold, or delete the file.',
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      code: 'NOT_UTF8',
      message: 'the file is encoded as UTF-16',
      hint: 'Save the file as UTF-8 (in most editors: "Save with encoding" > UTF-8).',
      position: { line: 0, column: 0 },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      code: 'BINARY_FILE',
      message: 'the file is binary, not YAML text (it contains a NUL byte)',
      hint: 'Plan files must be YAML text. Move binary files (images, spreadsheets) out of the plan folders.',
      position: positionOfByte(bytes, nul),
    };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      code: 'NOT_UTF8',
      message: 'the file is not valid UTF-8 text',
      hint: 'Save the file as UTF-8; the character at this position was written in another encoding (often Windows-1252).',
      position: positionOfByte(bytes, offset),
    };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { ok: true, text: buffer.toString('utf8', start) };
}

function positionOfByte(bytes: Uint8Array, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Count characters, not bytes, up to the offset: the bytes before it are valid UTF-8.
  const column = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length;
  return { line, column };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
