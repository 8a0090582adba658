/**
 * Chart.js with only the parts the load-profile chart uses (tree-shaken), and the luxon date adapter so the
 * time axis can be placed in the reading's time zone (`scales.x.adapters.date.zone`).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip } from 'chart.js';
import 'chartjs-adapter-luxon';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend);

export { Chart };
