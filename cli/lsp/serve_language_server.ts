/**
 * The language server for claude-bottle.json: keeps the open buffers, checks
 * each one (debounced while typing) with the same code `bottle validate` runs,
 * and answers completion, hover and quick-fix requests. It reads and writes
 * only the transport it is given, and resolves with the exit status the LSP
 * lifecycle calls for (0 after shutdown then exit, 1 otherwise).
 */
import {
  type ClientCapabilities,
  CodeActionKind,
  createConnection,
  createProtocolConnection,
  DiagnosticSeverity,
  type InitializeResult,
  type Logger,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { VERSION } from "../version.ts";
import { completeManifest } from "./complete_manifest.ts";
import { Debouncer } from "./debouncer.ts";
import { documentFolder, filePathOf } from "./document_folder.ts";
import { hoverManifest } from "./hover_manifest.ts";
import type { LspHost } from "./lsp_host.ts";
import { bufferDiagnostics, DIAGNOSTIC_SOURCE } from "./manifest_diagnostics.ts";
import { quickFixes } from "./quick_fixes.ts";
import { skillFolders } from "./skill_folders.ts";
import { messageReaderFrom, messageWriterTo } from "./stdio_transport.ts";

/** Pause after the last keystroke before a buffer is checked again. */
export const DEBOUNCE_MS = 200;

/** The transport and the host the server works with. */
export interface LanguageServerOptions {
  /** Framed LSP messages from the client. */
  readonly input: ReadableStream<Uint8Array>;
  /** Receives framed LSP messages for the client; nothing else is ever written. */
  readonly write: (text: string) => void;
  readonly host: LspHost;
  /** Folder for documents that have no file (untitled buffers) when the client names no workspace. */
  readonly cwd: string;
  readonly debounceMs?: number;
}

/** Serves one client until it exits or its input ends; resolves with the exit status. */
export function serveLanguageServer(options: LanguageServerOptions): Promise<number> {
  const { host } = options;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => finish = resolve);
  const watchDog = {
    shutdownReceived: false,
    // The Node runtime polls the client's pid with `process.kill(pid, 0)`, which bottle's
    // permission set does not grant: it would end the server after 3 s. The client closing
    // our input is the signal instead.
    initialize: () => {},
    exit: (code: number) => finish(code),
  };
  const reader = messageReaderFrom(options.input);
  const writer = messageWriterTo(options.write);
  const connection = createConnection((logger: Logger) => {
    const protocol = createProtocolConnection(reader, writer, logger);
    protocol.onClose(() => finish(watchDog.shutdownReceived ? 0 : 1));
    return protocol;
  }, watchDog);

  const documents = new TextDocuments(TextDocument);
  const debouncer = new Debouncer(options.debounceMs ?? DEBOUNCE_MS);
  const published = new Map<string, number>();
  let fallbackFolder = options.cwd;
  let snippets = false;

  const folderOf = (uri: string) => documentFolder(uri, fallbackFolder);
  const check = (document: TextDocument): void => {
    published.set(document.uri, document.version);
    let diagnostics;
    try {
      diagnostics = bufferDiagnostics(
        document.getText(),
        host.view(folderOf(document.uri)),
        (offset) => document.positionAt(offset),
      );
    } catch (error) {
      // Fail closed: a check that breaks shows as an error, never as a clean manifest.
      diagnostics = [{
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        code: "internal",
        source: DIAGNOSTIC_SOURCE,
        message: `bottle could not check this manifest (internal error: ${
          error instanceof Error ? error.message : String(error)
        })`,
      }];
    }
    void connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics,
    });
  };

  connection.onInitialize((params): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    fallbackFolder = (folder === undefined ? undefined : filePathOf(folder)) ?? options.cwd;
    snippets = snippetSupport(params.capabilities);
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        completionProvider: { triggerCharacters: ['"', ":"] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: "bottle", version: VERSION },
    };
  });

  documents.onDidOpen(({ document }) => {
    debouncer.cancel(document.uri);
    check(document);
  });
  documents.onDidChangeContent(({ document }) => {
    // didOpen also reports a content change; that version was just checked.
    if (published.get(document.uri) === document.version) return;
    debouncer.schedule(document.uri, () => {
      const latest = documents.get(document.uri);
      if (latest !== undefined) check(latest);
    });
  });
  // Folders and SKILL.md files may have changed on disk: check every open buffer again.
  const checkAll = () => {
    for (const document of documents.all()) check(document);
  };
  documents.onDidSave(checkAll);
  connection.onDidChangeWatchedFiles(checkAll);
  documents.onDidClose(({ document }) => {
    debouncer.cancel(document.uri);
    published.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return [];
    return completeManifest({
      text: document.getText(),
      offset: document.offsetAt(params.position),
      positionAt: (offset) => document.positionAt(offset),
      snippets,
      skills: () => skillFolders(host, folderOf(document.uri)),
    });
  });
  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return null;
    return hoverManifest({
      text: document.getText(),
      offset: document.offsetAt(params.position),
      positionAt: (offset) => document.positionAt(offset),
      host: host.view(folderOf(document.uri)),
    }) ?? null;
  });
  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return [];
    return quickFixes({
      uri: document.uri,
      text: document.getText(),
      positionAt: (offset) => document.positionAt(offset),
      offsetAt: (position) => document.offsetAt(position),
    }, params.context.diagnostics);
  });
  connection.onShutdown(() => debouncer.cancelAll());

  documents.listen(connection);
  connection.listen();
  return done.finally(() => {
    debouncer.cancelAll();
    try {
      connection.dispose();
    } catch {
      // Already closed by the client; nothing left to release.
    }
  });
}

function snippetSupport(capabilities: ClientCapabilities): boolean {
  return capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
}
