/** The platform's field cipher: SM4 with the keyring of the data directory (or GUANTONG_MASTER_KEY). */
import type { FieldCipher } from './cipher.ts';
import { decryptField, encryptField, loadOrCreateKeyring } from './sm4.ts';

export function openFieldCipher(dataDir: string): FieldCipher {
  const keyring = loadOrCreateKeyring(dataDir);
  return {
    encrypt: (plaintext) => encryptField(plaintext, keyring),
    decrypt: (token) => decryptField(token, keyring),
  };
}
