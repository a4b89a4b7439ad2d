/**
 * Binary identity for the in-bottle hook: every program a command runs is
 * checked against the image's hash manifest, or trusted on first use.
 */

export {
  BOTTLE_PATH,
  type CommandIdentity,
  type CommandJudgeOptions,
  createCommandJudge,
} from "./create_command_judge.ts";
export {
  HASH_MANIFEST_PATH,
  HASHED_FOLDERS,
  type HashManifest,
  hashManifestScript,
  type ManifestEntry,
  parseHashManifest,
} from "./hash_manifest.ts";
export {
  EMPTY_TRUST_STORE,
  parseTrustStore,
  recordTrust,
  TRUST_STORE_PATH,
  trustedHash,
  type TrustEntry,
  type TrustRecord,
  type TrustStore,
} from "./trust_store.ts";
export { SHELL_BUILTINS } from "./shell_builtins.ts";
