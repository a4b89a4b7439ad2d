/**
 * Runs a real egress proxy on 127.0.0.1:0 (or a unix socket) for raw-socket
 * tests, with every edge replaced by a spy: DNS is an in-memory map that
 * records each lookup, and `connect` records each dial and REFUSES any
 * address that is not loopback, so a test that would reach the outside world
 * fails instead of sending a packet.
 */
import type { AuditEvent } from "../../proxy/audit/audit_event.ts";
import {
  type EgressDlpConfig,
  type EgressLimits,
  EgressProxy,
  type InterceptConfig,
  serveEgressProxy,
} from "../../proxy/egress/egress_proxy.ts";
import { connectTcp } from "../../proxy/egress/resolve_host.ts";
import type { RunningServer } from "../../proxy/conn/listen.ts";
import { compileEgressPolicy, type EgressPolicy } from "../../proxy/policy/mod.ts";
import { exchange, RawClient, type RawResponse } from "./raw_http_client.ts";
import { within } from "./within.ts";

/** The only addresses the spy lets the proxy dial. */
export const LOOPBACK: ReadonlySet<string> = new Set(["127.0.0.1", "::1"]);

/** One call the proxy made to `connect`. */
export interface Dial {
  readonly address: string;
  readonly port: number;
}

/** A resolver: a fixed map, or a function told how many times it was called before. */
export type Dns =
  | Readonly<Record<string, readonly string[]>>
  | ((host: string, call: number) => readonly string[] | Promise<readonly string[]>);

/** How to start the proxy under test. */
export interface EgressHarnessOptions {
  /** Allowlist entries, as a manifest would list them. */
  readonly allow: readonly string[];
  /** Answers for the resolver spy; an unknown name resolves to nothing. */
  readonly dns?: Dns;
  readonly limits?: Partial<EgressLimits>;
  /** `egress.hosts` pins, as a manifest would list them (name → address). */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Replaces the policy compiled from `allow` (a policy that throws, say). */
  readonly policy?: EgressPolicy;
  /** DLP settings (omitted: the proxy's default, block mode with every detector). */
  readonly dlp?: EgressDlpConfig;
  /** Ports whose tunnels must be TLS to the named host (omitted: the proxy's default, 443). */
  readonly tlsPorts?: readonly number[];
  /**
   * Dial this loopback port instead of the one asked for (the address is
   * never changed), so rules on ports like 443 can be exercised without root.
   */
  readonly portMap?: Readonly<Record<number, number>>;
  /** Replaces the real loopback dial (after the loopback check), e.g. to hang. */
  readonly dial?: (address: string, port: number) => Promise<Deno.Conn>;
  /** Listen on this unix socket path instead of a loopback port. */
  readonly unixPath?: string;
  /** TLS interception (omitted: every CONNECT is a tunnel). */
  readonly intercept?: InterceptConfig;
}

/** A running proxy and everything its spies saw. */
export interface EgressHarness {
  /** The proxy's loopback port, or its unix socket path. */
  readonly to: number | string;
  readonly proxy: EgressProxy;
  readonly audit: AuditEvent[];
  /** Every name the resolver was asked for, in order. */
  readonly lookups: string[];
  /** Every call to `connect`, refused ones included. */
  readonly dials: Dial[];
  /** Calls to `connect` the spy refused because the address was not loopback. */
  readonly refused: Dial[];
  /** Sends raw bytes on a new connection and reads one response. */
  readonly request: (raw: string | Uint8Array, method?: string) => Promise<RawResponse>;
  /** Opens a raw client connection to the proxy. */
  readonly open: () => Promise<RawClient>;
  /** Stops the proxy, waits for every connection it served to end, checks the spy. */
  readonly close: () => Promise<void>;
}

/** Small limits so timeout tests finish fast; tests override what they exercise. */
export const TEST_LIMITS: Partial<EgressLimits> = {
  headerTimeoutMs: 3_000,
  idleTimeoutMs: 5_000,
  tunnelLifetimeMs: 10_000,
  maxConnections: 64,
  resolveTimeoutMs: 1_000,
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 3_000,
};

/** Starts an egress proxy with spies on every edge. */
export function startEgress(options: EgressHarnessOptions): EgressHarness {
  const audit: AuditEvent[] = [];
  const lookups: string[] = [];
  const dials: Dial[] = [];
  const refused: Dial[] = [];
  const dns = options.dns ?? {};
  const proxy = new EgressProxy(
    {
      bottle: "test",
      policy: options.policy ?? compileEgressPolicy(options.allow, options.hosts),
      ...(options.dlp === undefined ? {} : { dlp: options.dlp }),
      ...(options.tlsPorts === undefined ? {} : { tlsPorts: options.tlsPorts }),
      ...(options.intercept === undefined ? {} : { intercept: options.intercept }),
      limits: { ...TEST_LIMITS, ...options.limits },
    },
    {
      resolve: async (host) => {
        const call = lookups.filter((h) => h === host).length;
        lookups.push(host);
        const answer = typeof dns === "function" ? await dns(host, call) : dns[host] ?? [];
        return [...answer];
      },
      connect: async (address, port) => {
        dials.push({ address, port });
        if (!LOOPBACK.has(address)) {
          refused.push({ address, port });
          throw new Error(`test spy refused to dial ${address}:${port}: not loopback`);
        }
        if (options.dial !== undefined) return await options.dial(address, port);
        return await connectTcp(address, options.portMap?.[port] ?? port);
      },
      audit: (event) => audit.push(event),
    },
  );
  const server: RunningServer = serveEgressProxy(
    options.unixPath === undefined ? { port: 0 } : { path: options.unixPath },
    proxy,
  );
  const to = server.port ?? server.address;
  return {
    to,
    proxy,
    audit,
    lookups,
    dials,
    refused,
    request: (raw, method) => exchange(to, raw, method),
    open: () => RawClient.open(to),
    close: async () => {
      await server.shutdown();
      await within(5_000, waitFor(() => proxy.active === 0), "the proxy's connections ending");
      if (refused.length > 0) {
        throw new Error(
          `the proxy tried to dial non-loopback addresses: ${JSON.stringify(refused)}`,
        );
      }
    },
  };
}

/** Polls `condition` every 5 ms until it holds. */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** `CONNECT authority` with a matching Host field. */
export function connectRequest(authority: string, extra = ""): string {
  return `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${extra}\r\n`;
}

/** An absolute-form request for `url` with a Host field naming its authority. */
export function httpRequest(
  url: string,
  options: { method?: string; extra?: string } = {},
): string {
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  return `${options.method ?? "GET"} ${url} HTTP/1.1\r\nHost: ${authority}\r\n${
    options.extra ?? ""
  }\r\n`;
}
