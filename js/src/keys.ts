/**
 * Keys: a `SigningKey` held by the core (PEM, DER, JWK, PKCS#12; not in the slim WASM build),
 * an `ExternalKey` whose signatures the host makes (WebCrypto, a KMS, an HSM), and X.509
 * certificates. The core builds every assertion and checks every signature.
 */

import { bytes, call, engine, fromBase64url, invalid, invoke, obj, open, type EngineHandle } from './engine.js';
import { SigningError, ValidationError } from './errors.js';

/** Bytes as accepted everywhere: a `Uint8Array` (a `Buffer` is one), an `ArrayBuffer`, or text. */
export type BinaryLike = Uint8Array | ArrayBuffer | string;

/** A public key, as plain data. */
export interface PublicKey {
  kind: 'RSA' | 'EC';
  bits: number;
  curve?: string;
  /** RFC 7517 JWK, with its RFC member names. */
  jwk: Record<string, string>;
  /** RFC 7638 thumbprint (base64url SHA-256). */
  jwkThumbprint: string;
  description: string;
}

/** One of Chaman's rules that a certificate breaks. */
export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

/** What goes into a client assertion (RFC 7523) besides time and randomness. */
export interface AssertionOptions {
  clientId: string;
  audience: string;
  lifetimeS?: number;
  allowLongLifetime?: boolean;
  includeNbf?: boolean;
  includeTyp?: boolean;
  keyId?: string;
  includeKeyId?: boolean;
  includeX5t?: boolean;
  includeX5tS256?: boolean;
  includeX5c?: boolean;
  /** Unix ms; the host clock when absent. */
  now?: number;
  /** The `jti`; random when absent. */
  jti?: string;
}

/** A signed client assertion. */
export interface Assertion {
  /** The compact JWS: the token request's `client_assertion`. */
  assertion: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  jti: string;
  /** `iat`, Unix seconds (a JWT claim). */
  iat: number;
  /** `exp`, Unix seconds (a JWT claim). */
  exp: number;
}

/** What an external signer must sign. */
export interface UnsignedAssertion {
  algorithm: string;
  /** The exact ASCII text to sign. */
  signingInput: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  jti: string;
}

/** An HTTP request as data, for any HTTP client. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

/** An X.509 certificate, everything it says, and Chaman's findings at the time asked. */
export class Certificate {
  readonly subject!: string;
  readonly issuer!: string;
  readonly serialHex!: string;
  /** Unix ms. */
  readonly notBefore!: number;
  /** Unix ms. */
  readonly notAfter!: number;
  readonly keyAlgorithm!: string;
  readonly keyAlgorithmOid!: string;
  readonly keyBits?: number;
  readonly curve?: string;
  readonly signatureAlgorithm!: string;
  readonly signatureDigest?: string;
  readonly keyUsage?: string[];
  readonly isSelfSigned!: boolean;
  readonly pem!: string;
  readonly thumbprintSha1Hex!: string;
  readonly thumbprintSha256Hex!: string;
  readonly x5t!: string;
  readonly x5tS256!: string;
  readonly description!: string;
  /** Chaman's rules broken (empty: acceptable). */
  readonly findings!: Finding[];
  /** The DER. */
  readonly der!: Uint8Array;

  private constructor(view: Record<string, unknown>) {
    if (typeof view?.['der'] !== 'string') throw invalid('certificates come from Certificate.parse or parseAll');
    const { der, 'x5t#S256': x5tS256, ...rest } = view;
    Object.assign(this, rest, { der: fromBase64url(der as string), x5tS256 });
  }

  /** Every certificate in `data` (PEM with one or more blocks, DER, base64 DER); findings at `now` (Unix ms). */
  static parseAll(data: BinaryLike, now?: number): Certificate[] {
    const views = call('parse_certificates', { now }, { data: bytes(data) }) as Record<string, unknown>[];
    return views.map((v) => new Certificate(v));
  }

  /** The first certificate in `data`. */
  static parse(data: BinaryLike, now?: number): Certificate {
    return Certificate.parseAll(data, now)[0]!;
  }

  /** @internal */
  static fromView(view: Record<string, unknown>): Certificate {
    return new Certificate(view);
  }

