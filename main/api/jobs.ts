/**
 * The running meter jobs of one app (readings and clock checks/sets/adjusts), by the job id the renderer chose:
 * one job per id, one job per port (a probe talks to one meter at a time), cancellable by id (`cancelRead`).
 * Also keeps secrets out of what leaves a job: `redact` removes the job's passwords from progress messages and
 * from error messages (defence in depth: services should never put them there).
 */
import { redact } from '../services/meter-access';
import { ApiError, plainError } from './errors';

export { REDACTED, redact } from '../services/meter-access';

/** What a job body gets: the abort signal that `cancel(jobId)` fires. */
export type JobBody<T> = (signal: AbortSignal) => Promise<T>;

/** The registry (see file comment). */
export class MeterJobs {
  private readonly jobs = new Map<string, { port: string; abort: AbortController }>();

  /**
   * Run `body` as job `jobId` on `port`.
   * @param secrets passwords of this job: a thrown error whose message contains one is re-thrown with the
   *   secret redacted (same code, plain message).
   * @throws ApiError BUSY when the id is running or the port is in use; whatever `body` throws otherwise.
   */
  async run<T>(jobId: string, port: string, secrets: readonly (string | undefined)[], body: JobBody<T>): Promise<T> {
    if (this.jobs.has(jobId)) throw new ApiError('BUSY', 'This job is already running.');
    for (const job of this.jobs.values()) {
      if (job.port === port) {
        throw new ApiError('BUSY', `A reading or clock job is already running on ${port}. Wait for it to finish or cancel it.`);
      }
    }
    const abort = new AbortController();
    this.jobs.set(jobId, { port, abort });
    try {
      return await body(abort.signal);
    } catch (err) {
      const plain = plainError(err);
      const clean = redact(plain.message, secrets);
      if (clean !== plain.message) throw new ApiError(plain.code, clean);
      throw err;
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /** Ask job `jobId` to stop; false when no such job runs. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.abort.abort();
    return true;
  }
}
