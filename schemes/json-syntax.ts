/**
 * Where a JSON text breaks, in plain words with line and column: JSON.parse's own messages differ between
 * Node versions and some carry no position ("Unexpected token '}', ... is not valid JSON"), so this small
 * RFC 8259 scanner finds the first error itself. Used only after JSON.parse has refused a text.
 */

/** The first syntax error of a JSON text. `line` and `column` count from 1 (column in UTF-16 code units). */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** What is wrong, e.g. `expected "," or "}" after a value, found '"'`. */
  readonly message: string;
}

class Stop extends Error {
  constructor(readonly offset: number, readonly what: string) {
    super(what);
  }
}

const MAX_DEPTH = 2000;

/** Line and column (1-based) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * The first syntax error of `text` as JSON, or null when the scanner finds none (valid JSON, or nesting
 * deeper than 2000 levels, which it does not follow).
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const found = (): string => (i >= text.length ? 'the end of the file' : text[i] === '\n' || text[i] === '\r' ? 'the end of the line' : `'${text[i]}'`);
  const fail = (expected: string, hint = ''): never => {
    throw new Stop(i, `expected ${expected}, found ${found()}${hint}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'a text (string) is not closed with "');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'a line break or control character inside a text (string); close the text with " or write \\n');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs 4 hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          throw new Stop(i, `the escape \\${e ?? ''} is not allowed in JSON (use \\\\ for a backslash)`);
        }
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0].length === 0) fail('a number');
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Stop(-1, 'too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a field name in double quotes', text[i] === '}' ? ' (a comma before "}" is not allowed in JSON)' : '');
        string();
        ws();
        if (text[i] !== ':') fail('":" after the field name');
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('"," or "}" after a value');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('a value', ' (a comma before "]" is not allowed in JSON)');
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('"," or "]" after a list entry');
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail('a value (text in double quotes, a number, true, false, null, an object or a list)', c === "'" ? ' (JSON needs double quotes)' : '');
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail('the end of the file after the JSON value');
    return null;
  } catch (e) {
    if (!(e instanceof Stop) || e.offset < 0) {
      if (e instanceof Stop || e instanceof RangeError) return null; // nesting too deep to follow
      throw e;
    }
    return { offset: e.offset, ...lineColumn(text, e.offset), message: e.what };
  }
}
