import type { ComponentChildren, JSX } from 'preact';
import { navigate } from '../state/route';

type Props = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children: ComponentChildren };

/** An in-app link: a real `<a href>` (open in new tab works) that routes without a page load. */
export function Link({ href, onClick, ...rest }: Props) {
  function handle(e: JSX.TargetedMouseEvent<HTMLAnchorElement>) {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={handle} {...rest} />;
}
