import { getTRPCErrorShape, TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import { createFixture, type Fixture } from './test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

function shapeOf(error: unknown) {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error: error as TRPCError,
    type: 'query',
    path: 'test',
    input: undefined,
    ctx: undefined,
  }) as { message: string; data: { code: string; httpStatus: number; i18n: { zh: string; en: string }; zodError: unknown; details: unknown } };
}

describe('error formatter', () => {
  it('flattens zod errors for forms and gives a readable bilingual summary', async () => {
    const error = await f
      .as('secretariat')
      .weights.create({ nameZh: '', nameEn: 'x', points: { '4.1.2': 'a' as never } })
      .catch((e: unknown) => e);
    const shape = shapeOf(error);
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.httpStatus).toBe(400);
    const zod = shape.data.zodError as { fieldErrors: Record<string, string[]> };
    expect(Object.keys(zod.fieldErrors).sort()).toEqual(['nameZh', 'points']);
    expect(shape.message).toMatch(/^Invalid input: /);
    expect(shape.data.i18n.zh).toMatch(/^输入无效/);
  });

  it('surfaces the bilingual text and details of API errors', async () => {
    const error = await f
      .as('committee')
      .cycles.get({ year: 2031 })
      .catch((e: unknown) => e);
    const shape = shapeOf(error);
    expect(shape.data.code).toBe('NOT_FOUND');
    expect(shape.data.i18n).toEqual({ zh: '没有 2031 年度的评审周期。', en: 'There is no award cycle for 2031.' });
    expect(shape.message).toBe('There is no award cycle for 2031.');
    expect(shape.data.details).toEqual({ year: 2031 });
    expect(shape.data.zodError).toBeNull();
  });

  it('gives role errors in both languages', async () => {
    const shape = shapeOf(
      await f
        .as('examiner')
        .cycles.list()
        .catch((e: unknown) => e),
    );
    expect(shape.data.code).toBe('FORBIDDEN');
    expect(shape.data.i18n.zh).toMatch(/评审员/);
    const anon = shapeOf(
      await f
        .as(null)
        .cycles.list()
        .catch((e: unknown) => e),
    );
    expect(anon.data.i18n).toEqual({ zh: '请先登录。', en: 'Please sign in first.' });
  });

  it('hides the details of unexpected errors behind a bilingual internal-error message', () => {
    const shape = shapeOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'SQLITE_CORRUPT at /some/path', cause: new Error('boom') }));
    expect(shape.message).not.toMatch(/SQLITE/);
    expect(shape.data.i18n.zh).toMatch(/服务器内部错误/);
  });
});
