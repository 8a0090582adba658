/**
 * Schema version 5: who runs a programming job. `programming_jobs.owner_host` (the computer's host name) and
 * `owner_pid` (the operating-system process id) of the process that started the job, so a job left `running` by a
 * workstation that stopped mid-upload (crash, power cut, killed CLI) can be told from one another process on this
 * computer is still running (main/store/programming-jobs.ts `closeAbandonedJobs`). Both NULL for jobs recorded
 * before version 5.
 */
export const V5 = `
ALTER TABLE programming_jobs ADD COLUMN owner_host TEXT;
ALTER TABLE programming_jobs ADD COLUMN owner_pid INTEGER CHECK (owner_pid IS NULL OR typeof(owner_pid) = 'integer');
CREATE INDEX programming_jobs_running ON programming_jobs (status) WHERE status = 'running';
`;
