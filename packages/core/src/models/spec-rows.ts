import * as z from 'zod';
import { DecimalString, IsoDate, Text, optional } from './primitives';

const attachmentIds = optional(z.array(z.string()));

/** A spec row of general goods, coke, steel, ODS and natural sand (at most 4 rows). */
export const GeneralSpecRow = z.strictObject({
  spec: optional(Text),
  unitPrice: optional(DecimalString),
  quantity: optional(DecimalString),
  totalPrice: optional(DecimalString),
});
/** A spec row of general goods, coke, steel, ODS and natural sand. */
export type GeneralSpecRow = z.infer<typeof GeneralSpecRow>;

/** A spec row of new, unmodified vehicles (新车非改装车, at most 20 rows). */
export const VehicleNewSpecRow = z.strictObject({
  brand: optional(Text),
  model: optional(Text),
  quantity: optional(DecimalString),
  unitPrice: optional(DecimalString),
  totalValue: optional(DecimalString),
  totalValueUsd: optional(DecimalString),
});
/** A spec row of new, unmodified vehicles. */
export type VehicleNewSpecRow = z.infer<typeof VehicleNewSpecRow>;

/** A spec row of new, modified vehicles (新车改装车): the new-vehicle row plus chassis brand and attachments. */
export const VehicleNewModifiedSpecRow = VehicleNewSpecRow.extend({
  chassisBrand: optional(Text),
  attachments: attachmentIds,
});
/** A spec row of new, modified vehicles. */
export type VehicleNewModifiedSpecRow = z.infer<typeof VehicleNewModifiedSpecRow>;

/** A spec row of a used vehicle (二手车): one vehicle per row. */
export const VehicleUsedSpecRow = z.strictObject({
  brand: optional(Text),
  model: optional(Text),
  vin: optional(z.string().trim()),
  registeredOn: optional(IsoDate),
  transferredOn: optional(IsoDate),
  totalValue: optional(DecimalString),
  totalValueUsd: optional(DecimalString),
  attachments: attachmentIds,
});
/** A spec row of a used vehicle. */
export type VehicleUsedSpecRow = z.infer<typeof VehicleUsedSpecRow>;

/**
 * Any spec row as it travels: the union of the four shapes' fields, all optional. Which shape a row
 * must have depends on the goods class, known only from the catalog; `specRowSchemaFor` gives the
 * exact shape and the rules check it.
 */
export const SpecRow = z.strictObject({
  ...GeneralSpecRow.shape,
  ...VehicleNewModifiedSpecRow.shape,
  ...VehicleUsedSpecRow.shape,
});
/** Any spec row as it travels. */
export type SpecRow = z.infer<typeof SpecRow>;
