import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SM3_NATIVE,
  hmacSm3,
  hmacSm3Fallback,
  hmacSm3Hex,
  sm3,
  sm3Concat,
  sm3Fallback,
  sm3Hex,
} from './sm3.ts';

// GB/T 32905-2016, Appendix A.
const ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
const ABCD16 = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';

describe('SM3 (GB/T 32905)', () => {
  it('uses the OpenSSL implementation built into this Node', () => {
    expect(SM3_NATIVE).toBe(true);
  });

  it('example 1: "abc"', () => {
    expect(sm3Hex('abc')).toBe(ABC);
    expect(sm3(Buffer.from('616263', 'hex')).toString('hex')).toBe(ABC);
    expect(sm3Fallback('abc').toString('hex')).toBe(ABC);
  });

  it('example 2: "abcd" × 16 (64 bytes, two blocks after padding)', () => {
    const m = 'abcd'.repeat(16);
    expect(m.length).toBe(64);
    expect(sm3Hex(m)).toBe(ABCD16);
    expect(sm3Fallback(m).toString('hex')).toBe(ABCD16);
  });

  it('hashes strings as UTF-8 and accepts Uint8Array views', () => {
    const s = '贯通监督';
    expect(sm3Hex(s)).toBe(sm3Hex(Buffer.from(s, 'utf8')));
    const backing = new Uint8Array([9, 9, 0x61, 0x62, 0x63, 9]);
    expect(sm3Hex(backing.subarray(2, 5))).toBe(ABC);
  });

  it('sm3Concat equals the hash of the concatenation', () => {
    expect(sm3Concat(['a', Buffer.from('b'), new Uint8Array([0x63])]).toString('hex')).toBe(ABC);
  });

  it('native and pure-JS implementations agree on random inputs (two independent implementations)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(sm3(data).equals(sm3Fallback(data))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('HMAC-SM3', () => {
  // RFC 2104 written out by hand over the SM3 primitive, block size 64 bytes.
  function referenceHmac(key: Buffer, data: Buffer): Buffer {
    let k = key.length > 64 ? sm3(key) : key;
    k = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
    const ipad = Buffer.from(k.map((b) => b ^ 0x36));
    const opad = Buffer.from(k.map((b) => b ^ 0x5c));
    return sm3(Buffer.concat([opad, sm3(Buffer.concat([ipad, data]))]));
  }

  it('matches the RFC 2104 construction, short and long keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 130 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        const k = Buffer.from(key);
        const d = Buffer.from(data);
        const expected = referenceHmac(k, d);
        expect(hmacSm3(k, d).equals(expected)).toBe(true);
        expect(hmacSm3Fallback(k, d).equals(expected)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('differs from plain SM3 and depends on the key', () => {
    expect(hmacSm3Hex('k', 'abc')).not.toBe(ABC);
    expect(hmacSm3Hex('k1', 'abc')).not.toBe(hmacSm3Hex('k2', 'abc'));
    expect(hmacSm3('k', 'abc')).toHaveLength(32);
  });

  it('is not SHA-256 under another name', () => {
    expect(sm3Hex('abc')).not.toBe(createHash('sha256').update('abc').digest('hex'));
  });
});
