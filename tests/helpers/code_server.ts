/**
 * A real VS Code for the extension's end-to-end test: code-server (VS Code's
 * web build) on a loopback port, with its own user data and extensions
 * folders, settings that keep it off the network, and the extension
 * installed from its packaged .vsix. Locally a missing code-server or
 * Chromium ignores the test; with CI=true it fails it.
 */
import { join } from "node:path";
import type { EngineGate } from "./docker_available.ts";
import { isCi } from "./docker_available.ts";
import { REPO_ROOT } from "./run_bottle.ts";

/** Where `.ci/install_code_server.sh` installs code-server. */
export const CI_CODE_SERVER = "/opt/bottle-ci/code-server/node_modules/.bin/code-server";

/** The extension's folder. */
export const EXTENSION_DIR = join(REPO_ROOT, "extension");

/** Chromium, as Debian installs it (`BOTTLE_CHROMIUM` overrides). */
export function chromiumPath(): string {
  return Deno.env.get("BOTTLE_CHROMIUM") ?? "/usr/bin/chromium";
}

function isExecutable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** code-server: `BOTTLE_CODE_SERVER`, the CI install, or `code-server` on PATH. */
export function codeServerPath(): string | undefined {
  const given = Deno.env.get("BOTTLE_CODE_SERVER");
  if (given !== undefined) return isExecutable(given) ? given : undefined;
  return isExecutable(CI_CODE_SERVER) ? CI_CODE_SERVER : onPath("code-server");
}

/** What is missing for the end-to-end test (empty when nothing is). */
export function codeServerMissing(): string[] {
  const missing: string[] = [];
  if (codeServerPath() === undefined) missing.push("code-server");
  if (!isExecutable(chromiumPath())) {
    missing.push(`Chromium (${chromiumPath()})`);
  }
  if (onPath("node") === undefined) missing.push("node");
  for (
    const module of [
      "playwright-core",
      "@vscode/vsce",
      "esbuild",
      "vscode-languageclient",
    ]
  ) {
    try {
      Deno.statSync(
        join(EXTENSION_DIR, "node_modules", module, "package.json"),
      );
    } catch {
      missing.push(`extension/node_modules/${module} (npm ci in extension/)`);
    }
  }
  return missing;
}

/** How to register the test: ignored locally when something is missing, failed in CI. */
export function codeServerGate(): EngineGate {
  const missing = codeServerMissing();
  return {
    ignore: missing.length > 0 && !isCi(),
    assertReady: () => {
      if (missing.length === 0) return;
      throw new Error(
        [
          "this test needs code-server, Chromium and the extension's npm packages, and CI=true forbids skipping it",
          `  missing: ${missing.join(", ")}`,
          "  fix: bash .ci/install_code_server.sh",
        ].join("\n"),
      );
    },
  };
}

/** Runs a program to its end; throws with its output when it fails. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const output = await new Deno.Command(command, {
    args: [...args],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) +
    new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${output.code}:\n${text}`,
    );
  }
  return text;
}

/** Builds the .vsix (`npm run package`) and the end-to-end driver; returns their paths. */
export async function buildExtension(): Promise<
  { vsix: string; driver: string }
> {
  await mustRun("npm", ["run", "--silent", "package"], { cwd: EXTENSION_DIR });
  await mustRun("node", ["scripts/build.mjs", "--e2e"], { cwd: EXTENSION_DIR });
  return {
    vsix: join(EXTENSION_DIR, "dist", "bottle.vsix"),
    driver: join(EXTENSION_DIR, "dist", "e2e", "drive_code_server.mjs"),
  };
}

/**
 * User settings for a quiet, predictable VS Code: no telemetry, updates,
 * recommendations or experiments (nothing reaches the network); the DOM
 * terminal renderer (so a test can read the screen); no auto-closing quotes
 * (so typed text is exactly what lands in the editor).
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.enableExperiments": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.settings.enableNaturalLanguageSearch": false,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "npm.fetchOnlinePackageInfo": false,
  "json.schemaDownload.enable": false,
  "terminal.integrated.gpuAcceleration": "off",
  "terminal.integrated.enablePersistentSessions": false,
  "editor.autoClosingQuotes": "never",
  "editor.autoClosingBrackets": "never",
  "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
  "editor.suggestOnTriggerCharacters": false,
  "files.autoSave": "off",
};

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Everything it printed so far. */
  readonly log: () => string;
  /** Stops it and every process it started (terminals included). */
  readonly close: () => Promise<void>;
}

