/** The commented starter manifest that `bottle init` writes (embedded at compile time). */
import starter from "./starter_manifest.jsonc" with { type: "text" };

/** Text of the starter claude-bottle.json; a test proves it validates. */
export const STARTER_MANIFEST: string = starter;
