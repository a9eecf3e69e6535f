/**
 * Property-based fuzzing of the whole API: every tRPC procedure, called as every role and
 * anonymously, with generated inputs — arbitrary JSON values and values shaped like the
 * procedure's zod schema (its keys, plausible years, ids, dates, markup and odd strings). No call
 * may end in INTERNAL_SERVER_ERROR or throw anything but a TRPCError, and afterwards the database
 * passes its integrity check and the audit chain still verifies.
 */
import { isPostgres, verifyAuditChain, type Role } from '@mqa/db';
import { ROLE_IDS } from '@mqa/rules';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import { createFixture, type Fixture } from './test/helpers.ts';

/**
 * Runs per procedure and role: small and fixed, so the whole sweep stays well under a minute
 * (`MQA_FUZZ_RUNS` and `MQA_FUZZ_SEED` widen a search by hand).
 */
const RUNS = Number(process.env.MQA_FUZZ_RUNS) || 6;
const SEED = Number(process.env.MQA_FUZZ_SEED) || 19580;

interface ZodLike {
  _zod?: { def: Record<string, unknown> & { type: string } };
}

const years = fc.constantFrom(2019, 2023, 2024, 2025, 2026, 2001, 0, -1, 1900, 9999, 2.5);
const ids = fc.oneof(fc.constantFrom(1, 2, 3, 0, -1, 999999, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5), fc.integer({ min: 1, max: 300 }));
const dates = fc.constantFrom('2025-01-10', '2019-03-01', '2025-02-30', '0000-00-00', '2025-1-1', '9999-12-31', '', 'not a date');
const strings = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '测试',
    'Demo',
    '<img src=x onerror=alert(1)>',
    "'; drop table users; --",
    '\u0000',
    'x'.repeat(5000),
    '%s%n',
    '__proto__',
    'constructor',
  ),
);
const numbers = fc.oneof(ids, years, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(50, 100, 101, 1e308, -0));
const json = fc.jsonValue({ maxDepth: 2 });

/** Values a form would send: an open or a finished cycle, ids that exist, valid dates, plain text. */
const likely = {
  years: fc.constantFrom(2019, 2024, 2025),
  ids: fc.integer({ min: 1, max: 60 }),
  dates: fc.constantFrom('2025-01-10', '2025-04-10', '2019-03-01', '2024-12-31'),
  strings: fc.constantFrom('测试理由说明', 'Probe text', '示例 Demo', '4.1.2'),
  numbers: fc.integer({ min: 0, max: 100 }),
};

/** A value for a field, chosen from its name when the name says what it holds. */
function byName(key: string, plausible: boolean): fc.Arbitrary<unknown> | null {
  const k = key.toLowerCase();
  if (k === 'year' || k.endsWith('year')) return plausible ? likely.years : years;
  if (k === 'id' || k.endsWith('id')) return plausible ? likely.ids : ids;
  if (k.endsWith('ids')) return fc.array(plausible ? likely.ids : ids, { maxLength: 3 });
  if (k.endsWith('on') || k.endsWith('date') || k.endsWith('since') || k.endsWith('ends') || k.endsWith('starts')) return plausible ? likely.dates : dates;
  return null;
}

/**
 * An arbitrary shaped like a zod schema (zod 4 internals): `plausible`, values a form would send;
 * otherwise wrong about a field now and then, with edge values.
 */
