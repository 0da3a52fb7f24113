import {
  Attachment,
  Contract,
  ContractDetails,
  ExportLicenceApplication,
  GOODS_CLASSES,
  Goods,
  Importer,
  OtherInfo,
  Party,
  Producer,
  STATUSES,
  SpecRow,
  isIsoDate,
  normalizeDecimal,
  toParseIssues,
  type ParseIssue,
} from '@exlic/core';
import { copyJson, type CopyIssue } from './copy-json';
import { LIMITS } from './limits';

// The fast path of readApplication for the common case, a well-formed application: one walk over the input's own
// enumerable properties that builds the parsed application directly, without the deep copy and without zod. It gives
// exactly what the reference path (copyJson, then core's zod schema) gives, or BAIL on anything unusual (an unknown
// key, a value of the wrong type or format, a text or list past the limits, a non-finite number, something that throws),
// and then the reference path runs and reports zod's issues. zod stays the schema of record: the objects, their key
// order and the fields come from core's schemas; only the leaf kinds below are written by hand, and
// test/input-stage.test.ts proves the two paths equal over generated applications and their mutations.

const enum Kind {
  /** `z.string()`: the text as it is. */
  Text,
  /** `z.string().trim()` (core's Code, `goods.hsCode`, `vin`): the text trimmed. */
  Code,
  /** core's DecimalString: a string or finite number, as a plain decimal string. */
  Decimal,
  /** core's IsoDate: a real calendar date written YYYY-MM-DD. */
  Date,
  /** core's IntegerLike: a safe integer, also written as a string of digits. */
  Integer,
  Boolean,
  /** `z.enum` / `z.literal`: one of `values`. */
  Enum,
  Object,
  Array,
  /** Any other field: parsed by its own zod schema (rare fields, so their exact rules are zod's). */
  Zod,
  /** `schemaVersion`: the literal 1, default 1, without the blank-to-empty wrapper. */
  Version,
}

interface Field {
  readonly key: string;
  readonly kind: Kind;
  /** Wrapped in core's `optional()`: null and blank text mean "not filled" (the key stays, with undefined). */
  readonly optional: boolean;
  readonly values?: ReadonlySet<unknown>;
  readonly object?: ObjectSpec;
  readonly item?: Field;
  /** The list's item limit (LIMITS.specRows for the application's spec rows, LIMITS.listItems for every other list). */
  readonly limit?: number;
  /** The field's own zod schema (a list item's: the list's element schema), which decides whatever the walk does not read itself. */
  readonly schema?: ZodSchemaLike;
}

