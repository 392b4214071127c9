import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { TFunction } from "i18next";
import { Button } from "~/components/ui/button";
import { useValidatedForm } from "~/components/use-validated-form";
import { SelectField, TextField } from "~/components/ui/field";
import type { Level } from "~/domain/levels";
import type { PipelineCard, PipelineColumn } from "~/models/pipeline.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { moveCentreSchemaFor, type MoveCentreValues } from "~/schemas/pipeline";
import { formatDate, formatNumber } from "~/utils/format";
import { labelOf } from "~/utils/labels";

/**
 * The pipeline board: a column per stage, a card per centre, and on each card the centre may be
 * moved from a plain form (it posts without JavaScript; with it, the form hook checks it first
 * and submits it through Remix). A board shows up to 350 cards, so cards hold no hooks: what
 * every card shares (labels, options, the CSRF token, the server's answer to a refused move) is
 * worked out once per page and passed down; only the open move form holds one.
 *
 * A card's move form is rendered only once asked for: each card the user may move carries a
 * link to the same board with `?move=<centre>` (the page then renders that card's form, open;
 * without JavaScript that is a page load), and with JavaScript the board's one click handler
 * opens it in place instead. Rendering a form on every card was about a third of the page's
 * CPU (issue 14). The card whose move was refused shows its form with the errors.
 */
export type BoardShared = {
  t: TFunction;
  language: string;
  today: string;
  csrf: string;
  /** The server's answer to a refused move: the card, its field errors and the values posted. */
  shown: { centreId: string; fieldErrors: FieldErrors; values: Record<string, string> } | null;
  /** The card whose move is being submitted. */
  busyId: string | null;
  /** The card whose move form is open (`?move=`, or opened in the page), besides the one `shown`. */
  openId: string | null;
  /** This board's URL with `move=` set to a card: the no-JavaScript way to its form. */
  moveHref: (centreId: string) => string;
  /** A translated text remembered by key for the board: many cards share a level, a day count, a steward. */
  once: (key: string, translate: () => string) => string;
  /** The move form's texts, translated once for the board. */
  labels: Record<"open" | "stage" | "effectiveOn" | "effectiveHint" | "note" | "submit" | "submitting", string>;
};

/** The move form's texts, translated once per board rather than once per card. */
export function moveLabels(t: TFunction): BoardShared["labels"] {
  return {
    open: t("pipeline.move.open"),
    stage: t("pipeline.move.stage"),
    effectiveOn: t("pipeline.move.effectiveOn"),
    effectiveHint: t("pipeline.move.effectiveHint"),
    note: t("pipeline.move.note"),
    submit: t("pipeline.move.submit"),
    submitting: t("pipeline.move.submitting"),
  };
}

/** Each card's parts carry one short class (app/tailwind.css): a board has up to 350 cards (issue 14). */
const LEVEL_BADGE: Record<Level, string> = {
  regional: "pipe-badge pipe-badge-regional",
  greater_regional: "pipe-badge pipe-badge-greater",
  global: "pipe-badge pipe-badge-global",
};

type MoveOptions = { options: { value: string; label: string }[]; next: string };

/**
 * A card's open move form. It is rendered only for the card asked for (and the one whose move
 * was refused), never for every card, so it can hold the one form hook: the move schema checks
 * it in the browser with the card's stage date, and the server's answer shows until a field is
 * edited. Without JavaScript the plain form posts and the action answers with the same schema.
 */
function MoveForm({ card, move, shared }: { card: PipelineCard; move: MoveOptions; shared: BoardShared }) {
  const { t, language, today, labels } = shared;
  const answer = shared.shown?.centreId === card.id ? shared.shown : null;
  const schema = useMemo(() => moveCentreSchemaFor(card.stageSince), [card.stageSince]);
  const form = useValidatedForm<MoveCentreValues>(schema, {
    serverErrors: answer?.fieldErrors ?? null,
    defaultValues: {
      intent: "stage",
      centreId: card.id,
      stage: answer?.values.stage ?? move.next,
      effective_on: answer?.values.effective_on ?? today,
      note: answer?.values.note ?? "",
    },
  });
  const formError = answer?.fieldErrors._form;
  const busy = shared.busyId === card.id;
  const id = (field: string) => `move-${card.id}-${field}`;
  return (
    <details open className="group mt-3 border-t border-slate-100 pt-2">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded text-xs font-medium text-brand-700 hover:text-brand-900 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="inline-block transition group-open:rotate-90">
          ▸
        </span>
        {labels.open}
        <span className="sr-only">: {language === "en" ? card.nameEn : card.nameZh}</span>
      </summary>
      <form method="post" noValidate onSubmit={form.onSubmit} className="mt-2 space-y-2" data-testid={`move-form-${card.id}`}>
        <input type="hidden" name="csrf" value={shared.csrf} />
        <input type="hidden" {...form.field("intent")} />
        <input type="hidden" {...form.field("centreId")} />
        {formError ? (
          <p role="alert" className="text-xs text-red-700">
            {translateError(t, formError)}
          </p>
        ) : null}
        <SelectField
          id={id("stage")}
          label={labels.stage}
          options={move.options}
          error={form.errorOf("stage")}
          {...form.field("stage")}
        />
        <TextField
          id={id("effective_on")}
          label={labels.effectiveOn}
          type="date"
          min={card.stageSince}
          max={today}
          hint={labels.effectiveHint}
          error={form.errorOf("effective_on")}
          {...form.field("effective_on")}
        />
        <TextField id={id("note")} label={labels.note} autoComplete="off" error={form.errorOf("note")} {...form.field("note")} />
        <Button type="submit" className="w-full py-1.5" disabled={busy}>
          {busy ? labels.submitting : labels.submit}
        </Button>
      </form>
    </details>
  );
}

