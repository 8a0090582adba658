/** Actions that span slices: read a meter and show it; refresh every list after an import; open a reading or a certificate. */
import { useAppInfo } from './app-info';
import { useBrowser } from './browser';
import { useCertificates } from './certificates';
import { useClockJob } from './clock-job';
import { useImportLog } from './import-log';
import { useMeters } from './meters';
import { useNav } from './nav';
import { readArgs, useReadOptions } from './read-options';
import { useReadingJob } from './reading-job';
import { useReadings } from './readings';

/**
 * Read the meter on `port` with the read options (meter type, password, load-profile range, events); on
 * success show the stored reading. Invalid options become field errors of the options form and nothing runs;
 * other errors land in the job slice.
 */
export async function readAndShow(port: string): Promise<void> {
  const zone = useAppInfo.getState().info?.timeZone ?? 'UTC';
  const options = useReadOptions.getState();
  const built = readArgs(options, port, zone);
  if ('errors' in built) {
    options.setErrors(built.errors);
    return;
  }
  options.setErrors({});
  // The open reading belongs to another read: a failure must not leave it on screen under this port's progress.
  if (useReadingJob.getState().status !== 'running') {
    useReadings.getState().close();
    useClockJob.getState().reset();
  }
  const outcome = await useReadingJob.getState().start(port, built.args);
  if (!outcome) return;
  useClockJob.getState().reset();
  const readings = useReadings.getState();
  await Promise.all([readings.refresh(), readings.open(outcome.readingId), useMeters.getState().refresh()]);
}

/** After readings were imported (by hand or by a watched folder): refresh every list that shows them. */
export async function refreshAfterImport(): Promise<void> {
  await Promise.all([
    useReadings.getState().refresh(),
    useBrowser.getState().refresh(),
    useMeters.getState().refresh(),
    useImportLog.getState().refresh(),
  ]);
}

/** Show stored reading `id` in the reading view (the "Read meter" screen). */
export async function openReading(id: number): Promise<void> {
  useNav.getState().go('read');
  await Promise.all([useReadings.getState().open(id), useReadings.getState().refresh()]);
}

/** Show the programming certificate of job `jobId` on the Certificates screen. */
export async function openCertificate(jobId: number): Promise<void> {
  useNav.getState().go('certificates');
  await useCertificates.getState().open(jobId);
}
