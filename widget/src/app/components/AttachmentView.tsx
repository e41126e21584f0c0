/** A file in a message (attachments): images as a thumbnail that opens full size, others as a download chip. */
import { formatBytes, isInlineImage, nameForType, type Locale, type MessageAttachment } from '@atendo/shared';
import type { T } from '../i18n';

export function AttachmentView({ a, origin, t, locale }: { a: MessageAttachment; origin: string; t: T; locale: Locale }) {
  const href = origin.replace(/\/$/, '') + a.url;
  if (isInlineImage(a.mime)) {
    return (
      <a class="att-img" href={href} target="_blank" rel="noopener noreferrer" title={t('openImage', { name: a.name })}>
        <img src={href} alt={a.name} loading="lazy" />
      </a>
    );
  }
  // Shown and saved under a name whose extension is the served type's (across origins a browser
  // ignores `download` and takes the server's Content-Disposition name, which is the same).
  const name = nameForType(a.name, a.mime);
  return (
    <a class="att-file" href={href} target="_blank" rel="noopener noreferrer" download={name}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM8 13h8v1.5H8zm0 3.5h8V18H8z" fill="currentColor" />
      </svg>
      <span class="att-name">{name}</span>
      <span class="att-size">{formatBytes(a.size, locale)}</span>
    </a>
  );
}
