/** TOTP second factor (RFC 6238, 30 s, 6 digits, SHA-1 as authenticator apps expect). */
import { Secret, TOTP } from 'otpauth';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'guantong') {
  return new TOTP({ issuer: '贯通监督平台', label, secret: Secret.fromBase32(secret), digits: 6, period: 30 });
}

export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/** Accepts the current code and one step either side (clock drift). */
export function checkTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secret).validate({ token: code, window: 1 }) !== null;
}

export function currentTotp(secret: string, at = Date.now()): string {
  return totpFor(secret).generate({ timestamp: at });
}
