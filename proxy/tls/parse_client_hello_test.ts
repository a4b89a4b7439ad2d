/**
 * The ClientHello reader, without sockets: it finds the server names through
 * any split into records and TCP segments, refuses what is not a TLS
 * ClientHello on its first bytes, bounds what it reads, and never throws on
 * any input.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import {
  clientHello,
  clientHelloMessage,
  type HelloOptions,
  inRecords,
} from "../../tests/helpers/client_hello.ts";
import { checkClientHello } from "./check_client_hello.ts";
import { parseClientHello } from "./parse_client_hello.ts";

const enc = new TextEncoder();

function namesOf(bytes: Uint8Array): readonly string[] | string {
  const result = parseClientHello(bytes);
  return result.kind === "hello" ? result.hostNames : result.kind;
}

Deno.test("parseClientHello() reads the server name of a ClientHello in one record", () => {
  const bytes = clientHello({ names: ["api.github.com"] });
  const result = parseClientHello(bytes);
  deepStrictEqual(result, {
    kind: "hello",
    hostNames: ["api.github.com"],
    otherNames: 0,
    ech: false,
    alpn: undefined,
    versions: [0x0304],
    length: bytes.length,
  });
});

Deno.test("parseClientHello() reads the offered ALPN protocols and TLS versions", () => {
  const offers = (options: HelloOptions) => {
    const result = parseClientHello(clientHello({ names: ["a.example"], ...options }));
    return result.kind === "hello" ? [result.alpn, result.versions] : result.kind;
  };
  deepStrictEqual(offers({ alpn: ["h2", "http/1.1"] }), [["h2", "http/1.1"], [0x0304]]);
  deepStrictEqual(offers({ versions: [0x0a0a, 0x0304, 0x0303] }), [undefined, [
    0x0a0a,
    0x0304,
    0x0303,
  ]]);
  // No supported_versions: the ClientHello's own version is what it offers (TLS 1.0 here).
  deepStrictEqual(offers({ versions: [], legacyVersion: 0x0301 }), [undefined, [0x0301]]);
});

Deno.test("parseClientHello() refuses a malformed ALPN or supported_versions extension", () => {
  const withExtension = (type: number, data: number[]) => {
    const message = clientHelloMessage({ names: ["a.example"], versions: [] });
    // Append one extension: fix the extensions length and the handshake length.
    const out = [...message, (type >> 8) & 0xff, type & 0xff, 0, data.length, ...data];
    const extStart = 4 + 2 + 32 + 1 + 32 + 2 + 6 + 2;
    const extLength = ((out[extStart]! << 8) | out[extStart + 1]!) + 4 + data.length;
    out[extStart] = extLength >> 8;
    out[extStart + 1] = extLength & 0xff;
    const bodyLength = out.length - 4;
    out[1] = bodyLength >> 16;
    out[2] = (bodyLength >> 8) & 0xff;
    out[3] = bodyLength & 0xff;
    return parseClientHello(inRecords(new Uint8Array(out))).kind;
  };
  strictEqual(withExtension(0x0010, [0, 3, 2, 0x68, 0x32]), "hello", "h2, well formed");
  strictEqual(withExtension(0x0010, [0, 4, 2, 0x68, 0x32]), "not_tls", "list longer than its data");
  strictEqual(withExtension(0x0010, [0, 1, 0]), "not_tls", "an empty protocol name");
  strictEqual(withExtension(0x002b, [2, 3, 4]), "hello", "TLS 1.3, well formed");
  strictEqual(withExtension(0x002b, [3, 3, 4, 3]), "not_tls", "an odd length");
});

Deno.test("parseClientHello() reassembles a ClientHello fragmented over many records", () => {
  for (const sizes of [[1], [3], [4, 1], [5, 7, 100], [64]]) {
    const bytes = inRecords(clientHelloMessage({ names: ["a.example"] }), sizes);
    deepStrictEqual(namesOf(bytes), ["a.example"], `records of ${sizes}`);
  }
});

Deno.test("parseClientHello() says incomplete for every proper prefix, and decides on the whole", () => {
  const bytes = inRecords(clientHelloMessage({ names: ["a.example"] }), [40]);
  for (let n = 0; n < bytes.length; n++) {
    strictEqual(parseClientHello(bytes.subarray(0, n)).kind, "incomplete", `${n} bytes`);
  }
  deepStrictEqual(namesOf(bytes), ["a.example"]);
});

Deno.test("parseClientHello() refuses a ClientHello over the bound as soon as its length says so", () => {
  const big = clientHello({ names: ["a.example"], padding: 20_000 });
  strictEqual(parseClientHello(big.subarray(0, 9)).kind, "too_large");
  strictEqual(
    parseClientHello(clientHello({ names: ["a.example"], padding: 600 }), 512).kind,
    "too_large",
  );
  // Many tiny records: the record headers count against the bound too.
  const tiny = inRecords(clientHelloMessage({ names: ["a.example"] }), [1]);
  strictEqual(parseClientHello(tiny, 600).kind, "too_large");
});

Deno.test("parseClientHello() refuses garbage and plain HTTP on the first byte", () => {
  for (const text of ["GET / HTTP/1.1\r\n", "SSH-2.0-OpenSSH_9.6\r\n", "\u0000", "{"]) {
    strictEqual(parseClientHello(enc.encode(text).subarray(0, 1)).kind, "not_tls", text);
  }
});

Deno.test("parseClientHello() refuses an SSLv2-style ClientHello (it has no extensions)", () => {
  // 2-byte header with the top bit set, message type 1, version 3.1, then the lists.
  const v2 = new Uint8Array([0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10]);
  const result = parseClientHello(v2);
  strictEqual(result.kind, "not_tls");
  ok(result.kind === "not_tls" && result.reason.includes("SSLv2"));
});

Deno.test("parseClientHello() refuses a handshake that is not a ClientHello, and other record types", () => {
  const serverHello = clientHelloMessage({ names: ["a.example"] });
  serverHello[0] = 2;
  strictEqual(parseClientHello(inRecords(serverHello)).kind, "not_tls");
  const split = inRecords(clientHelloMessage({ names: ["a.example"] }), [10]);
  split[15] = 23; // the second record claims to be application data
  strictEqual(parseClientHello(split).kind, "not_tls");
  strictEqual(parseClientHello(new Uint8Array([22, 3, 1, 0, 0])).kind, "not_tls", "empty record");
  strictEqual(parseClientHello(new Uint8Array([22, 2, 0])).kind, "not_tls", "SSL 2 version");
});

Deno.test("parseClientHello() reads past GREASE suites and extensions", () => {
  deepStrictEqual(namesOf(clientHello({ names: ["a.example"], grease: true })), ["a.example"]);
});

Deno.test("parseClientHello() reports every host_name entry and other name types", () => {
  const result = parseClientHello(
    clientHello({ names: ["a.example", "b.example"], otherNameType: true }),
  );
  ok(result.kind === "hello");
  deepStrictEqual([result.hostNames, result.otherNames], [["a.example", "b.example"], 1]);
});

Deno.test("parseClientHello() reports the ECH extension and a hello without SNI", () => {
  const ech = parseClientHello(clientHello({ names: ["a.example"], ech: true }));
  ok(ech.kind === "hello" && ech.ech);
  deepStrictEqual(namesOf(clientHello({})), []);
});

Deno.test("parseClientHello() refuses a hello with a duplicated extension or a bad length", () => {
  const message = clientHelloMessage({ names: ["a.example"] });
  // Extensions length one short: the last extension runs past it.
  const extLengthAt = 4 + 2 + 32 + 1 + 32 + 2 + 6 + 2;
  const short = message.slice();
  short[extLengthAt + 1]! -= 1;
  strictEqual(parseClientHello(inRecords(short)).kind, "not_tls");
  const twice = clientHelloMessage({ names: ["a.example"], padding: 4 });
  // Rename the padding extension (type 21) to server_name (0): two server_name extensions.
  const at = twice.length - 8;
  strictEqual(twice[at + 1], 21);
  twice[at + 1] = 0;
  strictEqual(parseClientHello(inRecords(twice)).kind, "not_tls");
});

// --- checkClientHello ----------------------------------------------------

const verdict = (options: HelloOptions, host = "a.example") => {
  const decision = checkClientHello(parseClientHello(clientHello(options)), host);
  return decision.kind === "allow" ? "allow" : decision.code;
};

Deno.test("checkClientHello() allows only exactly one SNI equal to the CONNECT host", () => {
  strictEqual(verdict({ names: ["a.example"] }), "allow");
  strictEqual(verdict({ names: ["A.Example."] }), "allow", "case and trailing dot normalised");
  strictEqual(verdict({ names: ["b.example"] }), "egress.sni_mismatch");
  strictEqual(verdict({ names: ["a.example", "b.example"] }), "egress.sni_mismatch");
  strictEqual(verdict({ names: ["a.example", "a.example"] }), "egress.sni_mismatch");
  strictEqual(verdict({ names: ["a.example"], otherNameType: true }), "egress.sni_mismatch");
  strictEqual(verdict({ names: ["a.example\u0000.evil"] }), "egress.sni_mismatch");
  strictEqual(verdict({ names: ["xa.example"] }), "egress.sni_mismatch");
  strictEqual(verdict({}), "egress.no_sni");
  strictEqual(verdict({ names: ["a.example"], ech: true }), "egress.ech");
});

// --- properties ------------------------------------------------------------

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));

Deno.test("parseClientHello() finds the same names however records and segments split the hello", () => {
  fc.assert(
    fc.property(
      hostName,
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }),
      (name, grease, records, segments) => {
        const bytes = inRecords(clientHelloMessage({ names: [name], grease }), records);
        // Bytes arrive segment by segment: every prefix short of the whole is incomplete.
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          at = Math.min(bytes.length, at + segments[i % segments.length]!);
          const result = parseClientHello(bytes.subarray(0, at));
          if (at < bytes.length) strictEqual(result.kind, "incomplete");
          else deepStrictEqual(result.kind === "hello" && result.hostNames, [name]);
        }
      },
    ),
  );
});

Deno.test("parseClientHello() never throws and never reads a hello out of random bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const result = parseClientHello(bytes);
      ok(["incomplete", "not_tls", "too_large", "hello"].includes(result.kind));
      // Anything not starting like a handshake record is refused at once, never waited on.
      if (bytes.length > 0 && bytes[0] !== 22) strictEqual(result.kind, "not_tls");
    }),
    { numRuns: 2_000 },
  );
});

Deno.test("parseClientHello() never throws on a corrupted ClientHello", () => {
  const base = clientHello({ names: ["a.example"], grease: true, ech: true });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.nat(base.length),
      (edits, cut) => {
        const bytes = base.slice(0, Math.max(1, cut));
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        const result = parseClientHello(bytes);
        const decision = checkClientHello(result, "a.example");
        // Whatever was corrupted, only a hello naming exactly a.example without ECH is allowed.
        if (decision.kind === "allow") {
          ok(result.kind === "hello" && !result.ech);
          deepStrictEqual(result.kind === "hello" && result.hostNames.length, 1);
        }
      },
    ),
    { numRuns: 2_000 },
  );
});
