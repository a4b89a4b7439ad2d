import { strictEqual } from "node:assert/strict";
import { formatIpv4, parseIpv4 } from "./parse_ipv4.ts";

Deno.test("parse_ipv4_reads_canonical_dotted_quads", () => {
  const cases: readonly [string, number][] = [
    ["0.0.0.0", 0],
    ["127.0.0.1", 0x7f000001],
    ["1.2.3.4", 0x01020304],
    ["10.0.0.255", 0x0a0000ff],
    ["255.255.255.255", 0xffffffff],
  ];
  for (const [text, value] of cases) strictEqual(parseIpv4(text), value, text);
});

Deno.test("parse_ipv4_refuses_every_other_form", () => {
  const refused = [
    "",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.0.0.1",
    "0x7f.1",
    "0177.0.0.1",
    "127.0.0.01",
    "127.000.0.1",
    "01.2.3.4",
    "256.0.0.1",
    "1.2.3.4.",
    ".1.2.3.4",
    "1..2.3",
    "1.2.3.4.5",
    "+1.2.3.4",
    "1.2.3.-4",
    "1e1.2.3.4",
    " 1.2.3.4",
    "1.2.3.4\n",
    "１.2.3.4",
    "1.2.3.４",
  ];
  for (const text of refused) {
    strictEqual(parseIpv4(text), undefined, JSON.stringify(text));
  }
});

Deno.test("format_ipv4_round_trips_with_parse", () => {
  for (const text of ["0.0.0.0", "127.0.0.1", "169.254.169.254", "255.255.255.255"]) {
    strictEqual(formatIpv4(parseIpv4(text)!), text);
  }
});
