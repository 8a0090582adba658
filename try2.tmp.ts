import { runCell } from './main/serial/fault-rig';
const cells: [any, any, any][] = [
  ['generic', 'readout', []],
  ['elster', 'readout', []],
  ['generic', 'load-profile', []],
  ['elster', 'load-profile', []],
  ['generic', 'write', []],
  ['elster', 'write', []],
];
for (const [d, o, f] of cells) {
  const r = await runCell(d, o, f, 30000);
  console.log(d, o, r.outcome, r.code, r.message, r.ms, JSON.stringify(r.values).slice(0, 200));
}
