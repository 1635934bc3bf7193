// All languages' lexicons, in the order ties are broken.
import type { Lexicon } from './types';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { de } from './de';
import { pt } from './pt';
import { it } from './it';

export type { Lexicon } from './types';
export const LEXICONS: readonly Lexicon[] = [en, es, fr, de, pt, it];