/** Folders and environment of one code-server. */
export interface CodeServerOptions {
  readonly binary: string;
  /** Holds user-data/, extensions/ and config.yaml. */
  readonly dir: string;
  /** The whole environment (nothing else is inherited). */
  readonly env: Record<string, string>;
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Leave workspace trust on, with untrusted folders opening in Restricted Mode unasked. */
  readonly restricted?: boolean;
}

function codeServerArgs(options: CodeServerOptions): string[] {
  return [
    "--config",
    join(options.dir, "config.yaml"),
    "--user-data-dir",
    join(options.dir, "user-data"),
    "--extensions-dir",
    join(options.dir, "extensions"),
  ];
}

/**
 * The environment code-server runs with: `env`, and an extension gallery on
 * a closed loopback port, so any gallery request fails here instead of
 * leaving the machine.
 */
function serverEnv(env: Record<string, string>): Record<string, string> {
  return {
    ...env,
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: "http://127.0.0.1:9/gallery",
      itemUrl: "http://127.0.0.1:9/item",
      resourceUrlTemplate: "http://127.0.0.1:9/resource",
    }),
  };
}

/** Installs the .vsix into the options' extensions folder. */
export async function installExtension(
  options: CodeServerOptions,
  vsix: string,
): Promise<string> {
  return await mustRun(
    options.binary,
    [...codeServerArgs(options), "--force", "--install-extension", vsix],
    { env: serverEnv(options.env) },
  );
}

/** Starts code-server on a free loopback port and waits until it listens. */
export async function startCodeServer(
  options: CodeServerOptions,
): Promise<CodeServer> {
  const settingsDir = join(options.dir, "user-data", "User");
  await Deno.mkdir(settingsDir, { recursive: true });
  await Deno.writeTextFile(
    join(settingsDir, "settings.json"),
    JSON.stringify(
      {
        ...QUIET_SETTINGS,
        ...(options.restricted === true
          ? {
            "security.workspace.trust.enabled": true,
            "security.workspace.trust.startupPrompt": "never",
          }
          : {}),
        ...options.settings,
      },
      null,
      2,
    ),
  );
  // setsid: code-server and everything it starts share one process group, stopped together.
  const child = new Deno.Command("setsid", {
    args: [
      options.binary,
      ...codeServerArgs(options),
      "--auth",
      "none",
      "--bind-addr",
      "127.0.0.1:0",
      "--disable-telemetry",
      "--disable-update-check",
      ...(options.restricted === true ? [] : ["--disable-workspace-trust"]),
      "--disable-getting-started-override",
      "--ignore-last-opened",
    ],
    env: serverEnv(options.env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  let found: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => found = resolve);
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      log += text;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/
        .exec(log);
      if (match?.[1] !== undefined) found(match[1]);
    }
  };
  const reading = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const exited = child.status.then((status) => {
    throw new Error(
      `code-server exited (${status.code}) before listening:\n${log}`,
    );
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`code-server did not listen within 60 s:\n${log}`)),
      60_000,
    );
  });
  exited.catch(() => {});
  let url: string;
  try {
    url = await Promise.race([listening, exited, timeout]);
  } catch (error) {
    try {
      Deno.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    url,
    log: () => log,
    close: async () => {
      const signal = (name: Deno.Signal) => {
        try {
          Deno.kill(-child.pid, name);
        } catch {
          // The group is gone.
        }
      };
      signal("SIGTERM");
      await Promise.race([
        child.status,
        new Promise((resolve) => setTimeout(resolve, 5000)),
      ]);
      // Whatever outlived the polite stop (a terminal's process, an extension host) goes now.
      signal("SIGKILL");
      await child.status;
      await reading.catch(() => {});
    },
  };
}
