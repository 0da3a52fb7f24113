// @exlic/sandbox: a local Single Window. Everything public is named here.
export { createOpenApiDocument, CONTRACT_VERSION } from './contract/document';
export { PROBLEM_CODES, REVIEW_EVENTS } from './contract/schemas';
export type { Problem, ProblemCode, ReviewEvent } from './contract/schemas';
// Intentionally not exported: the route objects (src/contract/routes.ts); their zod types would make the declarations megabytes. Read the contract from createOpenApiDocument() or docs/openapi.yaml.
