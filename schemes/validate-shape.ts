/**
 * Shape problems: the zod model's issues (schemes/model.ts tariffSchemeSchema) turned into plain messages with
 * JSON paths, naming the object by its name where the input has one ("Day profile 'Weekday', switch time 4:
 * "time" is "25:00": write the time as hh:mm, 00:00 to 23:59"), and warnings for fields the model does not know
 * (zod drops them silently, so a misspelt optional field would otherwise vanish without a word).
 */
import { z } from 'zod';
import { specialDaySchema, tariffSchemeSchema } from './model';
import { type ProblemCode, type SchemeProblem, PROBLEM_CODES, jsonPath } from './problems';

type Path = readonly PropertyKey[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` inside `input`, or undefined. */
function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k];
    else if (isRecord(v) && typeof k === 'string') v = v[k];
    else return undefined;
  }
  return v;
}

const SECTIONS: Readonly<Record<string, string>> = {
  rates: 'Rate',
  dayProfiles: 'Day profile',
  weekProfiles: 'Week profile',
  seasons: 'Season',
  specialDays: 'Special day',
  pulseOutputs: 'Pulse output',
};
const OBJECTS: Readonly<Record<string, string>> = { dst: 'The DST rule', maximumDemand: 'Maximum demand', loadProfile: 'Load profile' };

/** How a message names the object at `path`: "Day profile 'Weekday', switch time 4", "Rate 2", "The scheme". */
export function labelAt(input: unknown, path: Path): string {
  const [section, index, sub, subIndex] = path;
  if (typeof section === 'string' && SECTIONS[section] && typeof index === 'number') {
    const item = valueAt(input, [section, index]);
    const name = isRecord(item) && typeof item.name === 'string' && item.name.length > 0 ? item.name : null;
    let label = section === 'pulseOutputs' || name === null ? `${SECTIONS[section]} ${index + 1}` : `${SECTIONS[section]} '${name}'`;
    if (sub === 'switches' && typeof subIndex === 'number') label += `, switch time ${subIndex + 1}`;
    return label;
  }
  if (typeof section === 'string' && OBJECTS[section] && path.length > 1) return OBJECTS[section];
  return 'The scheme';
}

/**
 * The field a message talks about: the path below the object {@link labelAt} names, e.g. `"time"`,
 * `"start.week"`, `"channels" entry 2`.
 */
function fieldOf(path: Path): string {
  const [section, index, sub, subIndex] = path;
  let skip = 0;
  if (typeof section === 'string' && SECTIONS[section] && typeof index === 'number') skip = sub === 'switches' && typeof subIndex === 'number' ? 4 : 2;
  else if (typeof section === 'string' && OBJECTS[section] && path.length > 1) skip = 1;
  const rest = path.slice(skip).map(String);
  const last = path[path.length - 1];
  if (typeof last === 'number' && rest.length > 1) return `"${rest.slice(0, -1).join('.')}" entry ${last + 1}`;
  return rest.length > 0 ? `"${rest.join('.')}"` : 'it';
}

/** A value as a message shows it: `"25:00"`, `40`, `a list`, `nothing`. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list',
};
const isDefaultMessage = (m: string) => /^(Invalid|Too (big|small)|Unrecognized|Expected)/.test(m);
const KNOWN_FORMATS: Readonly<Record<string, string>> = { colour: 'write the colour as #rrggbb, e.g. #e07b39' };

function bound(issue: { origin?: string; minimum?: unknown; maximum?: unknown }, small: boolean): string {
  const n = Number(small ? issue.minimum : issue.maximum);
  const word = small ? 'at least' : 'at most';
  if (issue.origin === 'string') return small && n === 1 ? 'it must not be empty' : `use ${word} ${n} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return small && n === 1 ? 'give at least one entry' : `give ${word} ${n} entries`;
  return `it must be ${word} ${n}`;
}

/** Allowed literal values of a union of literals, from the union issue's branches; null when not such a union. */
function unionLiterals(issue: z.core.$ZodIssueInvalidUnion): unknown[] | null {
  if (issue.errors.length === 0) return null;
  const values: unknown[] = [];
  for (const branch of issue.errors) {
    const only = branch.length === 1 ? branch[0] : undefined;
    if (!only || only.code !== 'invalid_value' || only.path.length !== 0) return null;
    values.push(...only.values);
  }
  return values;
}

const KIND_VALUES = specialDaySchema.options.map((o) => o.shape.kind.value);

