/**
 * Bottle: Show audit log. A read-only document per bottle
 * (`bottle-audit:/NAME audit log`) rendered from `bottle audit NAME --json`;
 * opening it again reads the log again.
 */
import * as vscode from "vscode";
import { asFailure, failureText } from "../cli/bottle_failure.ts";
import type { BottleCli } from "../cli/bottle_cli.ts";
import { renderAuditLog } from "../cli/render_audit_log.ts";

/** The URI scheme of audit documents. */
export const AUDIT_SCHEME = "bottle-audit";

/** The document URI of bottle `name`'s audit log. */
export function auditUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: AUDIT_SCHEME, path: `/${name} audit log` });
}

/** Renders audit documents on demand. */
export class AuditDocuments implements vscode.TextDocumentContentProvider {
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly #cli: () => BottleCli | undefined;
  readonly onDidChange: vscode.Event<vscode.Uri> = this.#changed.event;

  constructor(cli: () => BottleCli | undefined) {
    this.#cli = cli;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = uri.path.replace(/^\//, "").replace(/ audit log$/, "");
    const cli = this.#cli();
    if (cli === undefined) {
      return "The bottle program was not found; see the bottle.path setting.\n";
    }
    try {
      return renderAuditLog(name, await cli.audit(name));
    } catch (error) {
      return `Cannot read the audit log of ${name}: ${failureText(asFailure(error))}\n`;
    }
  }

  /** Opens (or re-reads and shows) bottle `name`'s audit log. */
  async show(name: string): Promise<void> {
    const uri = auditUri(name);
    this.#changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }
}
