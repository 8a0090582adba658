/** Actions that span slices: read a meter, then refresh the readings list and open the new reading. */
import { useReadingJob } from './reading-job';
import { useReadings } from './readings';

/** Read the meter on `port`; on success show the stored reading. Errors land in the job slice. */
export async function readAndShow(port: string): Promise<void> {
  const outcome = await useReadingJob.getState().start(port);
  if (!outcome) return;
  const readings = useReadings.getState();
  await Promise.all([readings.refresh(), readings.open(outcome.readingId)]);
}
