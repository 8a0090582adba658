import { describe, expect, it } from 'vitest';
import { describeObis, parseObisAddress } from './obis';

describe('parseObisAddress', () => {
  const cases: [string, string, string, number | null][] = [
    // address, obis, code, billingPeriod
    ['1-0:1.8.0*255', '1-0:1.8.0*255', '1.8.0', null],
    ['1-0:1.8.0', '1-0:1.8.0', '1.8.0', null],
    ['1.8.0', '1.8.0', '1.8.0', null],
    ['1.8.0*03', '1.8.0*03', '1.8.0', 3],
    ['1.8.0&12', '1.8.0&12', '1.8.0', 12],
    ['1-0:1.6.0*01', '1-0:1.6.0*01', '1.6.0', 1],
    ['1-0:0.1.2*99', '1-0:0.1.2*99', '0.1.2', 99],
    ['1.8.0*0', '1.8.0*0', '1.8.0', null],
    ['1.8.0*100', '1.8.0*100', '1.8.0', null],
    ['C.1.0', 'C.1.0', 'C.1.0', null],
    ['0-0:C.1.0*255', '0-0:C.1.0*255', 'C.1.0', null],
    ['F.F', 'F.F', 'F.F.0', null],
    ['0-0:F.F.0*255', '0-0:F.F.0*255', 'F.F.0', null],
    ['0-0:C.51.2*02', '0-0:C.51.2*02', 'C.51.2', 2],
    ['01.08.00', '1.8.0', '1.8.0', null],
    ['P.01', 'P.1', 'P.1.0', null],
    [' 1.8.1 ', '1.8.1', '1.8.1', null],
    // not OBIS-shaped: kept as sent
    ['', '', '', null],
    ['3:14', '3:14', '3:14', null],
    ['1.8.0*256', '1.8.0*256', '1.8.0*256', null],
    ['1.256.0', '1.256.0', '1.256.0', null],
    ['c.1.0', 'c.1.0', 'c.1.0', null],
    ['1.8.0.1.2', '1.8.0.1.2', '1.8.0.1.2', null],
    ['ERR05', 'ERR05', 'ERR05', null],
  ];
  for (const [address, obis, code, billingPeriod] of cases) {
    it(JSON.stringify(address), () => {
      expect(parseObisAddress(address)).toEqual({ obis, code, billingPeriod });
    });
  }
});

describe('describeObis', () => {
  const cases: [string, string | null][] = [
    ['1.8.0', 'Active energy import (+A), total'],
    ['1-0:1.8.0*255', 'Active energy import (+A), total'],
    ['1.8.0*03', 'Active energy import (+A), total'],
    ['1.8.2', 'Active energy import (+A), rate 2 (T2)'],
    ['2.8.0', 'Active energy export (−A), total'],
    ['2.8.4', 'Active energy export (−A), rate 4 (T4)'],
    ['3.8.0', 'Reactive energy import (+R), total'],
    ['4.8.1', 'Reactive energy export (−R), rate 1 (T1)'],
    ['5.8.0', 'Reactive energy quadrant I (QI), total'],
    ['8.8.0', 'Reactive energy quadrant IV (QIV), total'],
    ['9.8.0', 'Apparent energy import (+VA), total'],
    ['10.8.0', 'Apparent energy export (−VA), total'],
    ['1.6.0', 'Maximum demand, active power import (+P), total'],
    ['1-0:1.6.1*01', 'Maximum demand, active power import (+P), rate 1 (T1)'],
    ['2.6.0', 'Maximum demand, active power export (−P), total'],
    ['1.7.0', 'Instantaneous active power import (+P)'],
    ['2.7.0', 'Instantaneous active power export (−P)'],
    ['32.7.0', 'Voltage L1'],
    ['52.7.0', 'Voltage L2'],
    ['72.7.0', 'Voltage L3'],
    ['31.7.0', 'Current L1'],
    ['51.7.0', 'Current L2'],
    ['71.7.0', 'Current L3'],
    ['13.7.0', 'Power factor'],
    ['14.7.0', 'Supply frequency'],
    ['0.9.1', 'Meter clock: time'],
    ['0.9.2', 'Meter clock: date'],
    ['0.0.0', 'Device address (meter identification number)'],
    ['0.0.1', 'Second device identification number'],
    ['C.1.0', 'Meter serial number'],
    ['96.1.0', 'Meter serial number'],
    ['0.2.0', 'Firmware version'],
    ['F.F', 'Error register'],
    ['0-0:F.F.0*255', 'Error register'],
    ['97.97.0', 'Error register'],
    ['0.1.0', 'Billing reset counter'],
    ['0.1.2*04', 'Billing period time stamp'],
    ['1.5.0', 'Active power import, last average demand (load-profile channel)'],
    ['1.29.0', 'Active energy import per capture period (load-profile channel)'],
    ['2.29.0', 'Active energy export per capture period (load-profile channel)'],
    ['3.29.0', 'Reactive energy import per capture period (load-profile channel)'],
    ['4.29.0', 'Reactive energy export per capture period (load-profile channel)'],
    ['1.8.64', null],
    ['11.8.0', null],
    ['3.6.0', null],
    ['C.51.2', null],
    ['', null],
    ['garbage', null],
  ];
  for (const [code, name] of cases) {
    it(`${JSON.stringify(code)} → ${JSON.stringify(name)}`, () => {
      expect(describeObis(code)).toBe(name);
    });
  }
});
