// Simulated people answering the brand's public opt-in prompt (a reply to their tweet): with the
// keyword the prompt asks for, with "no", with free text, or not at all — the same per-person
// behaviour as their DM answers (behaviourOf), so a seeded run is reproducible.
import { Rng, hash32 } from './rng';
import { DM_FREE_TEXT } from './lexicon';
import { behaviourOf, type ReplyProfile } from './dms';

/** The word a prompt asks for ("Reply JOIN to …", "reply with #join"); YES when it names none. */
export function promptKeyword(prompt: string): string {
  const m = /\b(?:reply|answer|respond)\s+(?:with\s+)?["'“‘#]?([\p{L}\p{N}_]+)/iu.exec(prompt);
  return m?.[1] ?? 'YES';
}

/** How people say yes when the keyword is YES, in the languages the generator writes. */
const LOCAL_YES: Record<string, string> = { es: 'Sí', fr: 'Oui', de: 'Ja', pt: 'Sim', it: 'Sì' };

export interface PlannedReply { text: string; delayMs: number; behaviour: string }

/** What `personId` answers to the prompt, and when; undefined when they ignore it. */
export function plannedReply(seed: number, personId: string, profile: ReplyProfile, o: { prompt: string; lang?: string; brandUsername: string }): PlannedReply | undefined {
  const b = behaviourOf(seed, personId, profile);
  if (b === 'none') return undefined;
  const r = new Rng(hash32(`${seed}:optinreply:${personId}`));
  const kw = promptKeyword(o.prompt);
  const yes = kw.toUpperCase() === 'YES' && o.lang && LOCAL_YES[o.lang] ? LOCAL_YES[o.lang]! : kw;
  const word = b === 'yes' ? r.pick([yes, `${yes}!`, `${yes} please`, yes.toLowerCase()])
    : b === 'stop' ? r.pick(['no', 'No.', 'no thanks'])
      : b === 'help' ? 'nope, not interested'
        : r.pick(DM_FREE_TEXT);
  const delayMs = profile.minDelayMs + Math.floor(r.next() * Math.max(0, profile.maxDelayMs - profile.minDelayMs));
  // X puts the handles of the thread first in a reply's text.
  return { text: `@${o.brandUsername} ${word}`, delayMs, behaviour: b };
}
