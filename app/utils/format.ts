/** Dates and numbers formatted for the locale, always in Beijing time so server and browser agree. */
const TIME_ZONE = "Asia/Shanghai";

export function formatDate(value: Date | string | number, locale: string) {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: TIME_ZONE }).format(date);
}

export function formatDateTime(value: Date | string | number, locale: string) {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: TIME_ZONE,
  }).format(new Date(value));
}

export function formatTime(value: Date | string | number, locale: string) {
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, options).format(value);
}

const isoDayInBeijing = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in Beijing as YYYY-MM-DD. */
export function todayInBeijing(now = new Date()) {
  return isoDayInBeijing.format(now);
}
