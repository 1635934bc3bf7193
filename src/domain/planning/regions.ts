// Countries grouped into the regions a marketer plans by. A region share may also name a country
// (ISO code): a candidate belongs to both its region and its country.
const GROUPS: Record<string, string[]> = {
  NA: ['US', 'CA'],
  LATAM: ['MX', 'GT', 'BZ', 'SV', 'HN', 'NI', 'CR', 'PA', 'CU', 'DO', 'HT', 'JM', 'PR', 'TT', 'BR', 'AR', 'CL', 'CO', 'PE', 'VE', 'EC', 'BO', 'PY', 'UY'],
  EU: ['GB', 'IE', 'FR', 'DE', 'ES', 'PT', 'IT', 'NL', 'BE', 'LU', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'IS', 'PL', 'CZ', 'SK', 'HU', 'RO',
    'BG', 'GR', 'HR', 'SI', 'RS', 'BA', 'AL', 'MK', 'ME', 'EE', 'LV', 'LT', 'UA', 'BY', 'MD', 'RU', 'CY', 'MT'],
  MEA: ['TR', 'IL', 'AE', 'SA', 'QA', 'KW', 'BH', 'OM', 'JO', 'LB', 'IQ', 'IR', 'EG', 'MA', 'DZ', 'TN', 'LY', 'NG', 'GH', 'KE', 'ET',
    'TZ', 'UG', 'ZA', 'SN', 'CI', 'CM', 'ZW', 'ZM', 'RW', 'AO', 'MZ', 'SD'],
  APAC: ['CN', 'JP', 'KR', 'TW', 'HK', 'IN', 'PK', 'BD', 'LK', 'NP', 'PH', 'ID', 'MY', 'SG', 'TH', 'VN', 'KH', 'MM', 'AU', 'NZ', 'KZ', 'UZ', 'MN'],
};
const REGION_OF = new Map<string, string>(Object.entries(GROUPS).flatMap(([r, cs]) => cs.map((c) => [c, r] as const)));

export const REGIONS = [...Object.keys(GROUPS), 'OTHER', 'UNKNOWN'] as const;

/** The planning region of a country code; UNKNOWN when the location did not resolve. */
export function regionOf(country: string | null): string {
  if (!country) return 'UNKNOWN';
  return REGION_OF.get(country.toUpperCase()) ?? 'OTHER';
}

/** Is this a name a region share may use: a region above or an ISO country code. */
export function isRegionKey(key: string): boolean {
  return (REGIONS as readonly string[]).includes(key) || /^[A-Z]{2}$/.test(key);
}

/** Does a candidate in `country` count towards the region share named `key`. */
export function inRegion(key: string, country: string | null): boolean {
  return regionOf(country) === key || (country !== null && country.toUpperCase() === key);
}
