import type { Permission } from "~/domain/permissions";
import { useRootData } from "~/components/use-root-data";

/** The one UI helper for permissions: hides what the signed-in user cannot do. */
export function useCan() {
  const permissions = useRootData()?.user?.permissions ?? [];
  return (permission: Permission) => (permissions as readonly string[]).includes(permission);
}
