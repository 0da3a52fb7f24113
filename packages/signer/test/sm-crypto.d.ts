// sm-crypto ships no types; only the calls the tests use are declared.
declare module 'sm-crypto' {
  interface SignatureOptions {
    der?: boolean;
    hash?: boolean;
    publicKey?: string;
    userId?: string;
  }
  const smCrypto: {
    sm3(input: string | number[]): string;
    sm2: {
      doSignature(message: string | number[], privateKey: string, options?: SignatureOptions): string;
      doVerifySignature(message: string | number[], signature: string, publicKey: string, options?: SignatureOptions): boolean;
    };
  };
  export default smCrypto;
}
