import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * A value imported from a `.server` module is `undefined` in the browser: Remix's compiler leaves
 * `.server` modules out of the client bundle. A loader or action may use one; a React component
 * (a PascalCase function, or JSX) may not, or the page renders one thing on the server and
 * another on hydration. This happened twice (CLOSED_FOLLOW_UPS on the follow-ups page,
 * OUTBOX_PAGE_SIZE on the outbox page). Type-only uses are fine: types are erased.
 */

const ROOT = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".tsx") && !entry.name.includes(".server.") ? [full] : [];
  });
}

/** Names bound by value imports from `.server` modules (not `import type`, not `type X` specifiers). */
function serverValueImports(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/\.server$/.test(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      for (const element of bindings.elements) if (!element.isTypeOnly) names.add(element.name.text);
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
  }
  return names;
}

/** The function or JSX that runs in the browser around `node`, if any: a PascalCase function (a component) or JSX. */
function inBrowserCode(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isJsxElement(at) || ts.isJsxSelfClosingElement(at) || ts.isJsxFragment(at)) return true;
    const name =
      ts.isFunctionDeclaration(at) && at.name
        ? at.name.text
        : (ts.isArrowFunction(at) || ts.isFunctionExpression(at)) &&
            ts.isVariableDeclaration(at.parent) &&
            ts.isIdentifier(at.parent.name)
          ? at.parent.name.text
          : null;
    if (name !== null) return /^[A-Z]/.test(name);
  }
  return false;
}

/** Whether a function around `node` declares its own `name` (a parameter, a variable, a destructured field): the import is shadowed. */
function shadowed(node: ts.Identifier): boolean {
  const declares = (scope: ts.Node): boolean => {
    let found = false;
    const look = (n: ts.Node) => {
      if (found) return;
      if (
        (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) &&
        ts.isIdentifier(n.name) &&
        n.name.text === node.text
      )
        found = true;
      else ts.forEachChild(n, look);
    };
    ts.forEachChild(scope, look);
    return found;
  };
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent)
    if (ts.isFunctionLike(at) && !ts.isSourceFile(at) && declares(at)) return true;
  return false;
}

function isTypePosition(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isTypeNode(at) || ts.isTypeAliasDeclaration(at) || ts.isInterfaceDeclaration(at)) return true;
    if (ts.isStatement(at) || ts.isExpression(at)) return false;
  }
  return false;
}

/** `file:line name` for each value from a `.server` module that browser code of `fileName` reads. */
function serverValuesInBrowserCode(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const imported = serverValueImports(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isIdentifier(node) &&
      imported.has(node.text) &&
      !ts.isImportSpecifier(node.parent) &&
      !ts.isImportClause(node.parent) &&
      !ts.isJsxAttribute(node.parent) &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
      !(ts.isPropertyAssignment(node.parent) && node.parent.name === node) &&
      !(ts.isBindingElement(node.parent) && node.parent.propertyName === node) &&
      !ts.isBindingElement(node.parent) &&
      !isTypePosition(node) &&
      inBrowserCode(node) &&
      !shadowed(node)
    ) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(ROOT, fileName)}:${line + 1} ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("values of .server modules in browser code", () => {
  it("finds the mistake in a component, and not in a loader, a helper or a type", () => {
    const text = `
      import { SIZE, listRows, type Row } from "~/models/rows.server";
      import type { Other } from "~/models/other.server";
      export async function loader() { return { rows: listRows(), size: SIZE }; }
      function cut(rows: Row[]) { return rows.length === SIZE; }
      export default function Rows({ other }: { other: Other }) {
        const { rows, size } = useLoaderData<typeof loader>();
        return <p data-size={size}>{rows.length === SIZE ? "full" : "not full"}</p>;
      }
      function Picker() {
        const { listRows } = useLoaderData<typeof loader>();
        return <ul>{listRows.map((r) => <li key={r}>{r}</li>)}</ul>;
      }`;
    expect(serverValuesInBrowserCode(path.join(ROOT, "app/routes/x.tsx"), text)).toEqual(["app/routes/x.tsx:8 SIZE"]);
  });

  it("none in the app's routes and components", () => {
    const files = [...sourceFiles(path.join(ROOT, "app/routes")), ...sourceFiles(path.join(ROOT, "app/components"))];
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => serverValuesInBrowserCode(f, fs.readFileSync(f, "utf8")))).toEqual([]);
  });
});
