/**
 * A self-signed certificate made at test time with `openssl` (no key is kept
 * in the tree): an EC P-256 key and a one-day certificate for the given
 * names, for loopback TLS servers in tests.
 */

/** A PEM certificate and its PEM private key. */
export interface TestCert {
  readonly cert: string;
  readonly key: string;
}

/** Makes a self-signed certificate whose subjectAltName lists `names` (DNS names). */
export async function makeTestCert(names: readonly string[]): Promise<TestCert> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-test-cert-" });
  try {
    const keyPath = `${dir}/key.pem`;
    const certPath = `${dir}/cert.pem`;
    const san = names.map((n) => `DNS:${n}`).join(",");
    const { code, stderr } = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "1",
        "-subj",
        `/CN=${names[0] ?? "test"}`,
        "-addext",
        `subjectAltName=${san}`,
        "-addext",
        "basicConstraints=critical,CA:FALSE",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`openssl failed: ${new TextDecoder().decode(stderr)}`);
    return { cert: await Deno.readTextFile(certPath), key: await Deno.readTextFile(keyPath) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
