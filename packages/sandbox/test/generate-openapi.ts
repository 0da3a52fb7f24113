// Writes docs/openapi.yaml from the contract (npm run gen:openapi).
import { writeFileSync } from 'node:fs';
import { OPENAPI_YAML_PATH, renderOpenApiYaml } from './openapi-yaml';

writeFileSync(OPENAPI_YAML_PATH, renderOpenApiYaml());
console.log(`wrote ${OPENAPI_YAML_PATH}`);
