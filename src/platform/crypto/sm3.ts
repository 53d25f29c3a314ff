/**
 * SM3 cryptographic hash (GB/T 32905-2016) and HMAC-SM3 (RFC 2104 construction over SM3).
 *
 * Uses the OpenSSL implementation built into Node (`crypto.createHash('sm3')`, ~25× faster than
 * pure JS). Only if this Node's OpenSSL was built without SM3 does it fall back to the pure
 * JavaScript implementation of `sm-crypto`.
 */
import { createHash, createHmac, getHashes, timingSafeEqual } from 'node:crypto';
import smCrypto from 'sm-crypto';

export type BytesLike = Buffer | Uint8Array | string;

/** True when Node's OpenSSL provides SM3 (the normal case for Node 20 builds). */
export const SM3_NATIVE: boolean = getHashes().includes('sm3');

/** SM3 digest length in bytes. */
export const SM3_DIGEST_LENGTH = 32;

/** Strings are hashed as UTF-8. */
function toBuffer(data: BytesLike): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Pure-JS SM3 from sm-crypto. Exported for cross-checking the native implementation in tests. */
export function sm3Fallback(data: BytesLike): Buffer {
  return Buffer.from(smCrypto.sm3(toBuffer(data)), 'hex');
}

/** Pure-JS HMAC-SM3 from sm-crypto. Exported for cross-checking in tests. */
export function hmacSm3Fallback(key: BytesLike, data: BytesLike): Buffer {
  return Buffer.from(smCrypto.sm3(toBuffer(data), { key: toBuffer(key), mode: 'hmac' }), 'hex');
}

/** SM3 digest (32 bytes) of `data` (strings are UTF-8). */
export function sm3(data: BytesLike): Buffer {
  if (!SM3_NATIVE) return sm3Fallback(data);
  return createHash('sm3').update(toBuffer(data)).digest();
}

/** SM3 digest as 64 lower-case hex characters. */
export function sm3Hex(data: BytesLike): string {
  return sm3(data).toString('hex');
}

/**
 * SM3 over several parts, hashed as their concatenation (no separators are added: callers that
 * need unambiguous framing must add it themselves).
 */
export function sm3Concat(parts: readonly BytesLike[]): Buffer {
  if (!SM3_NATIVE) return sm3Fallback(Buffer.concat(parts.map(toBuffer)));
  const h = createHash('sm3');
  for (const p of parts) h.update(toBuffer(p));
  return h.digest();
}

/** HMAC-SM3 (32 bytes). */
export function hmacSm3(key: BytesLike, data: BytesLike): Buffer {
  if (!SM3_NATIVE) return hmacSm3Fallback(key, data);
  return createHmac('sm3', toBuffer(key)).update(toBuffer(data)).digest();
}

/** HMAC-SM3 as 64 lower-case hex characters. */
export function hmacSm3Hex(key: BytesLike, data: BytesLike): string {
  return hmacSm3(key, data).toString('hex');
}

/** Constant-time comparison of two MACs/digests (false when the lengths differ). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
