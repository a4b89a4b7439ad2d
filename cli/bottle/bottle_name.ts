/**
 * Bottle names: what the user types in `attach`, `stop` and `exec`, and what
 * the container, the state folder and the labels are keyed on.
 */

/** A bottle name: lowercase letters, digits, `-`, `_`, `.`; starts with a letter or digit; ≤ 48 long. */
export const BOTTLE_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,47}$/;

/** The prefix of every bottle's container name, so bottles never clash with other containers. */
export const CONTAINER_PREFIX = "bottle-";

/** Why `name` cannot be a bottle name, or undefined when it can. */
export function bottleNameProblem(name: string): string | undefined {
  if (BOTTLE_NAME_PATTERN.test(name)) return undefined;
  return "use 1–48 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";
}

/** A fresh name for a bottle of `agent`: the agent's name and four random hex digits. */
export function newBottleName(agent: string, random: Uint8Array): string {
  const stem = agent.toLowerCase().replace(/[^a-z0-9_.-]/g, "-").replace(/^[^a-z0-9]+/, "")
    .slice(0, 40) || "bottle";
  const suffix = Array.from(random.subarray(0, 2), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${stem}-${suffix}`;
}

/** The container name of bottle `name`. */
export function containerName(name: string): string {
  return `${CONTAINER_PREFIX}${name}`;
}
