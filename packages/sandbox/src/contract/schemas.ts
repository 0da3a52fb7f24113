/**
 * The admin-only wire shapes of the sandbox (the simulated authority and customs). Everything an operator's
 * client sends or reads is core's wire format (`@exlic/core`, `wire/`), shared with `@exlic/client`.
 */
import * as z from 'zod';

export { PROBLEM_CODES } from '@exlic/core';
export type { Problem, ProblemCode } from '@exlic/core';

/** A use of a licence, recorded by customs (the admin route and `sandbox.useLicence`). */
export const LicenceUse = z
  .object({
    declarationNo: z.string().min(1).max(64),
    port: z.string().min(1).max(16),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    quantity: z.union([z.string(), z.number()]),
  })
  .meta({ id: 'LicenceUse', description: 'A use of a licence at customs: the quantity as a decimal string (or a number).' });

/** Review events the authority may take. */
export const REVIEW_EVENTS = ['firstReviewPassed', 'firstReviewReturned', 'secondReviewPassed', 'secondReviewReturned', 'withdrawalGranted', 'withdrawalRefused'] as const;
/** A review event. */
export type ReviewEvent = (typeof REVIEW_EVENTS)[number];

/** The authority's decision (admin route). */
export const ReviewBody = z.object({ event: z.enum(REVIEW_EVENTS), opinion: z.string().max(2000).optional() }).meta({ id: 'ReviewBody', description: 'The authority\'s decision.' });

/** Mint an operator token (admin route). */
export const TokenBody = z
  .strictObject({
    enterprise: z.string(),
    operator: z.string(),
    ttlSeconds: z.int().min(60).max(31_536_000).optional().meta({ description: 'How long the token lives, seconds; 7 days when absent.' }),
  })
  .meta({ id: 'TokenBody', description: 'Which operator of which enterprise the token is for, and for how long.' });
/** A minted token. */
export const TokenResult = z
  .object({ token: z.string(), enterprise: z.string(), operator: z.string(), expiresAt: z.string() })
  .meta({ id: 'TokenResult', description: 'A new operator token, shown once, and when it expires.' });
/** Revoke an operator token (admin route). */
export const RevokeTokenBody = z.strictObject({ token: z.string().min(1).max(512) }).meta({ id: 'RevokeTokenBody', description: 'The token to revoke; the answer is the same whether it was known or not.' });

/** The fault settings (admin route). */
export const FaultSettings = z
  .object({
    seed: z.int().optional(),
    drop: z.number().min(0).max(1).optional().meta({ description: 'Probability per request, 0-1; each fault strikes before or after the server acted.' }),
    unavailable: z.number().min(0).max(1).optional(),
    rateLimited: z.number().min(0).max(1).optional(),
    slow: z.number().min(0).max(1).optional(),
    slowMs: z.int().min(0).max(60_000).optional(),
    retryAfterSeconds: z.int().min(0).max(3600).optional(),
    when: z.enum(['before', 'after', 'either']).optional(),
  })
  .meta({ id: 'FaultSettings', description: 'The injected faults; all zero turns them off.' });
