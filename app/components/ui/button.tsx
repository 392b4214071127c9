import { Link } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger";
const VARIANTS: Record<Variant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-500/60",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
};

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      className={`inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium shadow-sm transition ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}

const LINK_VARIANTS = {
  primary: "rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700",
  secondary: "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50",
} as const;

/** A link that looks like a button: a page's main action ("New centre") or a secondary one beside it. */
export function LinkButton({
  to,
  variant = "primary",
  children,
}: {
  to: string;
  variant?: keyof typeof LINK_VARIANTS;
  children: React.ReactNode;
}) {
  return (
    <Link to={to} className={LINK_VARIANTS[variant]}>
      {children}
    </Link>
  );
}
