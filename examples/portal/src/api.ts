// The portal's way to the Single Window: @exlic/client against the page's own origin. Vite's dev server
// forwards /v1 to the sandbox and puts the operator's bearer token on each request (vite.config.ts),
// so the page never holds the real token: what it passes here is a placeholder the proxy replaces.
import { createClient, isClientError, isValidationError, type Client, type Violation } from '@exlic/client';
import { t } from './i18n';

/** The one client of the page. */
export const client: Client = createClient({ baseUrl: window.location.origin, token: 'replaced-by-the-dev-server-proxy', retry: { limit: 2 } });

/** What a failed call shows the user (in the language shown), and the violations of a refused save or declaration. */
export function describeError(error: unknown): { message: string; violations: readonly Violation[] } {
  if (isValidationError(error)) return { message: error.problem?.message ? t(error.problem.message) : error.message, violations: error.violations };
  if (isClientError(error)) return { message: error.problem?.message ? t(error.problem.message) : error.message, violations: [] };
  return { message: error instanceof Error ? error.message : String(error), violations: [] };
}
