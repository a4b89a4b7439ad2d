/** bottle's version, embedded at build time from deno.json. */
import config from "../deno.json" with { type: "json" };

/** The version printed by `bottle --version` and recorded in image labels. */
export const VERSION: string = config.version;
