/**
 * careerpro-fla: types of the package entry. The native part is generated (`../index.d.ts`,
 * checked for drift by test.sh); errors and the client are written by hand beside their code.
 */

export {
  AccessToken,
  ApiResponse,
  Assertion,
  CalendarDate,
  Certificate,
  EnterpriseNumber,
  ExternalKey,
  HttpRequest,
  NssoNumber,
  Poller,
  SigningKey,
  Ssin,
  TokenManager,
  UnsignedAssertion,
  adviseRetry,
  apiRequest,
  customProfile,
  errorCodes,
  errorFromApiResponse,
  flaProfile,
  formatHttpDate,
  isIdempotent,
  isLeapYear,
  nextPageRequest,
  parseApiResponse,
  parseHttpDate,
  parseLinkHeader,
  parseTokenResponse,
  prepareAssertion,
  profileFromJson,
  retryAfterSeconds,
  signAssertion,
  signAssertionAsync,
  signatureToJws,
  tokenRequest,
  validateProfile,
} from '../index';

export type {
  AdviceOptions,
  ApiRequestSpec,
  AssertionOptions,
  ErrorCodeInfo,
  ErrorPayload,
  ExternalKeyOptions,
  Finding,
  HttpResponse,
  KeyOptions,
  Link,
  PollPlan,
  Profile,
  PublicKey,
  RetryAttempt,
  RetryOutcome,
  RetryPolicy,
  SignOptions,
  TokenManagerConfig,
} from '../index';

export * from './errors';
export { Client, ClientOptions, RequestOptions, ExternalSigner } from './client';

import type { AssertionOptions, ExternalKey, SignOptions, Assertion } from '../index';

/**
 * Signs an assertion with a key the host holds (WebCrypto, a KMS, an HSM): the core prepares
 * the signing input, `sign` signs it, and the core checks (and, with a known public key,
 * verifies) the signature. Signer failures become `SigningError`.
 */
export declare function signAssertionExternal(
  externalKey: ExternalKey,
  sign: (signingInput: Buffer) => Promise<Uint8Array>,
  options: AssertionOptions,
  signOptions?: SignOptions | null,
): Promise<Assertion>;