  toString(): string { return this.description; }
}

/** How to load a key. */
export interface KeyOptions {
  password?: string;
  /** The PKCS#12 entry, when the file has several. */
  alias?: string;
  /** Another algorithm than the key's default (RSA: RS256). */
  algorithm?: string;
  keyId?: string;
}

/** What the core says about a key held in it. */
export interface SigningKeyInfo {
  algorithm: string;
  publicKey: PublicKey;
  keyId?: string;
  certificates: Certificate[];
  description: string;
}

/** A private key held by the core (secrets never leave it). */
export class SigningKey {
  readonly #handle: EngineHandle;
  readonly algorithm: string;
  readonly publicKey: PublicKey;
  readonly keyId?: string;
  /** The certificates that came with the key (PKCS#12, PEM bundle). */
  readonly certificates: Certificate[];
  /** The key's certificate, when it came with one. */
  readonly certificate?: Certificate;
  /** A description without secrets: `SigningKey(RS256, 2048 bits, [redacted])`. */
  readonly description: string;

  private constructor(handle: EngineHandle) {
    if (!(handle instanceof engine().Handle)) throw invalid('keys come from SigningKey.fromBytes');
    this.#handle = handle;
    const info = this.info();
    this.algorithm = info.algorithm;
    this.publicKey = info.publicKey;
    if (info.keyId !== undefined) this.keyId = info.keyId;
    this.certificates = info.certificates;
    if (info.certificates[0]) this.certificate = info.certificates[0];
    this.description = info.description;
  }

  /** Loads a key: PEM (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8), DER, JWK, or PKCS#12 with its password. */
  static fromBytes(data: BinaryLike, options: KeyOptions = {}): SigningKey {
    // The core's input errors quote the offending value; a password of the wrong type is refused
    // here so that it never appears in a message.
    const password = obj(options).password;
    if (password !== undefined && typeof password !== 'string') throw invalid('password must be a string');
    return new SigningKey(open('signing_key', options, bytes(data)));
  }

