/** One line about a meter's programming history (meters.programmingState): never programmed, or how its last programming ended and when. */
import { useEffect, useState } from 'react';
import type { ProgrammingStateView } from '../../../contract';
import { api } from '../../api/client';
import { formatInstantShort } from '../../lib/format';

const WORDS: Readonly<Record<ProgrammingStateView['status'], string>> = {
  'never-programmed': 'never programmed from this workstation',
  verified: 'last programmed and verified',
  differences: 'last programmed with differences after read-back',
  'partially-programmed': 'last programming stopped part way (partially programmed)',
  failed: 'last programming failed',
};

/** `refreshKey` changes when the state may have changed (e.g. the staged program's status). */
export function MeterStateLine({ serial, zone, refreshKey }: { serial: string; zone: string; refreshKey: string }) {
  const [state, setState] = useState<ProgrammingStateView | null>(null);
  useEffect(() => {
    let live = true;
    api['meters.programmingState']({ serial }).then(
      (s) => {
        if (live) setState(s);
      },
      () => {
        if (live) setState(null);
      },
    );
    return () => {
      live = false;
    };
  }, [serial, refreshKey]);
  if (!state) return null;
  return (
    <p className="muted hint" data-testid="meter-programming-state" data-status={state.status}>
      Meter {serial}: {WORDS[state.status]}
      {state.finishedUtc ? ` on ${formatInstantShort(state.finishedUtc, zone)} (certificate ${state.jobId ?? '?'})` : ''}.
    </p>
  );
}
