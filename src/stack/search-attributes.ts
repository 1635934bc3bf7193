// The worker registers Chirpflow's custom search attributes itself, through the operator service,
// when the namespace lacks them: on the dev server, a self-hosted cluster, or Temporal Cloud where
// the credentials may. No manual `temporal operator search-attribute create` step remains.
import { isGrpcServiceError } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { temporal } from '@temporalio/proto';
import { UserError } from '../errors';
import { SEARCH_ATTRIBUTES, cliTypeName } from '../workflows/search-attributes';

/** An attribute as `defineSearchAttributeKey` makes it. */
export interface SaKey { readonly name: string; readonly type: SearchAttributeType }

/** The attributes Chirpflow's workflows set: the one list (src/workflows/search-attributes.ts). */
export const CHIRPFLOW_SEARCH_ATTRIBUTES: readonly SaKey[] = SEARCH_ATTRIBUTES.map((a) => a.key);

type IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const indexed = (t: SearchAttributeType): IndexedValueType => encodeSearchAttributeIndexedValueType(t)!;
const typeName = (t: SearchAttributeType): string => cliTypeName(t);
/** The CLI spelling of a type the server reports (`Keyword`, …), or its number when unknown. */
function reportedType(v: number): string {
  const t = Object.values(SearchAttributeType).find((x) => indexed(x) === v);
  return t ? cliTypeName(t) : `type ${v}`;
}

export interface SearchAttributePlan {
  /** Not in the namespace: to add. */
  missing: SaKey[];
  /** In the namespace with another type: workflows would fail to set them. */
  conflicts: { name: string; want: string; have: string }[];
}

/** What to do, from what the namespace has (`customAttributes` of listSearchAttributes). */
export function planSearchAttributes(wanted: readonly SaKey[], existing: Record<string, number>): SearchAttributePlan {
  const plan: SearchAttributePlan = { missing: [], conflicts: [] };
  for (const key of wanted) {
    const have = existing[key.name];
    if (have === undefined) plan.missing.push(key);
    else if (have !== indexed(key.type)) plan.conflicts.push({ name: key.name, want: typeName(key.type), have: reportedType(have) });
  }
  return plan;
}

/** The manual step for when the server refuses us (Temporal Cloud keys without namespace admin). */
export function manualStep(namespace: string, keys: readonly SaKey[]): string {
  const sa = keys.map((k) => `--sa "${k.name}=${typeName(k.type)}"`).join(' ');
  return `tcld namespace search-attributes add --namespace ${namespace} ${sa} (Temporal Cloud; or the Cloud UI: Namespaces → ${namespace} → Search attributes), ` +
    `or on a self-hosted cluster: temporal operator search-attribute create --namespace ${namespace} ` +
    keys.map((k) => `--name ${k.name} --type ${typeName(k.type)}`).join(' ');
}

// Refusals that mean "these credentials may not change the namespace": warn, do not crash.
const REFUSED = new Set([7 /* PERMISSION_DENIED */, 12 /* UNIMPLEMENTED */, 16 /* UNAUTHENTICATED */]);
const ALREADY_EXISTS = 6;

export interface Warn { warn(obj: object, msg: string): void }
export type EnsureResult = { added: string[]; refused: string[] };
/** The two operator-service calls used (`connection.operatorService` has them). */
export interface OperatorService {
  listSearchAttributes(req: { namespace: string }): Promise<{ customAttributes?: Record<string, IndexedValueType> | null }>;
  addSearchAttributes(req: { namespace: string; searchAttributes: Record<string, IndexedValueType> }): Promise<unknown>;
}

/**
 * Adds the attributes the namespace lacks. An attribute present with another type is a UserError
 * naming it (renaming or removing it is the operator's decision, never ours); a refusal by the
 * server is a warning naming the attributes and the manual step. Idempotent, and safe when several
 * workers start at once (a concurrent add is re-checked).
 */
export async function ensureSearchAttributes(
  operator: OperatorService, namespace: string, log: Warn,
  wanted: readonly SaKey[] = CHIRPFLOW_SEARCH_ATTRIBUTES,
): Promise<EnsureResult> {
  for (let attempt = 0; ; attempt++) {
    let plan: SearchAttributePlan;
    try {
      const { customAttributes } = await operator.listSearchAttributes({ namespace });
      plan = planSearchAttributes(wanted, (customAttributes ?? {}) as Record<string, number>);
    } catch (err) {
      return refusedOr(err, namespace, wanted, log);
    }
    if (plan.conflicts.length) {
      throw new UserError(`search attributes of namespace ${namespace} have the wrong type: ` +
        plan.conflicts.map((c) => `${c.name} is ${c.have}, Chirpflow needs ${c.want}`).join('; ') +
        '. Remove or rename them in the namespace (temporal operator search-attribute remove, or tcld on Temporal Cloud), then start the worker again.');
    }
    if (!plan.missing.length) return { added: [], refused: [] };
    try {
      const searchAttributes = Object.fromEntries(plan.missing.map((k) => [k.name, indexed(k.type)]));
      await operator.addSearchAttributes({ namespace, searchAttributes });
      return { added: plan.missing.map((k) => k.name), refused: [] };
    } catch (err) {
      // Another worker added some first: list again, and check their types.
      if (isGrpcServiceError(err) && err.code === ALREADY_EXISTS && attempt < 3) continue;
      return refusedOr(err, namespace, plan.missing, log);
    }
  }
}

function refusedOr(err: unknown, namespace: string, keys: readonly SaKey[], log: Warn): EnsureResult {
  if (!isGrpcServiceError(err) || !REFUSED.has(err.code)) throw err;
  const names = keys.map((k) => k.name);
  log.warn({ namespace, searchAttributes: names, reason: err.details },
    `could not register search attributes ${names.join(', ')} (the server refused: ${err.details}). ` +
    `Conversations cannot start until they exist. Register them once: ${manualStep(namespace, keys)}`);
  return { added: [], refused: names };
}
