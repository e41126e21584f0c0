/** Shapes of the things Atendo stores, as they travel on the wire (times are epoch milliseconds). */
import type { TeamStatus } from './hours';
import type { WidgetSettings } from './widget-settings';
import type { MessageAttachment } from './attachments';
import type { Rating } from './ratings';
import type { Locale } from './i18n';

/** `bot`: the answer bot (it offers help articles before a person answers; `Message.bot` holds them). */
export type Author = 'visitor' | 'agent' | 'system' | 'bot';
/** The answer bot per site: off, on every new conversation, or only when nobody can answer (no agent online, or outside hours). */
export type BotMode = 'off' | 'always' | 'offline';
/**
 * The answer bot in a conversation: it offered articles (`answered`, its buttons wait), the visitor
 * said one answered it (`resolved`), the visitor asked for a person or wrote instead (`handed_over`),
 * or a person wrote while the buttons waited (`taken_over`: no hand-over, no verdict on the articles).
 */
export type BotState = 'answered' | 'resolved' | 'handed_over' | 'taken_over';
/** An article the bot offers: its title and the passage that best matches the question. */
export interface BotArticle {
  id: string;
  title: string;
  excerpt: string;
}
/** What a bot message carries besides its text. */
export interface BotCard {
  articles: BotArticle[];
}
/** `pending` = waiting on the visitor (still needs no agent action until they answer). */
export type ConversationStatus = 'open' | 'pending' | 'resolved';
export type AgentRole = 'admin' | 'agent';

export interface Message {
  id: string;
  conversationId: string;
  /** Position in the conversation: 1, 2, 3… with no gaps, assigned by the server. */
  seq: number;
  /** The sender's idempotency key. */
  clientId: string;
  author: Author;
  /** Set when `author` is `agent`. */
  agentId: string | null;
  /** Display name of the sender, for agent messages. */
  authorName: string | null;
  body: string;
  createdAt: number;
  /** A file sent with the message; the body is then its caption, or its name. */
  attachment?: MessageAttachment;
  /** 'email': a visitor's answer that came by e-mail (the console shows it). Absent for the chat. */
  via?: 'email';
  /** A bot message's articles (author `bot`). */
  bot?: BotCard;
}

export interface Conversation {
  id: string;
  siteId: string;
  visitorId: string;
  visitorName: string | null;
  /** The visitor's identity was signed by the site's backend (identity verification). */
  visitorVerified?: boolean;
  /** The e-mail the visitor gave (pre-chat / leave-a-message form) or their identity carried. */
  visitorEmail?: string | null;
  status: ConversationStatus;
  /** The agent handling it; null while unassigned. */
  assigneeId?: string | null;
  /** Tag names, e.g. ["billing"]. */
  tags?: string[];
  /** seq of the newest message (0 when empty). */
  lastSeq: number;
  lastMessagePreview: string | null;
  lastMessageAuthor: Author | null;
  lastActivityAt: number;
  /** Visitor messages the agents have not read yet. */
  unreadCount: number;
  createdAt: number;
  /** Read receipt: highest seq the visitor has read (agents show "Seen" on their replies). */
  visitorReadSeq?: number;
  /** End of conversation feedback (CSAT / NPS / comment); null until the visitor answers. */
  rating?: Rating | null;
  /** The answer bot in this conversation; absent when it never answered. */
  botState?: BotState | null;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  /** What the agent chose in the console; only online agents get auto-assigned conversations. */
  status?: AgentStatus;
}

export type AgentStatus = 'online' | 'away';

/** What the widget needs to draw itself; public. */
export interface WidgetConfig {
  siteId: string;
  teamName: string;
  greeting: string;
  color: string;
  /** Corner of the launcher (default right). */
  position?: 'right' | 'left';
  /** Text beside the launcher bubble ('' = icon only). */
  launcherLabel?: string;
  /** True when at least one agent is online with a console open; false → offer to leave a message. */
  available?: boolean;
  /** Avatar, pre-chat form, business hours, survey, proactive triggers (see widget-settings.ts). */
  settings?: WidgetSettings;
  /** Business hours now (shared/src/hours.ts `teamStatus`); times are epoch ms. */
  hours?: TeamStatus;
  /** Languages that have published help articles (the widget offers them before the chat). */
  articles?: Locale[];
  /** Largest file a visitor may attach, in bytes (ATENDO_MAX_UPLOAD_MB). */
  maxUploadBytes?: number;
  /** True when the server e-mails agents' replies to a visitor who left (ATENDO_SMTP_URL set); else the widget promises no e-mail. */
  emailReplies?: boolean;
}

/** A site as the console sees it. */
export interface Site extends WidgetConfig {
  name: string;
  /** The one-line `<script>` tag to paste into the site's pages. */
  snippet: string;
  createdAt: number;
}

/** A site's security settings, for admins (PUT /sites/:id/security). */
export interface SiteSecurity {
  siteId: string;
  /** Exact origins (scheme://host[:port]) whose pages may run the widget. */
  allowedOrigins: string[];
  /** Refuse visitors without a correctly signed identity. */
  identityRequired: boolean;
  /** HMAC-SHA256 key for identity hashes; keep it on your backend only. */
  secret: string;
}

/** The visitor's own view of a conversation (no agent-only fields). */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  lastSeq: number;
  /** Read receipts: highest seq an agent has read ("Seen" on the visitor's messages). */
  agentReadSeq?: number;
  /** Highest seq the visitor has read in any tab (unread badge = agent messages after it). */
  visitorReadSeq?: number;
  /** The visitor already answered the end of conversation survey (the widget does not ask again). */
  rated?: boolean;
  /** Messages from the team after `visitorReadSeq` (absent when none): the closed bubble's badge. */
  unread?: number;
  /** The answer bot here: `answered` while its buttons wait for the visitor; absent when it never answered. */
  botState?: BotState | null;
}
