export function Toast({ kind, message }: { kind: "success" | "error"; message: string }) {
  return (
    <div className="mx-auto mt-4 w-full max-w-7xl px-4">
      <p
        role={kind === "error" ? "alert" : "status"}
        className={`rounded-lg border px-4 py-3 text-sm ${
          kind === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-900"
        }`}
      >
        {message}
      </p>
    </div>
  );
}
