/** The code tables this SDK ships, by the name the CLI and the field metadata use. */
export const CODE_TABLE_NAMES = [
  'customsPorts',
  'countries',
  'tradeModes',
  'transportModes',
  'currencies',
  'units',
  'paymentMethods',
  'issuingAuthorities',
  'attachmentTypes',
] as const;
/** The name of a bundled code table. */
export type CodeTableName = (typeof CODE_TABLE_NAMES)[number];
