/**
 * The work of `bottle image build` and `bottle image base`, loaded by
 * `image.ts` only when one of them runs (it carries the policy hook's bundle).
 */
import { resolve } from "node:path";
import dockerfile from "../../images/agent/Dockerfile" with { type: "text" };
import hook from "../../images/agent/bottle-hook.js" with { type: "text" };
import type { Context } from "../context.ts";
import { EngineError, UsageError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { checkEngine, imageId, imageLabels, tagImage } from "../engine/docker.ts";
import { withInterrupt } from "../engine/with_interrupt.ts";
import { defaultMirror } from "../image/apt_sources.ts";
import {
  buildBaseImage,
  checkBaseImageHost,
  FALLBACK_MIRROR,
  readHostAptSources,
} from "../image/base_image.ts";
import { buildImage } from "../image/build_image.ts";
import { formatSeconds } from "../image/build_progress.ts";
import { checkCaBundle } from "../image/ca_bundle.ts";
import { DEFAULT_BASE_TAG } from "../image/image_defaults.ts";
import {
  claudeCodeVersionProblem,
  imageRefProblem,
  mirrorProblem,
  suiteProblem,
} from "../image/flag_problems.ts";
import { AGENT_LATEST, imageTag, inputsDigest } from "../image/image_tag.ts";

const INPUTS_LABEL = "dev.bottle.inputs";

/** The flags of `bottle image build`. */
export interface BuildFlags {
  base: string;
  caBundle?: string;
  claudeCode: string;
  force: boolean;
}

/** The flags of `bottle image base`. */
export interface BaseFlags {
  tag: string;
  mirror?: string;
  suite: string;
  force: boolean;
}

/** `bottle image build`: its `--json` result. */
export async function runImageBuild(
  flags: BuildFlags,
  ctx: Context,
  globals: { json: boolean; debug: boolean },
): Promise<Record<string, unknown>> {
  const started = performance.now();
  usage("base", imageRefProblem(flags.base), "--base");
  usage("claude_code", claudeCodeVersionProblem(flags.claudeCode), "--claude-code");
  const caBundle = flags.caBundle === undefined
    ? new Uint8Array()
    : await readCaBundle(resolve(ctx.cwd, flags.caBundle));

  await checkEngine();
  const baseId = await imageId(flags.base);
  if (baseId === undefined) {
    throw new EngineError(
      "base_missing",
      `the base image ${flags.base} is not present in the engine`,
      {
        hint:
          `bottle never pulls it: run \`bottle image base\` (builds ${DEFAULT_BASE_TAG} offline) and pass --base ${DEFAULT_BASE_TAG}, or \`docker pull ${flags.base}\` where a registry is reachable`,
      },
    );
  }
  const buildArgs = { BASE_IMAGE: flags.base, CLAUDE_CODE_VERSION: flags.claudeCode };
  // The parser's WebAssembly is 2 MB of module source: loaded only when an image is built, so
  // no other command pays for parsing it at start-up.
  const { embeddedParserWasm } = await import("../hook/shell/load_shell_parser.ts");
  const parser = embeddedParserWasm();
  const inputs = {
    dockerfile,
    buildArgs,
    base: { name: flags.base, id: baseId },
    caBundle,
    hook,
    parser,
  };
  const tag = await imageTag(inputs);
  const digest = await inputsDigest(inputs);
  const summary = {
    tag: tag.slice(tag.indexOf(":") + 1),
    claudeCode: flags.claudeCode,
    base: flags.base,
  };

  // A cache hit needs the tag AND the full digest of the inputs in its label: a
  // hand-made image under the same tag is rebuilt over, never trusted.
  const existing = flags.force ? undefined : await imageLabels(tag);
  if (existing !== undefined && existing[INPUTS_LABEL] !== digest) {
    ctx.stderr(`${tag} exists but was not built from these inputs; rebuilding it\n`);
  }
  if (existing?.[INPUTS_LABEL] === digest) {
    await tagImage(tag, AGENT_LATEST);
    const seconds = elapsed(started);
    if (!globals.json) {
      ctx.stdout(`${tag} is up to date (same inputs; --force rebuilds), tagged ${AGENT_LATEST}\n`);
    }
    return { image: tag, ...summary, id: await imageId(tag), built: false, seconds };
  }

  ctx.stderr(`building ${tag} (Claude Code ${flags.claudeCode} on ${flags.base})\n`);
  await withInterrupt((signal) =>
    buildImage({
      dockerfile,
      caBundle,
      hook,
      parser,
      buildArgs,
      tags: [tag, AGENT_LATEST],
      labels: {
        [INPUTS_LABEL]: digest,
        "dev.bottle.base": flags.base,
        "dev.bottle.base-id": baseId,
        "dev.bottle.built-by": `bottle ${VERSION}`,
      },
      noCache: flags.force,
      progress: (line) => ctx.stderr(`${line}\n`),
      verbose: globals.debug,
      signal,
    })
  );
  const seconds = elapsed(started);
  ctx.stderr(`built ${tag} in ${formatSeconds(seconds * 1000)}\n`);
  if (!globals.json) ctx.stdout(`${tag} built in ${seconds}s, tagged ${AGENT_LATEST}\n`);
  return { image: tag, ...summary, id: await imageId(tag), built: true, seconds };
}

/** `bottle image base`: its `--json` result. */
export async function runImageBase(
  flags: BaseFlags,
  ctx: Context,
  globals: { json: boolean; debug: boolean },
): Promise<Record<string, unknown>> {
  const started = performance.now();
  usage("tag", imageRefProblem(flags.tag), "--tag");
  usage("suite", suiteProblem(flags.suite), "--suite");
  if (flags.mirror !== undefined) usage("mirror", mirrorProblem(flags.mirror), "--mirror");

  await checkEngine();
  const existing = await imageId(flags.tag);
  if (!flags.force && existing !== undefined) {
    if (!globals.json) ctx.stdout(`${flags.tag} already exists (--force rebuilds it)\n`);
    return { image: flags.tag, id: existing, built: false, seconds: elapsed(started) };
  }
  await checkBaseImageHost();
  const hostSources = await readHostAptSources();
  const mirror = flags.mirror ?? defaultMirror(hostSources) ?? FALLBACK_MIRROR;
  const id = await withInterrupt((signal) =>
    buildBaseImage({
      tag: flags.tag,
      suite: flags.suite,
      mirror,
      hostSources,
      progress: (line) => ctx.stderr(`${line}\n`),
      verbose: globals.debug,
      signal,
    })
  );
  const seconds = elapsed(started);
  ctx.stderr(`built ${flags.tag} in ${formatSeconds(seconds * 1000)}\n`);
  if (!globals.json) ctx.stdout(`${flags.tag} built in ${seconds}s\n`);
  return { image: flags.tag, id, mirror, suite: flags.suite, built: true, seconds };
}

async function readCaBundle(path: string): Promise<Uint8Array> {
  const hint =
    "give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), for example /etc/ssl/certs/ca-certificates.crt";
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new UsageError("ca_bundle", `--ca-bundle ${path}: ${reason}`, { hint, cause: error });
  }
  const check = checkCaBundle(text);
  if (check.ok) return new TextEncoder().encode(check.pem);
  const reasons = {
    empty: "the file is empty",
    no_certificate: "the file holds no PEM certificate",
    private_key: "the file holds a private key, which must never go into an image",
  } as const;
  throw new UsageError("ca_bundle", `--ca-bundle ${path}: ${reasons[check.problem]}`, { hint });
}

function usage(code: string, problem: string | undefined, flag: string): void {
  if (problem === undefined) return;
  throw new UsageError(code, `${flag}: ${problem}`, {
    hint: "run `bottle image --help` to see the options",
  });
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}
