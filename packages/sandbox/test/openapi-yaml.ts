/** Renders the contract as docs/openapi.yaml; the generator script and the drift test share it. */
import { stringify } from 'yaml';
import { createOpenApiDocument } from '../src/contract/document';

/** The path of the checked-in contract, relative to the repository root. */
export const OPENAPI_YAML_PATH = 'docs/openapi.yaml';

/** The YAML text the generator writes. */
export function renderOpenApiYaml(): string {
  const header = '# Generated from packages/sandbox/src/contract by `npm run gen:openapi`. Do not edit by hand: a test fails when it drifts.\n';
  return header + stringify(createOpenApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
