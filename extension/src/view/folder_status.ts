/**
 * The status-bar item: the bottle running the current folder (click to
 * attach), or an "Open in bottle" button when there is none. Hidden in an
 * untrusted workspace, where nothing starts.
 */
import type { BottleRow } from "../cli/parse_bottle_list.ts";

/** What the status bar shows. */
export interface FolderStatus {
  readonly text: string;
  readonly tooltip: string;
  readonly command: string;
  /** Arguments for `command` (the bottle's name when there is one). */
  readonly args: readonly string[];
}

function samePath(a: string, b: string): boolean {
  const trim = (p: string) => p.length > 1 ? p.replace(/\/+$/, "") : p;
  return trim(a) === trim(b);
}

/** The bottles whose workspace is `folder`, running ones first. */
export function bottlesOfFolder(
  folder: string,
  rows: readonly BottleRow[],
): BottleRow[] {
  return rows.filter((row) => samePath(row.workspace, folder)).sort((a, b) =>
    Number(b.state === "running") - Number(a.state === "running")
  );
}

/** The status for `folder` (undefined: hide the item). */
export function folderStatus(
  folder: string | undefined,
  rows: readonly BottleRow[],
  trusted: boolean,
): FolderStatus | undefined {
  if (folder === undefined || !trusted) return undefined;
  const mine = bottlesOfFolder(folder, rows);
  const first = mine[0];
  if (first === undefined) {
    return {
      text: "$(package) Open in bottle",
      tooltip: "No bottle runs this folder. Click to open it in a bottle.",
      command: "bottle.openInBottle",
      args: [],
    };
  }
  if (mine.length > 1) {
    return {
      text: `$(package) ${mine.length} bottles`,
      tooltip: `Bottles of this folder: ${mine.map((r) => `${r.name} (${r.state})`).join(", ")}`,
      command: "bottle.attach",
      args: [],
    };
  }
  const state = first.state === "running" ? "" : ` (${first.state})`;
  return {
    text: `$(package) ${first.name}${state}`,
    tooltip:
      `bottle ${first.name} (agent ${first.agent}) runs this folder: ${first.state}. Click to attach.`,
    command: "bottle.attach",
    args: [first.name],
  };
}
