/**
 * The manifest's language features come from `bottle lsp --stdio`: the same
 * code as `bottle validate` gives diagnostics, completion, hover and quick
 * fixes for `claude-bottle.json`. This module starts and stops that client.
 */
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

/** The documents bottle's language server handles. */
export const MANIFEST_SELECTOR = [
  { scheme: "file", pattern: "**/claude-bottle.json" },
  { scheme: "file", language: "claude-bottle" },
];

/** Starts `bottle lsp --stdio` from `binary`; rejects when it does not come up. */
export async function startManifestClient(
  binary: string,
  output: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const server: ServerOptions = {
    command: binary,
    // TransportKind.stdio adds the `--stdio` argument.
    args: ["lsp"],
    transport: TransportKind.stdio,
    options: { env: { ...process.env, NO_COLOR: "1" } },
  };
  const client: LanguageClientOptions = {
    documentSelector: MANIFEST_SELECTOR,
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/claude-bottle.json",
      ),
    },
  };
  const languageClient = new LanguageClient(
    "bottle",
    "bottle language server",
    server,
    client,
  );
  await languageClient.start();
  return languageClient;
}
