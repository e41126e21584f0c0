/**
 * Typed encoders for outgoing frames. Most frames are `JSON.stringify(frame)` of a `ServerFrame`
 * (see `send`); the hot ones are put together from parts that are already JSON, so a message is
 * serialized once for its ack, its live copies and its replay (`pnpm bench`). `encodeFrame`
 * checks those parts against the `ServerFrame` union: a key the frame does not have, a missing
 * required key, or JSON of the wrong type is a compile error.
 */
import type { ServerFrame } from '@atendo/shared';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** JSON text of a value of type V. */
export type Json<V> = string & { readonly __json?: V };

export function toJson<V>(value: V): Json<V> {
  return JSON.stringify(value) as Json<V>;
}

/** Each field of a frame as JSON text (optional fields stay optional). */
type Parts<F> = { [K in keyof F]: Json<F[K]> };

/** A frame's text from its type and parts that are JSON already, in the parts' order. */
export function encodeFrame<T extends ServerFrame['type']>(type: T, parts: Parts<Omit<FrameOf<T>, 'type'>>): string {
  let text = `{"type":"${type}"`;
  const fields = parts as Record<string, string | undefined>;
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) text += `,"${key}":${value}`;
  }
  return text + '}';
}
