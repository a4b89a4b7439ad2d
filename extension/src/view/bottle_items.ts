/**
 * The Bottles view's model: one item per bottle with its state, agent and
 * workspace, and the context value that decides which actions it offers.
 * Pure, so the view's content is tested without VS Code.
 */
import type { BottleRow } from "../cli/parse_bottle_list.ts";

/** A codicon and an optional theme colour. */
export interface ItemIcon {
  readonly id: string;
  readonly color?: string;
}

/** What the tree shows for one bottle. */
export interface BottleItem {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** `bottle.STATE`, plus `.attachable` when it has a session to attach to. */
  readonly contextValue: string;
  readonly icon: ItemIcon;
}

const ICONS: Readonly<Record<string, ItemIcon>> = {
  running: { id: "vm-running", color: "testing.iconPassed" },
  exited: { id: "vm-outline" },
  orphaned: { id: "warning", color: "problemsWarningIcon.foreground" },
  unknown: { id: "question" },
};

const EXPLAIN: Readonly<Record<string, string>> = {
  running: "running: the agent and its supervisor are up",
  exited: "exited: the agent ended",
  orphaned: "orphaned: its supervisor is gone, so it has no egress (`bottle gc` removes it)",
  unknown: "state unknown",
};

/** `~/x` for a folder under `home`. */
export function tildePath(path: string, home: string): string {
  if (home === "" || home === "/") return path;
  if (path === home) return "~";
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** The items for `rows`, in the same order. */
export function bottleItems(
  rows: readonly BottleRow[],
  home: string,
): BottleItem[] {
  return rows.map((row) => {
    const workspace = tildePath(row.workspace, home);
    const attachable = row.state === "running" && row.mode !== "print";
    return {
      name: row.name,
      label: row.name,
      description: [row.state, row.agent, workspace].filter((part) => part !== "").join(" · "),
      tooltip: [
        `bottle ${row.name}`,
        `agent ${row.agent || "?"}`,
        EXPLAIN[row.state] ?? row.state,
        `workspace ${row.workspace || "?"} → /workspace`,
        // The start time, not an age: the view is redrawn only when a bottle changes.
        `mode ${row.mode || "?"}${row.started === "" ? "" : `, started ${row.started}`}`,
      ].join("\n"),
      contextValue: `bottle.${row.state}${attachable ? ".attachable" : ""}`,
      icon: ICONS[row.state] ?? { id: "question" },
    };
  });
}
