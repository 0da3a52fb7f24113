/** One CSV record: the line it starts on (1-based) and its fields. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Where a quote sits inside an unquoted field (`ab"c`), which RFC 4180 does not allow: it usually means a lost closing quote. */
export interface StrayQuote {
  readonly line: number;
  /** 1-based character column. */
  readonly column: number;
}

/**
 * Splits CSV text into records as core's `parseCsv` does (blank records dropped), remembering the line
 * each starts on, so an issue about entry N can name the file's line; and finds the first stray quote.
 */
export function csvRecordLines(text: string): CsvRecord[] & { strayQuote?: StrayQuote } {
  const records: CsvRecord[] & { strayQuote?: StrayQuote } = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') {
          line += 1;
          lineStart = i + 1;
        }
        field += char;
      }
    } else if (char === '"') {
      if (field !== '' && records.strayQuote === undefined) records.strayQuote = { line, column: i - lineStart + 1 };
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      fields.push(field);
      if (fields.some((cell) => cell.trim() !== '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      lineStart = i + 1;
      recordLine = line;
    } else field += char;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    if (fields.some((cell) => cell.trim() !== '')) records.push({ line: recordLine, fields });
  }
  return records;
}
