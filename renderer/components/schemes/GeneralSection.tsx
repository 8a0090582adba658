/** Editor section "General": the scheme's name, ID (written to the meter), version, meter model and description. */
import { METER_MODELS } from '../../../schemes/model';
import { NumberInput, SelectInput, TextArea, TextInput } from './inputs';

const MODEL_LABELS: Readonly<Record<(typeof METER_MODELS)[number], string>> = {
  generic: 'Generic IEC 62056-21 meter',
  A1140: 'Elster A1140',
  A1700: 'Elster A1700',
};

/** Editor section "General". */
export function GeneralSection() {
  return (
    <div className="scheme-section" data-path="">
      <div className="form-grid">
        <TextInput path={['name']} label="Name" maxLength={80} />
        <TextInput path={['id']} label="Scheme ID (written to the meter, up to 8 characters)" maxLength={8} mono />
        <NumberInput path={['version']} label="Version" min={1} />
        <SelectInput path={['meterModel']} label="Meter model" choices={METER_MODELS.map((m) => ({ value: m, label: MODEL_LABELS[m] }))} />
      </div>
      <TextArea path={['description']} label="Description" rows={4} className="wide-field" />
      <p className="muted hint">
        The meter model decides the limits the scheme is checked against (rates, day profiles, switch times, seasons, special days). Switch times and
        dates are the meter’s local wall-clock time.
      </p>
    </div>
  );
}
