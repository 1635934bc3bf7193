// The one list of Chirpflow's custom search attributes. The workflows' typed keys, the dev server's
// `--search-attribute` flags, the operator-service registration and the docs table all come from it
// (test/workflows/search-attributes.test.ts checks README and docs against it). Workflow-safe: it
// imports only @temporalio/common.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const OutreachStageKey = defineSearchAttributeKey('OutreachStage', SearchAttributeType.KEYWORD);
export const HelpCountKey = defineSearchAttributeKey('HelpCount', SearchAttributeType.INT);
export const XUserIdKey = defineSearchAttributeKey('XUserId', SearchAttributeType.KEYWORD);
export const FirstContactKey = defineSearchAttributeKey('FirstContact', SearchAttributeType.KEYWORD);

export interface SearchAttributeDef {
  key: ReturnType<typeof defineSearchAttributeKey<SearchAttributeType>>;
  /** Which workflows set it, and what it holds (the docs table's text). */
  description: string;
}

export const SEARCH_ATTRIBUTES: readonly SearchAttributeDef[] = [
  { key: CampaignIdKey, description: 'outreach: the campaign that started the conversation' },
  { key: OutreachStageKey, description: 'outreach: the conversation\'s stage (`starting`, `pending-review`, `awaiting-reply`, `escalated`, …)' },
  { key: HelpCountKey, description: 'outreach: HELP replies so far' },
  { key: XUserIdKey, description: 'outreach: the person\'s X user id' },
  { key: FirstContactKey, description: 'outreach: the campaign\'s first-contact policy' },
];

/** The Temporal CLI's spelling of a type (`Keyword`, `Int`, `KeywordList`, …). */
export function cliTypeName(type: SearchAttributeType): string {
  return type.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

// temporal.api.enums.v1.IndexedValueType, as the operator service's addSearchAttributes takes it.
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7,
};

/** `name → CLI type`, in list order. */
export function searchAttributeCliTypes(): [string, string][] {
  return SEARCH_ATTRIBUTES.map(({ key }) => [key.name, cliTypeName(key.type)]);
}

/** `temporal server start-dev` flags registering every attribute when the namespace is created. */
export function devServerSearchAttributeFlags(): string[] {
  return searchAttributeCliTypes().flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

/** Arguments after `temporal operator search-attribute create` (idempotent on an existing namespace). */
export function operatorCreateArgs(): string[] {
  return searchAttributeCliTypes().flatMap(([name, type]) => ['--name', name, '--type', type]);
}

/** The `searchAttributes` map of OperatorService.addSearchAttributes. */
export function operatorServiceSearchAttributes(): Record<string, number> {
  return Object.fromEntries(SEARCH_ATTRIBUTES.map(({ key }) => [key.name, INDEXED_VALUE_TYPE[key.type]]));
}

/** The markdown table the docs carry between `<!-- search-attributes:begin/end -->` markers. */
export function searchAttributesDocTable(): string {
  const rows = SEARCH_ATTRIBUTES.map(({ key, description }) => `| \`${key.name}\` | ${cliTypeName(key.type)} | ${description} |`);
  return ['| name | type | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The one-line shell command registering them on a cluster (quoted in the README). */
export function operatorCreateCommand(): string {
  return ['temporal operator search-attribute create', ...operatorCreateArgs()].join(' ');
}
