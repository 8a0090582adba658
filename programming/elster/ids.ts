/**
 * The data IDs a tariff programming writes on an Elster A1140 / A1700 (W1 at security level 3) and reads back (R1).
 * Their sizes, layouts and provenance are in the meter definitions (meter-definitions/a1140.ts, a1700.ts): 795 scheme
 * ID, 667 TOU register sources, 616 CT ratio and the A1700's 614 VT ratio have public layouts; 681, 617 and 901…908
 * are this program's own layouts (tariff-codec.ts) — assumptions that programming/safety.ts refuses to write to a
 * real meter until a definition file confirms them.
 */
export const ELSTER_TARIFF_IDS = {
  userId: { id: '681', name: "programmer's user ID" },
  schemeId: { id: '795', name: 'scheme ID' },
  touSources: { id: '667', name: 'TOU register sources' },
  ctRatio: { id: '616', name: 'CT ratio' },
  vtRatioA1140: { id: '617', name: 'VT ratio' },
  vtRatioA1700: { id: '614', name: 'VT ratio' },
  dayProfiles: { id: '901', name: 'day profiles' },
  weekProfiles: { id: '902', name: 'week profiles' },
  seasons: { id: '903', name: 'seasons' },
  specialDays: { id: '904', name: 'special days' },
  dstRule: { id: '905', name: 'DST rule' },
  maximumDemand: { id: '906', name: 'maximum demand configuration' },
  loadProfile: { id: '907', name: 'load profile configuration' },
  pulseOutputs: { id: '908', name: 'pulse outputs' },
} as const;

/** The IDs whose images are this program's own, multi-packet layouts with a count first (tariffImageLength). */
export const TARIFF_IMAGE_IDS: ReadonlySet<string> = new Set(['681', '617', '901', '902', '903', '904', '905', '906', '907', '908']);
