/**
 * Granted credentials on the proxy side: phantoms shaped like the real
 * values, where each real value may go (hosts, one-label wildcards, path
 * prefixes), and the lookup an intercepting proxy makes per request — which
 * phantoms to swap for which real values, or the `dlp.phantom_misuse` /
 * `credential.path_not_granted` finding that refuses it. Pure.
 */

export {
  MIN_PHANTOM_BITS,
  phantomFor,
  phantomPrefix,
  type PhantomResult,
  type RandomBytes,
} from "./phantom.ts";
export {
  compileCredentialGrant,
  CREDENTIAL_DEFAULT_PORT,
  type CredentialGrant,
  type CredentialHost,
  credentialHostMatches,
  credentialLabel,
  credentialPathProblem,
  credentialPhantomLabel,
  type CredentialSpec,
  parseCredentialHost,
  pathGranted,
  realValueProblem,
} from "./credential_grant.ts";
export {
  applySwaps,
  compileCredentialTable,
  type CredentialRequest,
  type CredentialSwap,
  type CredentialTable,
  PATH_NOT_GRANTED_CODE,
  PHANTOM_MISUSE,
  PHANTOM_MISUSE_CODE,
  planSwaps,
  type SwapDecision,
} from "./credential_swaps.ts";
