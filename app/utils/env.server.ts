import { z } from "zod";
import { DEV_SESSION_SECRET } from "../../db/demo-accounts";

/** An optional variable; set but empty (`NAME=` in an env file) counts as unset. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_PATH: z.string().min(1).default("data/rdc-steward.db"),
  SESSION_SECRET: z.string().min(16).optional(),
  DEMO_MODE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Set when the site is served over plain HTTP in production (e.g. behind a TLS proxy on localhost). */
  INSECURE_COOKIES: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** Base address for links in emails (invitations, requests). */
  APP_URL: z
    .string()
    .url()
    .default("http://localhost:3000")
    .transform((v) => v.replace(/\/+$/, "")),
  /** SMTP for outgoing email: either one URL (smtp://user:pass@host:587, smtps://… for TLS) or host and port. */
  SMTP_URL: optional(z.string().url()),
  SMTP_HOST: optional(z.string()),
  SMTP_PORT: z.coerce.number().int().positive().default(587),
  SMTP_USER: optional(z.string()),
  SMTP_PASS: optional(z.string()),
  SMTP_FROM: z.string().min(3).default("RDC Steward <no-reply@rdc-steward.local>"),
  /** Optional WeCom (企业微信) group-robot webhook for stewards' alerts. */
  WECOM_WEBHOOK_URL: optional(z.string().url()),
  /** Sessions end after this long without a request (idle lifetime)… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** …and at the latest this long after sign-in, however active (absolute lifetime). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /**
   * Failed sign-ins allowed per client address in 15 minutes, over all accounts. High, so that a
   * whole office behind one NAT address is not locked out; each account has its own limit of 5.
   */
  LOGIN_ADDRESS_LIMIT: z.coerce.number().int().min(5).max(100_000).default(100),
  /** `required`: admins must use two-factor sign-in (sent to enrol before any page works); `optional`: their choice. */
  ADMIN_TWO_FACTOR: z.enum(["required", "optional"]).default("required"),
  /** Run the outbox worker in the web process (sends queued email and WeCom messages). */
  OUTBOX_WORKER: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** `npm run bench` only: serves /bench/event-loop (the longest event-loop delay and the RSS); unset in production. */
  BENCH: z
    .enum(["1", "0", "true", "false", ""])
    .optional()
    .transform((v) => v === "1" || v === "true"),
  /** Compute the dashboard's figures and workbooks on a worker thread (`false`: on the request thread). */
  FIGURES_WORKER: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Backups (`npm run backup`): where they go (default: backups/ beside the database) and how many the rotation keeps. */
  BACKUP_DIR: optional(z.string()),
  BACKUP_KEEP_DAILY: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).max(366).default(7)),
  BACKUP_KEEP_WEEKLY: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).max(520).default(4)),
});

function parseEnv() {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error("SESSION_SECRET must be set in production (at least 16 characters).");
  }
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
  };
}

export const env = parseEnv();
export const isProduction = env.NODE_ENV === "production";
