// @exlic/sandbox: a local Single Window. Everything public is named here.
export { createSandbox } from './sandbox';
export type { Sandbox, SeededOperator } from './sandbox';
export { serveSandbox } from './serve';
export type { ServeSandboxOptions, ServedSandbox } from './serve';
export { DEMO_ENTERPRISES } from './options';
export type { SandboxEnterprise, SandboxLogLine, SandboxOperator, SandboxOptions, SandboxPushOptions } from './options';
export type { PushAddress, PushLookup } from './push/policy';
export { DroppedConnectionError, isDroppedConnectionError } from './faults';
export type { FaultSettings, FaultTiming, SandboxFaults } from './faults';
export { SandboxError, isSandboxError } from './errors';
export type { LicenceUseInput } from './handlers/customs';
export type { ApplicationRecord, Receipt } from './internal/records';
export { createOpenApiDocument, CONTRACT_VERSION } from './contract/document';
export { APPLICATION_FORM_TITLE, renderApplicationFormPdf } from './print/application-form';
export type { ApplicationFormPdfOptions } from './print/application-form';
export { PROBLEM_CODES, REVIEW_EVENTS } from './contract/schemas';
export type { Problem, ProblemCode, ReviewEvent } from './contract/schemas';
// Intentionally not exported: the route objects (src/contract/routes.ts); their zod types would make the declarations megabytes. Read the contract from createOpenApiDocument() or docs/openapi.yaml.
