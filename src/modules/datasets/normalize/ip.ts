/**
 * IP addresses. IPv4 dotted quads → canonical form without leading zeros (`010.001.002.003`
 * → `10.1.2.3`: e-bidding exports zero-pad decimals). IPv6 → RFC 5952 canonical text (lower
 * case, `::` compression). Anything else is kept as written and marked invalid.
 */
import { isIPv6 } from 'node:net';
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function normalizeIp(raw: unknown): NormResult<string> {
  const s = codeText(raw);
  const m = V4.exec(s);
  if (m) {
    const parts = [m[1], m[2], m[3], m[4]].map(Number);
    return parts.every((p) => p <= 255) ? ok(parts.join('.')) : okInvalid(s);
  }
  if (isIPv6(s)) {
    // WHATWG URL serialises IPv6 hosts in RFC 5952 form
    return ok(new URL(`http://[${s}]/`).hostname.slice(1, -1));
  }
  return okInvalid(s);
}