  /** The key's algorithm, public key, id and certificates (findings at `now`, Unix ms). */
  info(now?: number): SigningKeyInfo {
    const o = invoke(this.#handle, 'info', { now });
    return { ...o, certificates: (o.certificates as Record<string, unknown>[]).map((c) => Certificate.fromView(c)) };
  }

  /** Signs `data` with the key's algorithm; the JWS signature bytes. */
  sign(data: BinaryLike): Uint8Array {
    return fromBase64url(invoke(this.#handle, 'sign', {}, { data: bytes(data) }).signature);
  }

  /** A signed client assertion (RFC 7523). */
  signAssertion(options: AssertionOptions): Assertion {
    return invoke(this.#handle, 'sign_assertion', options);
  }

  /** A token request with a fresh assertion signed by this key. */
  tokenRequest(tokenUrl: string, assertion: AssertionOptions, scope?: string): HttpRequest {
    return invoke(this.#handle, 'token_request', { tokenUrl, scope, assertion });
  }

  /** Throws `CertificateError` (`key_certificate_mismatch`) unless the certificate is this key's. */
  checkCertificate(certificate: BinaryLike | Certificate): void {
    const der = certificate instanceof Certificate ? certificate.der : bytes(certificate);
    invoke(this.#handle, 'check_certificate', {}, { data: der });
  }

  toString(): string { return this.description; }
}

/** Signs bytes with a key the host holds: resolves to the JWS signature. */
export type ExternalSigner = (signingInput: Uint8Array) => Promise<Uint8Array | ArrayBuffer> | Uint8Array | ArrayBuffer;

/** What is known of a key the host holds. */
export interface ExternalKeyOptions {
  keyId?: string;
  /** Its certificate (PEM or DER: gives `x5t`/`x5c`) or public key (SPKI); signatures are then verified. */
  certificate?: BinaryLike;
}

/** A key the host holds (WebCrypto, a KMS, an HSM): the core prepares, the host signs, the core finishes. */
export class ExternalKey {
  readonly #handle: EngineHandle;
  readonly #signer?: ExternalSigner;
  readonly algorithm: string;
  readonly keyId?: string;
  readonly publicKey?: PublicKey;

  /** `algorithm`: the JWS algorithm the key signs (RS256, PS256, ES384, …). */
  constructor(algorithm: string, options: ExternalKeyOptions = {}, signer?: ExternalSigner) {
    const { certificate, keyId } = obj(options);
    this.#handle = open('external_key', { algorithm, keyId }, certificate === undefined ? undefined : bytes(certificate));
    const info = invoke(this.#handle, 'info');
    this.algorithm = info.algorithm;
    if (info.keyId !== undefined) this.keyId = info.keyId;
    if (info.publicKey !== undefined) this.publicKey = info.publicKey;
    if (signer) this.#signer = signer;
  }

  /** An external key signing with a WebCrypto `CryptoKey` (private, usage `sign`). */
  static webCrypto(key: CryptoKey, options: ExternalKeyOptions & { algorithm?: string } = {}): ExternalKey {
    const algorithm = obj(options).algorithm ?? webCryptoAlgorithm(key);
    return new ExternalKey(algorithm, obj(options), webCryptoSigner(key, algorithm));
  }

  /** The signing input and claims of a new assertion, waiting for its signature. */
  prepareAssertion(options: AssertionOptions): UnsignedAssertion {
    return invoke(this.#handle, 'prepare_assertion', options);
  }

  /** The assertion `jti` with the host's signature (checked, and verified when the public key is known). */
  finishAssertion(jti: string, signature: Uint8Array | ArrayBuffer): Assertion {
    return invoke(this.#handle, 'finish_assertion', { jti }, { data: bytes(signature) });
  }

  /** Prepare → sign (with `signer`, else the key's own) → finish. Signer failures are `SigningError`. */
  async signAssertion(options: AssertionOptions, signer: ExternalSigner | undefined = this.#signer): Promise<Assertion> {
    if (typeof signer !== 'function') {
      throw new ValidationError('this external key has no signer: pass one', { code: 'invalid_argument' });
    }
    const unsigned = this.prepareAssertion(options);
    let signature: Uint8Array | ArrayBuffer;
    try {
      signature = await signer(bytes(unsigned.signingInput));
    } catch (err) {
      throw new SigningError(`the external signer failed: ${(err as Error)?.message ?? String(err)}`, { code: 'signing_failed', cause: err });
    }
    return this.finishAssertion(unsigned.jti, signature);
  }

  toString(): string { return `ExternalKey(${this.algorithm})`; }
}

// WebCrypto's names for the JWS algorithms (RFC 7518 §3): the host API's vocabulary, not a rule
// of the protocol; the core checks every signature it is handed.
const WEBCRYPTO: Record<string, RsaPssParams | EcdsaParams | Algorithm> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' }, RS384: { name: 'RSASSA-PKCS1-v1_5' }, RS512: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams, PS384: { name: 'RSA-PSS', saltLength: 48 } as RsaPssParams,
  PS512: { name: 'RSA-PSS', saltLength: 64 } as RsaPssParams,
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams, ES384: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
  ES512: { name: 'ECDSA', hash: 'SHA-512' } as EcdsaParams,
};

/** The JWS algorithm of a WebCrypto key (`RSASSA-PKCS1-v1_5` + SHA-256 → RS256, P-384 → ES384, …). */
export function webCryptoAlgorithm(key: CryptoKey): string {
  const a = obj(key?.algorithm as { name: string; hash?: { name: string }; namedCurve?: string });
  const bits = (a.hash?.name ?? '').replace('SHA-', '');
  if (a.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`;
  if (a.name === 'RSA-PSS') return `PS${bits}`;
  if (a.name === 'ECDSA') return `ES${({ 'P-256': 256, 'P-384': 384, 'P-521': 512 } as Record<string, number>)[a.namedCurve ?? ''] ?? '?'}`;
  return String(a.name);
}

/** A signer over `crypto.subtle.sign` for `algorithm` (ECDSA signatures come as JWS wants them, r‖s). */
export function webCryptoSigner(key: CryptoKey, algorithm: string = webCryptoAlgorithm(key)): ExternalSigner {
  const params = WEBCRYPTO[algorithm] ?? { name: algorithm };
  return (input) => globalThis.crypto.subtle.sign(params, key, input as BufferSource);
}
