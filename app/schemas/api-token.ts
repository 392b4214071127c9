import { z } from "zod";
import { requiredText } from "./forms";

/** A new API token: only its name; the token itself is made on the server. */
export const NewTokenSchema = z.object({ name: requiredText(100) });
export type NewTokenInput = z.input<typeof NewTokenSchema>;

export const RevokeTokenSchema = z.object({ tokenId: z.string().min(1).max(64) });
