/** Limits of the spreadsheet importers. Checked before any parsing. */

/** Largest accepted upload (bytes): 20 MiB. A 100,000-row score sheet is about 4 MB as .xlsx. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * Largest accepted uncompressed part (any file) inside an .xlsx: 128 MiB. exceljs writes about
 * 260 bytes of worksheet XML a score row, so the row limit below fits with room for Excel's more
 * verbose output.
 */
export const MAX_XLSX_PART_BYTES = 128 * 1024 * 1024;

/** Largest accepted sum of the uncompressed parts of an .xlsx (guards against zip bombs). */
export const MAX_XLSX_TOTAL_BYTES = 160 * 1024 * 1024;

/**
 * Highest accepted compression ratio (uncompressed / compressed) of a part larger than
 * {@link XLSX_RATIO_FLOOR_BYTES}. Real worksheets compress 5–15 times; DEFLATE reaches 1,032.
 */
export const MAX_XLSX_RATIO = 100;

/** Parts up to this uncompressed size are not held to the ratio (tiny parts compress oddly). */
export const XLSX_RATIO_FLOOR_BYTES = 1024 * 1024;

/** Most parts (files) accepted inside one .xlsx. */
export const MAX_XLSX_PARTS = 2000;

/** Most data rows accepted in one file. */
export const MAX_IMPORT_ROWS = 250_000;

/** Rows per multi-row INSERT statement (7 parameters a row stays far below every dialect's limit). */
export const INSERT_CHUNK_ROWS = 500;

/** Rows of each kind (added / changed / unchanged) shown in a preview. */
export const PREVIEW_SAMPLE_ROWS = 20;

/** Rows (1-based) reserved for data validation in the templates. */
export const TEMPLATE_VALIDATION_ROWS = 5000;
