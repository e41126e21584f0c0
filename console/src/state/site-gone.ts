/** A site was deleted (by this admin or another, on any server instance): nothing of it stays on screen. */
import { batch } from '@preact/signals';
import { closeConversation, openId } from './chat';
import { conversationsById, listSite, memberIds } from './conversations';
import { loadInbox } from './inbox';
import { inboxHref, navigate, route } from './route';
import { removeSite } from './sites';

/** Drop the site from the pickers and its conversations from the lists; leave its open conversation. */
export function siteGone(siteId: string): void {
  removeSite(siteId);
  const byId = conversationsById.value;
  const gone = new Set(
    Object.values(byId)
      .filter((c) => c.siteId === siteId)
      .map((c) => c.id),
  );
  const open = openId.value;
  batch(() => {
    if (gone.size) {
      conversationsById.value = Object.fromEntries(Object.entries(byId).filter(([id]) => !gone.has(id)));
      memberIds.value = memberIds.value.filter((id) => !gone.has(id));
    }
    if (open && gone.has(open)) {
      closeConversation();
      if (route.value.page === 'inbox') navigate(inboxHref);
    }
  });
  // The counts on the tabs and the top bar are the server's: read them (and the list) again; an
  // inbox filtered to that site shows every site's again.
  if (listSite.value === siteId) void loadInbox(undefined, false, { site: null });
  else void loadInbox(undefined, true);
}
