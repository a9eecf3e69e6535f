/** Limits of the spreadsheet importers. Checked before any parsing. */

/** Largest accepted upload (bytes): 20 MiB. A 100,000-row score sheet is about 4 MB as .xlsx. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Largest accepted uncompressed worksheet XML inside an .xlsx (guards against zip bombs). */
export const MAX_SHEET_XML_BYTES = 400 * 1024 * 1024;

/** Most data rows accepted in one file. */
export const MAX_IMPORT_ROWS = 250_000;

/** Rows per multi-row INSERT statement (7 parameters a row stays far below every dialect's limit). */
export const INSERT_CHUNK_ROWS = 500;

/** Rows of each kind (added / changed / unchanged) shown in a preview. */
export const PREVIEW_SAMPLE_ROWS = 20;

/** Rows (1-based) reserved for data validation in the templates. */
export const TEMPLATE_VALIDATION_ROWS = 5000;
