import { describe, expect, it } from 'vitest';
import { EVENTS, LifecycleError, OPERATIONS, STATUSES, allowedOperations, assertCanPerform, canPerform, isLifecycleError, nextStatus, type LifecycleEvent, type Operation, type Status } from './lifecycle';

// The lifecycle tables (statuses, operations, transitions), written out cell by cell and independently of the implementation.
const ALLOWED: Record<Operation, Status[]> = {
  save: ['draft', 'firstReviewReturned', 'withdrawn'],
  delete: ['draft', 'firstReviewReturned', 'withdrawn'],
  declare: ['draft', 'firstReviewReturned', 'withdrawn'],
  withdraw: ['pendingFirstReview'],
  print: ['approved'],
  viewOpinions: ['firstReviewReturned', 'pendingSecondReview', 'approved', 'secondReviewReturned', 'printed'],
  copy: [...STATUSES],
};
const MOVES: Record<LifecycleEvent, Partial<Record<Status, Status>>> = {
  declared: { draft: 'pendingFirstReview', firstReviewReturned: 'pendingFirstReview', withdrawn: 'pendingFirstReview' },
  withdrawalRequested: { pendingFirstReview: 'pendingWithdrawal' },
  printed: { approved: 'printed' },
  firstReviewPassed: { pendingFirstReview: 'pendingSecondReview' },
  firstReviewReturned: { pendingFirstReview: 'firstReviewReturned' },
  secondReviewPassed: { pendingSecondReview: 'approved' },
  secondReviewReturned: { pendingSecondReview: 'secondReviewReturned' },
  withdrawalGranted: { pendingWithdrawal: 'withdrawn' },
  withdrawalRefused: { pendingWithdrawal: 'pendingFirstReview' },
};

const operationCells = OPERATIONS.flatMap((operation) => STATUSES.map((status) => [operation, status, ALLOWED[operation].includes(status)] as const));
const eventCells = EVENTS.flatMap((event) => STATUSES.map((status) => [event, status, MOVES[event][status]] as const));

describe('canPerform', () => {
  it.each(operationCells)('%s in %s → %s', (operation, status, allowed) => {
    expect(canPerform(status, operation)).toBe(allowed);
    if (allowed) expect(() => assertCanPerform(status, operation)).not.toThrow();
    else expect(() => assertCanPerform(status, operation)).toThrow(LifecycleError);
  });
});

describe('allowedOperations', () => {
  it('lists what a draft allows', () => {
    expect(allowedOperations('draft')).toEqual(['save', 'delete', 'declare', 'copy']);
  });
  it('lists what an approved application allows', () => {
    expect(allowedOperations('approved')).toEqual(['print', 'viewOpinions', 'copy']);
  });
});

describe('nextStatus', () => {
  it.each(eventCells)('%s from %s → %s', (event, status, target) => {
    if (target) expect(nextStatus(status, event)).toBe(target);
    else expect(() => nextStatus(status, event)).toThrow(LifecycleError);
  });

  it('names the status and the operation when it refuses', () => {
    let caught: unknown;
    try {
      assertCanPerform('approved', 'withdraw');
    } catch (error) {
      caught = error;
    }
    expect(isLifecycleError(caught)).toBe(true);
    expect((caught as LifecycleError).message).toMatch(/"withdraw".*"approved".*pendingFirstReview/);
    expect(caught).toMatchObject({ status: 'approved', action: 'withdraw', allowedIn: ['pendingFirstReview'] });
  });
});