/** One zod issue as a problem. */
function issueProblem(input: unknown, issue: z.core.$ZodIssue): SchemeProblem {
  const path = issue.path;
  const value = valueAt(input, path);
  const at = path.length === 0 ? 'The file' : `${labelAt(input, path)}: ${fieldOf(path)}`;
  const make = (code: ProblemCode, message: string): SchemeProblem => ({ path: jsonPath(...path.map((k) => (typeof k === 'symbol' ? String(k) : k))), severity: PROBLEM_CODES[code][0], code, message });
  const custom = isDefaultMessage(issue.message) ? null : issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return make('shape-missing', `${labelAt(input, path)}: ${fieldOf(path)} is missing`);
      if (path.length === 0) return make('shape-type', `The file should hold one JSON object (the tariff scheme), not ${show(value)}`);
      return make('shape-type', `${at} is ${show(value)}; it should be ${TYPE_WORDS[issue.expected] ?? issue.expected}`);
    case 'too_small':
    case 'too_big': {
      const what = issue.origin === 'array' ? `has ${Array.isArray(value) ? value.length : 0} entries` : issue.origin === 'string' ? `is ${show(value)}` : `is ${show(value)}`;
      return make('shape-range', `${at} ${what}; ${custom ?? bound(issue, issue.code === 'too_small')}`);
    }
    case 'invalid_format': {
      const hint = custom ?? KNOWN_FORMATS[String(path[path.length - 1])] ?? 'it is not in the expected format';
      return make('shape-format', `${at} is ${show(value)}; ${hint}`);
    }
    case 'invalid_value':
      return make('shape-value', `${at} is ${show(value)}; use ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(show).join(', ')}`}`);
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        return make('shape-value', `${at} is ${show(value)}; use ${KIND_VALUES.map(show).join(' or ')}`);
      }
      const literals = unionLiterals(issue);
      if (literals) return make('shape-value', `${at} is ${show(value)}; use one of ${literals.map(show).join(', ')}`);
      return make('shape-other', `${at} is ${show(value)}; ${custom ?? 'it does not match any allowed form'}`);
    }
    default:
      return make('shape-other', `${at}: ${custom ?? issue.message}`);
  }
}

// ---- Unknown fields -------------------------------------------------------------------------------------

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

/** The object option of a union whose literal fields (e.g. `kind`) match `value`, if any. */
function matchingOption(options: readonly z.ZodType[], value: Record<string, unknown>): z.ZodType | undefined {
  return options.find((o) => {
    const u = unwrap(o);
    if (!(u instanceof z.ZodObject)) return false;
    return Object.entries(u.shape as Record<string, z.ZodType>).every(([k, f]) => !(f instanceof z.ZodLiteral) || f.values.has(value[k] as never));
  });
}

function unknownFields(schema: z.ZodType, value: unknown, path: (string | number)[], input: unknown, out: SchemeProblem[]): void {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject && isRecord(value)) {
    const shape = s.shape as Record<string, z.ZodType>;
    for (const [key, v] of Object.entries(value)) {
      const field = shape[key];
      if (field) {
        unknownFields(field, v, [...path, key], input, out);
        continue;
      }
      const near = Object.keys(shape).find((k) => k.toLowerCase() === key.toLowerCase());
      const where = path.length === 0 ? 'The scheme' : labelAt(input, [...path, key]);
      out.push({
        path: jsonPath(...path, key),
        severity: PROBLEM_CODES['unknown-field'][0],
        code: 'unknown-field',
        message: `${where}: "${key}" is not a field of the scheme format and is ignored${near ? `; did you mean "${near}"?` : ''}`,
      });
    }
  } else if (s instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(s.element as z.ZodType, v, [...path, i], input, out));
  } else if (s instanceof z.ZodUnion && isRecord(value)) {
    const option = matchingOption(s.options as readonly z.ZodType[], value);
    if (option) unknownFields(option, value, path, input, out);
  }
}

/**
 * Check the shape of `input` against the scheme model.
 * @returns the parsed scheme (defaults filled) when the shape is right, else null; and the problems: every
 *   zod issue as an error, plus an `unknown-field` warning for each field the model does not know.
 */
export function checkShape(input: unknown): { scheme: z.infer<typeof tariffSchemeSchema> | null; problems: SchemeProblem[] } {
  const problems: SchemeProblem[] = [];
  const parsed = tariffSchemeSchema.safeParse(input);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(issueProblem(input, issue));
  unknownFields(tariffSchemeSchema, input, [], input, problems);
  return { scheme: parsed.success ? parsed.data : null, problems };
}
