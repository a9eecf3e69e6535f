import type { LocalizedText } from './criteria.ts';

/**
 * Error thrown for input the scoring core cannot accept (a percentage that is not 0–100 in
 * steps of 5, a malformed matrix, …). It is a RangeError, carries a stable `code`, and a
 * `messages` pair in Simplified Chinese and English for the UI. `message` holds both.
 */
export class ScoringError extends RangeError {
  readonly code: string;
  readonly messages: LocalizedText;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, messages: LocalizedText, details?: Record<string, unknown>) {
    super(`${messages.en} (${messages.zh})`);
    this.name = 'ScoringError';
    this.code = code;
    this.messages = messages;
    this.details = details;
  }
}

/** Short, safe rendering of a user value inside an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Object.prototype.toString.call(value);
}
