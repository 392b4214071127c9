import { micromark } from "micromark";

/**
 * Markdown to HTML for the policy library's article bodies, safely: CommonMark by micromark
 * with raw HTML off (a `<script>` or `<b>` typed into an article shows as text) and dangerous
 * link protocols off (`javascript:` links lose their address). The output is the only HTML a
 * page inserts as such.
 */
export function renderMarkdown(text: string): string {
  return micromark(text, { allowDangerousHtml: false, allowDangerousProtocol: false });
}
