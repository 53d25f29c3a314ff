import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import smCrypto from 'sm-crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  FIELD_TOKEN_VERSION,
  FieldKey,
  KEY_FILE_NAME,
  Keyring,
  MASTER_KEY_ENV,
  SM4_NATIVE,
  decryptField,
  encryptField,
  fieldKeyId,
  isEncryptedField,
  keyFilePath,
  keyFingerprint,
  keyringFromEnvValue,
  loadOrCreateKeyring,
  needsRotation,
  parseFieldToken,
  parseMasterKey,
  rotate,
  rotateKeyFile,
  sm4BlockEncryptor,
  sm4CbcDecrypt,
  sm4CbcEncrypt,
  sm4DecryptBlocks,
  sm4EncryptBlocks,
} from './sm4.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

/** Runs `fn`, expecting an AppError with `code`; returns it. */
function expectCode(fn: () => unknown, code: string): AppError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  return thrown as AppError;
}

describe('SM4 block cipher (GB/T 32907-2016, Appendix A)', () => {
  const K = hex('0123456789abcdeffedcba9876543210');

  it('uses the OpenSSL implementation built into this Node', () => {
    expect(SM4_NATIVE).toBe(true);
  });

  it('example 1: key = plaintext = 0123…3210, one encryption', () => {
    expect(sm4EncryptBlocks(K, K).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4DecryptBlocks(K, hex('681edf34d206965e86b3e94f536e4246')).equals(K)).toBe(true);
  });

  it('example 2: the same key, 1,000,000 successive encryptions', () => {
    const enc = sm4BlockEncryptor(K);
    let block: Buffer = Buffer.from(K);
    for (let i = 0; i < 1_000_000; i++) block = enc(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  }, 120_000);

  it('the reusable encryptor gives the same blocks as one-shot calls', () => {
    const enc = sm4BlockEncryptor(K);
    let a: Buffer = Buffer.from(K);
    let b: Buffer = Buffer.from(K);
    for (let i = 0; i < 20; i++) {
      a = enc(a);
      b = sm4EncryptBlocks(K, b);
      expect(a.equals(b)).toBe(true);
    }
  });

  it('CBC agrees with the independent pure-JS implementation of sm-crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, iv, data) => {
          const ours = sm4CbcEncrypt(key, iv, data);
          const theirs = Buffer.from(
            smCrypto.sm4.encrypt(Array.from(data), Array.from(key), {
              mode: 'cbc',
              iv: Array.from(iv),
              output: 'array',
            }) as number[],
          );
          expect(ours.equals(theirs)).toBe(true);
          expect(sm4CbcDecrypt(key, iv, ours).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects keys that are not 16 bytes and partial blocks', () => {
    expectCode(() => sm4EncryptBlocks(Buffer.alloc(15), Buffer.alloc(16)), 'crypto_bad_key');
    expectCode(() => new FieldKey(Buffer.alloc(32)), 'crypto_bad_key');
    expectCode(() => sm4EncryptBlocks(K, Buffer.alloc(17)), 'crypto_bad_input');
  });
});

describe('field encryption', () => {
  const keyA = new FieldKey(hex('00112233445566778899aabbccddeeff'));
  const keyB = new FieldKey(hex('ffeeddccbbaa99887766554433221100'));

  it('round-trips any text, including empty, Chinese and astral characters', () => {
    for (const s of ['', '110101199003077777', '张三 13800138000', '𠮷野家 🍜', 'x'.repeat(10_000)]) {
      expect(decryptField(encryptField(s, keyA), keyA)).toBe(s);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        expect(decryptField(encryptField(s, keyA), new Keyring([keyB, keyA]))).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a raw 16-byte Buffer as the key', () => {
    const raw = hex('00112233445566778899aabbccddeeff');
    const token = encryptField('秘密', raw);
    expect(fieldKeyId(token)).toBe(keyA.id);
    expect(decryptField(token, raw)).toBe('秘密');
    expect(decryptField(token, keyA)).toBe('秘密');
  });

  it('produces a self-describing compact token with a fresh IV each time', () => {
    const t1 = encryptField('110101199003077777', keyA);
    const t2 = encryptField('110101199003077777', keyA);
    expect(t1).not.toBe(t2);
    expect(t1).toMatch(/^gt1\.k[0-9a-f]{12}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(t1.length).toBeLessThan(120);
    const p = parseFieldToken(t1);
    expect(p.version).toBe(FIELD_TOKEN_VERSION);
    expect(p.keyId).toBe(keyA.id);
    expect(p.iv).toHaveLength(16);
    expect(p.tag).toHaveLength(16);
    expect(p.ciphertext).toHaveLength(32); // 18 bytes + PKCS#7 padding
    expect(p.iv.equals(parseFieldToken(t2).iv)).toBe(false);
    expect(t1).not.toContain('110101199003077777');
    expect(isEncryptedField(t1)).toBe(true);
    expect(isEncryptedField('110101199003077777')).toBe(false);
    expect(isEncryptedField('gt1.a.b.c.d')).toBe(false);
  });

  it('the key id is a stable fingerprint of the key, different per key', () => {
    expect(keyA.id).toBe(keyFingerprint(hex('00112233445566778899aabbccddeeff')));
    expect(keyA.id).not.toBe(keyB.id);
    expect(new FieldKey(hex('00112233445566778899aabbccddeeff'), 'prod-2025').id).toBe('prod-2025');
    expectCode(() => new FieldKey(hex('00112233445566778899aabbccddeeff'), 'bad.id'), 'crypto_bad_key_id');
  });

  it('a key that is not in the keyring cannot decrypt', () => {
    const token = encryptField('秘密', keyA);
    expectCode(() => decryptField(token, keyB), 'crypto_unknown_key');
    expectCode(() => decryptField(token, new Keyring([keyB])), 'crypto_unknown_key');
  });

  it('a wrong key under the right id fails the integrity check', () => {
    const token = encryptField('秘密', keyA);
    const impostor = new FieldKey(hex('ffeeddccbbaa99887766554433221100'), keyA.id);
    expectCode(() => decryptField(token, impostor), 'crypto_integrity');
  });

  it('any single-character change to a token is rejected, never decrypted to something else', () => {
    const token = encryptField('110101199003077777', keyA);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.nat({ max: alphabet.length - 1 }), (i, j) => {
        const c = alphabet[j] === token[i] ? alphabet[(j + 1) % alphabet.length] : alphabet[j];
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        expect(() => decryptField(tampered, new Keyring([keyA, keyB]))).toThrow(AppError);
      }),
      { numRuns: 400 },
    );
  });

  it('tampering with ciphertext, IV, tag or version is detected', () => {
    const token = encryptField('张三，身份证号 110101199003077777', keyA);
    const p = parseFieldToken(token);
    expect(p.ciphertext.length).toBe(48);
    const flip = (b: Buffer, i: number) => {
      const c = Buffer.from(b);
      c[i] ^= 0x01;
      return c.toString('base64url');
    };
    const [v, kid, iv, ct, tag] = token.split('.');
    expectCode(() => decryptField([v, kid, iv, flip(p.ciphertext, 0), tag].join('.'), keyA), 'crypto_integrity');
    expectCode(() => decryptField([v, kid, iv, flip(p.ciphertext, 47), tag].join('.'), keyA), 'crypto_integrity');
    expectCode(() => decryptField([v, kid, flip(p.iv, 5), ct, tag].join('.'), keyA), 'crypto_integrity');
    expectCode(() => decryptField([v, kid, iv, ct, flip(p.tag, 15)].join('.'), keyA), 'crypto_integrity');
    // dropping a ciphertext block keeps a well-formed token but breaks the MAC
    const shorter = p.ciphertext.subarray(0, 16).toString('base64url');
    expectCode(() => decryptField([v, kid, iv, shorter, tag].join('.'), keyA), 'crypto_integrity');
    expectCode(() => decryptField(['gt2', kid, iv, ct, tag].join('.'), keyA), 'crypto_unsupported_version');
    expectCode(() => decryptField(token.slice(0, -1), keyA), 'crypto_bad_token');
    expectCode(() => decryptField(`${token}.x`, keyA), 'crypto_bad_token');
    expectCode(() => decryptField('', keyA), 'crypto_bad_token');
  });

  it('binds the optional context: a token moved to another column does not decrypt', () => {
    const token = encryptField('110101199003077777', keyA, { context: 'persons.id_number' });
    expect(decryptField(token, keyA, { context: 'persons.id_number' })).toBe('110101199003077777');
    expectCode(() => decryptField(token, keyA, { context: 'persons.phone' }), 'crypto_integrity');
    expectCode(() => decryptField(token, keyA), 'crypto_integrity');
    expectCode(() => decryptField(encryptField('x', keyA), keyA, { context: 'persons.id_number' }), 'crypto_integrity');
  });

  it('rotation re-encrypts with the current key; old keys keep decrypting', () => {
    const ringA = new Keyring([keyA]);
    const old = encryptField('110101199003077777', ringA);
    const ringAB = ringA.withCurrent(keyB);
    expect(ringAB.current.id).toBe(keyB.id);
    expect(ringAB.ids()).toEqual([keyB.id, keyA.id]);
    expect(ringA.current.id).toBe(keyA.id); // immutable
    expect(needsRotation(old, ringAB)).toBe(true);

    const rotated = rotate(old, ringAB);
    expect(fieldKeyId(rotated)).toBe(keyB.id);
    expect(needsRotation(rotated, ringAB)).toBe(false);
    expect(decryptField(rotated, ringAB)).toBe('110101199003077777');
    expect(decryptField(rotated, new Keyring([keyB]))).toBe('110101199003077777');
    expectCode(() => decryptField(rotated, ringA), 'crypto_unknown_key');
    expect(decryptField(old, ringAB)).toBe('110101199003077777');
    // already current: verified and returned unchanged
    expect(rotate(rotated, ringAB)).toBe(rotated);
    // context is carried over
    const withCtx = encryptField('x', ringA, { context: 'c' });
    expect(decryptField(rotate(withCtx, ringAB, { context: 'c' }), keyB, { context: 'c' })).toBe('x');
    // a tampered token is not laundered into a valid one
    expectCode(() => rotate(`${old.slice(0, -2)}AA`, ringAB), 'crypto_integrity');
  });

  it('keyrings reject duplicates, unknown current ids and emptiness', () => {
    expectCode(() => new Keyring([]), 'crypto_no_key');
    expectCode(() => new Keyring([keyA, keyA]), 'crypto_duplicate_key_id');
    expectCode(() => new Keyring([keyA], keyB.id), 'crypto_unknown_key');
    expect(new Keyring([keyA, keyB], keyB.id).current.id).toBe(keyB.id);
  });

  it('keys never show up when keys or keyrings are printed or serialised', () => {
    const raw = hex('00112233445566778899aabbccddeeff');
    const ring = new Keyring([keyA, keyB]);
    const printed = [
      inspect(keyA),
      inspect(ring),
      inspect({ nested: { ring, keyA } }, { depth: 10, showHidden: true }),
      JSON.stringify({ ring, keyA }),
      String(keyA),
      String(ring),
      `${ring}`,
    ].join('\n');
    for (const secret of [raw.toString('hex'), raw.toString('base64'), raw.toString('base64url').slice(0, 20)]) {
      expect(printed.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(printed).toContain(keyA.id);
    expect(Object.keys(keyA)).toEqual(['id']);
  });
});

describe('master key loading', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('parses hex and base64/base64url keys of 16 bytes', () => {
    const raw = hex('00112233445566778899aabbccddeeff');
    expect(parseMasterKey('00112233445566778899aabbccddeeff').equals(raw)).toBe(true);
    expect(parseMasterKey('00112233445566778899AABBCCDDEEFF').equals(raw)).toBe(true);
    expect(parseMasterKey(` ${raw.toString('base64')}\n`).equals(raw)).toBe(true);
    expect(parseMasterKey(raw.toString('base64').replace(/=+$/, '')).equals(raw)).toBe(true);
    const awkward = hex('fbff00fbff00fbff00fbff00fbff00fb'); // base64 with '+' and '/'
    expect(awkward.toString('base64')).toMatch(/[+/]/);
    expect(parseMasterKey(awkward.toString('base64')).equals(awkward)).toBe(true);
    expect(parseMasterKey(awkward.toString('base64url')).equals(awkward)).toBe(true);
  });

  it('rejects other lengths and encodings without echoing the value', () => {
    for (const bad of [
      '00112233445566778899aabbccddee', // 15 bytes
      '00112233445566778899aabbccddeeff00', // 17 bytes
      Buffer.alloc(32, 7).toString('base64'), // 32 bytes
      'not a key at all, really not!!',
      '',
    ]) {
      const e = expectCode(() => parseMasterKey(bad), 'crypto_bad_master_key');
      if (bad.length > 4) expect(`${e.message} ${e.messageEn}`).not.toContain(bad);
      expect(e.message).toContain(MASTER_KEY_ENV);
    }
  });

  it('uses GUANTONG_MASTER_KEY when set, and then writes no file', () => {
    const dir = tmp();
    const raw = hex('00112233445566778899aabbccddeeff');
    const ring = loadOrCreateKeyring(dir, { env: { [MASTER_KEY_ENV]: raw.toString('hex') } });
    expect(ring.current.id).toBe(keyFingerprint(raw));
    expect(fs.existsSync(keyFilePath(dir))).toBe(false);
    expect(decryptField(encryptField('a', raw), ring)).toBe('a');
  });

  it('accepts several comma-separated keys in the variable, the first being current', () => {
    const a = hex('00112233445566778899aabbccddeeff');
    const b = hex('ffeeddccbbaa99887766554433221100');
    const oldToken = encryptField('旧', a);
    const ring = keyringFromEnvValue(`${b.toString('base64')}, ${a.toString('hex')}`);
    expect(ring.current.id).toBe(keyFingerprint(b));
    expect(decryptField(oldToken, ring)).toBe('旧');
    expect(fieldKeyId(rotate(oldToken, ring))).toBe(keyFingerprint(b));
  });

  it('creates the key file on first use with mode 0600, then reuses it', () => {
    const dir = path.join(tmp(), 'nested', 'data');
    const ring1 = loadOrCreateKeyring(dir, { env: {} });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
    const token = encryptField('110101199003077777', ring1);

    const ring2 = loadOrCreateKeyring(dir, { env: {} });
    expect(ring2.current.id).toBe(ring1.current.id);
    expect(decryptField(token, ring2)).toBe('110101199003077777');

    // the file holds exactly one random 16-byte key, not an all-zero placeholder
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.keys).toHaveLength(1);
    expect(doc.keys[0].key).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.keys[0].key).not.toBe('0'.repeat(32));
    expect(keyFingerprint(hex(doc.keys[0].key))).toBe(ring1.current.id);

    // another data directory gets another key
    expect(loadOrCreateKeyring(tmp(), { env: {} }).current.id).not.toBe(ring1.current.id);
  });

  it('an empty GUANTONG_MASTER_KEY falls back to the key file', () => {
    const dir = tmp();
    loadOrCreateKeyring(dir, { env: { [MASTER_KEY_ENV]: '  ' } });
    expect(fs.existsSync(keyFilePath(dir))).toBe(true);
  });

  it('refuses a key file other users can read, and a corrupted one', () => {
    if (process.platform === 'win32') return;
    const dir = tmp();
    loadOrCreateKeyring(dir, { env: {} });
    const file = keyFilePath(dir);
    fs.chmodSync(file, 0o644);
    const e = expectCode(() => loadOrCreateKeyring(dir, { env: {} }), 'crypto_key_file');
    expect(e.message).toContain('chmod 600');
    fs.chmodSync(file, 0o600);
    expect(loadOrCreateKeyring(dir, { env: {} }).ids()).toHaveLength(1);
    fs.writeFileSync(file, '{not json');
    expectCode(() => loadOrCreateKeyring(dir, { env: {} }), 'crypto_key_file');
    fs.writeFileSync(file, JSON.stringify({ format: 'guantong-keyring', version: 1, current: 'x', keys: [{ id: 'x', key: 'zz' }] }));
    expectCode(() => loadOrCreateKeyring(dir, { env: {} }), 'crypto_key_file');
  });

  it('rotateKeyFile adds a new current key and keeps the old one for reading', () => {
    const dir = tmp();
    const ring1 = loadOrCreateKeyring(dir, { env: {} });
    const old = encryptField('110101199003077777', ring1);
    const ring2 = rotateKeyFile(dir, { env: {} });
    expect(ring2.current.id).not.toBe(ring1.current.id);
    expect(ring2.ids()).toEqual([ring2.current.id, ring1.current.id]);
    expect(fs.statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE_NAME]); // no temporary file left behind

    const reloaded = loadOrCreateKeyring(dir, { env: {} });
    expect(reloaded.current.id).toBe(ring2.current.id);
    expect(decryptField(old, reloaded)).toBe('110101199003077777');
    const rotated = rotate(old, reloaded);
    expect(fieldKeyId(rotated)).toBe(ring2.current.id);
    expect(decryptField(rotated, reloaded)).toBe('110101199003077777');

    expectCode(() => rotateKeyFile(dir, { env: { [MASTER_KEY_ENV]: '00112233445566778899aabbccddeeff' } }), 'crypto_key_from_env');
  });
});
