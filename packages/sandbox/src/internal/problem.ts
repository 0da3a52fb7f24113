/** Problem details (RFC 9457): one builder, one Chinese and English sentence per code. */
import type { Problem, ProblemCode } from '../contract/schemas';
import { SandboxError } from '../errors';

const STATUS: Readonly<Record<ProblemCode, number>> = {
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  invalidRequest: 400,
  malformedJson: 400,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  operationNotAllowed: 409,
  validationFailed: 422,
  versionMismatch: 412,
  versionRequired: 428,
  idempotencyKeyReused: 422,
  idempotencyKeyInvalid: 400,
  attachmentRequired: 422,
  attachmentTypeTaken: 409,
  exporterMismatch: 403,
  ekeyNotBound: 403,
  ekeyMismatch: 403,
  signatureInvalid: 403,
  challengeInvalid: 403,
  licenceUsedUp: 409,
  licenceExpired: 409,
  licenceQuantityExceeded: 409,
  licenceNoTaken: 409,
  readOnly: 409,
  rateLimited: 429,
  unavailable: 503,
  internal: 500,
};

const TEXT: Readonly<Record<ProblemCode, { title: string; zh: string }>> = {
  unauthorized: { title: 'Unauthorized', zh: '未登录或令牌无效' },
  forbidden: { title: 'Forbidden', zh: '无权执行此操作' },
  notFound: { title: 'Not found', zh: '未找到' },
  invalidRequest: { title: 'Invalid request', zh: '请求参数不符合接口定义' },
  malformedJson: { title: 'Malformed JSON', zh: '请求体不是合法的 JSON' },
  payloadTooLarge: { title: 'Payload too large', zh: '请求体过大' },
  unsupportedMediaType: { title: 'Unsupported media type', zh: '不支持的内容类型' },
  operationNotAllowed: { title: 'Operation not allowed in this status', zh: '当前状态不允许此操作' },
  validationFailed: { title: 'The application does not pass the rules', zh: '申请未通过校验' },
  versionMismatch: { title: 'Stale version', zh: '数据已被修改，请刷新后重试' },
  versionRequired: { title: 'If-Match required', zh: '编辑需要提供版本号 (If-Match)' },
  idempotencyKeyReused: { title: 'Idempotency key reused with another request', zh: '幂等键已用于另一个请求' },
  idempotencyKeyInvalid: { title: 'Invalid idempotency key', zh: '幂等键无效' },
  attachmentRequired: { title: 'An attachment is required', zh: '申报需要至少一个附件' },
  attachmentTypeTaken: { title: 'An attachment of this type exists', zh: '此类型附件已存在' },
  exporterMismatch: { title: 'The exporter is not your enterprise', zh: '出口商不是当前登录用户所属企业' },
  ekeyNotBound: { title: 'No e-key bound', zh: '未绑定电子钥匙' },
  ekeyMismatch: { title: 'Another e-key', zh: '不是绑定的电子钥匙' },
  signatureInvalid: { title: 'Invalid signature', zh: '签名无效' },
  challengeInvalid: { title: 'Invalid binding challenge', zh: '绑卡挑战无效或已过期' },
  licenceUsedUp: { title: 'Licence used up', zh: '许可证已用完' },
  licenceExpired: { title: 'Licence expired', zh: '许可证已过有效期' },
  licenceQuantityExceeded: { title: 'Quantity exceeds what is left', zh: '数量超出剩余数量' },
  licenceNoTaken: { title: 'The licence number is recorded already', zh: '许可证号已存在' },
  readOnly: { title: 'Read-only', zh: '只读数据' },
  rateLimited: { title: 'Too many requests', zh: '请求过于频繁' },
  unavailable: { title: 'Service unavailable', zh: '服务暂不可用' },
  internal: { title: 'Internal error', zh: '服务器内部错误' },
};


/** A refusal inside a handler: thrown, turned into problem details by the app. */
export function refuse(code: ProblemCode, detail: string, details: Record<string, unknown> = {}): SandboxError {
  return new SandboxError(code, STATUS[code], detail, details);
}

/** The problem document of a refusal. */
export function toProblem(error: SandboxError, instance: string, requestId: string): Problem {
  const text = TEXT[error.code];
  return {
    type: `https://exlic.dev/problems/${error.code.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    title: text.title,
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    message: { zh: text.zh, en: error.message },
    requestId,
    ...(error.details as Partial<Problem>),
  };
}
