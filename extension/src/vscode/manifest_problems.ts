/**
 * Where manifest problems come from: `bottle lsp` when the bottle has it
 * (diagnostics as you type, completion, hover, quick fixes), else `bottle
 * validate FILE --json` on open and save, published to the Problems panel at
 * the places the CLI reports. Nothing runs in an untrusted workspace.
 */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { asFailure, BottleFailure } from "../cli/bottle_failure.ts";
import type { Validation } from "../cli/parse_validation.ts";
import { spawnRunner } from "../cli/run_cli.ts";
import type { BottleProgram } from "./bottle_program.ts";
import { publishProblems } from "./fallback_problems.ts";
import { startManifestClient } from "./manifest_language_client.ts";

/** The manifest's file name. */
export const MANIFEST = "claude-bottle.json";

/** Whether `document` is a manifest on disk. */
export function isManifest(document: vscode.TextDocument): boolean {
  return document.uri.scheme === "file" && basename(document.uri.fsPath) === MANIFEST;
}

/** The language server, or the fallback when there is none. */
export class ManifestProblems implements vscode.Disposable {
  readonly #program: BottleProgram;
  readonly #output = vscode.window.createOutputChannel("bottle language server", { log: true });
  readonly #collection = vscode.languages.createDiagnosticCollection("bottle");
  readonly #listeners: vscode.Disposable[];
  #client: LanguageClient | undefined;

  constructor(program: BottleProgram) {
    this.#program = program;
    this.#listeners = [
      vscode.workspace.onDidOpenTextDocument((d) => void this.#fallback(d)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.#fallback(d)),
    ];
  }

  /** Whether `bottle lsp` is serving the manifests. */
  get serving(): boolean {
    return this.#client !== undefined;
  }

  /** Shows `validation`'s problems, unless the language server already does. */
  publish(validation: Validation): void {
    if (this.#client !== undefined || validation.manifest === null) return;
    publishProblems(this.#collection, vscode.Uri.file(validation.manifest), validation);
  }

  async #fallback(document: vscode.TextDocument): Promise<void> {
    if (this.#client !== undefined || !isManifest(document) || !vscode.workspace.isTrusted) return;
    const cli = this.#program.cli();
    if (cli instanceof BottleFailure) return;
    try {
      const path = document.uri.fsPath;
      publishProblems(this.#collection, document.uri, await cli.validate(dirname(path), path));
    } catch (error) {
      this.#output.appendLine(`bottle validate failed: ${asFailure(error).message}`);
    }
  }

  #fallBackEverywhere(why: string): void {
    this.#output.appendLine(why);
    for (const document of vscode.workspace.textDocuments) void this.#fallback(document);
  }

  /** (Re)starts the language server; in an untrusted workspace only stops it. */
  async start(): Promise<void> {
    await this.stop();
    if (!vscode.workspace.isTrusted) return;
    const found = this.#program.lookUp();
    if (!found.found) {
      this.#program.require(false);
      return;
    }
    const probe = await spawnRunner(found.path, process.env)(["lsp", "--help"]).catch(() =>
      undefined
    );
    if (probe?.exitCode !== 0) {
      this.#fallBackEverywhere(
        `${found.path} has no \`bottle lsp\`; problems come from \`bottle validate\` on save.`,
      );
      return;
    }
    try {
      this.#client = await startManifestClient(found.path, this.#output);
      this.#collection.clear();
    } catch (error) {
      this.#client = undefined;
      void vscode.window.showWarningMessage(
        "bottle: the language server (bottle lsp) did not start; see Output › bottle language server.",
      );
      this.#fallBackEverywhere(`bottle lsp did not start: ${asFailure(error).message}`);
    }
  }

  /** Stops the language server. */
  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.stop().catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
    for (const listener of this.#listeners) listener.dispose();
    this.#collection.dispose();
    this.#output.dispose();
  }
}
