import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { formatIpv6, parseIpv6 } from "./parse_ipv6.ts";

Deno.test("parse_ipv6_reads_full_compressed_and_dotted_forms", () => {
  const cases: readonly [string, number[]][] = [
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["::1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["1::", [1, 0, 0, 0, 0, 0, 0, 0]],
    ["0:0:0:0:0:0:0:1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["2001:DB8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ["1:2:3:4:5:6:7::", [1, 2, 3, 4, 5, 6, 7, 0]],
    ["::2:3:4:5:6:7:8", [0, 2, 3, 4, 5, 6, 7, 8]],
    ["1:2:3::6:7:8", [1, 2, 3, 0, 0, 6, 7, 8]],
    ["::ffff:127.0.0.1", [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ["::127.0.0.1", [0, 0, 0, 0, 0, 0, 0x7f00, 1]],
    ["64:ff9b::169.254.169.254", [0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe]],
    ["1:2:3:4:5:6:1.2.3.4", [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
  ];
  for (const [text, words] of cases) deepStrictEqual(parseIpv6(text), words, text);
});

Deno.test("parse_ipv6_refuses_zone_ids_and_malformed_forms", () => {
  const refused = [
    "",
    ":",
    ":::",
    "fe80::1%eth0",
    "fe80::1%25eth0",
    "fe80::1%25",
    "fe80::1%",
    "1:::2",
    "1::2::3",
    ":1::",
    "1::2:",
    ":1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:1.2.3.4",
    "12345::",
    "g::",
    "::1.2.3",
    "::127.1",
    "::0x7f.0.0.1",
    "::127.0.0.01",
    "1.2.3.4::",
    "::1.2.3.4:5",
    "[::1]",
    " ::1",
    "::1 ",
    "::１",
    "127.0.0.1",
    "localhost",
  ];
  for (const text of refused) {
    strictEqual(parseIpv6(text), undefined, JSON.stringify(text));
  }
});

Deno.test("format_ipv6_compresses_the_longest_zero_run_first_on_a_tie", () => {
  const cases: readonly [string, string][] = [
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["2001:0DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["1:0:0:2:0:0:3:4", "1::2:0:0:3:4"],
    ["::ffff:127.0.0.1", "::ffff:7f00:1"],
  ];
  for (const [text, canonical] of cases) strictEqual(formatIpv6(parseIpv6(text)!), canonical, text);
});

Deno.test("format_ipv6_agrees_with_the_url_parser_that_egress_rules_use", () => {
  const samples = [
    "::",
    "::1",
    "fe80::1",
    "2001:DB8:0:0:1:0:0:1",
    "1:0:0:2:0:0:3:4",
    "::ffff:169.254.169.254",
    "64:ff9b::8.8.8.8",
    "2606:4700:4700::1111",
    "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
  ];
  for (const text of samples) {
    const viaUrl = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    strictEqual(formatIpv6(parseIpv6(text)!), viaUrl, text);
  }
});
