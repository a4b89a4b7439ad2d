import { strictEqual } from "node:assert/strict";
import { documentFolder, filePathOf } from "./document_folder.ts";

Deno.test("documentFolder() is the folder of a file URI, decoded", () => {
  strictEqual(
    documentFolder("file:///home/me/my%20proj/claude-bottle.json", "/x"),
    "/home/me/my proj",
  );
});

Deno.test("documentFolder() falls back for documents with no file", () => {
  strictEqual(documentFolder("untitled:Untitled-1", "/work"), "/work");
  strictEqual(filePathOf("vscode-remote://host/x"), undefined);
});
