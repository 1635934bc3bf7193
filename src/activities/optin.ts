// The opt-in prompt's activity: one public reply per person and campaign (src/campaigns/optin.ts
// holds the ledger and the rules of the policy). X's rate limit delays it, never drops it.
import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { XRateLimitError } from '../x';
import { isSuppressed } from '../store/conversations';
import { postOptInPrompt } from '../campaigns/optin';
import type { PromptRequest, PromptResult } from '../workflows/outreach/contract';

export function createOptInActivities(deps: ActivityDeps) {
  const brandUserId = () => deps.x.brandUserId ?? deps.config.X_BRAND_USER_ID;
  return {
    /** Publishes the campaign's opt-in prompt as a reply to the person's tweet, at most once. */
    async outreachOptInPrompt(req: PromptRequest): Promise<PromptResult> {
      try {
        return await postOptInPrompt({ db: deps.db, x: deps.x, log: deps.log, brandUserId: brandUserId(), now: deps.now }, req, () => isSuppressed(deps.db, req.person.xUserId));
      } catch (err) {
        if (err instanceof XRateLimitError) {
          throw ApplicationFailure.create({
            type: 'XRateLimited', message: err.message, nextRetryDelay: Math.max(1000, err.resetAt.getTime() - deps.now()),
          });
        }
        throw err;
      }
    },
  };
}

export type OptInActivities = ReturnType<typeof createOptInActivities>;
