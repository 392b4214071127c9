import { z } from "zod";

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
    SESSION_SECRET: env.SESSION_SECRET ?? "dev-only-secret-not-for-production",
  };
}

export const env = parseEnv();
export const isProduction = env.NODE_ENV === "production";
