/**
 * The storage contract suite: one set of tests, registered once per implementation of the ports
 * (storage/sqlite/contract.test.ts: a SQLite file and :memory:; PostgreSQL next). Each aggregate's
 * part is in its own file; every test opens a fresh, empty, migrated store.
 */
import { describe } from 'vitest';
import type { Storage } from '../index';
import { accountsContract } from './accounts';
import { agentsContract } from './agents';
import { articlesContract } from './articles';
import { attachmentsContract } from './attachments';
import { botContract } from './bot';
import { consoleContract } from './console';
import { conversationsContract } from './conversations';
import { mailContract } from './mail';
import { notificationsContract } from './notifications';
import { apiTokensContract } from './api-tokens';
import { reportsContract } from './reports';
import { reportBreakdownsContract } from './report-breakdowns';
import { searchContract } from './search';
import { siteDeletionContract } from './site-deletion';
import { sitesContract } from './sites';
import { visitorsContract } from './visitors';
import { webhooksContract } from './webhooks';

/** A fresh, empty, migrated storage; `close` releases and removes it. */
export type OpenStorage = () => Promise<{ storage: Storage; close(): Promise<void> }>;

export function storageContractSuite(name: string, open: OpenStorage): void {
  describe(`storage contract: ${name}`, () => {
    conversationsContract(open);
    searchContract(open);
    visitorsContract(open);
    attachmentsContract(open);
    agentsContract(open);
    accountsContract(open);
    sitesContract(open);
    siteDeletionContract(open);
    articlesContract(open);
    botContract(open);
    consoleContract(open);
    reportsContract(open);
    reportBreakdownsContract(open);
    mailContract(open);
    notificationsContract(open);
    webhooksContract(open);
    apiTokensContract(open);
  });
}
