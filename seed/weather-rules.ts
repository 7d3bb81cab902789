/** Outside these bounds a reading is a feed or unit error, not German weather. */
export const PLAUSIBLE = { minC: -40, maxC: 50, maxWindKmh: 250, maxPrecipitationMm: 300 };

/**
 * The air temperatures the cooperative's region (the Elbe valley around Dresden) can have in each month, January first:
 * the recorded extremes with a margin. A reading outside its month's band is a wrong feed, a wrong unit or a wrong
 * season, even when it would be German weather at another time of year.
 */
export const SEASONAL_C: readonly (readonly [number, number])[] = [
  [-30, 18],
  [-30, 21],
  [-22, 26],
  [-12, 32],
  [-6, 35],
  [-2, 39],
  [2, 41],
  [1, 41],
  [-4, 36],
  [-10, 29],
  [-18, 22],
  [-27, 18],
];

/**
 * The weather regions the cooperative names, by a postcode of each (the region is a postcode's first two digits), with
 * the name members see; a region it does not name is shown as "Region" and its two digits. Written down here, never
 * read from the target: a portal that names a member's region wrongly shows them another place's weather.
 */
export const WEATHER_REGIONS: readonly { postcode: string; region: string }[] = [
  { postcode: '01067', region: 'Dresden' },
  { postcode: '02826', region: 'Görlitz' },
  { postcode: '04109', region: 'Leipzig' },
  { postcode: '06108', region: 'Halle (Saale)' },
  { postcode: '07545', region: 'Gera' },
  { postcode: '08056', region: 'Zwickau' },
  { postcode: '09111', region: 'Chemnitz' },
  { postcode: '10115', region: 'Berlin' },
  { postcode: '20095', region: 'Hamburg' },
  { postcode: '39104', region: 'Magdeburg' },
  { postcode: '50667', region: 'Köln' },
  { postcode: '60311', region: 'Frankfurt am Main' },
  { postcode: '80331', region: 'München' },
  { postcode: '99084', region: 'Erfurt' },
  { postcode: '14467', region: 'Region 14' },
];
