/**
 * SM4 (GB/T 32907-2016) field-level encryption for sensitive values (ID numbers, phone numbers,
 * bank accounts …), with a keyring so master keys can be rotated.
 *
 * Token format (one compact ASCII string, safe for a `text` column, URLs and JSON):
 *
 *     gt1.<keyId>.<iv>.<ciphertext>.<tag>        (iv, ciphertext, tag: base64url, no padding)
 *
 *   - `gt1`        format version: SM4-CBC (PKCS#7) then HMAC-SM3 over the rest (encrypt-then-MAC)
 *   - `keyId`      which master key of the keyring encrypted it (a fingerprint of the key)
 *   - `iv`         16 random bytes, fresh for every encryption
 *   - `tag`        HMAC-SM3 truncated to 16 bytes over "gt1.<keyId>.<iv>.<ciphertext>" ‖ 0x00 ‖ context
 *
 * Two independent sub-keys are derived from each 16-byte master key with HMAC-SM3 (one for SM4,
 * one for the MAC); the master key itself never touches data. The MAC is checked, in constant
 * time, before anything is decrypted, so there is no padding oracle.
 *
 * Why not SM4-GCM: the OpenSSL 3.0 in Node 20 offers sm4-ecb/cbc/cfb/ofb/ctr but no sm4-gcm
 * (`crypto.getCiphers()`), and a token format that depended on the build would make data written
 * on one server unreadable on another. CBC + HMAC-SM3 works on every build that has SM4; a future
 * `gt2` (GCM) can be added beside `gt1` without touching stored data.
 *
 * Keys never appear in logs: `FieldKey`/`Keyring` hide their bytes from `console.log`,
 * `util.inspect` and `JSON.stringify`, and no error message includes key material.
 */
import {
  createCipheriv,
  createDecipheriv,
  getCiphers,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import smCrypto from 'sm-crypto';
import { AppError } from '../errors.ts';
import { constantTimeEqual, hmacSm3 } from './sm3.ts';

export const SM4_KEY_LENGTH = 16;
export const SM4_BLOCK_LENGTH = 16;
/** True when Node's OpenSSL provides SM4 (normal for Node 20); otherwise sm-crypto is used. */
export const SM4_NATIVE: boolean = getCiphers().includes('sm4-cbc');
/** Reported for diagnostics; the token format does not depend on it (see the file comment). */
export const SM4_GCM_AVAILABLE: boolean = getCiphers().includes('sm4-gcm');

export const FIELD_TOKEN_VERSION = 'gt1';
const TAG_LENGTH = 16;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

// ---------------------------------------------------------------------------------------------
// SM4 primitives
// ---------------------------------------------------------------------------------------------

function checkKey(key: Uint8Array): void {
  if (key.length !== SM4_KEY_LENGTH) {
    throw new AppError(
      'crypto_bad_key',
      'SM4 密钥长度必须为 16 字节',
      'An SM4 key must be 16 bytes long',
      500,
    );
  }
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % SM4_BLOCK_LENGTH !== 0) {
    throw new AppError('crypto_bad_input', 'SM4 分组长度必须是 16 字节的整数倍', 'SM4 input must be whole 16-byte blocks', 500);
  }
}

/**
 * A raw SM4 block encryptor for one key (ECB, no padding), reusing one cipher context across
 * calls. For known-answer tests and building other modes; never use ECB on data directly.
 */
export function sm4BlockEncryptor(key: Uint8Array): (blocks: Uint8Array) => Buffer {
  checkKey(key);
  if (!SM4_NATIVE) {
    const k = Array.from(key);
    return (blocks) => {
      checkBlocks(blocks);
      return Buffer.from(smCrypto.sm4.encrypt(Array.from(blocks), k, { padding: 'none', output: 'array' }) as number[]);
    };
  }
  const c = createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return (blocks) => {
    checkBlocks(blocks);
    return c.update(blocks);
  };
}

/** Encrypts whole 16-byte blocks with SM4 in ECB mode (no padding). For test vectors only. */
export function sm4EncryptBlocks(key: Uint8Array, data: Uint8Array): Buffer {
  return sm4BlockEncryptor(key)(data);
}

