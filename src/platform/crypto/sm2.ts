/**
 * SM2 digital signatures (GB/T 32918.2-2016, recommended curve of GB/T 32918.5) with the SM3
 * pre-processing of GM/T 0009-2012: e = SM3(Z_A ‖ M), Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A),
 * with the default distinguishing identifier ID_A = "1234567812345678".
 *
 * The curve arithmetic is `sm-crypto`'s (Node's built-in "SM2" is not usable for GB/T signatures).
 * Randomness is ours: private keys and the per-signature nonce k come from Node's CSPRNG
 * (`crypto.randomBytes`), not from the library's RC4-based generator, and are reduced from 384
 * random bits so their bias is negligible (a biased k leaks the private key).
 *
 * Key formats: private key = 64 hex characters; public key = "04" ‖ x ‖ y (130 hex characters;
 * compressed "02"/"03" ‖ x is accepted for verification). Signatures are r ‖ s as 128 hex
 * characters by default, or ASN.1 DER (SEQUENCE { INTEGER r, INTEGER s }) with `der: true`.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import smCrypto from 'sm-crypto';
import { AppError } from '../errors.ts';
import type { BytesLike } from './sm3.ts';

const { sm2 } = smCrypto;

/** GM/T 0009-2012 default user identity. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order n of the base point of the SM2 recommended curve. */
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

// sm-crypto's signing loop takes pre-computed points built from jsbn BigIntegers. Load jsbn from
// sm-crypto's own location so it is the very copy the library uses (it is sm-crypto's dependency,
// not ours).
const requireHere = createRequire(import.meta.url);
const { BigInteger } = createRequire(requireHere.resolve('sm-crypto'))('jsbn') as {
  BigInteger: new (value: string, radix: number) => unknown;
};

export interface Sm2KeyPair {
  /** 64 lower-case hex characters. */
  privateKey: string;
  /** "04" ‖ x ‖ y, 130 lower-case hex characters. */
  publicKey: string;
}

export interface Sm2SignOptions {
  /** Distinguishing identifier (UTF-8); default "1234567812345678". */
  userId?: string;
  /** The signer's public key, if known (saves one scalar multiplication). */
  publicKey?: string;
  /** DER-encode the signature instead of r ‖ s hex. */
  der?: boolean;
}

export interface Sm2VerifyOptions {
  userId?: string;
  der?: boolean;
}

const hex64 = (v: bigint) => v.toString(16).padStart(64, '0');

/** Uniform-enough random scalar in [1, max] from 384 CSPRNG bits. */
function randomScalar(max: bigint): bigint {
  return (BigInt(`0x${randomBytes(48).toString('hex')}`) % max) + 1n;
}

function badKey(what: string, whatEn: string): AppError {
  return new AppError('crypto_bad_key', `SM2 ${what}无效`, `Invalid SM2 ${whatEn}`, 500);
}

function normalisePrivateKey(privateKey: string): string {
  if (typeof privateKey !== 'string' || !/^[0-9a-fA-F]{1,64}$/.test(privateKey)) {
    throw badKey('私钥', 'private key');
  }
  const d = BigInt(`0x${privateKey}`);
  // GB/T 32918.1 §6.1: d ∈ [1, n − 2]
  if (d < 1n || d > N - 2n) throw badKey('私钥', 'private key');
  return hex64(d);
}

function messageInput(message: BytesLike): string | number[] {
  return typeof message === 'string' ? message : Array.from(message);
}

/** True when `publicKey` is a valid point of the curve (uncompressed or compressed hex). */
export function isValidSm2PublicKey(publicKey: string): boolean {
  if (typeof publicKey !== 'string' || !/^(04[0-9a-fA-F]{128}|0[23][0-9a-fA-F]{64})$/.test(publicKey)) {
    return false;
  }
  return sm2.verifyPublicKey(publicKey.toLowerCase());
}

/** The public key "04" ‖ x ‖ y of a private key. */
export function sm2PublicKeyFromPrivate(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(normalisePrivateKey(privateKey)).toLowerCase();
}

