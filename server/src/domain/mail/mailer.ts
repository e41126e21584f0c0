/** The one place that knows nodemailer: an SMTP transport from ATENDO_SMTP_URL, and `send` for an outbox row. */
import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../../config';
import type { MailOutboxRow } from '../../storage/types';

/** Sends one outbox row; rejects with the reason when the server did not take it. */
export interface Mailer {
  send(row: MailOutboxRow): Promise<void>;
  close(): void;
}

/** A send failure no retry will fix (a 5xx answer other than authentication): the row fails at once. */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && ![530, 534, 535, 538].includes(code);
}

/** The headers kept as JSON on the row (Message-ID, In-Reply-To, References, Auto-Submitted…). */
function parseHeaders(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/**
 * `smtp://` connects in plain text and upgrades with STARTTLS when the server offers it; `smtps://`
 * is TLS from the first byte (port 465). Timeouts are short enough that a send ends well within the
 * outbox's lease.
 */
export function smtpMailer(config: Pick<MailConfig, 'smtpUrl' | 'from'>): Mailer {
  const url = config.smtpUrl;
  if (!url) throw new Error('smtpMailer needs ATENDO_SMTP_URL');
  // nodemailer is loaded with the first e-mail, not at start: a server without e-mail never pays for it.
  let transport: Promise<Transporter> | undefined;
  const ready = () =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }),
    ));
  return {
    async send(row) {
      const { 'Message-ID': messageId, 'In-Reply-To': inReplyTo, References: references, ...rest } = parseHeaders(row.headers);
      await (
        await ready()
      ).sendMail({
        from: { name: row.fromName ?? config.from.name, address: config.from.address },
        to: row.recipient,
        // One recipient, exactly as stored: never a list parsed out of what a visitor typed.
        envelope: { from: config.from.address, to: [row.recipient] },
        subject: row.subject,
        text: row.text,
        html: row.html,
        ...(row.replyTo ? { replyTo: row.replyTo } : {}),
        ...(messageId ? { messageId } : {}),
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references ? { references } : {}),
        headers: rest,
      });
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}
