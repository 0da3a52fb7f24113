// The page's way to the Single Window: @exlic/client against the page's own origin. Vite's dev server
// forwards /v1 to the sandbox and puts the operator's bearer token on each request (vite.config.ts),
// so the page never holds the real token: what it passes here is a placeholder the proxy replaces.
import { createClient, isClientError, isValidationError, type ApplicationRecord, type Client, type Violation } from '@exlic/client';
import type { Status } from '@exlic/core';
import type { Signer } from '@exlic/signer';

export type { ApplicationRecord };

const client: Client = createClient({ baseUrl: window.location.origin, token: 'replaced-by-the-dev-server-proxy', retry: { limit: 2 } });

/** What a failed call shows the user, and the violations of a refused declaration. */
export function describeError(error: unknown): { message: string; violations: readonly Violation[] } {
  if (isValidationError(error)) return { message: error.message, violations: error.violations };
  if (isClientError(error)) return { message: `${error.problem?.message?.zh ?? ''} ${error.message}`.trim(), violations: [] };
  return { message: error instanceof Error ? error.message : String(error), violations: [] };
}

/** The operator and enterprise behind the token. */
export function me(): ReturnType<Client['me']> {
  return client.me();
}

/** Binds the e-key behind `signer` to the operator: the server's challenge, signed. */
export function bindEKey(signer: Signer): ReturnType<Client['ekey']['bind']> {
  return client.ekey.bind({ signer });
}

/** Saves (暂存) a new draft, or a new version of an existing one (If-Match on its version). */
export function saveApplication(application: Record<string, unknown>, record?: ApplicationRecord): ReturnType<Client['applications']['save']> {
  return client.applications.save(application, record ? { id: record.id, version: record.version } : {});
}

/** Uploads one attachment file of a type (`CONTRACT`, `QUALITY_CERT`…); the client checks the stored SHA-256. */
export function uploadAttachment(id: string, type: string, file: File): ReturnType<Client['attachments']['upload']> {
  return client.attachments.upload(id, { type, file, fileName: file.name });
}

/** Signs the canonical bytes of the stored version with the e-key and declares (申报). */
export function declareApplication(record: ApplicationRecord, signer: Signer): Promise<ApplicationRecord> {
  return client.applications.declare(record.id, { signer, version: record.version });
}

/** Reads one application again (after a review changed it). */
export function getApplication(id: string): Promise<ApplicationRecord> {
  return client.applications.get(id);
}

/** The first page of the enterprise's applications, optionally only those in some statuses. */
export async function listApplications(statuses: readonly Status[]): Promise<{ items: ApplicationRecord[] }> {
  return client.applications.list({ scope: 'enterprise', limit: 50, ...(statuses.length > 0 ? { status: statuses } : {}) });
}

/** Licences issued, grouped by month or by importing country. */
export function statistics(by: 'month' | 'country', year: number): ReturnType<Client['statistics']> {
  return client.statistics({ by, year });
}

/** Prints an approved application (approved → printed). */
export function printApplication(id: string): Promise<ApplicationRecord> {
  return client.applications.print(id);
}
