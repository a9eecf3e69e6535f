import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { errorCode, localizeError, serverText } from './errors.ts';

function clientError(data: Record<string, unknown>, message = 'boom') {
  return TRPCClientError.from({ error: { message, code: -32600, data } } as never);
}

describe('localizeError', () => {
  it('uses the server’s bilingual text when it is present', () => {
    const err = clientError({ code: 'NOT_FOUND', httpStatus: 404, i18n: { zh: '没有 2030 年度的评审周期。', en: 'There is no award cycle for 2030.' } });
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(serverText(err)).toEqual({ zh: '没有 2030 年度的评审周期。', en: 'There is no award cycle for 2030.' });
    expect(localizeError(err, 'zh-CN')).toBe('没有 2030 年度的评审周期。');
    expect(localizeError(err, 'en')).toBe('There is no award cycle for 2030.');
  });

  it('falls back to a message per tRPC code, in the UI language', () => {
    const err = clientError({ code: 'FORBIDDEN', httpStatus: 403 });
    expect(errorCode(err)).toBe('FORBIDDEN');
    expect(localizeError(err, 'zh-CN')).toBe('您没有执行此操作的权限。');
    expect(localizeError(err, 'en')).toBe('You are not allowed to do this.');
  });

  it('recognises a network failure', () => {
    const err = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(errorCode(err)).toBe('NETWORK');
    expect(localizeError(err, 'en')).toMatch(/Cannot reach the server/);
  });

  it('never throws on odd input', () => {
    expect(localizeError(undefined, 'zh-CN')).toBe('发生未知错误。');
    expect(localizeError('text', 'en')).toBe('An unknown error occurred.');
  });
});
