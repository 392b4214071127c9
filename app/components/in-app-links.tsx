import { useNavigate } from "@remix-run/react";

/**
 * Follows a click on a plain app link (`<a href="/…">`) inside the element that has this handler
 * without a full page load, as <Link> does: a plain left click, not a download or a new tab.
 * Long lists use plain anchors and one handler: each <Link> resolves its path and prefetch
 * behaviour while rendering, which on a list of 50 rows cost more than its SQL (issue 14).
 * Without JavaScript the anchors work as they are.
 */
export function useInAppNavigation() {
  const navigate = useNavigate();
  return (event: React.MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const anchor = (event.target as Element).closest("a");
    const href = anchor?.getAttribute("href");
    if (!anchor || !href?.startsWith("/") || href.startsWith("//") || anchor.hasAttribute("download") || anchor.target) return;
    event.preventDefault();
    navigate(href);
  };
}
