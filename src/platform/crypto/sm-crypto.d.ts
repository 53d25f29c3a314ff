// Minimal typings for the parts of `sm-crypto` (0.5.x, CommonJS, ships no types) that the
// platform uses. Hex strings are lower- or upper-case hexadecimal without a `0x` prefix.
declare module 'sm-crypto' {
  namespace smCrypto {
    /** Bytes are accepted as a UTF-8 string or as an array-like of octets. */
    type Input = string | ArrayLike<number>;

    /** A point on the curve with its scalar, as produced by `sm2.getPoint()` (jsbn BigIntegers). */
    interface Sm2Point {
      privateKey: string;
      publicKey: string;
      k: unknown;
      x1: unknown;
    }

    interface Sm2SignOptions {
      /** Pre-computed (k, x1) points; one is popped per signature attempt. */
      pointPool?: Sm2Point[];
      /** DER-encode the signature instead of returning raw r‖s hex. */
      der?: boolean;
      /** Compute e = SM3(Z_A ‖ M) (GM/T 0009); default true. */
      hash?: boolean;
      /** Signer's public key, saves recomputing it from the private key when `hash` is true. */
      publicKey?: string;
      /** Distinguishing identifier; default '1234567812345678'. */
      userId?: string;
    }

    interface Sm2VerifyOptions {
      der?: boolean;
      hash?: boolean;
      userId?: string;
    }

    interface Sm2 {
      /**
       * With no argument uses the library's own generator; `(bits, rng)` or `(hex, 16)` are
       * passed through to jsbn's `BigInteger` constructor.
       */
      generateKeyPairHex(
        a?: number | string,
        b?: number | { nextBytes(array: number[]): void },
        c?: unknown,
      ): { privateKey: string; publicKey: string };
      compressPublicKeyHex(publicKey: string): string;
      comparePublicKeyHex(publicKey1: string, publicKey2: string): boolean;
      verifyPublicKey(publicKey: string): boolean;
      getPublicKeyFromPrivateKey(privateKey: string): string;
      getPoint(): Sm2Point;
      doSignature(msg: Input, privateKey: string, options?: Sm2SignOptions): string;
      doVerifySignature(
        msg: Input,
        signHex: string,
        publicKey: string,
        options?: Sm2VerifyOptions,
      ): boolean;
      doEncrypt(msg: Input, publicKey: string, cipherMode?: 0 | 1): string;
      doDecrypt(
        encryptData: string,
        privateKey: string,
        cipherMode?: 0 | 1,
        options?: { output?: 'string' | 'array' },
      ): string | number[];
    }

    /** SM3 digest (or HMAC-SM3 when `options.key` is given) as lower-case hex. */
    type Sm3 = (input: Input, options?: { key: string | ArrayLike<number>; mode?: 'hmac' }) => string;

    interface Sm4Options {
      padding?: 'pkcs#7' | 'pkcs#5' | 'none';
      mode?: 'ecb' | 'cbc';
      iv?: string | ArrayLike<number>;
      output?: 'string' | 'array';
    }

    interface Sm4 {
      encrypt(input: Input, key: string | ArrayLike<number>, options?: Sm4Options): string | number[];
      decrypt(input: Input, key: string | ArrayLike<number>, options?: Sm4Options): string | number[];
    }
  }

  const smCrypto: {
    sm2: smCrypto.Sm2;
    sm3: smCrypto.Sm3;
    sm4: smCrypto.Sm4;
  };
  export = smCrypto;
}
