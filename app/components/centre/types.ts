import type { useLoaderData } from "@remix-run/react";
import type { loader } from "~/routes/centres.$centreId";

/** What the centre page's loader sends, as its components receive it. */
export type CentrePageData = ReturnType<typeof useLoaderData<typeof loader>>;
