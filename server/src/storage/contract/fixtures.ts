/** Rows the contract tests start from, written through the ports' `insert` methods only. */
import type { AgentRow, ArticleRow, AttachmentRow, SiteRow, Storage, VisitorRow } from '../index';
import { hashToken, newId, newToken } from '../../domain/ids';

export async function aSite(storage: Storage, patch: Partial<SiteRow> = {}): Promise<SiteRow> {
  const row: SiteRow = {
    id: newId(),
    name: 'Site',
    teamName: 'Team',
    greeting: '',
    color: '#2563eb',
    secret: newToken(),
    allowedOrigins: '[]',
    identityRequired: false,
    position: 'right',
    launcherLabel: '',
    widgetSettings: '{}',
    botMode: 'off',
    createdAt: Date.now(),
    ...patch,
  };
  await storage.sites.insert(row);
  return row;
}

/** A visitor row as `VisitorService.create` builds it, not stored. */
export function visitorRow(siteId: string, patch: Partial<VisitorRow> = {}): VisitorRow {
  const now = Date.now();
  return {
    id: newId(),
    siteId,
    tokenHash: hashToken(newToken()),
    name: null,
    email: null,
    externalId: null,
    verified: false,
    locale: null,
    lastPageUrl: null,
    lastPageTitle: null,
    referrer: null,
    userAgent: null,
    timezone: null,
    sessionPages: '[]',
    sessionStartedAt: null,
    attributes: '{}',
    createdAt: now,
    lastSeenAt: now,
    firstClientId: null,
    ...patch,
  };
}

/** A stored visitor, with the token its hash was made from. */
export async function aVisitor(storage: Storage, siteId: string, patch: Partial<VisitorRow> = {}): Promise<VisitorRow & { token: string }> {
  const token = newToken();
  const row = visitorRow(siteId, { tokenHash: hashToken(token), ...patch });
  await storage.visitors.insert(row);
  return { ...row, token };
}

/** An uploaded file's row (metadata only), not stored. */
export function anUpload(siteId: string, uploaderId: string, patch: Partial<AttachmentRow> = {}): AttachmentRow {
  return {
    id: newId(),
    siteId,
    uploaderKind: 'visitor',
    uploaderId,
    conversationId: null,
    name: 'file.pdf',
    mime: 'application/pdf',
    size: 10,
    key: newToken(),
    createdAt: Date.now(),
    ...patch,
  };
}

export async function anAgent(storage: Storage, patch: Partial<AgentRow> = {}): Promise<AgentRow> {
  const id = newId();
  const row: AgentRow = {
    id,
    email: `${id}@example.com`,
    name: `Agent ${id.slice(0, 4)}`,
    role: 'agent',
    passwordHash: 'x',
    status: 'away',
    capacity: 5,
    lastAssignedAt: 0,
    createdAt: Date.now(),
    deactivatedAt: null,
    invitedAt: null,
    totpSecret: null,
    totpLastStep: 0,
    notifySettings: '{}',
    ...patch,
  };
  await storage.agents.insert(row);
  return row;
}

/** A published English article (not stored: the article contract stores it itself). */
export function anArticle(siteId: string, patch: Partial<ArticleRow> = {}): ArticleRow {
  const now = Date.now();
  return {
    id: newId(),
    siteId,
    locale: 'en',
    title: 'Title',
    body: 'Body',
    published: true,
    views: 0,
    helpful: 0,
    notHelpful: 0,
    botOffered: 0,
    botHelped: 0,
    botNotHelped: 0,
    createdAt: now,
    updatedAt: now,
    ...patch,
  };
}
