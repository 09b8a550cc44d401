/**
 * Strict UTF-8, as the OneRoster CSV binding requires: a file is decoded only when every byte is
 * valid UTF-8, and otherwise refused at its first bad byte. Guessing another encoding silently
 * turns correct names into mojibake.
 */
export type Utf8Result =
  { ok: true; text: string } | { ok: false; line: number; column: number; byte: number };

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const b = data[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The sequence's length, and the range its second byte must fall in (no overlong forms,
    // no UTF-16 surrogates, nothing past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = data[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return -1;
}

/** Decodes `data` (without a leading byte-order mark), or says where the first bad byte is. */
export function decodeUtf8Strict(data: Uint8Array): Utf8Result {
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  const body = data.subarray(start);
  const bad = firstInvalidUtf8Byte(body);
  if (bad === -1) return { ok: true, text: new TextDecoder('utf-8').decode(body) };
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < bad; i++) {
    if (body[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // The column counts characters, as an editor does: every byte that is not a continuation byte.
  let column = 1;
  for (let i = lineStart; i < bad; i++) if ((body[i]! & 0xc0) !== 0x80) column++;
  return { ok: false, line, column, byte: body[bad]! };
}
