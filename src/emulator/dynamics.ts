// World dynamics over periods (opt-in: a generator without them behaves as before). Each person
// follows a seeded course: most stay steady; some rise (audience and activity grow for a while,
// then settle), some fade, some are bursty (a period of viral engagement now and then that does
// not last). `advance()` moves the world one period on: follower counts change and the weights
// the generator draws authors and retweeted tweets by follow the new state.
import { Rng, hash32 } from './rng';
import type { World } from './world';

export type Course = 'steady' | 'rising' | 'fading' | 'bursty';

export interface DynamicsOptions {
  /** Shares of people on each non-steady course. */
  rising?: number;
  fading?: number;
  bursty?: number;
  /** Chance per period that a steady person has a one-off burst too. */
  strayBurst?: number;
}

interface State {
  course: Course;
  /** The course drawn at the start (a riser that settled is still reported as one). */
  first: Course;
  /** Log growth of the audience per period while the course lasts. */
  growth: number;
  /** Periods left before a rising / fading course settles into steady. */
  remaining: number;
  /** Log activity (how often they post) and appeal (how often they are retweeted and replied to). */
  activity: number;
  appeal: number;
  /** This period's burst multiplier on appeal (1 = none). */
  burst: number;
}

const DEFAULTS: Required<DynamicsOptions> = { rising: 0.1, fading: 0.1, bursty: 0.08, strayBurst: 0.02 };

export class WorldDynamics {
  private readonly rng: Rng;
  private readonly state = new Map<string, State>();
  private readonly o: Required<DynamicsOptions>;
  private cumulative: Float64Array = new Float64Array(0);
  private ids: string[] = [];
  period = 0;

  constructor(private readonly world: World, seed: number, options: DynamicsOptions = {}) {
    this.o = { ...DEFAULTS, ...options };
    this.rng = new Rng(hash32(`${seed}:dynamics`));
    for (const id of world.userIds) if (id !== world.brand.id) this.state.set(id, this.initial(seed, id));
    this.rebuild();
  }

  /** A person's course, drawn from their own stream (independent of everyone else's). */
  private initial(seed: number, id: string): State {
    const r = new Rng(hash32(`${seed}:course:${id}`));
    const u = r.next();
    const o = this.o;
    const course: Course = u < o.rising ? 'rising' : u < o.rising + o.fading ? 'fading' : u < o.rising + o.fading + o.bursty ? 'bursty' : 'steady';
    const growth = course === 'rising' ? 0.25 + 0.35 * r.next() : course === 'fading' ? -(0.15 + 0.25 * r.next()) : 0;
    return { course, first: course, growth, remaining: 4 + r.int(8), activity: 0.4 * r.normal(), appeal: 0.4 * r.normal(), burst: 1 };
  }

  /** The course now (rising and fading ones settle into steady after a while). */
  course(userId: string): Course {
    return this.state.get(userId)?.course ?? 'steady';
  }

  /** The course drawn at the start. */
  startedAs(userId: string): Course {
    return this.state.get(userId)?.first ?? 'steady';
  }

  /** Relative chance of being the author of the next tweet. */
  activity(userId: string): number {
    const s = this.state.get(userId);
    return s ? Math.exp(s.activity) : 1;
  }

  /** Relative chance of their tweets being retweeted, quoted or replied to. */
  appeal(userId: string): number {
    const s = this.state.get(userId);
    return s ? Math.exp(s.appeal) * s.burst : 1;
  }

  /** Draws an author by activity. */
  pickAuthor(rng: Rng): string {
    const c = this.cumulative;
    const x = rng.next() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.ids[lo]!;
  }

  /** One period on: audiences grow or shrink, courses run out, bursts come and go. */
  advance(): void {
    const r = this.rng;
    this.period++;
    for (const [id, s] of this.state) {
      const u = this.world.users.get(id);
      if (!u) continue;
      const moving = s.course === 'rising' || s.course === 'fading';
      if (moving && s.remaining-- <= 0) { s.course = 'steady'; s.growth = 0; }
      const g = s.growth + 0.03 * r.normal();
      const m = u.public_metrics;
      m.followers_count = Math.max(0, Math.round(m.followers_count * Math.exp(g) + (s.growth > 0 ? 20 * s.growth : 0)));
      m.listed_count = Math.max(0, Math.round(m.listed_count * Math.exp(g)));
      // Activity and appeal follow the course (posting more as the audience grows), plus noise.
      s.activity += 0.8 * s.growth + 0.1 * r.normal();
      s.appeal += 1.2 * s.growth + 0.1 * r.normal();
      const burstChance = s.course === 'bursty' ? 0.3 : this.o.strayBurst;
      s.burst = r.chance(burstChance) ? 6 + 14 * r.next() : 1;
    }
    this.rebuild();
  }

  private rebuild(): void {
    this.ids = [...this.state.keys()];
    this.cumulative = new Float64Array(this.ids.length);
    let sum = 0;
    this.ids.forEach((id, i) => { sum += this.activity(id); this.cumulative[i] = sum; });
  }
}
