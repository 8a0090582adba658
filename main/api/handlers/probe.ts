/**
 * Handlers of the probe-connection wizard (contract/probe.ts `probe.detect`, `probe.cancelDetect`): the wizard runs as
 * a background job of the app's MeterJobs (one job per port, shared with readings and programming: the probe talks to
 * one meter at a time), reporting each try as a `probeDetectProgress` event and its end as `probeDetectFinished`.
 * Parse → main/services/probe-detect.ts (permission checks, saving the profile with its audit records) → events.
 */
import type { AppContext } from '../../core/context';
import { authorizeDetect, detectBounds, detectProbe } from '../../services/probe-detect';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { plainError } from '../errors';
import type { MeterJobs } from '../jobs';
import { callerAudience } from '../../auth/event-scope';
import type { EmitEvent } from '../events';

/** Build the wizard handlers over `ctx` with the app's job registry. */
export function createProbeHandlers(ctx: AppContext, opts: { emit: EmitEvent; jobs: MeterJobs; log?: (line: string) => void }): Pick<Handlers, 'probe.detect' | 'probe.cancelDetect'> {
  const { emit, jobs } = opts;
  return {
    'probe.detect': async ({ jobId, port, addresses, save }, call) => {
      const c = acting(ctx, call);
      const audience = callerAudience(call.caller, call.actor); // the wizard's events go to its own tab only (issue 11.4)
      authorizeDetect(c, { save }); // refused before the job starts, as a plain reply
      let began = false;
      const started = new Promise<void>((resolve, reject) => {
        jobs
          .run(jobId, port, [], async (signal) => {
            began = true;
            resolve(); // the job holds the port now: answer the call, report the rest as events
            const result = await detectProbe(c, { port, addresses, save }, (p) => emit('probeDetectProgress', { jobId, done: p.done, total: p.total, current: p.current, try: p.record }, audience), signal);
            emit('probeDetectFinished', { jobId, result, error: null }, audience);
          })
          .catch((err: unknown) => {
            if (!began) return reject(err); // not started (BUSY): the call itself fails, no event
            const plain = plainError(err);
            if (plain.logDetail) (opts.log ?? console.error)(`pmu: connection wizard on ${port} failed: ${plain.logDetail}`);
            emit('probeDetectFinished', { jobId, result: null, error: { code: plain.code, message: plain.message } }, audience);
          });
      });
      await started;
      return { jobId, ...detectBounds(addresses) };
    },
    'probe.cancelDetect': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
