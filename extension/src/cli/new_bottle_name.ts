/**
 * Names for bottles the extension starts. The extension picks the name
 * itself so the preflight it shows and the bottle it then starts are the
 * same bottle. Same rule as bottle's own: the agent's name and four hex digits.
 */

/** What bottle accepts as a name: 1–48 of `a-z0-9_.-`, starting with a letter or digit. */
export const BOTTLE_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,47}$/;

/** A fresh name for a bottle of `agent`, from two random bytes. */
export function newBottleName(agent: string, random: Uint8Array): string {
  const stem = agent.toLowerCase().replace(/[^a-z0-9_.-]/g, "-").replace(/^[^a-z0-9]+/, "")
    .slice(0, 40) || "bottle";
  const suffix = Array.from(
    random.subarray(0, 2),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return `${stem}-${suffix.padEnd(4, "0")}`;
}
