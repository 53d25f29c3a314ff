import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  SM2_DEFAULT_USER_ID,
  generateSm2KeyPair,
  isValidSm2PublicKey,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2SignWithNonce,
  sm2Verify,
} from './sm2.ts';

// Signature example on the recommended 256-bit curve (GB/T 32918.5-2017 / GM/T 0003.5-2012,
// digital signature example), message "message digest", ID_A = "1234567812345678".
const STD = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  x: '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020',
  y: 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};
const STD_PUB = `04${STD.x}${STD.y}`;
const STD_SIG = STD.r + STD.s;
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

describe('SM2 signatures: the standard test key', () => {
  it('derives the published public key from the published private key', () => {
    expect(sm2PublicKeyFromPrivate(STD.d)).toBe(STD_PUB);
    expect(sm2PublicKeyFromPrivate(STD.d.toUpperCase())).toBe(STD_PUB);
    expect(isValidSm2PublicKey(STD_PUB)).toBe(true);
  });

  it('verifies the published signature (r, s) with the default user id', () => {
    expect(SM2_DEFAULT_USER_ID).toBe('1234567812345678');
    expect(sm2Verify(STD.message, STD_SIG, STD_PUB)).toBe(true);
    expect(sm2Verify(Buffer.from(STD.message), STD_SIG.toUpperCase(), STD_PUB.toUpperCase())).toBe(true);
  });

  it('reproduces the published signature exactly from the published nonce k', () => {
    expect(sm2SignWithNonce(STD.message, STD.d, STD.k)).toBe(STD_SIG);
  });

  it('rejects the published signature for any other message, user id, key or (r, s)', () => {
    expect(sm2Verify('message digesT', STD_SIG, STD_PUB)).toBe(false);
    expect(sm2Verify('message digest ', STD_SIG, STD_PUB)).toBe(false);
    expect(sm2Verify(STD.message, STD_SIG, STD_PUB, { userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    expect(sm2Verify(STD.message, STD_SIG, generateSm2KeyPair().publicKey)).toBe(false);
    const rPlus1 = (BigInt(`0x${STD.r}`) + 1n).toString(16).padStart(64, '0');
    expect(sm2Verify(STD.message, rPlus1 + STD.s, STD_PUB)).toBe(false);
    expect(sm2Verify(STD.message, STD.s + STD.r, STD_PUB)).toBe(false);
  });
});

describe('SM2 signatures: round trips', () => {
  const kp = generateSm2KeyPair();

  it('generates valid, distinct key pairs with private keys in [1, n − 2]', () => {
    const other = generateSm2KeyPair();
    for (const k of [kp, other]) {
      expect(k.privateKey).toMatch(/^[0-9a-f]{64}$/);
      expect(k.publicKey).toMatch(/^04[0-9a-f]{128}$/);
      const d = BigInt(`0x${k.privateKey}`);
      expect(d >= 1n && d <= N - 2n).toBe(true);
      expect(isValidSm2PublicKey(k.publicKey)).toBe(true);
      expect(sm2PublicKeyFromPrivate(k.privateKey)).toBe(k.publicKey);
    }
    expect(other.privateKey).not.toBe(kp.privateKey);
  });

  it('signs and verifies text and bytes; a tampered message fails', () => {
    const msg = '线索编号 XS-2025-0001 已移交';
    const sig = sm2Sign(msg, kp.privateKey);
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(sm2Verify(msg, sig, kp.publicKey)).toBe(true);
    expect(sm2Verify(Buffer.from(msg, 'utf8'), sig, kp.publicKey)).toBe(true);
    expect(sm2Verify(`${msg}。`, sig, kp.publicKey)).toBe(false);

    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const sig2 = sm2Sign(bytes, kp.privateKey, { publicKey: kp.publicKey });
    expect(sm2Verify(bytes, sig2, kp.publicKey)).toBe(true);
    expect(sm2Verify(new Uint8Array([0, 1, 2, 250, 254]), sig2, kp.publicKey)).toBe(false);
  });

  it('uses a fresh nonce every time (two signatures of one message differ, both verify)', () => {
    const a = sm2Sign('same', kp.privateKey);
    const b = sm2Sign('same', kp.privateKey);
    expect(a).not.toBe(b);
    expect(a.slice(0, 64)).not.toBe(b.slice(0, 64)); // r differs, so k differed
    expect(sm2Verify('same', a, kp.publicKey)).toBe(true);
    expect(sm2Verify('same', b, kp.publicKey)).toBe(true);
  });

  it('supports DER-encoded signatures and custom user ids', () => {
    const der = sm2Sign('abc', kp.privateKey, { der: true });
    expect(der).toMatch(/^30[0-9a-f]+$/);
    expect(sm2Verify('abc', der, kp.publicKey, { der: true })).toBe(true);
    expect(sm2Verify('abd', der, kp.publicKey, { der: true })).toBe(false);
    expect(sm2Verify('abc', der, kp.publicKey)).toBe(false); // not raw r‖s

    const withId = sm2Sign('abc', kp.privateKey, { userId: 'jiwei@example.gov.cn' });
    expect(sm2Verify('abc', withId, kp.publicKey, { userId: 'jiwei@example.gov.cn' })).toBe(true);
    expect(sm2Verify('abc', withId, kp.publicKey)).toBe(false);
  });

  it('interoperates with sm-crypto used directly (both directions)', () => {
    const ours = sm2Sign('互通', kp.privateKey);
    expect(smCrypto.sm2.doVerifySignature('互通', ours, kp.publicKey, { hash: true })).toBe(true);
    const theirs = smCrypto.sm2.doSignature('互通', kp.privateKey, { hash: true });
    expect(sm2Verify('互通', theirs, kp.publicKey)).toBe(true);
  });

  it('accepts a compressed public key for verification', () => {
    const compressed = smCrypto.sm2.compressPublicKeyHex(kp.publicKey);
    expect(compressed).toHaveLength(66);
    const sig = sm2Sign('abc', kp.privateKey);
    expect(sm2Verify('abc', sig, compressed)).toBe(true);
  });

  it('returns false, never throws, for malformed signatures or keys', () => {
    const sig = sm2Sign('abc', kp.privateKey);
    for (const bad of ['', 'zz', sig.slice(2), `${sig}00`, '0'.repeat(128), 'f'.repeat(128)]) {
      expect(sm2Verify('abc', bad, kp.publicKey)).toBe(false);
    }
    expect(sm2Verify('abc', '3000', kp.publicKey, { der: true })).toBe(false);
    expect(sm2Verify('abc', 'not der', kp.publicKey, { der: true })).toBe(false);
    expect(sm2Verify('abc', sig, `04${'0'.repeat(128)}`)).toBe(false); // not on the curve
    expect(sm2Verify('abc', sig, 'hello')).toBe(false);
    expect(isValidSm2PublicKey(`04${STD.x}${STD.x}`)).toBe(false);
  });

  it('refuses private keys outside [1, n − 2]', () => {
    for (const bad of ['0', '0'.repeat(64), (N - 1n).toString(16), N.toString(16), 'xyz', '1'.repeat(65)]) {
      expect(() => sm2Sign('abc', bad)).toThrow(AppError);
    }
    expect(() => sm2SignWithNonce('abc', STD.d, '0')).toThrow(AppError);
  });
});
