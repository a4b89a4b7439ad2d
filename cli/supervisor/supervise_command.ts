/** The hidden command a detached supervisor runs as: `bottle supervise` (kept dependency-free). */
export const SUPERVISE_COMMAND = "supervise";
