/** Cell value coercion shared by the importers. */
import type { Cell } from './read.ts';

export function cellString(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const t = v.trim();
  return t === '' ? null : t;
}

/** A whole number from a number cell or a numeric text ("85", "85%", " 85 "); NaN otherwise. */
export function cellNumber(v: Cell | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v
      .trim()
      .replace(/[%％]$/u, '')
      .trim();
    if (t === '' || !/^[+-]?\d+(\.\d+)?$/.test(t)) return Number.NaN;
    return Number(t);
  }
  return Number.NaN;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD` of a Date cell (exceljs gives dates as UTC midnight). */
export function isoDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A calendar date from a Date cell or text `YYYY-MM-DD` / `YYYY/M/D` / `YYYY.M.D` / `YYYY年M月D日`; null if invalid. */
export function cellDate(v: Cell | undefined): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : isoDate(v);
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(v.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return isoDate(date);
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', 'x']);
const NO = new Set(['否', '无', '沒有', '没有', 'n', 'no', 'false', '0', '×']);

/** true / false from 是/否, yes/no, 1/0, TRUE/FALSE; undefined for blank; 'invalid' otherwise. */
export function cellBool(v: Cell | undefined): boolean | undefined | 'invalid' {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : 'invalid';
  if (v instanceof Date) return 'invalid';
  const t = v.trim().toLowerCase();
  if (t === '') return undefined;
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return 'invalid';
}

/** Short rendering of a cell value inside a message. */
export function showCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '(空 / blank)';
  const s = v instanceof Date ? isoDate(v) : String(v);
  return `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`;
}
