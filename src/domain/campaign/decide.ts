// Qualification applied to a profile: for each campaign a person just tweeted into, decide whether
// they qualify and record the verdict on their per-campaign presence, so ingest writes each person
// once per batch (profile counts, verdict and reasons together).
import type { ProfileDoc } from './profile';
import { qualifies, type QualificationRules } from './qualify';

export interface CampaignCandidate {
  campaignId: string;
  running: boolean;
  rules: QualificationRules;
  /** Positivity of the person's newest tweet in this campaign: the one that brought them in now. */
  positivity: number;
}

export interface ProfileDecision<K extends CampaignCandidate = CampaignCandidate> {
  profile: ProfileDoc;
  /** Campaigns whose outreach should start now. */
  start: K[];
}

/**
 * Returns the profile with verdicts recorded (the same object when nothing changed) and the
 * campaigns to start. Someone already in outreach for a campaign is not decided again; unchanged
 * reasons are not rewritten, so a redelivered tweet changes nothing.
 */
export function decideProfile<K extends CampaignCandidate>(profile: ProfileDoc, candidates: K[], ctx: { now: number; suppressed: boolean }): ProfileDecision<K> {
  let out = profile;
  const start: K[] = [];
  const set = (cid: string, patch: { qualifiedAt?: Date; lastReasons: string[] }) => {
    const p = out.campaigns[cid];
    if (!p) return;
    if (out === profile) out = { ...profile, campaigns: { ...profile.campaigns } };
    out.campaigns[cid] = { ...p, ...patch };
  };
  for (const c of candidates) {
    const presence = profile.campaigns[c.campaignId];
    if (!c.running || !presence || presence.outreachStartedAt) continue;
    const verdict = qualifies(
      { followers: profile.followers, verified: profile.verified, protected: profile.protected },
      c.positivity, c.rules,
      { now: ctx.now, suppressed: ctx.suppressed, ...(profile.lastContactAt ? { lastContactAt: profile.lastContactAt.getTime() } : {}) },
    );
    if (!verdict.qualified) {
      if (!sameReasons(presence.lastReasons, verdict.reasons)) set(c.campaignId, { lastReasons: verdict.reasons });
      continue;
    }
    if (!presence.qualifiedAt || !sameReasons(presence.lastReasons, [])) set(c.campaignId, { qualifiedAt: presence.qualifiedAt ?? new Date(ctx.now), lastReasons: [] });
    start.push(c);
  }
  return { profile: out, start };
}

const sameReasons = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);

/**
 * The outcome of starting someone's outreach, recorded on their profile: when it started (which
 * also starts the contact cooldown), or why it did not (`reasons`). Ingest's profile book writes it.
 */
export function markOutreach(p: ProfileDoc, campaignId: string, mark: { outreachStartedAt?: Date; reasons?: string[] }): ProfileDoc {
  const presence = p.campaigns[campaignId];
  const next: ProfileDoc = { ...p };
  if (presence) {
    next.campaigns = { ...p.campaigns, [campaignId]: {
      ...presence,
      ...(mark.outreachStartedAt ? { outreachStartedAt: mark.outreachStartedAt } : {}),
      ...(mark.reasons ? { lastReasons: mark.reasons } : {}),
    } };
  }
  if (mark.outreachStartedAt) next.lastContactAt = mark.outreachStartedAt;
  return next;
}
