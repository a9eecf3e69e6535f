/**
 * A small RFC 4180 CSV tokenizer: quoted fields, doubled quotes inside quotes, CR/LF/CRLF
 * record ends, newlines inside quoted fields. Records are numbered as a spreadsheet program
 * shows them (record n = row n), so problem rows match what the user sees when opening the file.
 * Used instead of exceljs's CSV reader on the import path because that one builds a full
 * worksheet model first (about 5x slower on 100,000 rows) and guesses types (dates, numbers).
 */

/** Comma, or tab / semicolon when the first line has those and no comma. */
export function detectDelimiter(text: string): string {
  const nl = text.search(/[\r\n]/);
  const first = nl < 0 ? text : text.slice(0, nl);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

/** Calls `onRecord(fields, rowNumber)` for every record, 1-based. */
export function parseCsv(text: string, onRecord: (fields: string[], row: number) => void, delimiter = detectDelimiter(text)): void {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = 0;
  let row = 0;
  while (i < n) {
    row++;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted field.
        let out = '';
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) {
            out += text.slice(start);
            i = n;
            break;
          }
          out += text.slice(start, q);
          if (text.charCodeAt(q + 1) === 34) {
            out += '"';
            start = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept (lenient, like Excel).
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j++;
        }
        value = out + text.slice(i, j);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      // Record end: CRLF, LF or CR.
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i++;
      break;
    }
    onRecord(fields, row);
  }
}
