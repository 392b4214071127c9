import { useTranslation } from "react-i18next";

/** The frame of a page opened from an emailed link (an invitation, a password reset). */
export function LinkPanel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg py-6 md:py-12">
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {children}
      </section>
    </div>
  );
}

/** Too many attempts from this address: when to try again. `messages` is the page's key prefix. */
export function RateLimitedPanel({ messages, retryAt }: { messages: "invite" | "passwordReset"; retryAt: string }) {
  const { t } = useTranslation();
  return (
    <LinkPanel title={t(`${messages}.rateLimitedTitle`)}>
      <p role="alert" className="mt-3 text-slate-700">
        {t(`${messages}.rateLimited`, { time: retryAt })}
      </p>
    </LinkPanel>
  );
}
