import { describe, expect, it } from 'vitest';
import { cleanFileName } from './materials.js';

const pdf = { ext: 'pdf' } as Parameters<typeof cleanFileName>[1];

describe('cleanFileName', () => {
  it('keeps only the last path segment', () => {
    expect(cleanFileName('../../etc/passwd', pdf)).toBe('passwd');
    expect(cleanFileName('C:\\材料\\自评报告.pdf', pdf)).toBe('自评报告.pdf');
  });

  it('drops control characters and characters a file system or header refuses', () => {
    expect(cleanFileName('re\u0000po\u001frt\u007f<1>|*?:".pdf', pdf)).toBe('report1.pdf');
    expect(cleanFileName('a\r\nContent-Type: x.pdf', pdf)).toBe('aContent-Type x.pdf');
  });

  it('keeps Chinese text and characters outside the basic plane', () => {
    expect(cleanFileName('质量报告 𠀀 2025.pdf', pdf)).toBe('质量报告 𠀀 2025.pdf');
  });

  it('falls back to a generic name and caps the length at 200', () => {
    expect(cleanFileName(undefined, pdf)).toBe('material.pdf');
    expect(cleanFileName('\u0001\u0002', pdf)).toBe('material.pdf');
    expect(cleanFileName('x'.repeat(300), pdf)).toHaveLength(200);
  });
});
