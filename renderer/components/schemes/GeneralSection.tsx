/**
 * Editor section "General": the scheme's name, ID (written to the meter; counted, never cut, while typed), the
 * engineer's own version number (distinct from the library's saved versions), meter model and description.
 */
import { METER_MODELS } from '../../../schemes/model';
import { schemeIdWords } from '../../lib/scheme-id';
import { useSchemeEditor } from '../../state/scheme-editor';
import { NumberInput, SelectInput, TextArea, TextInput } from './inputs';

const MODEL_LABELS: Readonly<Record<(typeof METER_MODELS)[number], string>> = {
  generic: 'Generic IEC 62056-21 meter',
  A1140: 'Elster A1140',
  A1700: 'Elster A1700',
};

/** Editor section "General". */
export function GeneralSection() {
  // The ID is never cut while typing: the count is shown, and validation names an ID that is too long.
  const idHint = useSchemeEditor((s) => schemeIdWords(s.draft?.id ?? '').hint);
  return (
    <div className="scheme-section" data-path="">
      <div className="form-grid">
        <TextInput path={['name']} label="Name" maxLength={80} />
        <TextInput path={['id']} label="Scheme ID (written to the meter, up to 8 characters)" hint={idHint} mono />
        <NumberInput path={['version']} label="Your version number (in the scheme file)" min={1} />
        <SelectInput path={['meterModel']} label="Meter model" choices={METER_MODELS.map((m) => ({ value: m, label: MODEL_LABELS[m] }))} />
      </div>
      <TextArea path={['description']} label="Description" rows={4} className="wide-field" />
      <p className="muted hint">
        “Your version number” is yours to keep in the scheme file; every save also makes a <em>saved version</em> in the History tab, and
        staging, programming and certificates name that saved version. The meter model decides the limits the scheme is checked against (rates, day profiles, switch times, seasons, special days). Switch times and
        dates are the meter’s local wall-clock time.
      </p>
    </div>
  );
}
