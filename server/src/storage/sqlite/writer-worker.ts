/**
 * The writer thread (see writer.ts): its own SQLite connection, running the storage half of the send
 * path (`ConversationService.storeBatch`) for batches the event loop hands it. It only stores and
 * reads back; events, acks and fan-out stay on the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConversationService } from '../../domain/conversations';
import { AppError } from '../../domain/errors';
import { EventBus } from '../../domain/events';
import { openDb } from './client';
import type { WriterReply, WriterRequest } from './writer';

const db = openDb((workerData as { file: string }).file, { migrate: false });
// Events are the event loop's: the bus here has no listeners. Author names are added there too.
const conversations = new ConversationService(db, new EventBus(), () => null);

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
    const { stored, conversations: rows } = conversations.storeBatch(req.batch);
    reply = { id: req.id, ok: true, stored: stored.map((s) => (s.ok ? s : { ok: false, error: plainError(s.error) })), conversations: rows };
  } catch (error) {
    reply = { id: req.id, ok: false, error: plainError(error) };
  }
  parentPort!.postMessage(reply);
});
