import { useNavigate, useSubmit } from "@remix-run/react";

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

/**
 * Submits a plain `<form>` (given as its `onSubmit`) inside the app, as Remix's <Form> does: the
 * form's own method and action, the clicked button's name and value. One handler for a list of
 * one-click forms: each <Form> runs its own hooks while rendering (issue 14). Without
 * JavaScript the forms post as they are.
 */
export function useInAppSubmit() {
  const submit = useSubmit();
  return (event: React.FormEvent<HTMLFormElement>) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | HTMLInputElement | null;
    const form = event.currentTarget;
    const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toLowerCase();
    submit(submitter ?? form, { method: method === "post" ? "post" : "get" });
  };
}
