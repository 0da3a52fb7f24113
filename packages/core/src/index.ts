// @exlic/core: the public surface. Everything is named here; nothing else is public.
export { SdkError, createErrorGuard, isSdkError } from './errors';
export type { ErrorGuard } from './errors';

export {
  Attachment,
  Contract,
  ContractDetails,
  ExportLicenceApplication,
  GeneralSpecRow,
  Goods,
  Importer,
  OtherInfo,
  Party,
  Producer,
  SpecRow,
  StatusSchema,
  VehicleNewModifiedSpecRow,
  VehicleNewSpecRow,
  VehicleUsedSpecRow,
} from './models/application';
export type { ExportLicenceApplicationInput } from './models/application';
export { CatalogEntry, CodeTableEntry, GOODS_CLASSES, GoodsClass, allowedGoodsClasses, isVehicleClass } from './models/catalog';
export { COKE_CATEGORY_CODE, COKE_GRADES } from './coke';
export type { CokeGrade } from './coke';
export { GOODS_CLASS_REGISTRY, getGoodsClass, goodsClassOfKind, goodsClassesInGroup } from './goods-classes';
export type { GoodsClassDefinition, GoodsClassGroup, SpecRowSchema } from './goods-classes';
export { DecimalString, IsoDate, IsoTimestamp, isIsoDate, normalizeDecimal } from './models/primitives';
// toParseIssues turns any zod error into ParseIssues: the sandbox reports a request that does not fit the contract with it.
export { parseApplication, specRowSchemaFor, toParseIssues } from './parse';
export type { ParseIssue, ParseResult } from './parse';

export { FIELDS, declareRequiredFields, getField, toFieldPath } from './fields';
export type { FieldMeta, FieldRequirement, FieldSource, FieldType, ServerFill } from './fields';

export {
  EVENTS,
  LifecycleError,
  OPERATIONS,
  OPERATION_ALLOWED_IN,
  OPERATION_LABELS,
  STATUSES,
  STATUS_LABELS,
  TRANSITIONS,
  allowedOperations,
  assertCanPerform,
  canPerform,
  isLifecycleError,
  nextStatus,
} from './lifecycle';
export type { LifecycleEvent, Operation, Status } from './lifecycle';

export { CODE_TABLE_NAMES } from './table-names';
export type { CodeTableName } from './table-names';
export { codeTableKeys, findCode, getCodeTable, getCodeTableIndex, hasCode, isCodeTableName, searchCodeTable, suggestCode } from './tables';
export type { CodeTable } from './tables';
export { catalogKeys, createCatalog, getBundledCatalog } from './catalog';
export type { Catalog, CatalogCompleteness, CatalogOptions, CatalogSearchOptions } from './catalog';
export { CATALOG_COLUMNS, OFFICIAL_CATALOG_COLUMNS, parseCatalog, parseCsv, parseCsvLines, readCatalogFile, readCatalogTable } from './catalog-file';
export type { CatalogCell, CatalogFileContents, CatalogKindCount, CatalogTableRow, ParseCatalogOptions } from './catalog-file';
export { CATALOG_KIND_CLASSES, catalogKindClass } from './catalog-kinds';
export type { CatalogKindClass } from './catalog-kinds';
export { createSearchIndex, normalizeQuery } from './search/search-index';
export type { MatchKind, SearchHit, SearchIndex, SearchIndexOptions, SearchKeys, SearchOptions } from './search/search-index';

export {
  checkCreditCode,
  checkEnterpriseCode,
  checkOrganizationCode,
  checkVin,
  creditCodeCheckCharacter,
  crossCheckEnterpriseCode,
  organizationCodeCheckCharacter,
} from './identifiers';
export type { IdentifierCheck, IdentifierFailure } from './identifiers';

export { compareDecimals, convertToUsd, isDecimal, multiplyDecimals, sumDecimals } from './decimal';
export type { UsdConversionOptions } from './decimal';
export { CanonicalizationError, canonicalJson, canonicalize, isCanonicalizationError } from './canonical-json';
export { sm3 } from './sm3';
export { PINYIN_TERM_READINGS } from './pinyin-terms';
export { addMonthsIso, daysBetween, formatIsoDate, toDate, todayIsoDate } from './dates';
export { LICENCE_VALIDITY_MONTHS, defaultValidUntil } from './validity';
export { SANDBOX_USD_RATES, createUsdRateTable, findUsdRate, isUsdRateTable } from './usd-rates';
export type { UsdRateEntry, UsdRateTable } from './usd-rates';
export { fillComputedFields, goodsTotalAmount, goodsTotalQuantity, rowTotal, rowTotalField } from './totals';
export type { ComputedFieldsOptions } from './totals';

// The wire format of the HTTP contract (docs/openapi.yaml): the sandbox serves it, the client infers its types from it.
export {
  ApplicationDocument,
  ApplicationPage,
  ApplicationRecord,
  AttachmentList,
  AttachmentRecord,
  BINDING_MESSAGE_PREFIX,
  BatchDeclareBody,
  BatchDeclareItem,
  BatchIdsBody,
  BatchItem,
  BatchResult,
  BindBody,
  CatalogDocument,
  CodeTableDocument,
  CodeTableList,
  ContractDetailsDocument,
  CopyBody,
  CopyResult,
  CountResult,
  CustomsStatus,
  DeclareBody,
  EKeyBinding,
  EKeyChallenge,
  EmptyBody,
  LocalizedText,
  Me,
  Opinion,
  OpinionList,
  PROBLEM_CODES,
  Problem,
  Receipt,
  ReceiptPage,
  ReviewStage,
  SaveResult,
  Signature,
  SigningPayload,
  Statistics,
  StatusChange,
  StatusChangeList,
  Subscription,
  SubscriptionCreate,
  SubscriptionCreated,
  SubscriptionList,
  SubscriptionMode,
  Violation,
  WIRE_SM2_USER_ID,
  WireStatus,
  WithdrawBody,
  WriteOff,
  WriteOffPage,
} from './wire/schemas';
export type { ProblemCode } from './wire/schemas';
