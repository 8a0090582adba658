/**
 * Confirmation before a clock SET: warns that the meter clock jumps to PC time at once (the running
 * load-profile interval and demand period get shorter or longer), that this needs security level 3 on an
 * Elster meter, and takes the level 3 password when the read options hold another level's (secret: kept only in
 * this dialog's memory until it closes).
 */
import { useState } from 'react';
import { describeDrift } from '../../protocol/meters/elster/clock-plan';
import { portWords } from '../lib/progress';
import type { SeenClock } from '../state/clock-job';
import { usePorts } from '../state/ports';
import { passwordError, useReadOptions } from '../state/read-options';
import { Field } from './Field';
import { Modal } from './Modal';

export function SetClockDialog({ port, seen, onCancel, onConfirm }: {
  port: string;
  seen: SeenClock | null;
  onCancel: () => void;
  /** `level3Password` '' = use the read options' password. */
  onConfirm: (level3Password: string) => void;
}) {
  const [level3, setLevel3] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sessionLevel = useReadOptions((s) => (s.password ? s.passwordLevel : null));
  const ports = usePorts((s) => s.ports);
  const confirm = () => {
    const bad = passwordError(level3);
    if (bad) setError(bad);
    else onConfirm(level3);
  };
  const jump = seen ? `The last check found the meter ${describeDrift(seen.driftMs)}, so its clock will jump by ${describeDrift(seen.driftMs, false)}.` : 'The clock has not been checked yet, so the size of the jump is not known.';

  return (
    <Modal title="Set the meter clock?" onClose={onCancel}>
      {/* Not a <form>: the browser must not offer to save the password. */}
      <div
        className="set-clock"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) confirm();
        }}
      >
        <p className="note-warning warning-box">
          This changes the clock of the meter on {portWords(port, ports)} <strong>at once</strong> to this PC’s
          time. {jump} The load-profile interval and demand period running now become shorter or longer. Use “Adjust clock” instead when the meter is at most 7.5 minutes off.
        </p>
        <p className="muted">
          Setting the clock needs security level 3 on an Elster meter.
          {sessionLevel === 3 ? ' The level 3 password from the read options is used unless you enter another one.' : ''}
        </p>
        <Field label="Level 3 password" error={error}>
          {(c) => (
            <input
              {...c}
              type="password"
              value={level3}
              maxLength={32}
              placeholder={sessionLevel === 3 ? 'optional' : '8 characters'}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setLevel3(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={confirm}>
            Set clock now
          </button>
        </div>
      </div>
    </Modal>
  );
}
