/**
 * The `<option>`s naming whom a collection is for (issue 14.3: per meter, group or place), as `kind:id` values:
 * the places of the meter manager's tree (a place collects everything installed below it), the meter groups of
 * Administration, and single fleet meters. Used by the schedule editor and "Collect now".
 */
import { useCollection } from '../../state/collection';
import { useFleet } from '../../state/fleet';

/** Split a `kind:id` value of these options; null for the empty choice. */
export function parseTarget(value: string): { targetKind: 'place' | 'group' | 'meter'; targetId: number } | null {
  const m = /^(place|group|meter):(\d+)$/.exec(value);
  return m ? { targetKind: m[1] as 'place' | 'group' | 'meter', targetId: Number(m[2]) } : null;
}

export function TargetOptions({ placesLabel = 'Places' }: { placesLabel?: string }) {
  const places = useFleet((s) => s.tree.places);
  const meters = useFleet((s) => s.tree.meters);
  const groups = useCollection((s) => s.groups);
  return (
    <>
      <optgroup label={placesLabel}>
        {places.map((p) => (
          <option key={`p${p.id}`} value={`place:${p.id}`}>
            {p.kind} {p.name}
          </option>
        ))}
      </optgroup>
      {groups.length > 0 && (
        <optgroup label="Meter groups">
          {groups.map((g) => (
            <option key={`g${g.id}`} value={`group:${g.id}`}>
              group {g.name} ({g.serials.length} meter{g.serials.length === 1 ? '' : 's'})
            </option>
          ))}
        </optgroup>
      )}
      {meters.length > 0 && (
        <optgroup label="Meters">
          {meters.map((m) => (
            <option key={`m${m.id}`} value={`meter:${m.id}`}>
              meter {m.serial}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}
