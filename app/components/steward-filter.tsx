import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StewardPicker } from "./steward-picker";

/** A list's steward filter as its loader resolved it (`stewardFilter`), as the page receives it. */
export type StewardFilter = {
  chosen: { id: string; name: string } | null;
  problem: { kind: "unknown" | "several"; text: string; candidates: { id: string; name: string }[] } | null;
};

/** What a loader sends of a resolved steward filter: names and ids only. */
export function stewardFilterForPage(shown: {
  chosen: { id: string; name: string } | null;
  problem: { kind: "unknown" | "several"; text: string; candidates?: { id: string; name: string }[] } | null;
}): StewardFilter {
  return {
    chosen: shown.chosen && { id: shown.chosen.id, name: shown.chosen.name },
    problem: shown.problem && {
      kind: shown.problem.kind,
      text: shown.problem.text,
      candidates: (shown.problem.candidates ?? []).map(({ id, name }) => ({ id, name })),
    },
  };
}

/** The look of a list filter's steward field, as the lists' other filter selects. */
const FILTER_INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 aria-[invalid]:border-red-500";

/**
 * A list's steward filter (URL fields `steward` and `steward_text`): a picker, and when its text
 * named nobody or several stewards, why, with links to the candidates; `me` adds a link to the
 * signed-in steward's own.
 */
export function StewardFilterField({
  id,
  label,
  placeholder,
  steward,
  me,
  className = "",
  inputClassName = FILTER_INPUT,
}: {
  id: string;
  label: string;
  placeholder: string;
  steward: StewardFilter;
  me?: { id: string; name: string };
  className?: string;
  inputClassName?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const { problem } = steward;
  const withSteward = (candidate: { id: string; name: string }) => {
    const params = new URLSearchParams(location.search);
    params.set("steward", candidate.id);
    params.set("steward_text", candidate.name);
    params.delete("page");
    return `?${params}`;
  };
  const problemId = `${id}-problem`;
  return (
    <div className={className}>
      <StewardPicker
        // A new resolution (another URL) starts the picker afresh.
        key={`${steward.chosen?.id ?? ""}|${problem?.text ?? ""}`}
        id={id}
        idName="steward"
        textName="steward_text"
        label={label}
        placeholder={placeholder}
        chosen={steward.chosen}
        text={problem?.text}
        invalid={problem !== null}
        describedBy={problem ? problemId : undefined}
        inputClassName={inputClassName}
      />
      {me && steward.chosen?.id !== me.id ? (
        <Link to={withSteward(me)} className="mt-1 inline-block text-xs text-brand-700 hover:underline">
          {t("stewardPicker.mine")}
        </Link>
      ) : null}
      {problem ? (
        <div id={problemId} className="mt-1 text-xs text-red-700" data-testid={`${id}-problem`}>
          {problem.kind === "unknown" ? (
            t("stewardPicker.filterUnknown", { text: problem.text })
          ) : (
            <>
              {t("stewardPicker.filterSeveral", { text: problem.text })}
              <ul className="mt-1 space-y-0.5">
                {problem.candidates.map((candidate) => (
                  <li key={candidate.id}>
                    <Link to={withSteward(candidate)} className="text-brand-700 underline">
                      {candidate.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
