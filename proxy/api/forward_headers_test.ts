import { strictEqual } from "node:assert/strict";
import { timingSafeEqual } from "./forward_headers.ts";

Deno.test("timingSafeEqual() is true only for the same string", () => {
  strictEqual(timingSafeEqual("sk-ant-phantom", "sk-ant-phantom"), true);
  strictEqual(timingSafeEqual("", ""), true);
  strictEqual(timingSafeEqual("sk-ant-phantom", "sk-ant-phantoM"), false);
  strictEqual(timingSafeEqual("sk-ant-phantom", "sk-ant-phanto"), false, "a prefix");
  strictEqual(timingSafeEqual("sk-ant-phanto", "sk-ant-phantom"), false, "a longer one");
  strictEqual(timingSafeEqual("", "a"), false);
  strictEqual(timingSafeEqual("\0", ""), false, "a NUL is not the end");
  strictEqual(timingSafeEqual("clé", "clé"), true);
  strictEqual(timingSafeEqual("clé", "cle"), false);
  strictEqual(timingSafeEqual("\u{1F511}", "\u{1F512}"), false);
});
