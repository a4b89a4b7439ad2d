/**
 * `bottle image build` and `bottle image base`: build the agent image (tagged
 * by a hash of everything that goes into it, so an unchanged build is a cache
 * hit) and, for hosts without a registry, a Debian base image from the host's
 * own apt mirror. The work itself (and the hook bundle it copies into the
 * image) loads only when an image command runs: see `_image_run.ts`.
 */
import type { Command } from "commander";
import type { Context, Sink } from "../context.ts";
import {
  DEFAULT_BASE,
  DEFAULT_BASE_TAG,
  DEFAULT_CLAUDE_CODE,
  DEFAULT_SUITE,
} from "../image/image_defaults.ts";
import type { BaseFlags, BuildFlags } from "./_image_run.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `bottle image` and its subcommands to `program`. */
export function addImageCommand(program: Command, ctx: Context, sink: Sink): void {
  const image = program
    .command("image")
    .description("build the container images bottles run in");
  withExample(image, "bottle image build --ca-bundle /etc/ssl/certs/ca-certificates.crt");

  const build = image
    .command("build")
    .description(
      "build the agent image (Claude Code, pinned); skipped when an image with the same inputs exists",
    )
    .option(
      "--base <image>",
      "Debian bookworm image to build on (must be present locally)",
      DEFAULT_BASE,
    )
    .option(
      "--ca-bundle <file>",
      "PEM file of extra CA certificates to trust (for TLS-inspecting proxies); default: none",
    )
    .option("--claude-code <version>", "exact Claude Code version to install", DEFAULT_CLAUDE_CODE)
    .option("--force", "rebuild every layer even when the image exists", false)
    .action(async (flags: BuildFlags, command: Command) => {
      const { runImageBuild } = await import("./_image_run.ts");
      sink({ exitCode: 0, result: await runImageBuild(flags, ctx, globalsOf(command)) });
    });
  withExample(
    build,
    "bottle image build --base local/debian:bookworm --ca-bundle /etc/ssl/certs/ca-certificates.crt",
  );

  const base = image
    .command("base")
    .description(
      "build a Debian base image offline with debootstrap from the host's apt mirror (Linux, root)",
    )
    .option("--tag <image>", "tag for the base image", DEFAULT_BASE_TAG)
    .option("--mirror <url>", "apt mirror to bootstrap from (default: the host's apt sources)")
    .option("--suite <suite>", "Debian suite", DEFAULT_SUITE)
    .option("--force", "rebuild even when the tag exists", false)
    .action(async (flags: BaseFlags, command: Command) => {
      const { runImageBase } = await import("./_image_run.ts");
      sink({ exitCode: 0, result: await runImageBase(flags, ctx, globalsOf(command)) });
    });
  withExample(base, "sudo bottle image base --tag local/debian:bookworm");
}
