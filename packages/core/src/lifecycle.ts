import { SdkError, createErrorGuard } from './errors';

/** Every status of an application, in the order of the workflow. */
export const STATUSES = [
  'draft',
  'pendingFirstReview',
  'firstReviewReturned',
  'pendingSecondReview',
  'approved',
  'secondReviewReturned',
  'printed',
  'pendingWithdrawal',
  'withdrawn',
] as const;
/** The status of an application. */
export type Status = (typeof STATUSES)[number];

/** What the manual calls each status. */
export const STATUS_LABELS: Readonly<Record<Status, { zh: string; en: string }>> = {
  draft: { zh: '暂存', en: 'draft' },
  pendingFirstReview: { zh: '待初审', en: 'pending first review' },
  firstReviewReturned: { zh: '初审退回', en: 'returned at first review' },
  pendingSecondReview: { zh: '待复审', en: 'pending second review' },
  approved: { zh: '复审通过', en: 'approved' },
  secondReviewReturned: { zh: '复审退回', en: 'returned at second review' },
  printed: { zh: '已打印', en: 'printed' },
  pendingWithdrawal: { zh: '待撤销', en: 'pending withdrawal' },
  withdrawn: { zh: '已撤销', en: 'withdrawn' },
};

/** The operations an applicant may ask for. */
export const OPERATIONS = ['save', 'delete', 'declare', 'withdraw', 'print', 'viewOpinions', 'copy'] as const;
/** An applicant's operation on an application. */
export type Operation = (typeof OPERATIONS)[number];

/** What the manual calls each operation. */
export const OPERATION_LABELS: Readonly<Record<Operation, { zh: string; en: string }>> = {
  save: { zh: '暂存/编辑', en: 'save' },
  delete: { zh: '删除', en: 'delete' },
  declare: { zh: '申报', en: 'declare' },
  withdraw: { zh: '撤销', en: 'withdraw' },
  print: { zh: '打印', en: 'print' },
  viewOpinions: { zh: '查看审批意见', en: 'view review opinions' },
  copy: { zh: '复制', en: 'copy' },
};

const EDITABLE: readonly Status[] = ['draft', 'firstReviewReturned', 'withdrawn'];

/** The statuses in which each operation is allowed (what the applicant may do in each). */
export const OPERATION_ALLOWED_IN: Readonly<Record<Operation, readonly Status[]>> = {
  save: EDITABLE,
  delete: EDITABLE,
  declare: EDITABLE,
  withdraw: ['pendingFirstReview'],
  print: ['approved'],
  viewOpinions: ['firstReviewReturned', 'pendingSecondReview', 'approved', 'secondReviewReturned', 'printed'],
  copy: STATUSES,
};

/** The issuing authority's events (simulated by a sandbox) and the applicant's own moves. */
export const EVENTS = [
  'declared',
  'withdrawalRequested',
  'printed',
  'firstReviewPassed',
  'firstReviewReturned',
  'secondReviewPassed',
  'secondReviewReturned',
  'withdrawalGranted',
  'withdrawalRefused',
] as const;
/** An event that moves an application from one status to another. */
export type LifecycleEvent = (typeof EVENTS)[number];

/** Which event moves which status where; a status missing from an event's map cannot take it. */
export const TRANSITIONS: Readonly<Record<LifecycleEvent, Readonly<Partial<Record<Status, Status>>>>> = {
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

/** Thrown when an operation or event is not allowed in an application's current status. */
export class LifecycleError extends SdkError {
  override name = 'LifecycleError' as const;

  constructor(
    readonly status: Status,
    readonly action: Operation | LifecycleEvent,
    readonly allowedIn: readonly Status[],
  ) {
    super(
      `"${action}" is not allowed in status "${status}" (${STATUS_LABELS[status].zh}); it is allowed in: ${allowedIn.join(', ') || 'no status'}`,
    );
  }
}

/** True when `error` is a {@link LifecycleError}, from any copy of this package or realm. */
export const isLifecycleError = createErrorGuard<LifecycleError>('LifecycleError');

/** True when the applicant may perform `operation` on an application in `status`. */
export function canPerform(status: Status, operation: Operation): boolean {
  return OPERATION_ALLOWED_IN[operation].includes(status);
}

/** The operations allowed in `status`, in {@link OPERATIONS} order: what a UI enables. */
export function allowedOperations(status: Status): Operation[] {
  return OPERATIONS.filter((operation) => canPerform(status, operation));
}

/**
 * Throws a {@link LifecycleError} naming the status and the operation unless the operation is allowed.
 * @example assertCanPerform('approved', 'withdraw') // throws: "withdraw" is not allowed in status "approved" …
 */
export function assertCanPerform(status: Status, operation: Operation): void {
  if (!canPerform(status, operation)) throw new LifecycleError(status, operation, OPERATION_ALLOWED_IN[operation]);
}

/**
 * The status an application moves to when `event` happens in `status`; throws a
 * {@link LifecycleError} for any other move.
 * @example nextStatus('pendingFirstReview', 'firstReviewPassed') // 'pendingSecondReview'
 */
export function nextStatus(status: Status, event: LifecycleEvent): Status {
  const target = TRANSITIONS[event][status];
  if (target === undefined) throw new LifecycleError(status, event, Object.keys(TRANSITIONS[event]) as Status[]);
  return target;
}
