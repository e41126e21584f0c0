import { renderMarkdown, type H } from '@atendo/shared';
import { h, type VNode } from 'preact';

const vnode = h as unknown as H<VNode>;

/** Article Markdown as elements (shared renderer: no raw HTML, only http/https/mailto links). */
export function Markdown({ source, headingOffset = 2 }: { source: string; headingOffset?: number }) {
  return <>{renderMarkdown(source, vnode, { headingOffset })}</>;
}
