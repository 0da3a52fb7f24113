// @exlic/cli: the `exlic` command, also callable from code (e.g. in a test runner).
export { main } from './main';
export { EXIT, OperationError, UsageError, processIo } from './io';
export type { Bilingual, CliIo } from './io';
