/**
 * Where the API proxy sends requests: the configured upstream URL read once
 * into what a raw connection needs (TLS or not, host name for DNS and SNI,
 * port, the Host field, a base path), and the one function that dials it.
 * `https:` is the production case (`https://api.anthropic.com`); `http:` is
 * for a loopback fake in tests or a local gateway.
 */

/** A parsed upstream. */
export interface UpstreamEndpoint {
  readonly tls: boolean;
  /** Host name or IP literal to connect to (IPv6 without brackets); also the TLS server name. */
  readonly hostname: string;
  readonly port: number;
  /** The Host field value: the host, with the port when it is not the scheme's default. */
  readonly host: string;
  /** Path prefix every forwarded path is appended to, without a trailing slash (often ""). */
  readonly basePath: string;
}

/** Reads an upstream URL; throws on anything but a plain `http:` or `https:` base URL. */
export function upstreamEndpoint(upstream: string): UpstreamEndpoint {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new TypeError(`the API upstream ${JSON.stringify(upstream)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`the API upstream must be an http: or https: URL, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new TypeError("the API upstream must not carry credentials, a query or a fragment");
  }
  const tls = url.protocol === "https:";
  return {
    tls,
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? (tls ? 443 : 80) : Number(url.port),
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ""),
  };
}

/** Options for dialling an upstream. */
export interface DialOptions {
  /** Extra PEM root certificates to trust for `https:` (default: none beyond Deno's roots). */
  readonly caCerts?: readonly string[];
}

/**
 * Opens a connection to `endpoint`: TCP for `http:`, TLS with the host name
 * as server name (SNI) and certificate check for `https:`.
 */
export async function dialUpstream(
  endpoint: UpstreamEndpoint,
  options: DialOptions = {},
): Promise<Deno.Conn> {
  if (endpoint.tls) {
    return await Deno.connectTls({
      hostname: endpoint.hostname,
      port: endpoint.port,
      ...(options.caCerts === undefined ? {} : { caCerts: [...options.caCerts] }),
    });
  }
  const conn = await Deno.connect({ hostname: endpoint.hostname, port: endpoint.port });
  // Heads and bodies go out in separate writes; Nagle would delay small SSE-sized ones.
  conn.setNoDelay(true);
  return conn;
}
