/**
 * The defaults of `bottle image`: the base image and Claude Code version come
 * from the agent Dockerfile's own `ARG` lines, so the help text and a build
 * never disagree with the file.
 */
import dockerfile from "../../images/agent/Dockerfile" with { type: "text" };
import { dockerfileArg } from "./dockerfile_arg.ts";

/** The image `bottle image build` builds on unless `--base` says otherwise. */
export const DEFAULT_BASE = dockerfileArg(dockerfile, "BASE_IMAGE") ?? "debian:bookworm-slim";
/** The Claude Code version installed unless `--claude-code` says otherwise. */
export const DEFAULT_CLAUDE_CODE = dockerfileArg(dockerfile, "CLAUDE_CODE_VERSION") ?? "2.1.328";
/** The tag `bottle image base` gives the Debian image it bootstraps. */
export const DEFAULT_BASE_TAG = "local/debian:bookworm";
/** The Debian suite `bottle image base` bootstraps. */
export const DEFAULT_SUITE = "bookworm";