/** Decrypts whole 16-byte blocks with SM4 in ECB mode (no padding). For test vectors only. */
export function sm4DecryptBlocks(key: Uint8Array, data: Uint8Array): Buffer {
  checkKey(key);
  checkBlocks(data);
  if (!SM4_NATIVE) {
    const out = smCrypto.sm4.decrypt(Array.from(data), Array.from(key), { padding: 'none', output: 'array' });
    return Buffer.from(out as number[]);
  }
  const d = createDecipheriv('sm4-ecb', key, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

/** SM4-CBC with PKCS#7 padding, one direction. */
function sm4Cbc(direction: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkKey(key);
  if (!SM4_NATIVE) {
    const out = smCrypto.sm4[direction](Array.from(data), Array.from(key), {
      mode: 'cbc',
      iv: Array.from(iv),
      output: 'array',
    });
    return Buffer.from(out as number[]);
  }
  const c = direction === 'encrypt' ? createCipheriv('sm4-cbc', key, iv) : createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** SM4-CBC with PKCS#7 padding. */
export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  return sm4Cbc('encrypt', key, iv, plaintext);
}

/** SM4-CBC with PKCS#7 padding. Throws on bad padding — only call it on authenticated data. */
export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  return sm4Cbc('decrypt', key, iv, ciphertext);
}

// ---------------------------------------------------------------------------------------------
// Keys and keyrings
// ---------------------------------------------------------------------------------------------

interface KeySecrets {
  raw: Buffer;
  enc: Buffer;
  mac: Buffer;
}

/** Key material lives here, not on the objects, so it cannot be printed or serialised by accident. */
const secrets = new WeakMap<FieldKey, KeySecrets>();

/** The default key id: a short fingerprint of the key (HMAC-SM3, so it reveals nothing usable). */
export function keyFingerprint(key: Uint8Array): string {
  checkKey(key);
  return `k${hmacSm3(key, 'guantong/field-key/id').subarray(0, 6).toString('hex')}`;
}

/** One 16-byte SM4 master key with its id. */
export class FieldKey {
  readonly id: string;

  constructor(key: Uint8Array, id?: string) {
    checkKey(key);
    const keyId = id ?? keyFingerprint(key);
    if (!KEY_ID_RE.test(keyId)) {
      throw new AppError(
        'crypto_bad_key_id',
        '密钥编号只能包含字母、数字、下划线和连字符（1–64 个字符）',
        'A key id may only contain letters, digits, "_" and "-" (1–64 characters)',
        500,
      );
    }
    this.id = keyId;
    const raw = Buffer.from(key); // private copy: later changes to the caller's buffer do not leak in
    secrets.set(this, {
      raw,
      enc: hmacSm3(raw, 'guantong/field-key/sm4-cbc').subarray(0, SM4_KEY_LENGTH),
      mac: hmacSm3(raw, 'guantong/field-key/hmac-sm3'),
    });
  }

  /** A new random key from the operating system's CSPRNG. */
  static generate(): FieldKey {
    return new FieldKey(randomBytes(SM4_KEY_LENGTH));
  }

  /** A copy of the raw key bytes — only for writing the key file. */
  exportKey(): Buffer {
    return Buffer.from(secretsOf(this).raw);
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  toString(): string {
    return `FieldKey(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function secretsOf(key: FieldKey): KeySecrets {
  const s = secrets.get(key);
  if (!s) throw new AppError('crypto_bad_key', '无效的密钥对象', 'Invalid key object', 500);
  return s;
}

/**
 * A set of master keys by id. New data is encrypted with `current`; any key of the ring can
 * decrypt. Immutable: `withCurrent` returns a new ring.
 */
export class Keyring {
  readonly #keys: ReadonlyMap<string, FieldKey>;
  readonly current: FieldKey;

  constructor(keys: readonly FieldKey[], currentId?: string) {
    if (keys.length === 0) {
      throw new AppError('crypto_no_key', '密钥环中没有密钥', 'The keyring holds no key', 500);
    }
    const map = new Map<string, FieldKey>();
    for (const k of keys) {
      if (map.has(k.id)) {
        throw new AppError('crypto_duplicate_key_id', `密钥编号重复：${k.id}`, `Duplicate key id: ${k.id}`, 500);
      }
      map.set(k.id, k);
    }
    const current = map.get(currentId ?? keys[0].id);
    if (!current) {
      throw new AppError('crypto_unknown_key', `密钥环中没有编号为 ${currentId} 的密钥`, `No key with id ${currentId} in the keyring`, 500);
    }
    this.#keys = map;
    this.current = current;
  }

  get(id: string): FieldKey | undefined {
    return this.#keys.get(id);
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /** All key ids, the current one first. */
  ids(): string[] {
    return [this.current.id, ...[...this.#keys.keys()].filter((id) => id !== this.current.id)];
  }

  keys(): FieldKey[] {
    return this.ids().map((id) => this.#keys.get(id) as FieldKey);
  }

  /** A ring that also holds `key` (if new) and uses it as the current key. */
  withCurrent(key: FieldKey): Keyring {
    const others = [...this.#keys.values()].filter((k) => k.id !== key.id);
    return new Keyring([key, ...others], key.id);
  }

  toJSON(): { current: string; keys: string[] } {
    return { current: this.current.id, keys: this.ids() };
  }

  toString(): string {
    return `Keyring(current=${this.current.id}, keys=[${this.ids().join(', ')}])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

type KeyInput = Uint8Array | FieldKey | Keyring;

function toKeyring(k: KeyInput): Keyring {
  if (k instanceof Keyring) return k;
  if (k instanceof FieldKey) return new Keyring([k]);
  return new Keyring([new FieldKey(k)]);
}

// ---------------------------------------------------------------------------------------------
// Field encryption
// ---------------------------------------------------------------------------------------------

export interface FieldOptions {
  /**
   * Associated data bound into the MAC but not stored in the token, e.g. `"persons.id_number"`:
   * a token copied into another column/context then fails to decrypt. Must be the same when
   * decrypting. Absent and `''` are the same context.
   */
  context?: string;
}

export interface ParsedFieldToken {
  version: string;
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  /** The authenticated header "gt1.<keyId>.<iv>.<ciphertext>". */
  signed: string;
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

const malformed = () =>
  new AppError('crypto_bad_token', '加密字段格式无效', 'Malformed encrypted field', 500);

function integrityError(): AppError {
  return new AppError(
    'crypto_integrity',
    '加密字段校验失败：数据被篡改或密钥不匹配',
    'Encrypted field failed its integrity check: tampered data or wrong key',
    500,
  );
}

function macOf(key: FieldKey, signed: string, context: string): Buffer {
  const data = Buffer.concat([Buffer.from(signed, 'ascii'), Buffer.from([0]), Buffer.from(context, 'utf8')]);
  return hmacSm3(secretsOf(key).mac, data).subarray(0, TAG_LENGTH);
}

/** True when `value` has the shape of an encrypted-field token (does not check the MAC). */
export function isEncryptedField(value: string): boolean {
  try {
    parseFieldToken(value);
    return true;
  } catch {
    return false;
  }
}

/** Splits a token into its parts; throws `crypto_bad_token` when the shape is wrong. */
export function parseFieldToken(token: string): ParsedFieldToken {
  if (typeof token !== 'string') throw malformed();
  const parts = token.split('.');
  if (parts.length !== 5) throw malformed();
  const [version, keyId, ivText, ctText, tagText] = parts;
  if (version !== FIELD_TOKEN_VERSION) {
    throw new AppError(
      'crypto_unsupported_version',
      `不支持的加密字段版本：${version.slice(0, 16)}`,
      `Unsupported encrypted field version: ${version.slice(0, 16)}`,
      500,
    );
  }
  if (!KEY_ID_RE.test(keyId)) throw malformed();
  for (const t of [ivText, ctText, tagText]) if (!B64URL_RE.test(t)) throw malformed();
  const iv = Buffer.from(ivText, 'base64url');
  const ciphertext = Buffer.from(ctText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  // Canonical encoding only, so one ciphertext has exactly one token spelling.
  if (b64u(iv) !== ivText || b64u(ciphertext) !== ctText || b64u(tag) !== tagText) throw malformed();
  if (iv.length !== SM4_BLOCK_LENGTH || tag.length !== TAG_LENGTH) throw malformed();
  if (ciphertext.length === 0 || ciphertext.length % SM4_BLOCK_LENGTH !== 0) throw malformed();
  return { version, keyId, iv, ciphertext, tag, signed: `${version}.${keyId}.${ivText}.${ctText}` };
}

/**
 * Encrypts `plaintext` (UTF-8) with the given key, or with the current key of a keyring.
 * Every call uses a fresh random IV, so equal plaintexts give different tokens.
 */
export function encryptField(plaintext: string, key: KeyInput, options: FieldOptions = {}): string {
  if (typeof plaintext !== 'string') {
    throw new AppError('crypto_bad_input', '待加密的值必须是字符串', 'The value to encrypt must be a string', 500);
  }
  const fk = toKeyring(key).current;
  const iv = randomBytes(SM4_BLOCK_LENGTH);
  const ct = sm4CbcEncrypt(secretsOf(fk).enc, iv, Buffer.from(plaintext, 'utf8'));
  const signed = `${FIELD_TOKEN_VERSION}.${fk.id}.${b64u(iv)}.${b64u(ct)}`;
  return `${signed}.${b64u(macOf(fk, signed, options.context ?? ''))}`;
}

/** Decrypts a token with whichever key of the ring it names. */
export function decryptField(token: string, keyring: KeyInput, options: FieldOptions = {}): string {
  const ring = toKeyring(keyring);
  const t = parseFieldToken(token);
  const key = ring.get(t.keyId);
  if (!key) {
    throw new AppError(
      'crypto_unknown_key',
      `找不到加密该字段的密钥（编号 ${t.keyId}）`,
      `The key that encrypted this field (id ${t.keyId}) is not in the keyring`,
      500,
    );
  }
  if (!constantTimeEqual(macOf(key, t.signed, options.context ?? ''), t.tag)) throw integrityError();
  let plain: Buffer;
  try {
    plain = sm4CbcDecrypt(secretsOf(key).enc, t.iv, t.ciphertext);
  } catch {
    // Unreachable unless the MAC key was compromised; never reveal padding details.
    throw integrityError();
  }
  return plain.toString('utf8');
}

/** Key id a token was encrypted with. */
export function fieldKeyId(token: string): string {
  return parseFieldToken(token).keyId;
}

/** True when the token was not encrypted with the ring's current key. */
export function needsRotation(token: string, keyring: Keyring): boolean {
  return parseFieldToken(token).keyId !== keyring.current.id;
}

/**
 * Re-encrypts a token with the ring's current key. A token already under the current key is
 * verified and returned unchanged (so callers can skip the write when `result === token`).
 */
export function rotate(token: string, keyring: Keyring, options: FieldOptions = {}): string {
  const plaintext = decryptField(token, keyring, options);
  if (!needsRotation(token, keyring)) return token;
  return encryptField(plaintext, keyring, options);
}

// ---------------------------------------------------------------------------------------------
// Master key loading
// ---------------------------------------------------------------------------------------------

export const MASTER_KEY_ENV = 'GUANTONG_MASTER_KEY';
export const KEY_FILE_NAME = 'master.key';
const KEY_FILE_FORMAT = 'guantong-keyring';

/**
 * Parses one 16-byte key written as 32 hex characters or as base64/base64url (with or without
 * padding). The error never repeats the input.
 */
export function parseMasterKey(text: string): Buffer {
  const s = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{32}$/.test(s)) key = Buffer.from(s, 'hex');
  else if (/^[A-Za-z0-9+/]{22}(==)?$/.test(s) || /^[A-Za-z0-9_-]{22}$/.test(s)) {
    key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  if (!key || key.length !== SM4_KEY_LENGTH) {
    throw new AppError(
      'crypto_bad_master_key',
      `${MASTER_KEY_ENV} 必须是 16 字节密钥的十六进制（32 个字符）或 Base64 编码`,
      `${MASTER_KEY_ENV} must be a 16-byte key as 32 hex characters or base64`,
      500,
    );
  }
  return key;
}

/**
 * Keyring from the environment variable's value: one key, or several separated by commas —
 * the first is current, the others are older keys kept so existing data can still be read.
 */
export function keyringFromEnvValue(value: string): Keyring {
  const keys = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => new FieldKey(parseMasterKey(s)));
  return new Keyring(keys);
}

interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  current: string;
  keys: { id: string; key: string; created_at: string }[];
}

export interface LoadKeyringOptions {
  /** Environment to read `GUANTONG_MASTER_KEY` from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Path of the key file in a data directory. */
export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

function keyFileError(file: string, why: string, whyEn: string): AppError {
  return new AppError('crypto_key_file', `密钥文件 ${file} ${why}`, `Key file ${file} ${whyEn}`, 500);
}

function readKeyFile(file: string): { ring: Keyring; doc: KeyFile } {
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw keyFileError(
        file,
        `权限过宽（${mode.toString(8)}），其他用户可读取；请执行 chmod 600`,
        `is accessible to other users (mode ${mode.toString(8)}); run chmod 600`,
      );
    }
  }
  let doc: KeyFile;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    throw keyFileError(file, '无法解析', 'cannot be parsed');
  }
  if (doc?.format !== KEY_FILE_FORMAT || doc.version !== 1 || !Array.isArray(doc.keys)) {
    throw keyFileError(file, '格式无效', 'has an invalid format');
  }
  const keys = doc.keys.map((k) => {
    if (typeof k?.key !== 'string' || !/^[0-9a-f]{32}$/.test(k.key)) {
      throw keyFileError(file, '中有无效的密钥', 'contains an invalid key');
    }
    return new FieldKey(Buffer.from(k.key, 'hex'), k.id);
  });
  return { ring: new Keyring(keys, doc.current), doc };
}

/** Writes the key file atomically with mode 0600 (temporary file + rename). */
function writeKeyFile(file: string, doc: KeyFile, exclusive: boolean): void {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (exclusive) {
    // 'wx' fails if another process created the file first: never overwrite a key.
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(file, 0o600);
    return;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * The platform's keyring:
 *   1. if `GUANTONG_MASTER_KEY` is set, the key(s) it holds (no file is read or written);
 *   2. else the key file `<dataDir>/master.key`, created on first use with a random key and
 *      mode 0600 (the data directory is created with 0700 if missing).
 */
export function loadOrCreateKeyring(dataDir: string, options: LoadKeyringOptions = {}): Keyring {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return keyringFromEnvValue(fromEnv);

  const file = keyFilePath(dataDir);
  if (fs.existsSync(file)) return readKeyFile(file).ring;

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = FieldKey.generate();
  const doc: KeyFile = {
    format: KEY_FILE_FORMAT,
    version: 1,
    current: key.id,
    keys: [{ id: key.id, key: key.exportKey().toString('hex'), created_at: new Date().toISOString() }],
  };
  try {
    writeKeyFile(file, doc, true);
  } catch (e) {
    // Lost a creation race with another process: use the key it wrote.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file).ring;
    throw e;
  }
  return new Keyring([key]);
}

/**
 * Adds a fresh random key to the key file and makes it current; older keys stay so existing
 * tokens still decrypt (re-encrypt them with `rotate`). Refused when the key comes from the
 * environment — rotate there by putting the new key first in `GUANTONG_MASTER_KEY`.
 */
export function rotateKeyFile(dataDir: string, options: LoadKeyringOptions = {}): Keyring {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    throw new AppError(
      'crypto_key_from_env',
      `主密钥来自环境变量 ${MASTER_KEY_ENV}，请在该变量中把新密钥放在最前面（逗号分隔）`,
      `The master key comes from ${MASTER_KEY_ENV}; put the new key first in it (comma-separated)`,
      409,
    );
  }
  loadOrCreateKeyring(dataDir, options);
  const file = keyFilePath(dataDir);
  const { ring, doc } = readKeyFile(file);
  const key = FieldKey.generate();
  const next: KeyFile = {
    ...doc,
    current: key.id,
    keys: [{ id: key.id, key: key.exportKey().toString('hex'), created_at: new Date().toISOString() }, ...doc.keys],
  };
  writeKeyFile(file, next, false);
  return ring.withCurrent(key);
}
