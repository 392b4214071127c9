/** Dates and numbers formatted for the locale, always in Beijing time so server and browser agree. */
const TIME_ZONE = "Asia/Shanghai";

// Building an Intl formatter is costly: keep one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(locale: string, style: "date" | "dateTime" | "time") {
  const key = `${locale}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions =
      style === "date"
        ? { year: "numeric", month: "short", day: "numeric" }
        : style === "dateTime"
          ? { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
          : { hour: "2-digit", minute: "2-digit" };
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE });
    formatters.set(key, formatter);
  }
  return formatter;
}

// Lists show the same few dates many times: remember each day's text (bounded; the keys are dates).
const formattedDays = new Map<string, string>();

export function formatDate(value: Date | string | number, locale: string) {
  const key = typeof value === "string" ? `${locale}|${value}` : null;
  const known = key === null ? undefined : formattedDays.get(key);
  if (known !== undefined) return known;
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
  const text = dateFormatter(locale, "date").format(date);
  if (key !== null) {
    if (formattedDays.size >= 5_000) formattedDays.clear();
    formattedDays.set(key, text);
  }
  return text;
}

export function formatDateTime(value: Date | string | number, locale: string) {
  return dateFormatter(locale, "dateTime").format(new Date(value));
}

export function formatTime(value: Date | string | number, locale: string) {
  return dateFormatter(locale, "time").format(new Date(value));
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

// A report shows the same counts many times: remember the plain (no options) texts of whole numbers (bounded).
const formattedCounts = new Map<string, string>();

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions) {
  if (!options && Number.isInteger(value) && !Object.is(value, -0)) {
    const countKey = `${locale}|${value}`;
    let text = formattedCounts.get(countKey);
    if (text === undefined) {
      if (formattedCounts.size >= 5_000) formattedCounts.clear();
      formattedCounts.set(countKey, (text = numberFormatter(locale).format(value)));
    }
    return text;
  }
  return numberFormatter(locale, options).format(value);
}

function numberFormatter(locale: string, options?: Intl.NumberFormatOptions) {
  const key = options ? `${locale}|${JSON.stringify(options)}` : locale;
  let formatter = numberFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    numberFormatters.set(key, formatter);
  }
  return formatter;
}

const isoDayInBeijing = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Beijing as YYYY-MM-DD. */
export function todayInBeijing(now = new Date()) {
  return isoDayInBeijing.format(now);
}

/**
 * A file size for people: bytes below 1 kB ("156 B"), then kB and MB with one decimal below 10
 * ("1.5 kB", "23 kB", "4.2 MB"). Units of 1,024; the unit symbols are the same in both languages.
 */
export function formatFileSize(bytes: number, locale: string) {
  const symbols = ["B", "kB", "MB", "GB"] as const;
  let index = 0;
  let value = Math.max(0, bytes);
  // Move up while the shown number would reach 1,024 (so never "1,024 kB").
  while (index < symbols.length - 1 && Math.round(value) >= 1024) {
    value /= 1024;
    index++;
  }
  const digits = index > 0 && value < 9.95 ? 1 : 0;
  return `${formatNumber(value, locale, { maximumFractionDigits: digits })} ${symbols[index]}`;
}
