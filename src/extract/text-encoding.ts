import { createReadStream } from 'node:fs';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { countOf } from '../plain-words.js';

/** The text encodings listgate reads; names are iconv-lite's. */
export type TextEncoding = string;

export interface EncodingGuess {
  encoding: TextEncoding;
  /** bytes of byte-order mark to skip */
  bomLength: number;
}

/** True when the bytes are valid UTF-8 (a multi-byte sequence cut at the end of the sample is allowed). */
function isValidUtf8(bytes: Buffer): boolean {
  let end = bytes.length;
  // back off an incomplete sequence at the end of a sample
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = bytes[i];
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (i + need > end) end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Guesses a text file's encoding from its first bytes: a byte-order mark (UTF-8, UTF-16 LE/BE), UTF-16
 * without one (NUL bytes in every other position), valid UTF-8, else chardet's answer among the
 * single-byte Western encodings (Windows-1252 when bytes 0x80-0x9F occur, which Latin-1 leaves unused).
 * Returns undefined when the bytes look binary.
 */
export function guessEncoding(sample: Buffer): EncodingGuess | undefined {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const length = Math.min(sample.length, 4096) & ~1;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const pairs = length / 2;
  if (pairs > 0 && oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs > 0 && evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  // control bytes (NUL among them) other than tab, CR, LF, FF in quantity: binary; a few stray ones
  // are a damaged row, reported with that row
  let controls = 0;
  for (let i = 0; i < Math.min(sample.length, 8192); i++) {
    const b = sample[i];
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) controls++;
  }
  if (controls > 8) return undefined;
  if (isValidUtf8(sample)) return { encoding: 'utf-8', bomLength: 0 };
  let c1 = false;
  for (const b of sample) if (b >= 0x80 && b <= 0x9f) { c1 = true; break; }
  const detected = (chardet.detect(sample) ?? '').toLowerCase();
  if (!detected || detected.startsWith('iso-8859-1') || detected.startsWith('windows-1252') || detected === 'utf-8' || detected === 'ascii') {
    return { encoding: c1 ? 'windows-1252' : 'iso-8859-1', bomLength: 0 };
  }
  if (iconv.encodingExists(detected)) return { encoding: detected, bomLength: 0 };
  return { encoding: 'windows-1252', bomLength: 0 };
}

/** Decodes bytes of a sample (for sniffing delimiters and headers) without the BOM. */
export function decodeSample(sample: Buffer, guess: EncodingGuess): string {
  const bytes = sample.subarray(guess.bomLength);
  if (guess.encoding === 'utf-8') {
    return new TextDecoder('utf-8').decode(bytes, { stream: true });
  }
  return iconv.decode(bytes, guess.encoding, { stripBOM: true });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodesAsUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The index after the last line feed, else after the last ASCII byte (a character boundary in UTF-8 and single-byte encodings). */
function safeCut(bytes: Buffer, lineEnd: number): number {
  const lf = bytes.lastIndexOf(lineEnd);
  if (lf !== -1) return lf + 1;
  for (let i = bytes.length - 1; i >= 0; i--) if (bytes[i] < 0x80) return i + 1;
  return bytes.length > 4 ? bytes.length - 4 : 0;
}

/**
 * The file as a stream of decoded text chunks (memory independent of file size).
 *
 * A file guessed as UTF-8 or as a single-byte encoding may be both: lists pasted together from two
 * exports (UTF-8 rows, then Windows-1252 rows) are common, and decoding all of it one way garbles the
 * others' names (Zo\uFFFD, or ZoÃ« the other way round). So such a file is decoded line by line: a line that
 * is valid UTF-8 is read as UTF-8, any other line in the single-byte encoding (Windows-1252 for a file
 * that started as UTF-8). A chunk that is valid UTF-8 as a whole (nearly all of them) takes one decode.
 * note() is told once, at the end, how many lines were read the other way.
 */
/** How much of a file has been read, for progress: total and read in bytes. */
export interface BytesRead {
  total: number;
  read: number;
}

export async function* decodedChunks(path: string, guess: EncodingGuess, note?: (message: string) => void, bytesRead?: BytesRead): AsyncGenerator<string> {
  const stream = createReadStream(path, { start: guess.bomLength, highWaterMark: 16 * 1024 });
  const counter = bytesRead ?? { total: 0, read: 0 };
  if (guess.encoding.startsWith('utf-16')) {
    const decoder = iconv.getDecoder(guess.encoding, { stripBOM: true });
    for await (const chunk of stream) {
    counter.read += (chunk as Buffer).length;
      const text = decoder.write(chunk as Buffer);
      if (text) yield text;
    }
    const tail = decoder.end();
    if (tail) yield tail;
    return;
  }
  const singleByte = guess.encoding === 'utf-8' ? 'windows-1252' : guess.encoding;
  const primaryUtf8 = guess.encoding === 'utf-8';
  let otherLines = 0;
  let firstOther = 0;
  let line = 1;
  const decode = (bytes: Buffer): string => {
    const whole = decodesAsUtf8(bytes);
    // a single-byte file's chunk that is pure ASCII decodes the same either way
    if (whole !== undefined && (primaryUtf8 || !/[^\x00-\x7f]/.test(whole))) {
      line += occurrencesOfByte(bytes, 0x0a);
      return whole;
    }
    const parts: string[] = [];
    let from = 0;
    while (from < bytes.length) {
      const lf = bytes.indexOf(0x0a, from);
      const to = lf === -1 ? bytes.length : lf + 1;
      const piece = bytes.subarray(from, to);
      const asUtf8 = decodesAsUtf8(piece);
      const text = asUtf8 ?? iconv.decode(piece, singleByte);
      const other = primaryUtf8 ? asUtf8 === undefined : asUtf8 !== undefined && /[^\x00-\x7f]/.test(asUtf8);
      if (other) {
        if (!otherLines) firstOther = line;
        otherLines++;
      }
      parts.push(text);
      if (lf !== -1) line++;
      from = to;
    }
    return parts.join('');
  };
  let carry: Buffer | undefined;
  for await (const chunk of stream) {
    counter.read += (chunk as Buffer).length;
    const bytes = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const cut = safeCut(bytes, 0x0a);
    carry = cut < bytes.length ? bytes.subarray(cut) : undefined;
    if (cut > 0) yield decode(bytes.subarray(0, cut));
  }
  if (carry?.length) yield decode(carry);
  if (otherLines && note) {
    note(primaryUtf8
      ? `${countOf(otherLines, 'line')} ${otherLines === 1 ? 'is' : 'are'} not valid UTF-8 (the first is line ${firstOther}); they were read as ${singleByte}: the file mixes encodings`
      : `${countOf(otherLines, 'line')} ${otherLines === 1 ? 'is' : 'are'} UTF-8 in a ${singleByte} file (the first is line ${firstOther}); they were read as UTF-8: the file mixes encodings`);
  }
}

function occurrencesOfByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1)) count++;
  return count;
}
