import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict, firstInvalidUtf8Byte } from './utf8';

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeUtf8Strict', () => {
  it('decodes valid UTF-8, dropping a byte-order mark', () => {
    expect(decodeUtf8Strict(utf8('\uFEFFZoë,Łukasz,李,😀\n'))).toEqual({
      ok: true,
      text: 'Zoë,Łukasz,李,😀\n',
    });
  });

  it('names the line and column (in characters) of the first byte that is not UTF-8', () => {
    // "sourcedId\nstu-1,Zoë,Ren" then a Windows-1252 é (0xE9) followed by "e".
    const data = new Uint8Array([...utf8('sourcedId\nstu-1,Zoë,Ren'), 0xe9, ...utf8('e\n')]);
    expect(decodeUtf8Strict(data)).toEqual({ ok: false, line: 2, column: 14, byte: 0xe9 });
  });

  it('refuses what a lenient decoder would accept or replace', () => {
    expect(firstInvalidUtf8Byte(bytes(0x41, 0xc0, 0xaf))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8Byte(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong three bytes
    expect(firstInvalidUtf8Byte(bytes(0xed, 0xa0, 0x80))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8Byte(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8Byte(bytes(0x41, 0x42, 0xe2, 0x82))).toBe(2); // cut short at the end
    expect(firstInvalidUtf8Byte(bytes(0x80))).toBe(0); // a lone continuation byte
    expect(firstInvalidUtf8Byte(utf8('€ plain ✓ 𝄞'))).toBe(-1);
  });

  it('agrees with the platform’s fatal decoder on every two-byte sequence', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const disagreements: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const data = bytes(a, b);
        let valid = true;
        try {
          fatal.decode(data);
        } catch {
          valid = false;
        }
        if ((firstInvalidUtf8Byte(data) === -1) !== valid) disagreements.push(`${a} ${b}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
