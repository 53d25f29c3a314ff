import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  merkleRoot,
  merkleRootFromLeafHashes,
  nodeHash,
  rootFromInclusionProof,
  sha256Hash,
  splitPoint,
  verifyInclusion,
  verifyInclusionOfLeafHash,
} from './merkle.ts';
import { sm3 } from './sm3.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// Hand-built SM3 trees: H(x) = SM3(x), leaves L(d) = H(00 ‖ d), nodes N(a, b) = H(01 ‖ a ‖ b).
const H = (...parts: Uint8Array[]) => sm3(Buffer.concat(parts));
const L = (d: string) => H(Buffer.from([0]), Buffer.from(d));
const N = (a: Buffer, b: Buffer) => H(Buffer.from([1]), a, b);

describe('Merkle tree over SM3 (RFC 6962 structure)', () => {
  const d = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const [a, b, c, dd, e, f, g] = d.map(L);

  it('leaf and node hashes use the 0x00 / 0x01 domain prefixes', () => {
    expect(hex(leafHash('a'))).toBe(hex(sm3(Buffer.from([0x00, 0x61]))));
    expect(hex(nodeHash(a, b))).toBe(hex(sm3(Buffer.concat([Buffer.from([0x01]), a, b]))));
    expect(hex(leafHash('a'))).not.toBe(hex(sm3('a')));
  });

  it('splits at the largest power of two smaller than n', () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 16, 17].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 4, 4, 8, 8, 16]);
  });

  it('computes the roots of small trees built by hand', () => {
    expect(hex(merkleRoot([]))).toBe(hex(sm3(Buffer.alloc(0))));
    expect(hex(merkleRoot(['a']))).toBe(hex(a));
    expect(hex(merkleRoot(['a', 'b']))).toBe(hex(N(a, b)));
    // n = 3: k = 2 → ((a b) c)
    expect(hex(merkleRoot(d.slice(0, 3)))).toBe(hex(N(N(a, b), c)));
    expect(hex(merkleRoot(d.slice(0, 4)))).toBe(hex(N(N(a, b), N(c, dd))));
    // n = 5: k = 4 → (((a b)(c d)) e) — not the midpoint split ((a b c)(d e))
    expect(hex(merkleRoot(d.slice(0, 5)))).toBe(hex(N(N(N(a, b), N(c, dd)), e)));
    // n = 7: k = 4 → (((a b)(c d)) ((e f) g))
    expect(hex(merkleRoot(d))).toBe(hex(N(N(N(a, b), N(c, dd)), N(N(e, f), g))));
    expect(hex(merkleRootFromLeafHashes([a, b, c]))).toBe(hex(N(N(a, b), c)));
  });

  it('produces the audit paths of small trees built by hand', () => {
    // leaf c (index 2) of 7: sibling d, then (a b), then ((e f) g)
    expect(inclusionProof(d, 2).map(hex)).toEqual([dd, N(a, b), N(N(e, f), g)].map(hex));
    // leaf g (index 6) of 7: sibling (e f), then ((a b)(c d))
    expect(inclusionProof(d, 6).map(hex)).toEqual([N(e, f), N(N(a, b), N(c, dd))].map(hex));
    // leaf e (index 4) of 5: only ((a b)(c d))
    expect(inclusionProof(d.slice(0, 5), 4).map(hex)).toEqual([N(N(a, b), N(c, dd))].map(hex));
    expect(inclusionProof(['a'], 0)).toEqual([]);
  });

  it('every proof verifies, for every leaf of every tree size up to 40', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => `审计事件-${i}`);
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i);
        expect(verifyInclusion(tree[i], i, n, proof, root)).toBe(true);
        expect(hex(rootFromInclusionProof(leafHash(tree[i]), i, n, proof) as Buffer)).toBe(hex(root));
      }
    }
  });

  it('a tampered leaf, index, size, path or root fails', () => {
    const leaves = Array.from({ length: 11 }, (_, i) => `event-${i}`);
    const root = merkleRoot(leaves);
    const proof = inclusionProof(leaves, 6);
    expect(verifyInclusion('event-6', 6, 11, proof, root)).toBe(true);
    expect(verifyInclusion('event-6 ', 6, 11, proof, root)).toBe(false); // tampered leaf
    expect(verifyInclusion('event-5', 6, 11, proof, root)).toBe(false);
    expect(verifyInclusion('event-6', 7, 11, proof, root)).toBe(false); // wrong index
    expect(verifyInclusion('event-6', 6, 7, proof, root)).toBe(false); // wrong size (path shape differs)
    expect(verifyInclusion('event-6', 6, 17, proof, root)).toBe(false);
    // Note: sizes 11 and 12 give leaf 6 the same path shape, so the proof alone cannot tell them
    // apart; as in RFC 6962 the tree size must come with the (signed) root, not from the prover.
    expect(verifyInclusion('event-6', 6, 12, proof, root)).toBe(true);
    expect(verifyInclusion('event-6', 6, 11, proof.slice(1), root)).toBe(false); // shortened path
    expect(verifyInclusion('event-6', 6, 11, [...proof, proof[0]], root)).toBe(false); // lengthened
    expect(verifyInclusion('event-6', 6, 11, [...proof].reverse(), root)).toBe(false);
    const badSibling = proof.map((p, i) => (i === 1 ? Buffer.from(p.map((x, j) => (j === 0 ? x ^ 1 : x))) : p));
    expect(verifyInclusion('event-6', 6, 11, badSibling, root)).toBe(false);
    expect(verifyInclusion('event-6', 6, 11, proof, merkleRoot([...leaves.slice(0, 10), 'evil']))).toBe(false);
    expect(verifyInclusion('event-6', -1, 11, proof, root)).toBe(false);
    expect(verifyInclusion('event-6', 11, 11, proof, root)).toBe(false);
    // changing any leaf changes the root
    for (let i = 0; i < leaves.length; i++) {
      const changed = [...leaves];
      changed[i] = `${changed[i]}!`;
      expect(hex(merkleRoot(changed))).not.toBe(hex(root));
    }
  });

  it('a leaf hash is not accepted as an interior node (second-preimage resistance)', () => {
    // The root of [a, b] is N(a, b); presenting the 65-byte concatenation as one leaf must not verify.
    const root = merkleRoot(['a', 'b']);
    const fakeLeaf = Buffer.concat([Buffer.from([1]), a, b]).subarray(1);
    expect(verifyInclusion(fakeLeaf, 0, 1, [], root)).toBe(false);
    expect(verifyInclusionOfLeafHash(N(a, b), 0, 1, [], root)).toBe(true); // only as a hash, by design
  });

  it('property: random trees, every leaf proves inclusion and no other leaf does', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 }), fc.nat(), (raw, pick) => {
        const leaves = raw.map((r) => Buffer.from(r));
        const root = merkleRoot(leaves);
        const i = pick % leaves.length;
        const proof = inclusionProof(leaves, i);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(leaves.length)));
        expect(verifyInclusion(leaves[i], i, leaves.length, proof, root)).toBe(true);
        const other = Buffer.concat([leaves[i], Buffer.from([0xff])]);
        expect(verifyInclusion(other, i, leaves.length, proof, root)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects out-of-range indexes when building a proof', () => {
    expect(() => inclusionProof(['a', 'b'], 2)).toThrow(AppError);
    expect(() => inclusionProof([], 0)).toThrow(AppError);
    expect(() => inclusionProofFromLeafHashes([a], 0.5)).toThrow(AppError);
  });
});

// The same code with SHA-256 must reproduce the reference tree heads and audit paths published
// with Certificate Transparency (RFC 6962 reference implementation test data). This pins the
// tree shape and the proof order independently of anything computed here.
describe('Merkle tree with SHA-256: RFC 6962 reference vectors', () => {
  const opts = { hash: sha256Hash };
  const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
  const roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('tree heads for sizes 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(hex(merkleRoot(inputs.slice(0, n), opts))).toBe(roots[n]);
  });

  it('audit paths of leaves 0 and 5 in the tree of 8', () => {
    const p0 = [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ];
    const p5 = [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ];
    expect(inclusionProof(inputs, 0, opts).map(hex)).toEqual(p0);
    expect(inclusionProof(inputs, 5, opts).map(hex)).toEqual(p5);
    const root = unhex(roots[8]);
    expect(verifyInclusion(inputs[0], 0, 8, p0.map(unhex), root, opts)).toBe(true);
    expect(verifyInclusion(inputs[5], 5, 8, p5.map(unhex), root, opts)).toBe(true);
    expect(verifyInclusion(inputs[4], 5, 8, p5.map(unhex), root, opts)).toBe(false);
  });
});
