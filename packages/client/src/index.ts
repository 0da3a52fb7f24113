// @exlic/client: the public surface (browser-safe). Push verification (Standard Webhooks) lives in '@exlic/client/push', so a browser form does not carry it; Node-only helpers (paths, streams) in '@exlic/client/node'.
export { createClient } from './client';
export type { Client } from './client';
export type { ClientHooks, ClientLogger, ClientOptions, RequestInfo, ResponseInfo, RetryInfo, RetryOptions } from './options';
export type { CallOptions } from './transport';
export { createIdempotencyKey, parseRetryAfter } from './transport';
export type { PagedList } from './paging';
export type { SignatureLike, SignerLike } from './signer-like';
export type { ApplicationsResource, DeclareManyItem, DeclareManyOptions, DeclareOptions, IdempotentOptions } from './resources/applications';
export type { AttachmentsResource, DownloadOptions, FileContent, UploadInput, UploadedAttachment } from './resources/attachments';
export type { ContractDetailsResource, CustomsResource, SearchableCodeTable, StatisticsQuery, TablesResource, WriteOffsResource } from './resources/queries';
export type { EKeyResource } from './resources/ekey';
export type { EventsResource, SubscriptionInput, SubscriptionsResource } from './resources/subscriptions';
export {
  AbortedError,
  AuthenticationError,
  ClientError,
  ConflictError,
  CursorLoopError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  PushVerificationError,
  RateLimitError,
  RequestError,
  ResponseTooLargeError,
  ServerError,
  StatusNotAllowedError,
  TimeoutError,
  ValidationError,
  isAbortedError,
  isAuthenticationError,
  isClientError,
  isConflictError,
  isCursorLoopError,
  isInvalidResponseError,
  isNetworkError,
  isNotFoundError,
  isPushVerificationError,
  isRateLimitError,
  isRequestError,
  isResponseTooLargeError,
  isServerError,
  isStatusNotAllowedError,
  isTimeoutError,
  isValidationError,
} from './errors';
export type { ClientErrorDetails } from './errors';
export { REDACTED, redactText } from './redact';
export type {
  ApplicationFilters,
  ApplicationInput,
  ApplicationRecord,
  Attachment,
  BatchItemResult,
  BatchResult,
  ContractDetails,
  CustomsStatus,
  EKeyBinding,
  EKeyChallenge,
  LocalizedText,
  Me,
  Opinion,
  Page,
  Problem,
  Receipt,
  RemoteCatalog,
  RemoteCodeTable,
  SaveResult,
  Statistics,
  StatusChange,
  Subscription,
  SubscriptionCreated,
  Violation,
  WriteOff,
} from './types';
// Intentionally not exported: the transport (createTransport), errorFromProblem and normalizeClientOptions; callers go through createClient so every call is retried, bounded and redacted the same way.
