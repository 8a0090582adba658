/**
 * Bound inputs of the scheme editor: each edits the draft value at a JSON path (`['rates', 0, 'name']`),
 * carries `data-path` (so a problem can focus it), and is marked invalid with the problem's message when
 * validation reports a problem at exactly that path. Numbers keep the typed text while it is not a number yet
 * (the draft then holds NaN, which validation reports).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SchemeProblem } from '../../../schemes/problems';
import { type EditPath, getIn } from '../../lib/scheme-edit';
import { pathKey } from '../../lib/scheme-paths';
import { fieldProblems, useSchemeEditor } from '../../state/scheme-editor';
import { Field } from '../Field';

/** The problems of exactly the field at `path` (stable between renders while the problems do not change). */
export function useFieldProblems(path: EditPath): SchemeProblem[] {
  const problems = useSchemeEditor((s) => s.problems);
  const key = pathKey(path);
  return useMemo(() => fieldProblems(problems, key), [problems, key]);
}

/** The draft's value at `path`. */
export function useDraftValue<T>(path: EditPath): T {
  return useSchemeEditor((s) => getIn(s.draft, path)) as T;
}

/** The first problem's message, errors before warnings. */
function firstMessage(problems: readonly SchemeProblem[]): string | null {
  const p = problems.find((x) => x.severity === 'error') ?? problems[0];
  return p ? p.message : null;
}

interface BoundProps {
  readonly path: EditPath;
  /** Visible label; with `hideLabel` it only names the control for assistive technology. */
  readonly label: string;
  readonly hideLabel?: boolean;
  readonly className?: string;
  /** A note under the control while it has no problem (e.g. the characters left). */
  readonly hint?: string | null;
}

/** Control props shared by every bound input: id/description from Field, data-path, the aria name when the label is hidden. */
function Bound({ path, label, hideLabel, className, hint, children }: BoundProps & { children: (p: Record<string, unknown>) => ReactNode }) {
  const problems = useFieldProblems(path);
  const message = firstMessage(problems);
  const key = pathKey(path);
  if (hideLabel) {
    return (
      <span className={`cell-field${className ? ` ${className}` : ''}`}>
        {children({ 'aria-label': label, 'data-path': key, 'aria-invalid': message ? true : undefined, title: message ?? undefined })}
        {message && <span className="field-error cell-error">{message}</span>}
      </span>
    );
  }
  return (
    <Field label={label} error={message} hint={hint} className={className}>
      {(c) => children({ ...c, 'data-path': key })}
    </Field>
  );
}

/** A text input bound to a string at `path`. */
export function TextInput(props: BoundProps & { maxLength?: number; placeholder?: string; mono?: boolean; list?: string }) {
  const value = useDraftValue<string | undefined>(props.path) ?? '';
  const set = useSchemeEditor((s) => s.set);
  return (
    <Bound {...props}>
      {(c) => (
        <input
          {...c}
          type="text"
          className={props.mono ? 'mono' : undefined}
          value={value}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          list={props.list}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set(props.path, e.target.value)}
        />
      )}
    </Bound>
  );
}

/** A multi-line text bound to a string at `path`. */
export function TextArea(props: BoundProps & { rows?: number }) {
  const value = useDraftValue<string | undefined>(props.path) ?? '';
  const set = useSchemeEditor((s) => s.set);
  return <Bound {...props}>{(c) => <textarea {...c} rows={props.rows ?? 3} value={value} onChange={(e) => set(props.path, e.target.value)} />}</Bound>;
}

/** A number input bound to a number at `path` (NaN while the text is not a number). */
export function NumberInput(props: BoundProps & { min?: number; max?: number; step?: number; width?: 'narrow' }) {
  const value = useDraftValue<number | undefined>(props.path);
  const set = useSchemeEditor((s) => s.set);
  const shown = value === undefined || Number.isNaN(value) ? null : String(value);
  const [text, setText] = useState(shown ?? '');
  useEffect(() => {
    if (shown !== null && Number(text) !== Number(shown)) setText(shown);
    // Only follow outside changes of the value (revert, load), not every keystroke: `text` is not a dependency.
  }, [shown]);
  return (
    <Bound {...props}>
      {(c) => (
        <input
          {...c}
          type="number"
          inputMode="decimal"
          className={props.width === 'narrow' ? 'narrow' : undefined}
          value={text}
          min={props.min}
          max={props.max}
          step={props.step ?? 1}
          onChange={(e) => {
            setText(e.target.value);
            set(props.path, e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
          }}
        />
      )}
    </Bound>
  );
}

/**
 * A time-of-day input bound to a string at `path`: typed as `hh:mm` on the 24-hour clock, as meters and tariff
 * sheets write it (a browser time picker would show 12-hour AM/PM in some locales). Validation checks the form.
 */
export function TimeInput(props: BoundProps) {
  const value = useDraftValue<string | undefined>(props.path) ?? '';
  const set = useSchemeEditor((s) => s.set);
  return (
    <Bound {...props}>
      {(c) => (
        <input
          {...c}
          type="text"
          className="mono time-text"
          inputMode="numeric"
          placeholder="hh:mm"
          maxLength={5}
          autoComplete="off"
          value={value}
          onChange={(e) => set(props.path, e.target.value.trim())}
        />
      )}
    </Bound>
  );
}

/** A calendar-date input (`YYYY-MM-DD`) bound to a string at `path`. */
export function DateInput(props: BoundProps) {
  const value = useDraftValue<string | undefined>(props.path) ?? '';
  const set = useSchemeEditor((s) => s.set);
  return <Bound {...props}>{(c) => <input {...c} type="date" value={value} onChange={(e) => set(props.path, e.target.value)} />}</Bound>;
}

/** An option of a {@link SelectInput}: its value (string or number) and label. */
export interface Choice {
  readonly value: string | number;
  readonly label: string;
}

/**
 * A select bound to the value at `path`; the chosen choice's value is stored as it is (number or text). A current value that is not
 * among the choices (a reference to something deleted) is shown as "… (missing)" so nothing changes silently.
 */
export function SelectInput(props: BoundProps & { choices: readonly Choice[] }) {
  const value = useDraftValue<string | number | undefined>(props.path);
  const set = useSchemeEditor((s) => s.set);
  const known = props.choices.some((c) => c.value === value);
  // Store the choice's own value (number or text), found by its text form.
  const valueOf = (text: string) => props.choices.find((c) => String(c.value) === text)?.value ?? text;
  return (
    <Bound {...props}>
      {(c) => (
        <select {...c} value={value === undefined ? '' : String(value)} onChange={(e) => set(props.path, valueOf(e.target.value))}>
          {!known && <option value={value === undefined ? '' : String(value)}>{value === undefined || value === '' ? '— choose —' : `${String(value)} (missing)`}</option>}
          {props.choices.map((ch) => (
            <option key={String(ch.value)} value={String(ch.value)}>
              {ch.label}
            </option>
          ))}
        </select>
      )}
    </Bound>
  );
}

/** A checkbox bound to a boolean at `path`. */
export function CheckInput({ path, label }: { path: EditPath; label: string }) {
  const value = useDraftValue<boolean | undefined>(path) ?? false;
  const set = useSchemeEditor((s) => s.set);
  return (
    <label className="check">
      <input type="checkbox" data-path={pathKey(path)} checked={value} onChange={(e) => set(path, e.target.checked)} />
      {label}
    </label>
  );
}

/** Month names for month selects (1 = January). */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Month choices 1…12. */
export const MONTH_CHOICES: readonly Choice[] = MONTHS.map((m, i) => ({ value: i + 1, label: m }));
