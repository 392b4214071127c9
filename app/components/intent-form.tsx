import { Form } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

/**
 * A plain POST form for one of a page's actions (works without JavaScript): the CSRF token, the
 * `intent` the route's action dispatches on, and the record it acts on as hidden fields, in order.
 */
export function IntentForm({
  intent,
  values = {},
  className,
  children,
}: {
  intent: string;
  values?: Record<string, string | number>;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" className={className}>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </Form>
  );
}
