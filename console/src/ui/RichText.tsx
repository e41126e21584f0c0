import { Fragment } from 'preact';
import { linkify } from '@atendo/shared';

/**
 * User text as text nodes; only http(s) and mailto URLs (as `linkify` finds them) become links.
 * Nothing here ever goes through innerHTML.
 */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
