/**
 * The highest seq s such that 1..s are all in `messages` (ascending by seq, each seq once): where a
 * resume or a catch-up fetch starts, so a live frame that never arrived is fetched, not skipped.
 */
export function contiguousSeq(messages: readonly { seq: number }[]): number {
  let k = 0;
  for (const m of messages) {
    if (m.seq !== k + 1) break;
    k = m.seq;
  }
  return k;
}
