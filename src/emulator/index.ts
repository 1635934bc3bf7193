// The X API v2 emulator with a synthetic audience. See server.ts for startEmulator.
export { startEmulator } from './server';
export type { RunningEmulator } from './server';
export type { EmulatorOptions, Fault, StateSnapshot } from './core';
export type { ReplyProfile } from './dms';
export { DEFAULT_REPLY_PROFILE, behaviourOf } from './dms';
export type { GeneratorOptions, ToneMix, KindMix } from './generator';
export { X_LIMITS } from './limits';
export type { LimitSpec } from './limits';
export { parseRule, matches, matchContext, RuleSyntaxError } from './rules';
export { BRAND_USER_ID } from './world';
export type { EmuTweet, EmuUser, DmRecord, EmittedRecord } from './model';
