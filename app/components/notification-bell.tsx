import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";

/**
 * The header's bell: for stewards and admins a link to /notifications with the unread count;
 * for enterprise users a link to their email settings. Nothing for officials or visitors.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const bell = useRootData()?.notificationBell;
  if (!bell) return null;
  const unread = bell.unread ?? 0;
  const label =
    bell.unread === null
      ? t("notifications.settingsLink")
      : unread > 0
        ? t("notifications.bell", { count: unread })
        : t("notifications.bellNone");
  return (
    <Link
      to={bell.href}
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-md hover:bg-white/10"
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="h-5 w-5"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden
          data-testid="notification-count"
          className="absolute -right-1 -top-1 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
