/**
 * The egress proxy's DNS edge: every address a name resolves to (IPv4 and
 * IPv6), through the system resolver, so the policy can refuse the request if
 * any of them is forbidden.
 */
import { lookup } from "node:dns/promises";

/** All addresses of `host`; an empty list when it does not resolve. */
export async function resolveHost(host: string): Promise<string[]> {
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    return found.map((entry) => entry.address);
  } catch {
    return [];
  }
}

/**
 * Opens a TCP connection to exactly `address`:`port` (no second lookup), with
 * Nagle's algorithm off: the proxy writes heads and bodies separately, and
 * tunnels carry small interactive writes. An abort of `signal` (timeout or
 * shutdown) gives up on the attempt.
 */
export async function connectTcp(
  address: string,
  port: number,
  signal?: AbortSignal,
): Promise<Deno.Conn> {
  const conn = await Deno.connect({
    hostname: address,
    port,
    transport: "tcp",
    ...(signal === undefined ? {} : { signal }),
  });
  conn.setNoDelay(true);
  return conn;
}
