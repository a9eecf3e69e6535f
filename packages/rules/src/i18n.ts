/** A user-facing text in Simplified Chinese (default UI language) and English. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * Base class of every error thrown by @mqa/rules. `message` is the English text;
 * `text` carries both languages so the UI can show the zh-CN one, and `code` is a
 * stable machine-readable identifier.
 */
export class RulesError extends Error {
  readonly code: string;
  readonly text: LocalizedText;

  constructor(code: string, text: LocalizedText) {
    super(text.en);
    this.name = 'RulesError';
    this.code = code;
    this.text = text;
  }
}

/** Thrown when an argument is malformed (bad ISO date, non-integer count, unknown enum value...). */
export class RulesInputError extends RulesError {
  constructor(code: string, text: LocalizedText) {
    super(code, text);
    this.name = 'RulesInputError';
  }
}
