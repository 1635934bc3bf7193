// Golden history files <-> History objects, in the JSON form Temporal's tools write (protojson).
// @temporalio/common's historyToJSON / historyFromJSON are used when they work; in this checkout
// they throw "type must be a Type": npm installed separate copies of protobufjs under
// @temporalio/common and @temporalio/proto, and protojson's `instanceof Type` check fails across
// copies. The fallback takes protojson from the copy @temporalio/proto itself loads, so it always
// matches the reflected types. Same output either way.
import { createRequire } from 'node:module';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import * as sdk from '@temporalio/common/lib/proto-utils';

export type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(n: string): unknown }).lookupType('temporal.api.history.v1.History');

const crossCopy = (e: unknown) => e instanceof TypeError && /type must be a Type/.test(e.message);

export function historyToJSON(history: History): string {
  try {
    return sdk.historyToJSON(history);
  } catch (e) {
    if (!crossCopy(e)) throw e;
    return JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);
  }
}

export function historyFromJSON(json: unknown): History {
  try {
    return sdk.historyFromJSON(json);
  } catch (e) {
    if (!crossCopy(e)) throw e;
    const h = protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History | null;
    if (!h) throw new TypeError('invalid history JSON');
    return h;
  }
}
