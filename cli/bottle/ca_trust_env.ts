/**
 * The variables that make a bottle's programs trust its CA (the egress proxy
 * signs the certificates of intercepted hosts with it), set only when the
 * bottle has one. The supervisor writes both files into the bottle's config
 * folder, mounted read-only at /etc/bottle: the CA alone, for the variables
 * that add to a program's built-in roots (Node, Deno), and a bundle of the
 * host's system store followed by the CA, for those that replace them
 * (OpenSSL, curl, Python requests, pip, git). The manifest may set none of
 * these names (reserved_env.ts).
 */
import { BUNDLE_FILE, CA_FILE } from "../../proxy/tls/ca_files.ts";

/** Where the bottle's CA certificate is in a bottle. */
export const CA_FILE_IN_BOTTLE = `/etc/bottle/${CA_FILE}`;
/** Where the system store plus the bottle's CA is in a bottle. */
export const CA_BUNDLE_IN_BOTTLE = `/etc/bottle/${BUNDLE_FILE}`;

/** Name → value of each trust variable. */
export const CA_TRUST_ENV: Readonly<Record<string, string>> = Object.freeze({
  SSL_CERT_FILE: CA_BUNDLE_IN_BOTTLE,
  CURL_CA_BUNDLE: CA_BUNDLE_IN_BOTTLE,
  REQUESTS_CA_BUNDLE: CA_BUNDLE_IN_BOTTLE,
  PIP_CERT: CA_BUNDLE_IN_BOTTLE,
  GIT_SSL_CAINFO: CA_BUNDLE_IN_BOTTLE,
  NODE_EXTRA_CA_CERTS: CA_FILE_IN_BOTTLE,
  DENO_CERT: CA_FILE_IN_BOTTLE,
});
