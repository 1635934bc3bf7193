// What a STOP does to the conversation's queue of waiting events: it goes ahead of everything not
// yet handled, so no queued or held action runs before it, and queued agent/review actions are
// refused (nothing more may be sent to the person). Pure; the workflow applies the result.
import type { ConversationEvent } from './machine';

export interface QueuedEvent { event: ConversationEvent; /** A reply read as STOP. */ stop?: boolean }

/** Why a queued update was refused: the person asked to stop before it ran. */
export const STOP_PREEMPTED = 'the person asked to stop; nothing more is sent to them';

const UPDATE_EVENTS: ReadonlySet<ConversationEvent['type']> = new Set(['approve', 'reject', 'claim', 'agent-reply', 'resolve']);
/** Events that come from updates, whose callers wait for an answer. */
export const isUpdateEvent = (e: ConversationEvent): boolean => UPDATE_EVENTS.has(e.type);

/**
 * The queue after a STOP arrives: earlier STOPs stay first (the first one is answered), then this
 * one, then the other signals in their order (replies are still recorded); updates are dropped.
 */
export function queueStop<T extends QueuedEvent>(queue: readonly T[], stop: T): { queue: T[]; dropped: T[] } {
  const stops = queue.filter((q) => q.stop);
  const others = queue.filter((q) => !q.stop);
  return {
    queue: [...stops, stop, ...others.filter((q) => !isUpdateEvent(q.event))],
    dropped: others.filter((q) => isUpdateEvent(q.event)),
  };
}

/**
 * Which queued events may be carried into the next run by continue-as-new: signals only (an update's
 * caller waits on this run). Undefined when an update is waiting, so the run must drain first.
 */
export function carriable<T extends QueuedEvent>(queue: readonly T[]): T[] | undefined {
  return queue.some((q) => isUpdateEvent(q.event)) ? undefined : [...queue];
}
