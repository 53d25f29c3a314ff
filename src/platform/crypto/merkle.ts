/**
 * Merkle tree hash and inclusion (audit) proofs exactly as in RFC 6962 §2.1 (Certificate
 * Transparency; same algorithms in RFC 9162 §2.1), with SM3 as the hash by default:
 *
 *   MTH({})        = HASH()
 *   MTH({d0})      = HASH(0x00 ‖ d0)                          (leaf hash)
 *   MTH(D[0:n])    = HASH(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))    (node hash)
 *                    where k is the largest power of two smaller than n
 *
 * The hash is a parameter so the same code can be checked against the published SHA-256
 * reference vectors of RFC 6962 (see the tests).
 *
 * Functions named `…FromLeafHashes` take leaf hashes (what an append-only log stores); the
 * others take the raw leaves and hash them first.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { type BytesLike, constantTimeEqual, sm3 } from './sm3.ts';

export type HashFunction = (data: Buffer) => Buffer;

export interface MerkleOptions {
  /** Default SM3. */
  hash?: HashFunction;
}

const sm3Hash: HashFunction = (d) => sm3(d);
/** SHA-256, for checking against the RFC 6962 reference vectors. */
export const sha256Hash: HashFunction = (d) => createHash('sha256').update(d).digest();

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

function bytes(data: BytesLike): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function badInput(message: string, messageEn: string): AppError {
  return new AppError('merkle_bad_input', message, messageEn, 400);
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** HASH(0x00 ‖ leaf). Strings are UTF-8. */
export function leafHash(leaf: BytesLike, options: MerkleOptions = {}): Buffer {
  const h = options.hash ?? sm3Hash;
  return h(Buffer.concat([LEAF_PREFIX, bytes(leaf)]));
}

/** HASH(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array, options: MerkleOptions = {}): Buffer {
  const h = options.hash ?? sm3Hash;
  return h(Buffer.concat([NODE_PREFIX, left, right]));
}

/** Root of the tree over `hashes[lo, hi)` (leaf hashes). Recursion depth is log₂ n. */
function subtreeRoot(hashes: readonly Uint8Array[], lo: number, hi: number, h: HashFunction): Buffer {
  const n = hi - lo;
  if (n === 1) return Buffer.from(hashes[lo]);
  const k = splitPoint(n);
  return h(Buffer.concat([NODE_PREFIX, subtreeRoot(hashes, lo, lo + k, h), subtreeRoot(hashes, lo + k, hi, h)]));
}

/** Merkle tree hash over leaf hashes; the empty tree's hash is HASH() of nothing. */
export function merkleRootFromLeafHashes(leafHashes: readonly Uint8Array[], options: MerkleOptions = {}): Buffer {
  const h = options.hash ?? sm3Hash;
  if (leafHashes.length === 0) return h(Buffer.alloc(0));
  return subtreeRoot(leafHashes, 0, leafHashes.length, h);
}

/** Merkle tree hash over raw leaves. */
export function merkleRoot(leaves: readonly BytesLike[], options: MerkleOptions = {}): Buffer {
  return merkleRootFromLeafHashes(
    leaves.map((l) => leafHash(l, options)),
    options,
  );
}

/** RFC 6962 PATH(m, D[lo:hi]), appended to `out`, bottom-most sibling first. */
function path(m: number, hashes: readonly Uint8Array[], lo: number, hi: number, h: HashFunction, out: Buffer[]): void {
  const n = hi - lo;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(m, hashes, lo, lo + k, h, out);
    out.push(subtreeRoot(hashes, lo + k, hi, h));
  } else {
    path(m - k, hashes, lo + k, hi, h, out);
    out.push(subtreeRoot(hashes, lo, lo + k, h));
  }
}

function checkIndex(index: number, size: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw badInput(
      `叶子序号 ${index} 超出范围（共 ${size} 个叶子）`,
      `Leaf index ${index} is out of range (tree of ${size} leaves)`,
    );
  }
}

/**
 * Audit path of leaf `index` in the tree over `leafHashes`: the sibling subtree hashes from the
 * leaf up to the root (RFC 6962 §2.1.1).
 */
export function inclusionProofFromLeafHashes(
  leafHashes: readonly Uint8Array[],
  index: number,
  options: MerkleOptions = {},
): Buffer[] {
  checkIndex(index, leafHashes.length);
  const out: Buffer[] = [];
  path(index, leafHashes, 0, leafHashes.length, options.hash ?? sm3Hash, out);
  return out;
}

/** Audit path of leaf `index` in the tree over raw `leaves`. */
export function inclusionProof(leaves: readonly BytesLike[], index: number, options: MerkleOptions = {}): Buffer[] {
  return inclusionProofFromLeafHashes(
    leaves.map((l) => leafHash(l, options)),
    index,
    options,
  );
}

/**
 * The root that a leaf hash and its audit path imply (RFC 9162 §2.1.3.2), or null when the path
 * has the wrong length for (index, treeSize).
 */
export function rootFromInclusionProof(
  leafHashValue: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  options: MerkleOptions = {},
): Buffer | null {
  const h = options.hash ?? sm3Hash;
  if (!Number.isSafeInteger(treeSize) || !Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    return null;
  }
  // Plain numbers: shifting with `/ 2` keeps this correct beyond 2³¹ leaves.
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHashValue);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = h(Buffer.concat([NODE_PREFIX, p, r]));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = h(Buffer.concat([NODE_PREFIX, r, p]));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** True when `proof` shows that `leafHashValue` is leaf `index` of the tree of `treeSize` with `root`. */
export function verifyInclusionOfLeafHash(
  leafHashValue: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  options: MerkleOptions = {},
): boolean {
  const computed = rootFromInclusionProof(leafHashValue, index, treeSize, proof, options);
  return computed !== null && constantTimeEqual(computed, root);
}

/** True when `proof` shows that raw `leaf` is leaf `index` of the tree of `treeSize` with `root`. */
export function verifyInclusion(
  leaf: BytesLike,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  options: MerkleOptions = {},
): boolean {
  return verifyInclusionOfLeafHash(leafHash(leaf, options), index, treeSize, proof, root, options);
}
