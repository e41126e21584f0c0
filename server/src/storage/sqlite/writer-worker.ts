/**
 * The writer thread (see writer.ts): its own SQLite connection, running the SQLite conversation
 * store's batch append (`SqliteConversationStore.appendBatchSync`) for batches the event loop hands
 * it. It only stores and reads back; events, acks and fan-out stay on the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../domain/errors';
import { openDb } from './client';
import { SqliteConversationStore } from './conversations';
import { SqliteSearchStore } from './search';
import type { WriterReply, WriterRequest } from './writer';

const { file } = workerData as { file: string };
const db = openDb(file, { migrate: false });
// This connection's own store (no thread of its own) and search indexer (the send path's `soon`).
const conversations = new SqliteConversationStore(db, file, new SqliteSearchStore(db), { writer: false });

/** Refusals cross the thread boundary as plain data and become AppErrors again on the other side. */
function plainError(error: unknown) {
  if (error instanceof AppError) return { app: true as const, code: error.code, message: error.message, details: error.details };
  return { app: false as const, message: error instanceof Error ? error.message : String(error) };
}

parentPort!.postMessage('ready');
parentPort!.on('message', (req: WriterRequest | 'close') => {
  if (req === 'close') {
    db.$client.close();
    parentPort!.close();
    return;
  }
  let reply: WriterReply;
  try {
    const { stored, conversations: rows } = conversations.appendBatchSync(req.sends, req.assignable);
    reply = { id: req.id, ok: true, stored: stored.map((s) => (s.ok ? s : { ok: false, error: plainError(s.error) })), conversations: rows };
  } catch (error) {
    reply = { id: req.id, ok: false, error: plainError(error) };
  }
  parentPort!.postMessage(reply);
});
