import { deepStrictEqual, equal } from "node:assert/strict";
import { baseImageAptSources, defaultMirror, parseAptSources } from "./apt_sources.ts";

const DEB822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security/
Suites: bookworm-security
Components: main contrib

Types: deb-src
URIs: http://src.example/debian
Suites: bookworm
Components: main

Enabled: no
Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Components: main
`;

Deno.test("parseAptSources() reads deb822 sources, one entry per URI and suite", () => {
  deepStrictEqual(parseAptSources(DEB822), [
    { uri: "http://deb.debian.org/debian", suite: "bookworm", components: ["main"] },
    { uri: "http://deb.debian.org/debian", suite: "bookworm-updates", components: ["main"] },
    {
      uri: "http://deb.debian.org/debian-security",
      suite: "bookworm-security",
      components: ["main", "contrib"],
    },
  ]);
});

Deno.test("parseAptSources() reads one-line sources.list and skips deb-src and comments", () => {
  const text = [
    "# deb http://commented.example/debian bookworm main",
    "deb-src http://src.example/debian bookworm main",
    "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian/ bookworm main non-free",
    "deb http://mirror.example/debian bookworm-updates",
  ].join("\n");
  deepStrictEqual(parseAptSources(text), [
    { uri: "http://mirror.example/debian", suite: "bookworm", components: ["main", "non-free"] },
    { uri: "http://mirror.example/debian", suite: "bookworm-updates", components: ["main"] },
  ]);
});

Deno.test("defaultMirror() is the first binary source, or undefined without one", () => {
  equal(defaultMirror(parseAptSources(DEB822)), "http://deb.debian.org/debian");
  equal(defaultMirror(parseAptSources("")), undefined);
});

Deno.test("baseImageAptSources() adds the host's updates and security suites of the same release", () => {
  const text = baseImageAptSources("bookworm", "http://m.example/debian/", parseAptSources(DEB822));
  equal(
    text,
    [
      "deb http://m.example/debian bookworm main",
      "deb http://deb.debian.org/debian bookworm-updates main",
      "deb http://deb.debian.org/debian-security bookworm-security main contrib",
      "",
    ].join("\n"),
  );
});

Deno.test("baseImageAptSources() adds nothing the host does not use", () => {
  const host = parseAptSources(DEB822);
  equal(
    baseImageAptSources("trixie", "http://m.example/debian", host),
    "deb http://m.example/debian trixie main\n",
  );
});
