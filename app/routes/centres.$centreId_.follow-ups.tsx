import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { buttonLink } from "~/components/steward-ui";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { canWorkOnCentre, safeRedirect } from "~/domain/permissions";
import {
  addFollowUp,
  cancelFollowUp,
  completeFollowUp,
  countClosedFollowUps,
  listFollowUps,
  reopenFollowUp,
  updateFollowUp,
} from "~/models/follow-up.server";
import { withPickedSteward } from "~/models/steward-pick.server";
import type { WriteResult } from "~/models/write-types.server";
import type { FieldErrors } from "~/schemas/forms";
import { EditFollowUpSchema, FollowUpStatusSchema, NewFollowUpSchema } from "~/schemas/interaction";
import { formRefusal, forbidden } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { CLOSED_FOLLOW_UPS } from "~/domain/steward-work";
import { formatNumber } from "~/utils/format";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { FollowUpCard, NewFollowUpForm, type FollowUpsActionData } from "~/components/follow-ups/follow-up-forms";
import { formValues } from "~/schemas/form-values";
import { requireCentrePage } from "./__centre-page.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("followUps.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  const canWork = canWorkOnCentre(user, centre);
  return {
    centre: { id: centre.id, nameZh: centre.nameZh, nameEn: centre.nameEn },
    me: { id: user.id, name: user.name },
    canWork,
    // Every open follow-up; the newest closed ones, more with `?closed=all` (CLOSED_FOLLOW_UPS).
    followUps: listFollowUps(centre.id, {
      closedLimit: new URL(request.url).searchParams.get("closed") === "all" ? CLOSED_FOLLOW_UPS.most : CLOSED_FOLLOW_UPS.first,
    }),
    closedTotal: countClosedFollowUps(centre.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  if (!canWorkOnCentre(user, centre)) forbidden();
  // The owner picker's text (a name or an email typed without JavaScript) names the owner's id.
  const { values, error: ownerError } = withPickedSteward(formValues(await readForm(request)), "owner_id", "owner_text");
  const named = String(values.intent ?? "");
  const followUpId = typeof values.follow_up_id === "string" ? values.follow_up_id : null;
  const fail = (fieldErrors: FieldErrors, status: number) =>
    data<FollowUpsActionData>({ intent: named, followUpId, fieldErrors, values }, { status });
  if (ownerError) return fail({ owner_id: ownerError }, 400);
  const t = getFixedT(await getLocale(request, user));

  const done = (result: WriteResult, message: string) => {
    if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
    const to = safeRedirect(values.redirectTo, `/centres/${centre.id}/follow-ups#follow-up-${result.id}`);
    return redirectWithToast(request, to, t(message));
  };
  const status = intent(
    FollowUpStatusSchema,
    ({ intent: change, follow_up_id }) => {
      const act = { complete: completeFollowUp, cancel: cancelFollowUp, reopen: reopenFollowUp }[change];
      const message = { complete: "followUps.completed", cancel: "followUps.cancelled", reopen: "followUps.reopened" }[change];
      return done(act(user, centre.id, follow_up_id), message);
    },
    // A refused status change is a choice that is not on offer.
    () => fail({ _form: "validation.invalidChoice" }, 400),
  );

  return runIntent(
    values,
    {
      create: intent(NewFollowUpSchema, (followUp) => done(addFollowUp(user, centre.id, followUp), "followUps.added")),
      update: intent(EditFollowUpSchema, (edit) =>
        done(updateFollowUp(user, centre.id, edit.followUpId, edit.followUp, edit.version), "followUps.saved"),
      ),
      complete: status,
      cancel: status,
      reopen: status,
    },
    (_name, fieldErrors) => fail(fieldErrors, 400),
  );
}

export default function CentreFollowUps() {
  const { t, i18n } = useTranslation();
  const { centre, canWork, followUps, closedTotal, me } = useLoaderData<typeof loader>();
  const name = i18n.language === "en" ? centre.nameEn : centre.nameZh;
  const open = followUps.filter((f) => f.status === "open");
  const closed = followUps.filter((f) => f.status !== "open");
  return (
    <div className="mx-auto max-w-3xl">
      <BackLink to={`/centres/${centre.id}/checklist`}>
        {t("checklist.title")} · {name}
      </BackLink>
      <PageHeader
        title={t("followUps.title")}
        subtitle={name}
        actions={
          canWork ? (
            <Link to={`/centres/${centre.id}/interactions/new`} className={buttonLink.primary}>
              {t("interactions.log")}
            </Link>
          ) : null
        }
      />
      {canWork ? (
        <Card title={t("followUps.addTitle")} className="mb-6">
          {/* A fresh, empty form once the follow-up it added is in the list. */}
          <NewFollowUpForm key={followUps.length} me={me} />
        </Card>
      ) : null}
      <section aria-labelledby="open-follow-ups" className="mb-6">
        <h2 id="open-follow-ups" className="mb-2 text-base font-semibold text-slate-800">
          {t("followUps.open")}{" "}
          <span className="rounded-full bg-slate-200 px-2 text-xs tabular-nums text-slate-700">{open.length}</span>
        </h2>
        {open.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            {t("followUps.noneOpen")}
          </p>
        ) : (
          <ul className="space-y-3">
            {open.map((f) => (
              <FollowUpCard key={f.id} f={f} canWork={canWork} />
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 ? (
        <section aria-labelledby="closed-follow-ups">
          <h2 id="closed-follow-ups" className="mb-2 text-base font-semibold text-slate-800">
            {t("followUps.closed")}
          </h2>
          <ul className="space-y-3">
            {closed.map((f) => (
              <FollowUpCard key={f.id} f={f} canWork={canWork} />
            ))}
          </ul>
          {closedTotal > closed.length ? (
            <p className="mt-3 text-sm text-slate-600" data-testid="closed-follow-ups-more">
              {t("followUps.closedShown", {
                formattedShown: formatNumber(closed.length, i18n.language),
                formattedCount: formatNumber(closedTotal, i18n.language),
              })}{" "}
              {closed.length < CLOSED_FOLLOW_UPS.most ? (
                <Link
                  to="?closed=all#closed-follow-ups"
                  preventScrollReset
                  className="font-medium text-brand-700 hover:underline"
                >
                  {t("followUps.showAllClosed")}
                </Link>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
