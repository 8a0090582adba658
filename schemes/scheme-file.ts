/**
 * Scheme files (`*.json`, format tag `pmu-tariff-scheme`, schemes/model.ts): reading with every problem in plain
 * words (JSON syntax with line and column, a file that is not a scheme, then schemes/validate.ts), and writing
 * in one stable form (keys in the model's order, 2-space indent, trailing newline) so that files diff cleanly
 * and a read-write round trip changes nothing. Pure: the caller reads and writes the bytes.
 */
import { SCHEME_FORMAT, SCHEME_FORMAT_VERSION, type TariffScheme, tariffSchemeSchema } from './model';
import { findJsonSyntaxError } from './json-syntax';
import type { SchemeProblem } from './problems';
import { type ValidateOptions, checkScheme } from './validate';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const fileProblem = (path: string, code: 'json-syntax' | 'not-a-scheme-file' | 'format-version', message: string): SchemeProblem => ({ path, severity: 'error', code, message });

const kindOf = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'string' ? 'a text' : `a ${typeof v}`);

/**
 * Read a scheme file's text.
 * @returns `scheme`: the parsed scheme when its shape is right (even if other problems remain, so it can be
 *   opened and fixed), null when the text is not JSON, not a scheme file, or has shape problems;
 *   `problems`: a `json-syntax` error ("The file is not valid JSON (line 3, column 5): …"), or a
 *   `not-a-scheme-file` / `format-version` error, or else everything validateScheme reports for `options`.
 *   Never throws.
 */
export function parseSchemeFile(text: string, options: ValidateOptions = {}): { scheme: TariffScheme | null; problems: SchemeProblem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    if (body.trim() === '') return { scheme: null, problems: [fileProblem('', 'json-syntax', 'The file is empty; a tariff scheme file holds one JSON object')] };
    const at = findJsonSyntaxError(body);
    const message = at ? `The file is not valid JSON (line ${at.line}, column ${at.column}): ${at.message}` : `The file is not valid JSON: ${(e as Error).message}`;
    return { scheme: null, problems: [fileProblem('', 'json-syntax', message)] };
  }
  if (!isRecord(json)) {
    return { scheme: null, problems: [fileProblem('', 'not-a-scheme-file', `This is not a PMU tariff scheme file: it holds ${kindOf(json)}, not a JSON object with "format": "${SCHEME_FORMAT}"`)] };
  }
  if (json.format !== SCHEME_FORMAT) {
    const why = json.format === undefined ? 'it has no "format" field' : `its "format" is ${JSON.stringify(json.format)}`;
    return { scheme: null, problems: [fileProblem('format', 'not-a-scheme-file', `This is not a PMU tariff scheme file: ${why}, a scheme file says "format": "${SCHEME_FORMAT}"`)] };
  }
  if (typeof json.formatVersion === 'number' && json.formatVersion > SCHEME_FORMAT_VERSION) {
    return {
      scheme: null,
      problems: [fileProblem('formatVersion', 'format-version', `This scheme file has format version ${json.formatVersion}; this app reads version ${SCHEME_FORMAT_VERSION}. Update PMU Workstation to open it`)],
    };
  }
  return checkScheme(json, options);
}

/**
 * A scheme as file text: keys in the model's order (tariffSchemeSchema), defaults filled, 2-space indent,
 * trailing newline. The same scheme always gives the same text, whatever the key order of the object.
 * @throws ZodError when `scheme` does not have the model's shape (pass a parsed or validated scheme).
 */
export function serializeScheme(scheme: TariffScheme): string {
  return `${JSON.stringify(tariffSchemeSchema.parse(scheme), null, 2)}\n`;
}
