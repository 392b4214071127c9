import type { SerializeFrom } from "@remix-run/node";
import type { CentreStatus } from "~/domain/counting";
import type { getCentre } from "~/models/centre.server";
import type { listCentreEvents } from "~/models/centre-events.server";
import type { centreAuditPage, centreTimelinePage } from "~/models/centre-timeline.server";
import type { ChecklistProgress } from "~/models/checklist.server";
import type { ReferenceOption } from "~/models/reference.server";

type CentreEventRow = ReturnType<typeof listCentreEvents>[number];

/** What the centre page shows; its loader (routes/centres.$centreId) `satisfies` this. */
export type CentrePage = {
  centre: NonNullable<ReturnType<typeof getCentre>>;
  today: string;
  daysInStage: number;
  status: CentreStatus | null;
  events: CentreEventRow[];
  timeline: ReturnType<typeof centreTimelinePage<CentreEventRow>>;
  audit: ReturnType<typeof centreAuditPage>;
  checklist: ChecklistProgress;
  canEdit: boolean;
  canWork: boolean;
  canInvite: boolean;
  canLogRequest: boolean;
  lists: Record<"countries" | "districts" | "parks" | "industries" | "stages", ReferenceOption[]>;
};

/** The centre page's data as its components receive it. */
export type CentrePageData = SerializeFrom<() => CentrePage>;