/** A new key pair; the private key comes from Node's CSPRNG. */
export function generateSm2KeyPair(): Sm2KeyPair {
  const privateKey = hex64(randomScalar(N - 2n));
  return { privateKey, publicKey: sm2PublicKeyFromPrivate(privateKey) };
}

/** The (k, x1 = x(kG)) pair sm-crypto's signing loop consumes. */
function nonceToPoint(k: bigint) {
  const kHex = hex64(k);
  const kG = sm2.getPublicKeyFromPrivateKey(kHex); // "04" ‖ x1 ‖ y1
  return { privateKey: kHex, publicKey: kG, k: new BigInteger(kHex, 16), x1: new BigInteger(kG.slice(2, 66), 16) };
}

/**
 * An endless pool of CSPRNG nonces in the shape sm-crypto's `pointPool` expects (it checks
 * `length` and calls `pop()` once per attempt), so the library's own generator is never used —
 * not even on the ≈2⁻²⁵⁶-likely retry when r = 0, r + k = n or s = 0.
 */
function csprngPointPool(): Sm2Point[] {
  return { length: 1, pop: () => nonceToPoint(randomScalar(N - 1n)) } as unknown as Sm2Point[];
}

type Sm2Point = ReturnType<typeof nonceToPoint>;

function signWith(message: BytesLike, privateKey: string, pointPool: Sm2Point[], options: Sm2SignOptions): string {
  const d = normalisePrivateKey(privateKey);
  const publicKey = (options.publicKey ?? sm2.getPublicKeyFromPrivateKey(d)).toLowerCase();
  if (!isValidSm2PublicKey(publicKey)) throw badKey('公钥', 'public key');
  return sm2
    .doSignature(messageInput(message), d, {
      pointPool,
      hash: true,
      publicKey,
      userId: options.userId ?? SM2_DEFAULT_USER_ID,
      der: options.der ?? false,
    })
    .toLowerCase();
}

/** SM2 signature of `message` (strings are UTF-8) with SM3 and the user id of GM/T 0009. */
export function sm2Sign(message: BytesLike, privateKey: string, options: Sm2SignOptions = {}): string {
  return signWith(message, privateKey, csprngPointPool(), options);
}

/**
 * Signs with a caller-chosen nonce k. Only for reproducing the standard's known-answer test:
 * reusing or predicting k reveals the private key. Production code calls `sm2Sign`.
 * @internal
 */
export function sm2SignWithNonce(
  message: BytesLike,
  privateKey: string,
  nonceHex: string,
  options: Sm2SignOptions = {},
): string {
  const k = /^[0-9a-fA-F]{1,64}$/.test(nonceHex) ? BigInt(`0x${nonceHex}`) : 0n;
  if (k < 1n || k >= N) throw badKey('随机数', 'nonce');
  // After the fixed nonce, fall back to CSPRNG nonces rather than the library's generator.
  const pool = csprngPointPool();
  let first: Sm2Point | undefined = nonceToPoint(k);
  const fixed = {
    length: 1,
    pop: () => {
      const p = first ?? pool.pop();
      first = undefined;
      return p;
    },
  } as unknown as Sm2Point[];
  return signWith(message, privateKey, fixed, options);
}

/** Verifies an SM2 signature; false (never an exception) for any malformed input. */
export function sm2Verify(
  message: BytesLike,
  signature: string,
  publicKey: string,
  options: Sm2VerifyOptions = {},
): boolean {
  if (!isValidSm2PublicKey(publicKey) || typeof signature !== 'string') return false;
  if (options.der) {
    if (!/^30[0-9a-fA-F]+$/.test(signature) || signature.length % 2 !== 0) return false;
  } else if (!/^[0-9a-fA-F]{128}$/.test(signature)) {
    return false;
  }
  try {
    return sm2.doVerifySignature(messageInput(message), signature.toLowerCase(), publicKey.toLowerCase(), {
      hash: true,
      userId: options.userId ?? SM2_DEFAULT_USER_ID,
      der: options.der ?? false,
    });
  } catch {
    return false;
  }
}
