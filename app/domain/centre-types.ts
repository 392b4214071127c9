/**
 * Centre types under Beijing's 2022 rules:
 * R&D innovation centre (研发创新中心) or open innovation platform (开放式创新平台).
 */
export const CENTRE_TYPES = ["rd_innovation_centre", "open_innovation_platform"] as const;

export type CentreType = (typeof CENTRE_TYPES)[number];

export function isCentreType(value: unknown): value is CentreType {
  return typeof value === "string" && (CENTRE_TYPES as readonly string[]).includes(value);
}
