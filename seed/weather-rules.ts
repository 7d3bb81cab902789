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
