import { z } from 'zod';
import { MAX_TOKEN_DAYS, TOKEN_PREFIX } from './scopes';
import { TOOL_OPERATIONS, type ToolOperation } from './operations';

/** A schema as OpenAPI 3.1 embeds it (JSON Schema 2020-12, without its own `$schema`). */
function jsonSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output' = 'output',
): Record<string, unknown> {
  const generated = { ...(z.toJSONSchema(schema, { io }) as Record<string, unknown>) };
  delete generated.$schema;
  return generated;
}

const ERROR_RESPONSE = {
  description: 'Refused: the message says why, in plain English.',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/**
 * Where a procedure's input goes, as tRPC reads it without batching: a query's as JSON in the
 * `input` parameter of the address, a mutation's as the JSON body.
 */
function inputOf(operation: ToolOperation) {
  if (!operation.input) return {};
  const schema = jsonSchemaOf(operation.input, 'input');
  if (operation.method === 'query') {
    return {
      parameters: [
        {
          name: 'input',
          in: 'query',
          required: true,
          description: 'The input as JSON (URL-encoded).',
          content: { 'application/json': { schema } },
        },
      ],
    };
  }
  return { requestBody: { required: true, content: { 'application/json': { schema } } } };
}

/**
 * The OpenAPI 3.1 description of what an API token can call (served at /api/openapi.json), so tools
 * in other languages (a PowerShell script on a school server) can call the same procedures.
 */
export function openApiDocument(serverUrl: string | null) {
  const paths = Object.fromEntries(
    TOOL_OPERATIONS.map((operation) => [
      `/api/trpc/${operation.path}`,
      {
        [operation.method === 'query' ? 'get' : 'post']: {
          operationId: operation.path,
          summary: operation.summary,
          description: operation.scope
            ? `Needs a token with the \`${operation.scope}\` scope.`
            : 'Any valid token.',
          ...inputOf(operation),
          responses: {
            '200': {
              description: 'The answer, under result.data.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['result'],
                    properties: {
                      result: {
                        type: 'object',
                        required: ['data'],
                        properties: { data: jsonSchemaOf(operation.output) },
                      },
                    },
                  },
                },
              },
            },
            '400': ERROR_RESPONSE,
            '401': ERROR_RESPONSE,
            '403': ERROR_RESPONSE,
            '429': ERROR_RESPONSE,
          },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Schoolgate API for the school’s own tools',
      version: '0.1.0',
      description:
        `Calls made with an API token (made by an administrator at /admin/api-tokens; it starts ` +
        `with ${TOKEN_PREFIX}, lives at most ${MAX_TOKEN_DAYS} days). Send it only in the ` +
        'Authorization header, never in an address. At most 120 requests a minute per token. ' +
        'See docs/internal-tools.md.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiToken: [] }],
    components: {
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (sgt_…).' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['message', 'data'],
              properties: {
                message: { type: 'string' },
                data: {
                  type: 'object',
                  required: ['code', 'httpStatus'],
                  properties: { code: { type: 'string' }, httpStatus: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
