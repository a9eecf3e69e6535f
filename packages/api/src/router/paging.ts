/**
 * Keyset paging shared by the lists that grow with the cycle: a page is the `limit` rows after a
 * cursor, and the cursor is the last row's sort key and id (with the order it belongs to), so a
 * page costs the same at row 10 as at row 10,000 and a row added meanwhile never shifts a page.
 */
import { z } from 'zod';
import { apiError } from '../errors.ts';

/** Rows per page unless asked: what a table shows without scrolling far. */
export const DEFAULT_PAGE_SIZE = 50;
/** Most rows per page: a page of the largest rows stays far below the payload budget (~500 KB gzipped). */
export const MAX_PAGE_SIZE = 200;

export const limitInput = z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE);
/** An opaque cursor from a previous page's `nextCursor`. */
export const cursorInput = z.string().min(1).max(1024).nullish();
/** A search text: part of a code or a name. */
export const searchInput = z.string().trim().max(100).optional();

export interface Cursor {
  /** The order the cursor belongs to (a cursor of another order is refused). */
  order: string;
  key: string | number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.order, c.key, c.id]), 'utf8').toString('base64url');
}

const cursorShape = z.tuple([z.string(), z.union([z.string(), z.number()]), z.number().int().min(0).max(2_147_483_647)]);

/** BAD_REQUEST: a cursor that is not one of ours or belongs to another order. */
export const badCursor = () =>
  apiError('BAD_REQUEST', {
    zh: '分页游标无效或不属于当前排序，请从第一页重新开始。',
    en: 'The page cursor is invalid or belongs to another order; start again from the first page.',
  });

/** The cursor's sort key and id; BAD_REQUEST when it is not one of ours or belongs to another order. */
export function decodeCursor(cursor: string, order: string): { key: string | number; id: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const r = cursorShape.safeParse(parsed);
  if (!r.success || r.data[0] !== order) throw badCursor();
  return { key: r.data[1], id: r.data[2] };
}
