import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSelfSignedSm2Certificate, parseCertificate } from './certificate';
import { isProtocolError } from './errors';
import { fromPem, toPem, utf8 } from './internal/bytes';
import { derChildren, readDer } from './internal/der';
import { decodeSm2Signature, generateSm2KeyPair, pureSm2Engine } from './sm2';
import { verifySignature } from './verify';

const { privateKey, publicKey } = generateSm2KeyPair();
const pem = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: '王五', organization: 'Fuzz Trading Co.' } });
const der = fromPem('CERTIFICATE', pem);
const message = utf8('{"applicationNo":"EL-FUZZ"}');
const signature = pureSm2Engine.sign({ privateKey, message });

/** Byte-level mutations of a valid encoding: flips, truncation, insertion, and length bytes set to extremes. */
const mutated = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
      const copy = base.slice();
      for (const [at, value] of edits) copy[at] = value;
      return copy;
    }),
    fc.nat({ max: base.length - 1 }).map((cut) => base.slice(0, cut)),
    fc.tuple(fc.nat({ max: base.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, extra]) => Uint8Array.from([...base.subarray(0, at), ...extra, ...base.subarray(at)])),
    fc.tuple(fc.nat({ max: base.length - 2 }), fc.constantFrom(0x80, 0x84, 0x85, 0xff, 0x00)).map(([at, value]) => {
      const copy = base.slice();
      copy[at + 1] = value;
      if (value === 0x84) copy.set([0xff, 0xff, 0xff, 0xff].slice(0, Math.max(0, copy.length - at - 2)), at + 2);
      return copy;
    }),
  );

describe('readDer and derChildren', () => {
  it('either throw a TypeError or return nodes inside the input, on any bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(der)), (bytes) => {
        try {
          const node = readDer(bytes);
          expect(node.end).toBeLessThanOrEqual(bytes.length);
          for (const child of derChildren(node)) expect(child.raw.length).toBeLessThanOrEqual(node.value.length);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 2000, seed: 6 },
    );
  });
});

describe('parseCertificate on hostile certificates', () => {
  it('parses the valid certificate', () => {
    expect(parseCertificate(pem)).toMatchObject({ keyType: 'SM2', publicKey, subject: { commonName: '王五', organization: 'Fuzz Trading Co.' } });
  });

  it('throws only ProtocolError, and whatever it accepts is well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated(der)), (bytes) => {
        let info: ReturnType<typeof parseCertificate> | undefined;
        try {
          info = parseCertificate(toPem('CERTIFICATE', bytes));
        } catch (error) {
          expect(isProtocolError(error), String(error)).toBe(true);
          return;
        }
        expect(Number.isNaN(info.notBefore.getTime()) || Number.isNaN(info.notAfter.getTime())).toBe(false);
        if (info.keyType === 'SM2') expect(info.publicKey).toHaveLength(65);
        expect(info.der).toEqual(bytes.subarray(0, info.der.length));
      }),
      { numRuns: 2000, seed: 66 },
    );
  });

  it('rejects text that is no PEM and no base64 with a ProtocolError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseCertificate(text);
        } catch (error) {
          expect(isProtocolError(error)).toBe(true);
        }
      }),
      { numRuns: 500, seed: 666 },
    );
  });
});

describe('signatures from outside', () => {
  it('never verify once mutated, and never throw an untyped error while being read', () => {
    fc.assert(
      fc.property(mutated(signature), (bytes) => {
        try {
          decodeSm2Signature(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
        let valid = false;
        try {
          valid = verifySignature({ message, result: { algorithm: 'SM2-SM3', signature: bytes, certificate: pem } });
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
        // Only the untouched signature verifies (a mutation can land on a byte that already had that value).
        expect(valid).toBe(bytes.length === signature.length && bytes.every((b, i) => b === signature[i]));
      }),
      { numRuns: 300, seed: 6666 },
    );
  });
});
