import fc from 'fast-check';

/*
 * Generated input for a procedure's zod schema, as an attacker or a broken client would send it
 * (TESTING.md §5). Most of it follows the schema's shape with hostile values in it, so that it
 * gets past validation and into the procedure (where 500s come from); the rest is any JSON at all,
 * wrong types, extra keys and missing ones. Only zod's own definitions are read (`_zod.def`), so
 * every procedure's schema is covered as it stands, with no list to keep up to date.
 */

/** Strings that have broken servers: storage, parsing, dates, encodings, sizes. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a',
  'Ann\u0000e',
  '\u0000',
  '\uD800',
  'x\uDC00y',
  '\uFEFFBOM',
  '\u202Eevil',
  '👩‍👧‍👦',
  'x'.repeat(100_000),
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '2026-11-17',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-11-17T09:30:00Z',
  '00:00',
  '25:61',
  "Robert'); drop table students;--",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00%ZZ',
  'parent@example.org',
  'a@b',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

/** Ordinary values, so that some input gets past validation into the procedure's own work. */
const PLAUSIBLE_STRINGS = [
  'Sam',
  'Example',
  'Mother',
  'A short note for the record.',
  'We moved house last week.',
  '2026-11-17',
  '2026-11-18',
  '2026-09-01',
  '09:00',
  'AM',
  '9N',
  '1',
  'parent@example.org',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'Tidal-Meadow-93',
  'Autumn Term',
];

/** Anything JSON can carry, nested a little. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, undefined, [], {}, [[[[[]]]]], { __proto__: { polluted: true } }),
);

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Ids the test has made, so that some generated input names real records. */
export interface KnownValues {
  ids: readonly string[];
}

interface ZodDef {
  type: string;
  format?: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  element?: { _zod: { def: ZodDef } };
  options?: readonly { _zod: { def: ZodDef } }[];
  innerType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
  left?: { _zod: { def: ZodDef } };
  right?: { _zod: { def: ZodDef } };
  keyType?: { _zod: { def: ZodDef } };
  valueType?: { _zod: { def: ZodDef } };
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
}

/**
 * Half the time a value shaped by `schema` with ordinary leaves (real ids among them), to reach
 * the procedure's own work; half the time with hostile leaves, any of them sometimes replaced by
 * anything at all, to try its validation.
 */
export function hostileInputFor(schema: unknown, known: KnownValues): fc.Arbitrary<unknown> {
  const def = (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
  if (!def) return anyJson;
  return fc.oneof(
    shaped(def, { ...known, hostile: false }, 0),
    shaped(def, { ...known, hostile: true }, 0),
  );
}

interface Mode extends KnownValues {
  hostile: boolean;
}

function shaped(def: ZodDef, known: Mode, depth: number): fc.Arbitrary<unknown> {
  const inner = (d: { _zod: { def: ZodDef } } | undefined) =>
    d ? shaped(d._zod.def, known, depth + 1) : anyJson;
  const leaf = leafFor(def, known, inner, depth);
  if (!known.hostile) return leaf;
  // At any node, now and then, a value of the wrong kind entirely.
  return fc.oneof({ weight: 6, arbitrary: leaf }, { weight: 1, arbitrary: anyJson });
}

function leafFor(
  def: ZodDef,
  known: Mode,
  inner: (d: { _zod: { def: ZodDef } } | undefined) => fc.Arbitrary<unknown>,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 8) return anyJson;
  const text = known.hostile ? hostileString : fc.constantFrom(...PLAUSIBLE_STRINGS);
  switch (def.type) {
    case 'string':
      if (!known.hostile && (def.format === 'uuid' || def.format === 'guid')) {
        return known.ids.length ? fc.constantFrom(...known.ids) : fc.uuid();
      }
      if (def.format === 'uuid' || def.format === 'guid') {
        return fc.oneof(
          { weight: 3, arbitrary: known.ids.length ? fc.constantFrom(...known.ids) : fc.uuid() },
          { weight: 2, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: hostileString },
        );
      }
      if (def.format === 'email') {
        return known.hostile ? fc.oneof(fc.emailAddress(), hostileString) : fc.emailAddress();
      }
      return text;
    case 'number':
      return known.hostile ? hostileNumber : fc.integer({ min: 0, max: 10 });
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return known.hostile
        ? fc.oneof(fc.boolean(), fc.constantFrom('on', 'true', 1))
        : fc.boolean();
    case 'date':
      return fc.oneof(fc.date(), text);
    case 'enum':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...Object.values(def.entries ?? { a: 'a' })) },
        { weight: known.hostile ? 1 : 0, arbitrary: text },
      );
    case 'literal':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(def.values ?? [null])) },
        { weight: known.hostile ? 1 : 0, arbitrary: text },
      );
    case 'object': {
      const fields = Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([key, field]) => [key, inner(field)]),
      );
      // Keys may be missing, and extra keys (a prototype's name among them) may come along.
      return fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.record(fields),
          fc.dictionary(fc.constantFrom('extra', 'constructor', '__proto__', 'id'), anyJson, {
            maxKeys: 2,
          }),
          fc.integer({ min: 0, max: 3 }),
        )
        .map(([some, all, extra, pick]) =>
          !known.hostile ? all : pick === 0 ? { ...some, ...extra } : pick === 1 ? some : all,
        );
    }
    case 'array':
      return fc.array(inner(def.element), { minLength: known.hostile ? 0 : 1, maxLength: 4 });
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 8 }), inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => inner(option)));
    case 'intersection':
      return fc
        .tuple(inner(def.left), inner(def.right))
        .map(([a, b]) =>
          a && b && typeof a === 'object' && typeof b === 'object' ? { ...a, ...b } : a,
        );
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType), { nil: undefined, freq: known.hostile ? 4 : 2 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    default:
      return anyJson;
  }
}
