/** Plain names of the quantities a scheme can measure (schemes/model.ts QUANTITIES), with their energy unit. */
import type { Quantity } from '../../schemes/model';

/** Label of each quantity with its energy unit (kWh, kvarh, kVAh). */
export const QUANTITY_LABELS: Readonly<Record<Quantity, string>> = {
  'active-import': 'Active energy import (kWh)',
  'active-export': 'Active energy export (kWh)',
  'reactive-q1': 'Reactive energy Q1 (kvarh)',
  'reactive-q2': 'Reactive energy Q2 (kvarh)',
  'reactive-q3': 'Reactive energy Q3 (kvarh)',
  'reactive-q4': 'Reactive energy Q4 (kvarh)',
  'reactive-import': 'Reactive energy import (kvarh)',
  'reactive-export': 'Reactive energy export (kvarh)',
  'apparent-import': 'Apparent energy import (kVAh)',
  'apparent-export': 'Apparent energy export (kVAh)',
};