function shaped(schema: unknown, plausible: boolean, depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as ZodLike)?._zod?.def;
  if (!def || depth > 4) return plausible ? fc.constant(undefined) : json;
  const inner = (s: unknown) => shaped(s, plausible, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, s] of Object.entries(shape)) {
        const hint = byName(key, plausible);
        fields[key] = plausible ? (hint ?? inner(s)) : fc.oneof({ arbitrary: inner(s), weight: 4 }, { arbitrary: hint ?? json, weight: 1 });
      }
      return fc.record(fields, plausible ? {} : { requiredKeys: [] });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(
        { arbitrary: inner(def.innerType), weight: 4 },
        { arbitrary: plausible ? fc.constant(undefined) : fc.constantFrom(undefined, null), weight: 1 },
      );
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'string':
      return plausible ? likely.strings : fc.oneof(strings, dates);
    case 'number':
    case 'int':
    case 'bigint':
      return plausible ? likely.numbers : numbers;
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return plausible
        ? fc.constantFrom(...Object.values(def.entries as Record<string, unknown>))
        : fc.oneof({ arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)), weight: 4 }, { arbitrary: strings, weight: 1 });
    case 'array':
      return fc.array(inner(def.element), { maxLength: plausible ? 2 : 4 });
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'intersection':
      return fc.oneof(inner(def.left), inner(def.right));
    case 'record':
      return fc.dictionary(
        plausible
          ? fc.constantFrom('1.1.1', '4.1.2', '7.6', 'customer_satisfaction')
          : fc.oneof(strings, fc.constantFrom('1.1.1', '4.1.2', '7.6', 'customer_satisfaction')),
        inner(def.valueType),
        { maxKeys: 3 },
      );
    default:
      return plausible ? fc.constant(undefined) : json;
  }
}

interface ProcedureLike {
  _def: { type: string; inputs?: unknown[] };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>);

/** Every generated input of one procedure: arbitrary JSON, nothing at all, or schema-shaped (wild or plausible). */
function inputsOf(proc: ProcedureLike): fc.Arbitrary<unknown> {
  const schema = proc._def.inputs?.[0];
  return fc.oneof(
    { arbitrary: json, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: shaped(schema, false), weight: 3 },
    { arbitrary: shaped(schema, true), weight: 3 },
  );
}

let f: Fixture;

beforeAll(async () => {
  f = await createFixture();
}, 120_000);

/** Procedures that answered at least one generated input, per role: the sweep reaches past the input checks. */
const answered = new Map<string, Set<string>>();

async function callOnce(role: Role | null, path: string, input: unknown): Promise<string | null> {
  const caller = f.as(role) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split('.') as [string, string];
  try {
    await caller[ns]![name]!(input);
    const who = role ?? 'anonymous';
    answered.set(who, (answered.get(who) ?? new Set()).add(path));
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) return `${path} as ${role ?? 'anonymous'}: threw a non-tRPC ${String(error)}`;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const cause = error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause);
      return `${path} as ${role ?? 'anonymous'} with ${JSON.stringify(input)?.slice(0, 300)}: INTERNAL_SERVER_ERROR ${error.message} ${cause}`;
    }
    return null;
  }
}

describe('fuzzing every procedure as every role', () => {
  for (const role of [...ROLE_IDS, null] as const) {
    it(`never answers INTERNAL_SERVER_ERROR to ${role ?? 'anonymous'} callers`, async () => {
      const problems: string[] = [];
      for (const [path, proc] of procedures) {
        await fc.assert(
          fc.asyncProperty(inputsOf(proc), async (input) => {
            const problem = await callOnce(role, path, input);
            if (problem) problems.push(problem);
            return true;
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
      }
      expect(problems).toEqual([]);
      // Not every input is refused: queries and mutations of the role ran for real.
      const reached = answered.get(role ?? 'anonymous')?.size ?? 0;
      expect(reached).toBeGreaterThanOrEqual({ secretariat: 20, committee: 10, leadership: 10, examiner: 4, anonymous: 2 }[role ?? 'anonymous']);
    }, 120_000);
  }

  it('leaves the database intact and the audit chain verifiable', async () => {
    if (!isPostgres(f.db)) {
      const rows = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(f.db);
      expect(rows.rows.map((r) => r.integrity_check)).toEqual(['ok']);
    }
    const chain = await verifyAuditChain(f.db);
    expect(chain.firstBroken).toBeNull();
    expect(chain.intact).toBe(true);
  });
});
