/**
 * Compound commands in the walk: `if`, `while`/`until`, `for`, C-style `for`,
 * `case` and `[[ … ]]`. Every branch is walked, since any may run, and loop
 * bodies twice, so a value set in one pass is seen by the next.
 */
import { expandWord, UnsupportedShell, walkSubstitutions } from "./expand_word.ts";
import type { ShellCommand } from "./shell_command.ts";
import {
  knownValue,
  type ShellScope,
  unionValues,
  UNKNOWN_VALUE,
  type VarValue,
} from "./shell_scope.ts";
import { fieldIsExact, fieldText } from "./shell_word.ts";
import { HIDDEN_SUBSTITUTION } from "./analyze_eval.ts";
import {
  childByField,
  childrenByField,
  namedChildren,
  nodeText,
  type SyntaxNode,
} from "./syntax_node.ts";
import type { Frame, StatementWalker } from "./walk_frame.ts";

/** `if … then … elif … else … fi`: every branch may run; what each sets may hold afterwards. */
export function walkIf(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const { frame: inner } = walker.applyRedirects(redirects, scope, frame, seen);
  const conditions = childrenByField(node, "condition").filter((c) => c.named);
  walker.statements(conditions, scope, inner, seen);
  const body = namedChildren(node).filter((c) =>
    c.field === null && c.type !== "elif_clause" && c.type !== "else_clause"
  );
  const branches: ShellScope[] = [];
  const thenScope = scope.fork();
  walker.statements(body, thenScope, inner, seen);
  branches.push(thenScope);
  let current = scope;
  for (
    const clause of namedChildren(node).filter((c) =>
      c.type === "elif_clause" || c.type === "else_clause"
    )
  ) {
    const branch = current.fork();
    if (clause.type === "elif_clause") {
      const conds = childrenByField(clause, "condition").filter((c) => c.named);
      walker.statements(conds, branch, inner, seen);
      const rest = namedChildren(clause).filter((c) => c.field !== "condition");
      const bodyScope = branch.fork();
      walker.statements(rest, bodyScope, inner, seen);
      branches.push(bodyScope);
      current = branch;
    } else {
      walker.statements(namedChildren(clause), branch, inner, seen);
      branches.push(branch);
    }
  }
  for (const b of branches) scope.mergeMaybe(b);
}

/** A loop body walked twice, after its conditions; `bind` sets the loop variable before each pass. */
export function walkLoop(
  walker: StatementWalker,
  conditions: readonly SyntaxNode[],
  body: SyntaxNode | undefined,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
  bind?: () => void,
): void {
  const { frame: inner } = walker.applyRedirects(redirects, scope, frame, seen);
  // Twice: what one pass assigns, the next pass (and its condition) may use.
  for (let pass = 0; pass < 2; pass++) {
    walker.statements(conditions, scope, inner, seen);
    bind?.call(undefined);
    const branch = scope.fork();
    if (body !== undefined) walker.statement(body, branch, inner, [], seen);
    scope.mergeMaybe(branch);
  }
}

/** `for NAME in WORDS; do …; done`: NAME may hold any of the words (unknown without `in`). */
export function walkFor(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const variable = childByField(node, "variable");
  const values = childrenByField(node, "value");
  const ctx = walker.context(scope, frame);
  let value: VarValue | undefined;
  if (values.length === 0) {
    value = UNKNOWN_VALUE;
  } else {
    for (const v of values) {
      const word = expandWord(v, ctx);
      for (const field of word.fields) {
        const alt: VarValue = fieldIsExact(field) ? knownValue(fieldText(field)) : UNKNOWN_VALUE;
        value = value === undefined ? alt : unionValues(value, alt);
      }
    }
  }
  const name = variable === undefined ? undefined : nodeText(walker.source, variable);
  walkLoop(walker, [], childByField(node, "body"), scope, frame, redirects, seen, () => {
    if (name !== undefined) scope.assign(name, value ?? knownValue(""));
  });
}

/** `case WORD in PATTERN) … ;; esac`: every item may run. */
export function walkCase(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const { frame: inner } = walker.applyRedirects(redirects, scope, frame, seen);
  const ctx = walker.context(scope, inner);
  const value = childByField(node, "value");
  if (value !== undefined) walkSubstitutions({ ...value, children: [value] }, ctx);
  for (const item of namedChildren(node).filter((c) => c.type === "case_item")) {
    for (const pattern of childrenByField(item, "value")) {
      walkSubstitutions({ ...pattern, children: [pattern] }, ctx);
    }
    const branch = scope.fork();
    walker.statements(namedChildren(item).filter((c) => c.field !== "value"), branch, inner, seen);
    scope.mergeMaybe(branch);
  }
}

/** `for (( init; cond; update )); do …; done`: the arithmetic's substitutions, then the body as a loop. */
export function walkCStyleFor(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const ctx = walker.context(scope, frame);
  for (const f of ["initializer", "condition", "update"]) {
    for (const part of childrenByField(node, f)) walkSubstitutions(part, ctx);
  }
  walkLoop(walker, [], childByField(node, "body"), scope, frame, redirects, seen);
}

/** `[[ … ]]`: its substitutions run; a quoted one bash may evaluate as a subscript is refused. */
export function walkTest(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  // `[[ -v 'a[$(id)]' ]]`, `[[ x -eq 'a[$(id)]' ]]`: bash evaluates the quoted subscript.
  if (quotedSubstitution(node, walker.source)) {
    throw new UnsupportedShell(
      "a quoted command substitution inside a test (bash may evaluate it as an array subscript)",
    );
  }
  const { frame: inner } = walker.applyRedirects(redirects, scope, frame, seen);
  walkSubstitutions(node, walker.context(scope, inner));
}

/** True when a literal string below `node` (outside real substitutions) holds `$(` or a backquote. */
function quotedSubstitution(node: SyntaxNode, source: string): boolean {
  if (node.type === "command_substitution" || node.type === "process_substitution") return false;
  if (
    ["raw_string", "ansi_c_string", "string_content", "word"].includes(node.type) &&
    HIDDEN_SUBSTITUTION.test(nodeText(source, node))
  ) return true;
  return node.children.some((child) => quotedSubstitution(child, source));
}
