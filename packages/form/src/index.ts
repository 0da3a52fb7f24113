// @exlic/form: a headless controller for export licence application forms. Everything public is named here.
export { createApplicationForm } from './form';
export { FormError, isFormError } from './errors';
export type { FormErrorCode } from './errors';
export { createManualScheduler, hostScheduler } from './scheduler';
export type { FormScheduler, ManualScheduler } from './scheduler';
export type {
  ApplicationForm,
  ApplicationFormOptions,
  BlockingReason,
  FieldOption,
  FieldSnapshot,
  FieldState,
  FormAccount,
  FormLang,
  FormSection,
  FormSnapshot,
  LookupKey,
  LookupSnapshot,
  LookupSuggestion,
  SpecColumn,
  SpecTable,
  SystemViolation,
} from './types';
// Intentionally not exported: the layout (derived from core's FIELDS and goods-class registry) and the value helpers.
