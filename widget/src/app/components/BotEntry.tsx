/**
 * The answer bot's foothold in the panel: the lazy load of its message (article cards, buttons,
 * what they show, strings, styles) from `../bot/`, so the panel-open budget does not carry it.
 * Until the chunk is there (or when it cannot load), the message is a plain bubble from the team.
 */
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { BotCardProps } from '../bot/BotMessage';

let chunk: Promise<ComponentType<BotCardProps>> | undefined;
/** Import the bot chunk once per page; a failed import is retried by the next bot message drawn. */
function loadBot(): Promise<ComponentType<BotCardProps>> {
  chunk ??= import('../bot/BotMessage').then(
    (m) => m.BotCard,
    (err: unknown) => {
      chunk = undefined;
      throw err;
    },
  );
  return chunk;
}

/** A bot message: the chunk's card once loaded, else `fallback` (the plain bubble). */
export function BotEntry(props: BotCardProps & { fallback: ComponentChildren }) {
  const [Bot, setBot] = useState<{ C: ComponentType<BotCardProps> } | null>(null);
  useEffect(() => {
    let live = true;
    loadBot().then(
      (C) => live && setBot({ C }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return Bot ? <Bot.C {...props} /> : <>{props.fallback}</>;
}
