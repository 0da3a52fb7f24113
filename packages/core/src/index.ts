export { SdkError, isSdkError } from './errors';
