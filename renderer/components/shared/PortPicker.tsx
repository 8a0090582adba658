/**
 * The one port picker (Read meter toolbar, Program meter, meter clock): the ports every link provider offers
 * (`listPorts`: the built-in emulated meters first, then serial ports and remote links; state/ports.ts), plus
 * "Other port…" with a typed path for a port the system does not list. Controlled: the caller keeps the choice.
 */
import type { PortInfoView } from '../../../contract';
import { OTHER_PORT } from '../../state/ports';
import { Field } from '../Field';

export interface PortPickerProps {
  /** The ports to offer (state/ports.ts `usePorts().ports`). */
  readonly ports: readonly PortInfoView[];
  /** A port name from `ports`, OTHER_PORT, or '' (nothing listed yet). */
  readonly value: string;
  /** The typed path when `value` is OTHER_PORT. */
  readonly otherPath: string;
  readonly onChange: (value: string) => void;
  readonly onOtherPathChange: (path: string) => void;
  readonly label?: string;
  readonly disabled?: boolean;
  /** The ports are being looked up (shown while the list is empty). */
  readonly loading?: boolean;
}

/** A select of the ports and, for "Other port…", a text field for the path. */
export function PortPicker({ ports, value, otherPath, onChange, onOtherPathChange, label = 'Port', disabled = false, loading = false }: PortPickerProps) {
  return (
    <>
      <Field label={label}>
        {(c) => (
          <select {...c} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
            {ports.length === 0 && <option value="">{loading ? 'Looking for ports…' : 'No ports found'}</option>}
            {ports.map((p) => (
              <option key={p.path} value={p.path} title={p.detail ?? undefined}>
                {p.label}
              </option>
            ))}
            <option value={OTHER_PORT}>Other port…</option>
          </select>
        )}
      </Field>
      {value === OTHER_PORT && (
        <Field label="Port path">
          {(c) => (
            <input {...c} type="text" value={otherPath} placeholder="COM7 or /dev/ttyUSB0" spellCheck={false} autoComplete="off" disabled={disabled} onChange={(e) => onOtherPathChange(e.target.value)} />
          )}
        </Field>
      )}
    </>
  );
}
