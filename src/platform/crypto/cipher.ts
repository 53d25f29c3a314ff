/** What the platform needs from field encryption; implemented over SM4 in fields.ts. */
export interface FieldCipher {
  encrypt(plaintext: string): string;
  decrypt(token: string): string;
}
