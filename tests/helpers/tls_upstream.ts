/**
 * HTTPS destinations for interception tests, all on 127.0.0.1: a test CA and
 * one leaf for several names made with openssl in a temp folder (the way a
 * user's own CA would be), one TLS server answering each name with its own
 * handler (the test maps the names to 127.0.0.1 with `egress.hosts`), and a
 * handler that runs Debian's `git http-backend` as CGI over a bare
 * repository behind Basic auth. Only loopback is ever contacted.
 */
import { join } from "node:path";

/** A test CA and a leaf for every name the test serves. */
export interface TestPki {
  /** The CA certificate file (what BOTTLE_TEST_UPSTREAM_CA names). */
  readonly caFile: string;
  readonly caPem: string;
  /** The leaf certificate (with every name as a SAN) and its key, PEM. */
  readonly cert: string;
  readonly key: string;
}

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const output = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return text;
}

/** Makes a CA (P-256, a day) and a leaf for `names` in `dir` with openssl. */
export async function makeTestPki(dir: string, names: readonly string[]): Promise<TestPki> {
  await Deno.writeTextFile(
    join(dir, "ca.cnf"),
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "x509_extensions = v3_ca",
      "[dn]",
      "CN = bottle test upstream CA",
      "[v3_ca]",
      "basicConstraints = critical,CA:TRUE",
      "keyUsage = critical,keyCertSign,cRLSign",
      "subjectKeyIdentifier = hash",
      "",
    ].join("\n"),
  );
  await Deno.writeTextFile(
    join(dir, "leaf.ext"),
    [
      `subjectAltName = ${names.map((n) => `DNS:${n}`).join(",")}`,
      "basicConstraints = critical,CA:FALSE",
      "keyUsage = critical,digitalSignature",
      "extendedKeyUsage = serverAuth",
      "authorityKeyIdentifier = keyid",
      "subjectKeyIdentifier = hash",
      "",
    ].join("\n"),
  );
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    "-new",
    "-config",
    "ca.cnf",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
  ], dir);
  await run("openssl", [
    "req",
    "-new",
    ...ec,
    "-keyout",
    "leaf.key",
    "-out",
    "leaf.csr",
    "-subj",
    `/CN=${names[0]}`,
  ], dir);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    "leaf.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "leaf.pem",
    "-days",
    "1",
    "-extfile",
    "leaf.ext",
  ], dir);
  return {
    caFile: join(dir, "ca.pem"),
    caPem: await Deno.readTextFile(join(dir, "ca.pem")),
    cert: await Deno.readTextFile(join(dir, "leaf.pem")),
    key: await Deno.readTextFile(join(dir, "leaf.key")),
  };
}

/** One request a named server received: where, with which Authorization, and its body. */
export interface SeenRequest {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  /** The body as text; "(cut)" when it did not arrive whole. */
  readonly body: string;
}

/** A running TLS server for several names. */
export interface NamedTlsServer {
  readonly port: number;
  /** Every request, in order (bodies read before the handler runs). */
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Answers one request for a name; gets the body already read. */
export type NameHandler = (request: Request, body: Uint8Array) => Promise<Response> | Response;

/**
 * Serves HTTPS on 127.0.0.1 with `pki`'s leaf, sending each request to the
 * handler of its Host (port dropped); an unknown name is 421.
 */
export function startNamedTlsServer(
  pki: TestPki,
  handlers: Readonly<Record<string, NameHandler>>,
): NamedTlsServer {
  const seen: SeenRequest[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: pki.cert, key: pki.key, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      const host = url.hostname;
      let body: Uint8Array;
      let text: string;
      try {
        body = new Uint8Array(await request.arrayBuffer());
        text = new TextDecoder().decode(body);
      } catch {
        body = new Uint8Array();
        text = "(cut)";
      }
      seen.push({
        host,
        method: request.method,
        path: url.pathname + url.search,
        authorization: request.headers.get("authorization"),
        body: text,
      });
      const handler = handlers[host];
      if (handler === undefined) return new Response("no such name", { status: 421 });
      return await handler(request, body);
    },
  );
  return { port: server.addr.port, seen, close: () => server.shutdown() };
}

/** The password of a Basic Authorization value, or undefined. */
export function basicPassword(authorization: string | null): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (match === null) return undefined;
  const decoded = atob(match[1]!);
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** A bare repository `name.git` under `root` with one commit on `main`. */
export async function makeBareRepository(root: string, name: string): Promise<string> {
  const work = join(root, `${name}-work`);
  const bare = join(root, `${name}.git`);
  const git = ["-c", "user.name=Test", "-c", "user.email=test@example.test"];
  await run("git", ["init", "--quiet", "--bare", "--initial-branch=main", bare], root);
  await run("git", ["config", "http.receivepack", "true"], bare);
  await run("git", ["init", "--quiet", "--initial-branch=main", work], root);
  await Deno.writeTextFile(join(work, "README"), "hello from the host\n");
  await run("git", ["add", "README"], work);
  await run("git", [...git, "commit", "--quiet", "-m", "first"], work);
  await run("git", ["push", "--quiet", bare, "main"], work);
  return bare;
}

/** The subjects of the commits on `branch` of a bare repository, newest first. */
export async function commitSubjects(bare: string, branch = "main"): Promise<string[]> {
  return (await run("git", ["log", "--format=%s", branch], bare)).trim().split("\n");
}

/**
 * Runs `git http-backend` (CGI) for one request over the repositories under
 * `projectRoot`; `user` becomes REMOTE_USER (which also enables push).
 */
export async function gitHttpBackend(
  request: Request,
  body: Uint8Array,
  projectRoot: string,
  user: string,
): Promise<Response> {
  const url = new URL(request.url);
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: projectRoot,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    REQUEST_METHOD: request.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: request.headers.get("content-type") ?? "",
    CONTENT_LENGTH: String(body.length),
    REMOTE_USER: user,
    REMOTE_ADDR: "127.0.0.1",
  };
  const encoding = request.headers.get("content-encoding");
  if (encoding !== null) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = request.headers.get("git-protocol");
  if (protocol !== null) env.GIT_PROTOCOL = protocol;
  const child = new Deno.Command("git", {
    args: ["http-backend"],
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(body);
  await writer.close();
  const output = await child.output();
  const cgi = splitCgi(output.stdout);
  if (cgi === undefined) {
    return new Response(new TextDecoder().decode(output.stderr), { status: 500 });
  }
  const headText = new TextDecoder().decode(cgi.head).replace(/\r/g, "");
  const headers = new Headers();
  let status = 200;
  for (const line of headText.split("\n")) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers.append(name, value);
  }
  return new Response(cgi.body.slice(), { status, headers });
}

/** CGI output split at the blank line after its header lines (LF or CRLF). */
function splitCgi(raw: Uint8Array): { head: Uint8Array; body: Uint8Array } | undefined {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 10 && raw[i + 1] === 10) {
      return { head: raw.subarray(0, i), body: raw.subarray(i + 2) };
    }
    if (raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10) {
      return { head: raw.subarray(0, i), body: raw.subarray(i + 4) };
    }
  }
  return undefined;
}