function Card({ card, move, shared }: { card: PipelineCard; move: MoveOptions; shared: BoardShared }) {
  const { t, language, once } = shared;
  const moving = card.canEdit && (shared.openId === card.id || shared.shown?.centreId === card.id);
  return (
    // The card whose form is open is where its link (`#card-…`) lands.
    <li id={moving ? `card-${card.id}` : undefined} data-testid={`card-${card.id}`} className="pipe-card">
      <a href={`/centres/${card.id}`} className="pipe-card-title" lang={language === "en" ? "en" : "zh-CN"}>
        {language === "en" ? card.nameEn : card.nameZh}
      </a>
      <div className="pipe-card-meta">
        <span className={LEVEL_BADGE[card.level]}>{once(`level:${card.level}`, () => t(`levels.${card.level}`))}</span>
        <span
          className="pipe-days"
          data-testid="days-in-stage"
          title={once(`since:${card.stageSince}`, () => t("pipeline.since", { date: formatDate(card.stageSince, language) }))}
        >
          {once(`days:${card.daysInStage}`, () => t("pipeline.days", { count: card.daysInStage }))}
        </span>
      </div>
      <p className="pipe-steward">
        {once(`steward:${card.leadStewardName ?? ""}`, () =>
          card.leadStewardName ? t("pipeline.leadSteward", { name: card.leadStewardName }) : t("pipeline.noSteward"),
        )}
      </p>
      {!card.canEdit ? null : moving ? (
        <MoveForm card={card} move={move} shared={shared} />
      ) : (
        <a href={shared.moveHref(card.id)} data-move={card.id} className="pipe-move">
          <span aria-hidden>▸</span>
          {shared.labels.open}
          <span className="sr-only">: {language === "en" ? card.nameEn : card.nameZh}</span>
        </a>
      )}
    </li>
  );
}

export function Column({
  column,
  stages,
  perColumn,
  listHref,
  shared,
}: {
  column: PipelineColumn;
  stages: PipelineColumn[];
  perColumn: number;
  listHref: string;
  shared: BoardShared;
}) {
  const { t, language } = shared;
  const headingId = `stage-${column.code}-heading`;
  // The move form's stages, the same for every card of the column: any other active stage, the next one first chosen.
  const options = stages.filter((s) => s.code !== column.code).map((s) => ({ value: s.code, label: labelOf(s, language) }));
  const order = stages.map((s) => s.code);
  const move: MoveOptions = { options, next: order[order.indexOf(column.code) + 1] ?? options[0]?.value ?? "" };
  return (
    <section
      aria-labelledby={headingId}
      data-stage={column.code}
      className="relative flex w-full flex-col rounded-xl border border-slate-200 bg-slate-100/70 md:w-72 md:shrink-0"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2.5">
        <h2 id={headingId} className="text-sm font-semibold text-slate-800">
          {labelOf(column, language)}
          {!column.active ? (
            <span className="ml-1 text-xs font-normal text-slate-600">({t("pipeline.inactiveStage")})</span>
          ) : null}
        </h2>
        <span
          className="rounded-full bg-white px-2 py-0.5 text-xs font-semibold tabular-nums text-slate-700 ring-1 ring-inset ring-slate-200"
          data-testid="stage-count"
        >
          <span className="sr-only">{t("pipeline.countLabel")} </span>
          {formatNumber(column.count, language)}
        </span>
      </header>
      {column.cards.length === 0 ? (
        <p className="px-3 py-6 text-center text-xs text-slate-600">{t("pipeline.emptyColumn")}</p>
      ) : (
        <ol className="flex max-h-[32rem] flex-col gap-2 overflow-y-auto p-2 md:max-h-[calc(100vh-17rem)] md:min-h-[12rem]">
          {column.cards.map((card) => (
            <Card key={card.id} card={card} move={move} shared={shared} />
          ))}
        </ol>
      )}
      {column.count > column.cards.length ? (
        <footer className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
          {t("pipeline.showingFirst", { shown: Math.min(perColumn, column.cards.length), count: column.count })}{" "}
          <Link to={listHref} className="font-medium text-brand-700 hover:underline">
            {t("pipeline.showAll")}
            <span className="sr-only"> ({labelOf(column, language)})</span>
          </Link>
        </footer>
      ) : null}
    </section>
  );
}
