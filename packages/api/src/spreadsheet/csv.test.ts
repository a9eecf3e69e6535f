import { describe, expect, test } from 'vitest';
import { detectDelimiter, parseCsv } from './csv.ts';
import { APPLICATIONS_TABLE, headerLookup, normaliseHeader, SCORES_TABLE } from './columns.ts';

function all(text: string): [number, string[]][] {
  const out: [number, string[]][] = [];
  parseCsv(text, (f, r) => out.push([r, f]));
  return out;
}

describe('parseCsv', () => {
  test('quotes, doubled quotes, embedded delimiters and newlines, CRLF / LF / CR, empty fields', () => {
    expect(all('a,b,c\r\n1,"x, y","say ""hi"""\n2,"line1\nline2",\r3,,')).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [3, ['2', 'line1\nline2', '']],
      [4, ['3', '', '']],
    ]);
  });

  test('blank lines keep their row numbers; an unterminated quote runs to the end', () => {
    expect(all('h\n\nv\n"open')).toEqual([
      [1, ['h']],
      [2, ['']],
      [3, ['v']],
      [4, ['open']],
    ]);
  });

  test('delimiter detection', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('a,b;c')).toBe(',');
    expect(all('a\tb\n1\t2')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
  });
});

describe('header lookup', () => {
  test('every primary header (zh, en, key) maps to its own column in both files', () => {
    for (const spec of [SCORES_TABLE, APPLICATIONS_TABLE]) {
      const map = headerLookup(spec);
      for (const c of spec.columns) {
        for (const h of [c.zh, c.en, c.key, `${c.zh} ${c.en}`]) expect([h, map.get(normaliseHeader(h))]).toEqual([h, c.key]);
      }
    }
  });

  test('normalisation ignores case, spaces, * markers and a trailing note in parentheses', () => {
    expect(normaliseHeader(' 得分百分比（0–100）* ')).toBe('得分百分比');
    expect(normaliseHeader('Application  Code')).toBe('applicationcode');
  });
});
