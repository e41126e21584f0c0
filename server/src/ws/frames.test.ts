import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@atendo/shared';
import { encodeFrame, toJson } from './frames';

describe('encodeFrame', () => {
  it('builds the same JSON as JSON.stringify of the frame, leaving out absent optional fields', () => {
    const message = {
      id: 'm1',
      conversationId: 'c1',
      seq: 3,
      clientId: 'k',
      author: 'visitor',
      agentId: null,
      authorName: null,
      body: 'olá "x"',
      createdAt: 1,
    } as Message;
    const conversation = { id: 'c1', status: 'open' } as Conversation;
    expect(JSON.parse(encodeFrame('message', { message: toJson(message) }))).toEqual({ type: 'message', message });
    expect(encodeFrame('message', { message: toJson(message), conversation: toJson(conversation) })).toBe(
      JSON.stringify({ type: 'message', message, conversation }),
    );
    expect(encodeFrame('ack', { clientId: toJson('a"b'), message: toJson(message) })).toBe(JSON.stringify({ type: 'ack', clientId: 'a"b', message }));
    expect(encodeFrame('history', { conversationId: toJson('c1'), after: toJson(0), messages: toJson([message]), more: toJson(false) })).toBe(
      JSON.stringify({ type: 'history', conversationId: 'c1', after: 0, messages: [message], more: false }),
    );
  });

  // Checked by `pnpm typecheck`: each @ts-expect-error fails the type check if its line compiles.
  it('refuses, at compile time, fields a frame does not have or JSON of the wrong type', () => {
    // @ts-expect-error `conversation` frames have no `message` field
    encodeFrame('conversation', { conversation: toJson({} as Conversation), message: toJson({} as Message) });
    // @ts-expect-error a message's JSON is not a conversation's
    encodeFrame('conversation', { conversation: toJson({} as Message) });
    // @ts-expect-error `ack` needs its clientId
    encodeFrame('ack', { message: toJson({} as Message) });
  });
});
