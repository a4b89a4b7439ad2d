import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { type BottleRecord, bottleState, formatAge, parseBottleRecords } from "./bottle_record.ts";

/** Trimmed `docker container inspect` output: two bottles and a container that is not one. */
const INSPECT = JSON.stringify([
  {
    Id: "9f1c2b3a4d5e",
    Created: "2025-03-01T10:00:00.123456789Z",
    Path: "/bin/sh",
    Args: ["/etc/bottle/init.sh", "print"],
    State: {
      Status: "exited",
      Running: false,
      Paused: false,
      OOMKilled: false,
      Pid: 0,
      ExitCode: 3,
      StartedAt: "2025-03-01T10:00:01Z",
      FinishedAt: "2025-03-01T10:05:00Z",
    },
    Name: "/bottle-zeta-0002",
    Config: {
      Hostname: "zeta-0002",
      User: "1000:1000",
      Image: "bottle-agent:latest",
      Labels: {
        "dev.bottle.bottle": "zeta-0002",
        "dev.bottle.agent": "zeta",
        "dev.bottle.manifest": "(built-in)",
        "dev.bottle.workspace": "/home/u/z",
        "dev.bottle.mode": "print",
        "dev.bottle.state-dir": "/home/u/.local/state/bottle/zeta-0002",
        "dev.bottle.supervisor": "not-a-pid",
        "dev.bottle.started": "2025-03-01T10:00:00.000Z",
      },
    },
  },
  {
    Id: "0000aaaa",
    Created: "2025-03-01T09:00:00Z",
    State: { Status: "running", Running: true, ExitCode: 0 },
    Name: "/postgres",
    Config: { Image: "postgres:16", Labels: { "com.docker.compose.service": "db" } },
  },
  {
    Id: "1111bbbb",
    Created: "2025-03-01T09:30:00Z",
    State: { Status: "running", Running: true },
    Name: "/unlabelled",
    Config: { Image: "alpine", Labels: null },
  },
  {
    Id: "5e6f7a8b",
    Created: "2025-03-01T08:00:00.5Z",
    State: { Status: "running", Running: true, ExitCode: 0 },
    Name: "/bottle-alpha-1",
    Config: {
      Labels: {
        "dev.bottle.bottle": "alpha-1",
        "dev.bottle.agent": "alpha",
        "dev.bottle.manifest": "/home/u/a/claude-bottle.json",
        "dev.bottle.workspace": "/home/u/a",
        "dev.bottle.mode": "interactive",
        "dev.bottle.state-dir": "/home/u/.local/state/bottle/alpha-1",
        "dev.bottle.supervisor": "4242",
      },
    },
  },
]);

const ALPHA: BottleRecord = {
  name: "alpha-1",
  agent: "alpha",
  container: "bottle-alpha-1",
  containerRunning: true,
  exitCode: undefined,
  created: "2025-03-01T08:00:00.5Z",
  workspace: "/home/u/a",
  manifest: "/home/u/a/claude-bottle.json",
  mode: "interactive",
  stateDir: "/home/u/.local/state/bottle/alpha-1",
  supervisor: { pid: 4242 },
};

const ZETA: BottleRecord = {
  name: "zeta-0002",
  agent: "zeta",
  container: "bottle-zeta-0002",
  containerRunning: false,
  exitCode: 3,
  created: "2025-03-01T10:00:00.000Z",
  workspace: "/home/u/z",
  manifest: "(built-in)",
  mode: "print",
  stateDir: "/home/u/.local/state/bottle/zeta-0002",
  supervisor: undefined,
};

Deno.test("parseBottleRecords() reads bottles from docker inspect, sorted by name", () => {
  deepStrictEqual(parseBottleRecords(INSPECT), [ALPHA, ZETA]);
});

Deno.test("parseBottleRecords() skips containers without the bottle label", () => {
  const names = parseBottleRecords(INSPECT).map((r) => r.container);
  deepStrictEqual(names, ["bottle-alpha-1", "bottle-zeta-0002"]);
  deepStrictEqual(
    parseBottleRecords(
      JSON.stringify([{ Name: "/x", Config: { Labels: { "dev.bottle.bottle": "" } } }]),
    ),
    [],
  );
});

Deno.test("parseBottleRecords() tolerates empty, non-array and odd-shaped output", () => {
  deepStrictEqual(parseBottleRecords(""), []);
  deepStrictEqual(parseBottleRecords("[]"), []);
  deepStrictEqual(parseBottleRecords("{}"), []);
  deepStrictEqual(parseBottleRecords("null"), []);
  deepStrictEqual(parseBottleRecords('[null, 5, "x", {"Config": 7}]'), []);
  throws(() => parseBottleRecords("not json"), SyntaxError);
});

Deno.test("parseBottleRecords() reads a bottle with no State or Name as stopped, unknown status", () => {
  const [record] = parseBottleRecords(
    JSON.stringify([{ Config: { Labels: { "dev.bottle.bottle": "b", "dev.bottle.agent": 5 } } }]),
  );
  deepStrictEqual(record, {
    name: "b",
    agent: "",
    container: "",
    containerRunning: false,
    exitCode: undefined,
    created: "",
    workspace: "",
    manifest: "",
    mode: "",
    stateDir: "",
    supervisor: undefined,
  });
});

Deno.test("parseBottleRecords() only counts Running: true as running", () => {
  const running = (value: unknown) =>
    parseBottleRecords(
      JSON.stringify([{
        State: { Running: value },
        Config: { Labels: { "dev.bottle.bottle": "b" } },
      }]),
    )[0]!.containerRunning;
  strictEqual(running(true), true);
  for (const value of ["true", 1, null, false]) strictEqual(running(value), false, String(value));
});

Deno.test("bottleState() is orphaned whenever the supervisor is dead, whatever the container", () => {
  strictEqual(bottleState(ALPHA, false), "orphaned");
  strictEqual(bottleState(ZETA, false), "orphaned");
  strictEqual(bottleState(ALPHA, true), "running");
  strictEqual(bottleState(ZETA, true), "exited");
});

Deno.test("formatAge() gives seconds, minutes, hours and days, rounding down", () => {
  const now = new Date("2025-03-02T00:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const cases: ReadonlyArray<readonly [number, string]> = [
    [0, "0s"],
    [45, "45s"],
    [59, "59s"],
    [60, "1m"],
    [12 * 60 + 59, "12m"],
    [3599, "59m"],
    [3600, "1h"],
    [3 * 3600 + 3599, "3h"],
    [86399, "23h"],
    [86400, "1d"],
    [2 * 86400 + 86399, "2d"],
    [400 * 86400, "400d"],
  ];
  for (const [seconds, expected] of cases) {
    strictEqual(formatAge(ago(seconds), now), expected, `${seconds}s`);
  }
});

Deno.test("formatAge() shows 0s for a start in the future and ? for an unreadable time", () => {
  const now = new Date("2025-03-02T00:00:00Z");
  strictEqual(formatAge("2025-03-02T01:00:00Z", now), "0s");
  strictEqual(formatAge("", now), "?");
  strictEqual(formatAge("yesterday", now), "?");
});
