/**
 * A labelled form field: `<label for>` + the control (given the id by `children`) + an optional error that the
 * control references with aria-describedby. The label holds only its text, so the control's accessible name is
 * exactly the label (a label wrapped around a <select> would also read out the selected option).
 */
import { useId, type ReactNode } from 'react';

/** Props the control must spread: its id, and the error it is described by (when there is one). */
export interface FieldControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: true;
}

export function Field({
  label,
  error,
  hint,
  className,
  children,
}: {
  label: string;
  error?: string | null;
  /** A short note under the control while there is no error (e.g. "5 of 8 characters"). */
  hint?: string | null;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={className ? `form-field ${className}` : 'form-field'}>
      <label htmlFor={id}>{label}</label>
      {children(error ? { id, 'aria-describedby': errorId, 'aria-invalid': true } : hint ? { id, 'aria-describedby': hintId } : { id })}
      {error ? (
        <span id={errorId} className="field-error">
          {error}
        </span>
      ) : hint ? (
        <span id={hintId} className="field-hint muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
