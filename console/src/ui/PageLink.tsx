import { safeHref, type PageView } from '@atendo/shared';
import { pagePath } from '../format';

/**
 * A page of the visitor's: its path (with query and hash route, without the origin) as a link that
 * opens it, the full address in its tooltip, and the page's title beside it when it has one. Both
 * are cut with an ellipsis rather than widening the table or the sidebar.
 */
export function PageLink({ page, testId }: { page: PageView; testId?: string }) {
  const path = pagePath(page.url);
  const title = page.title?.trim();
  return (
    <span class="page-ref" data-testid={testId}>
      <a
        class="page-path notranslate"
        href={safeHref(page.url)}
        target="_blank"
        rel="noopener noreferrer nofollow"
        title={page.url}
        dir="ltr"
        translate={false}
      >
        {path}
      </a>
      {title && title !== path && (
        <span class="page-name" title={title}>
          {title}
        </span>
      )}
    </span>
  );
}
