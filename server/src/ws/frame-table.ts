/** A frame table: one handler per frame type of a union; a type without a handler is a compile error. */
import type { Connection } from './connection';
import type { SocketContext } from './context';

export type FrameTable<Frame extends { type: string }, State> = {
  [T in Frame['type']]: (ctx: SocketContext, conn: Connection, state: State, frame: Extract<Frame, { type: T }>) => void | Promise<void>;
};

/** Run the frame's handler from `table`. */
export function dispatch<Frame extends { type: string }, State>(
  table: FrameTable<Frame, State>,
  ctx: SocketContext,
  conn: Connection,
  state: State,
  frame: Frame,
): void | Promise<void> {
  const handler = table[frame.type as Frame['type']] as (ctx: SocketContext, conn: Connection, state: State, frame: Frame) => void | Promise<void>;
  return handler(ctx, conn, state, frame);
}