interface ZodSchemaLike {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

interface ObjectSpec {
  /** The fields in the schema's key order: zod writes its output in that order, so this walk does too. */
  readonly fields: readonly Field[];
  /** Key to position in `fields`. */
  readonly slots: ReadonlyMap<string, number>;
  /** The positions of fields written even when absent (zod's default: `schemaVersion`), as a bit mask. */
  readonly defaulted: number;
}

type Leaf = Kind.Text | Kind.Code | Kind.Decimal | Kind.Date | Kind.Integer | Kind.Boolean | Kind.Version;
type Shape = { readonly [key: string]: Leaf | FieldSpec };
type FieldSpec =
  | { readonly object: ZodObjectLike; readonly shape: Shape }
  | { readonly list: Leaf | { readonly object: ZodObjectLike; readonly shape: Shape }; readonly limit: number }
  | { readonly values: readonly unknown[] };
interface ZodObjectLike {
  readonly shape: Readonly<Record<string, ZodSchemaLike>>;
}

// The schema of `type` inside a field `optional(…)` (a preprocess pipe around an optional), through zod's public `def`.
function unwrap(field: unknown, type: 'object' | 'array'): ZodSchemaLike {
  let schema = field as { def: { type: string; out?: unknown; innerType?: unknown } };
  while (schema.def.type !== type) schema = (schema.def.type === 'pipe' ? schema.def.out : schema.def.innerType) as typeof schema;
  return schema as unknown as ZodSchemaLike;
}

// contractDetails' groups have no exported name.
const innerObject = (field: unknown): ZodObjectLike => unwrap(field, 'object') as unknown as ZodObjectLike;

const T = Kind.Text;
const C = Kind.Code;
const N = Kind.Decimal;
const D = Kind.Date;

const PARTY: Shape = { code: C, uscc: C, name: T };
const SPEC_ROW: Shape = {
  spec: T, unitPrice: N, quantity: N, totalPrice: N, brand: T, model: T, totalValue: N, totalValueUsd: N, chassisBrand: T,
  attachments: { list: T, limit: LIMITS.listItems }, vin: C, registeredOn: D, transferredOn: D,
};
const CD = ContractDetails.shape;
const APPLICATION: Shape = {
  schemaVersion: Kind.Version,
  id: T,
  mofcomApplicationNo: T,
  licenceNo: T,
  status: { values: STATUSES },
  formType: { values: ['electronic'] },
  year: Kind.Integer,
  customsPort: C,
  exporter: { object: Party, shape: PARTY },
  consignor: { object: Party, shape: PARTY },
  tradeMode: C,
  importingCountry: C,
  transportMode: C,
  validUntil: D,
  paymentMethod: C,
  importer: { object: Importer, shape: { nameZh: T, nameEn: T } },
  contract: { object: Contract, shape: { no: T, quantity: N, unit: C, amount: N, currency: C, signedOn: D, validUntil: D } },
  goods: {
    object: Goods,
    shape: { hsCode: C, categoryCode: C, goodsClass: { values: GOODS_CLASSES }, name: T, unit: T, priceCurrency: C, totalQuantity: N, totalAmount: N, certificateNo: T, approvalNo: T },
  },
  specs: { list: { object: SpecRow, shape: SPEC_ROW }, limit: LIMITS.specRows },
  producers: { list: { object: Producer, shape: { name: T, uscc: C } }, limit: LIMITS.listItems },
  qualityCertificateNos: { list: T, limit: LIMITS.listItems },
  other: {
    object: OtherInfo,
    shape: {
      remarks: T, oneBatchOneLicence: Kind.Boolean, issuingAuthority: C, extendedPrinting: Kind.Boolean, printTerminal: T, remotePrinting: Kind.Boolean,
      remotePrintingAuthority: C, applicantName: T, applicantContact: T, appliedOn: D, additionalInfo: T,
    },
  },
  pledge: Kind.Boolean,
  contractDetails: {
    object: ContractDetails,
    shape: {
      applicantEnterprise: {
        object: innerObject(CD.applicantEnterprise),
        shape: {
          code: T, name: T, establishedOn: D, registeredCapital: N, uscc: T, address: T, contactPerson: T, phone: T, mobile: T, email: T, fax: T, postcode: T,
          foreignTradeRegistrationNo: T, fieApprovalCertificateNo: T, businessLicenceNo: T,
        },
      },
      foreignContract: { object: innerObject(CD.foreignContract), shape: { exporterSignatory: T, paymentMethod: C, goodsDescription: T } },
      domesticAgencyContract: {
        object: innerObject(CD.domesticAgencyContract),
        shape: {
          principalName: T, agentName: T, agencyContractNo: T, agencyContractSignedOn: D, validUntil: D, shipperName: T, shipperContact: T, shipperAddress: T,
          shipperPhone: T, domesticTransportMode: C, domesticWaybillNo: T,
        },
      },
      other: {
        object: innerObject(CD.other),
        shape: { departureOn: D, expectedArrivalOn: D, producerName: T, producerAddress: T, freightPricing: T, freightTotalYuan: N, producerPhone: T, producerFax: T, detailedUse: T },
      },
    },
  },
  // size, sha256 and uploadedAt: not listed, so zod parses them (Kind.Zod).
  attachments: { list: { object: Attachment, shape: { id: T, type: C, fileName: T } }, limit: LIMITS.listItems },
};

function buildField(key: string, spec: Leaf | FieldSpec | undefined, schema: ZodObjectLike, optional: boolean): Field {
  const own = schema.shape[key]!;
  if (spec === undefined) return { key, kind: Kind.Zod, optional, schema: own };
  if (typeof spec === 'number') return { key, kind: spec, optional: optional && spec !== Kind.Version, schema: own };
  if ('values' in spec) return { key, kind: Kind.Enum, optional, values: new Set(spec.values), schema: own };
  if ('object' in spec) return { key, kind: Kind.Object, optional, object: buildObject(spec.object, spec.shape), schema: own };
  // A list's items are not wrapped in optional(): null or "" is an item like any other (and null is not a valid one).
  const element = (unwrap(own, 'array') as unknown as { def: { element: ZodSchemaLike } }).def.element;
  const item: Field =
    typeof spec.list === 'number' ? { key, kind: spec.list, optional: false, schema: element } : { key, kind: Kind.Object, optional: false, object: buildObject(spec.list.object, spec.list.shape), schema: element };
  return { key, kind: Kind.Array, optional, item, limit: spec.limit, schema: own };
}

function buildObject(schema: ZodObjectLike, shape: Shape): ObjectSpec {
  // The schema's keys, in its order: a key the table lacks is parsed by its own zod schema; a table key the schema lacks is never read.
  const fields = Object.keys(schema.shape).map((key) => buildField(key, Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined, schema, true));
  if (fields.length > 31) throw new Error('fast-read: an object of more than 31 fields needs a wider presence mask');
  const defaulted = fields.reduce((mask, field, index) => (field.kind === Kind.Version ? mask | (1 << index) : mask), 0);
  return { fields, slots: new Map(fields.map((field, index) => [field.key, index])), defaulted };
}

const ROOT = buildObject(ExportLicenceApplication as unknown as ZodObjectLike, APPLICATION);

/** What the walk returns when the input needs the reference path. */
const BAIL: unique symbol = Symbol('bail');
type Bail = typeof BAIL;
/** What a field's value becomes when zod reports it: dropped, as the reference's repair drops it. */
const DROP: unique symbol = Symbol('drop');

/**
 * The repair walk's state: where it is, and the issues found. Without it the walk bails at the first problem; with it
 * a field zod rejects is reported with zod's own issues (its schema parses a copy of the value) and dropped, as the
 * reference's repair loop does, and an unknown key is reported as zod reports it.
 */
interface Repair {
  readonly path: (string | number)[];
  readonly issues: RepairIssue[];
}

/** A problem the repair walk found: zod's issue and the value at its path (a copy, as the reference echoes it). */
export interface RepairIssue {
  readonly issue: ParseIssue;
  readonly seen: unknown;
}

// What zod reads as an object: not null, not a list.
function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isBlank(text: string): boolean {
  // Most text is not blank, and its first character says so without trim() making a copy: no character of these ranges is white space to trim().
  const first = text.charCodeAt(0);
  if ((first > 32 && first < 0x1680 && first !== 0xa0) || (first > 0x3000 && first !== 0xfeff)) return false;
  return text.trim() === '';
}

function readKind(field: Field, value: unknown, repair: Repair | undefined): unknown {
  switch (field.kind) {
    case Kind.Text:
      return typeof value === 'string' ? value : BAIL;
    case Kind.Code:
      return typeof value === 'string' ? value.trim() : BAIL;
    case Kind.Decimal: {
      if (typeof value !== 'string' && typeof value !== 'number') return BAIL;
      const decimal = normalizeDecimal(value);
      return decimal === undefined ? BAIL : decimal;
    }
    case Kind.Date:
      return isIsoDate(value) ? value : BAIL;
    case Kind.Integer: {
      const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      return Number.isSafeInteger(number) ? number : BAIL;
    }
    case Kind.Boolean:
      return typeof value === 'boolean' ? value : BAIL;
    case Kind.Enum:
      return field.values!.has(value) ? value : BAIL;
    case Kind.Version:
      return value === undefined || value === 1 ? 1 : BAIL;
    case Kind.Object:
      return isRecord(value) ? readObject(field.object!, value, repair) : BAIL;
    case Kind.Array:
      return Array.isArray(value) ? readList(field, value, repair) : BAIL;
    default:
      return BAIL;
  }
}

function readValue(field: Field, value: unknown, repair: Repair | undefined): unknown {
  // A text past the limit, or a value the copy would report (a non-finite number, a function…): the reference path reports it.
  if (typeof value === 'string' ? value.length > LIMITS.textLength : typeof value === 'number' ? !Number.isFinite(value) : value !== null && value !== undefined && typeof value !== 'boolean' && typeof value !== 'object') return BAIL;
  if (field.optional && (value === null || value === undefined || (typeof value === 'string' && isBlank(value)))) return undefined;
  const read = readKind(field, value, repair);
  // An object or a list was walked: its own problems are reported (or bailed on) inside it.
  if (read !== BAIL || (field.kind === Kind.Object ? isRecord(value) : field.kind === Kind.Array && Array.isArray(value))) return read;
  // A value of the wrong kind (or one this walk does not read itself): zod's schema for the field decides, on a copy.
  if (!repair) {
    // Without a path to copy at, only a JSON scalar (its own copy) goes to zod here.
    if (field.kind !== Kind.Zod || (value !== null && typeof value === 'object')) return BAIL;
    const parsed = field.schema!.safeParse(value);
    return parsed.success ? parsed.data : BAIL;
  }
  const copyIssues: CopyIssue[] = [];
  const copy = copyJson(value, repair.path, new Set(), copyIssues);
  if (copyIssues.length > 0) return BAIL;
  const parsed = field.schema!.safeParse(copy);
  if (parsed.success) return parsed.data;
  for (const issue of toParseIssues(parsed.error as never)) {
    // An issue inside the value (not at it) would leave part of it: the reference path handles that.
    if (issue.path.length > 0) return BAIL;
    repair.issues.push({ issue: { ...issue, path: [...repair.path] }, seen: copy });
  }
  return DROP;
}

function readList(field: Field, list: readonly unknown[], repair: Repair | undefined): unknown[] | Bail {
  const length = list.length;
  if (length > field.limit!) return BAIL;
  const item = field.item!;
  const out: unknown[] = [];
  for (let i = 0; i < length; i += 1) {
    const raw = list[i];
    // The copy turns a missing item into null, which zod then reports as null: the reference path handles that.
    if (raw === undefined) return BAIL;
    if (repair) repair.path.push(i);
    let value = readValue(item, raw, repair);
    if (repair) repair.path.pop();
    if (value === BAIL) return BAIL;
    // The reference's repair blanks a rejected item ("" for text, {} for an object), which then parses as itself.
    if (value === DROP) value = item.kind === Kind.Object ? {} : '';
    out.push(value);
  }
  return out;
}

function readObject(spec: ObjectSpec, input: object, repair: Repair | undefined): Record<string, unknown> | Bail {
  // Own enumerable keys only, as the reference copy reads them: an inherited or `__proto__` field never counts.
  const keys = Object.keys(input);
  const { fields, slots } = spec;
  if (keys.length > (repair ? LIMITS.objectKeys : fields.length)) return BAIL;
  let present = 0;
  let unknown: string[] | undefined;
  for (let i = 0; i < keys.length; i += 1) {
    const slot = slots.get(keys[i]!);
    if (slot !== undefined) present |= 1 << slot;
    else if (!repair) return BAIL;
    else (unknown ??= []).push(keys[i]!);
  }
  const out: Record<string, unknown> = {};
  const record = input as Record<string, unknown>;
  let todo = present | spec.defaulted;
  for (let slot = 0; todo !== 0; slot += 1) {
    const bit = 1 << slot;
    if ((todo & bit) === 0) continue;
    todo &= ~bit;
    const field = fields[slot]!;
    if (repair) repair.path.push(field.key);
    // An absent defaulted field reads as undefined (never through the prototype), which its default turns into the value.
    const value = readValue(field, (present & bit) !== 0 ? record[field.key] : undefined, repair);
    if (repair) repair.path.pop();
    if (value === BAIL) return BAIL;
    // A dropped field is absent, so a defaulted one takes its default (schemaVersion: 1).
    if (value === DROP) {
      if (field.kind === Kind.Version) out[field.key] = 1;
      continue;
    }
    // A present key stays present, with undefined for a blank (as zod keeps it); no key here is "__proto__".
    out[field.key] = value;
  }
  if (unknown && repair) {
    // zod reports the unknown keys after the object's fields, in the order the object has them; each value as the copy holds it.
    for (const issue of toParseIssues({ issues: [{ code: 'unrecognized_keys', keys: unknown, path: [...repair.path], message: '' }] } as never)) {
      const copyIssues: CopyIssue[] = [];
      const seen = copyJson(record[issue.path[issue.path.length - 1] as string], issue.path as (string | number)[], new Set(), copyIssues);
      if (copyIssues.length > 0) return BAIL;
      repair.issues.push({ issue, seen });
    }
  }
  return out;
}

/**
 * The application parsed from a well-formed input in one walk, equal to what the reference path gives; undefined
 * when the input needs the reference path (anything unusual, including a getter or proxy that throws).
 */
export function fastReadApplication(input: unknown): Record<string, unknown> | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  try {
    const out = readObject(ROOT, input, undefined);
    return out === BAIL ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * The reference's repair loop in one walk, for an input whose only problems are values zod rejects and unknown keys:
 * the application with those dropped (a list item blanked), and zod's issues in zod's order, each with the value at its
 * path. Undefined when the input needs the reference path (anything the copy would report, or any doubt).
 */
export function repairReadApplication(input: unknown): { application: Record<string, unknown>; issues: readonly RepairIssue[] } | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const repair: Repair = { path: [], issues: [] };
  try {
    const out = readObject(ROOT, input, repair);
    return out === BAIL ? undefined : { application: out, issues: repair.issues };
  } catch {
    return undefined;
  }
}
