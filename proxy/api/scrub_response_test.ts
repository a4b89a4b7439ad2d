import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ResponseScrubber, SCRUB_MARKER } from "./scrub_response.ts";

const SECRET = "sk-ant-oat01-REAL-secret-value-0123456789abcdef";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function run(scrubber: ResponseScrubber, parts: readonly string[]): string[] {
  const out = parts.map((part) => decoder.decode(scrubber.push(encoder.encode(part))));
  out.push(decoder.decode(scrubber.end()));
  return out;
}

Deno.test("ResponseScrubber replaces a secret split at every byte with a marker of its length", () => {
  const text = `data: {"text":"key ${SECRET} end"}\n\n`;
  const expected = text.replace(SECRET, SCRUB_MARKER + "*".repeat(SECRET.length - 17));
  for (let cut = 0; cut <= text.length; cut++) {
    const scrubber = new ResponseScrubber([{ label: "api_credential", value: SECRET }]);
    const out = run(scrubber, [text.slice(0, cut), text.slice(cut)]).join("");
    strictEqual(out, expected, `cut at ${cut}`);
    strictEqual(encoder.encode(out).length, encoder.encode(text).length);
    deepStrictEqual([...scrubber.counts], [["api_credential", 1]]);
  }
});

Deno.test("ResponseScrubber holds back only a tail that could begin a secret", () => {
  const scrubber = new ResponseScrubber([{ label: "a", value: SECRET }]);
  const event = 'event: content_block_delta\ndata: {"text":"hello"}\n\n';
  deepStrictEqual(run(scrubber, [event, "data: sk-ant-o", "x\n\n"]), [
    event,
    "data: ",
    "sk-ant-ox\n\n",
    "",
  ]);
  // A prefix the body ends with is passed on at the end, unchanged.
  deepStrictEqual(run(new ResponseScrubber([{ label: "a", value: SECRET }]), ["tail sk-ant"]), [
    "tail ",
    "sk-ant",
  ]);
});

Deno.test("ResponseScrubber scrubs header values and short secrets with stars", () => {
  const scrubber = new ResponseScrubber([
    { label: "api_credential", value: SECRET },
    { label: "env:PIN", value: "12345678" },
  ]);
  const fields = scrubber.fields([["x-echo", `Bearer ${SECRET}`], ["x-pin", "pin=12345678"]]);
  deepStrictEqual(fields, [
    ["x-echo", `Bearer ${SCRUB_MARKER}${"*".repeat(SECRET.length - 17)}`],
    ["x-pin", "pin=********"],
  ]);
  const clean: ReadonlyArray<readonly [string, string]> = [["a", "b"]];
  strictEqual(scrubber.fields(clean), clean);
});

Deno.test("ResponseScrubber scrubs two secrets that overlap, whichever is found first", () => {
  const scrubber = new ResponseScrubber([
    { label: "a", value: "AAAA-secret-one-BBBB" },
    { label: "b", value: "BBBB-secret-two-CCCC" },
  ]);
  const body = new TextEncoder().encode("x AAAA-secret-one-BBBB-secret-two-CCCC y");
  const out = new TextDecoder().decode(
    new Uint8Array([...scrubber.push(body), ...scrubber.end()]),
  );
  ok(!out.includes("secret-one") && !out.includes("secret-two"), out);
});
