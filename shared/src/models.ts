/** Shapes of the things Atendo stores, as they travel on the wire (times are epoch milliseconds). */

export type Author = 'visitor' | 'agent' | 'system';
export type ConversationStatus = 'open' | 'resolved';
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
}

export interface Conversation {
  id: string;
  siteId: string;
  visitorId: string;
  visitorName: string | null;
  status: ConversationStatus;
  /** seq of the newest message (0 when empty). */
  lastSeq: number;
  lastMessagePreview: string | null;
  lastMessageAuthor: Author | null;
  lastActivityAt: number;
  /** Visitor messages the agents have not read yet. */
  unreadCount: number;
  createdAt: number;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
}

/** What the widget needs to draw itself; public. */
export interface WidgetConfig {
  siteId: string;
  teamName: string;
  greeting: string;
  color: string;
}

/** A site as the console sees it. */
export interface Site extends WidgetConfig {
  name: string;
  /** The one-line `<script>` tag to paste into the site's pages. */
  snippet: string;
  createdAt: number;
}

/** The visitor's own view of a conversation (no agent-only fields). */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  lastSeq: number;
}
