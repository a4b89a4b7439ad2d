/**
 * Detectors for code hosting, CI and package registries: GitHub, GitLab,
 * Atlassian, CircleCI, Buildkite, npm, PyPI, RubyGems, NuGet. Each entry
 * documents the format it matches.
 */
import { hasCrc32Base62Suffix } from "../_checksums.ts";
import { looksRandom } from "../_entropy.ts";
import { type Detector, LEFT as L, RIGHT as R, RIGHT_URL as RU } from "../detector.ts";

/**
 * A GitHub token with the 2021 format: `prefix` + 30 random alphanumerics +
 * 6 base62 digits of the CRC32 of those 30 (left-padded with `0`). The
 * checksum must hold, which rules out look-alikes and hand-typed examples.
 */
function githubToken(name: string, prefix: string): Detector {
  return {
    name,
    anchors: [prefix],
    pattern: new RegExp(`${L}${prefix}[A-Za-z0-9]{36}${R}`, "y"),
    check: (s) => hasCrc32Base62Suffix(s.slice(prefix.length)),
  };
}

/** A GitLab token: `prefix` + at least `min` base64url characters (newer ones add `.`-separated parts). */
function gitlabToken(name: string, prefix: string, min = 20): Detector {
  return {
    name,
    anchors: [prefix],
    pattern: new RegExp(`${L}${prefix}[A-Za-z0-9_-]{${min},}(?:\\.[A-Za-z0-9_-]+)*`, "y"),
    check: (s) => looksRandom(s.slice(prefix.length), 3),
  };
}

/** Code hosting, CI and package registries. */
export const CODE_HOSTING_DETECTORS: readonly Detector[] = [
  // GitHub classic personal access token: `ghp_` + 30 alphanumerics + CRC32 (6 base62).
  githubToken("github_pat_classic", "ghp_"),
  // GitHub OAuth access token: `gho_` + 30 alphanumerics + CRC32 (6 base62).
  githubToken("github_oauth_token", "gho_"),
  // GitHub user-to-server token (GitHub Apps): `ghu_` + 30 + CRC32 (6 base62).
  githubToken("github_user_to_server_token", "ghu_"),
  // GitHub server-to-server (installation) token: `ghs_` + 30 + CRC32 (6 base62).
  githubToken("github_server_to_server_token", "ghs_"),
  // GitHub refresh token: `ghr_` + 30 + CRC32 (6 base62).
  githubToken("github_refresh_token", "ghr_"),
  // GitHub fine-grained personal access token: `github_pat_` + 22 alphanumerics
  // + `_` + 59 alphanumerics (93 in all).
  {
    name: "github_pat",
    anchors: ["github_pat_"],
    pattern: new RegExp(`${L}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}`, "y"),
    check: (s) => looksRandom(s.slice(11), 4),
  },
  // GitLab personal access token: `glpat-` + 20 base64url characters (newer:
  // longer, with `.`-separated routing parts).
  gitlabToken("gitlab_pat", "glpat-"),
  // GitLab deploy token: `gldt-` + 20 or more base64url characters.
  gitlabToken("gitlab_deploy_token", "gldt-"),
  // GitLab runner authentication token: `glrt-` + 20 or more characters.
  gitlabToken("gitlab_runner_token", "glrt-"),
  // GitLab runner registration token (legacy): `GR1348941` + 20 or more characters.
  gitlabToken("gitlab_runner_registration_token", "GR1348941"),
  // GitLab pipeline trigger token: `glptt-` + 40 hex digits.
  gitlabToken("gitlab_pipeline_trigger_token", "glptt-"),
  // GitLab feed token: `glft-` + 20 characters.
  gitlabToken("gitlab_feed_token", "glft-"),
  // GitLab SCIM OAuth token: `glsoat-` + 20 characters.
  gitlabToken("gitlab_scim_token", "glsoat-"),
  // GitLab CI/CD job token: `glcbt-` + a partition part + 20 characters.
  gitlabToken("gitlab_job_token", "glcbt-"),
  // GitLab incoming mail token: `glimt-` + 25 characters.
  gitlabToken("gitlab_incoming_mail_token", "glimt-"),
  // GitLab OAuth application secret: `gloas-` + 64 characters.
  gitlabToken("gitlab_oauth_app_secret", "gloas-"),
  // GitLab agent for Kubernetes token: `glagent-` + 50 characters.
  gitlabToken("gitlab_agent_token", "glagent-"),
  // GitLab feature flags client token: `glffct-` + 20 characters.
  gitlabToken("gitlab_feature_flags_token", "glffct-"),
  // Atlassian API token (Jira, Confluence): `ATATT3` + about 186 base64url
  // characters and `=` (192 in all).
  {
    name: "atlassian_api_token",
    anchors: ["ATATT3"],
    pattern: new RegExp(`${L}ATATT3[A-Za-z0-9_=-]{150,220}`, "y"),
  },
  // Bitbucket app password: `ATBB` + 32 alphanumerics (+ 8 hex checksum in newer ones).
  {
    name: "bitbucket_app_password",
    anchors: ["ATBB"],
    pattern: new RegExp(`${L}ATBB[A-Za-z0-9_=.-]{32,48}${RU}`, "y"),
    check: (s) => looksRandom(s.slice(4), 3.5),
  },
  // CircleCI personal API token: `CCIPAT_` + 22 alphanumerics + `_` + 40 hex digits.
  {
    name: "circleci_pat",
    anchors: ["CCIPAT_"],
    pattern: new RegExp(`${L}CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}${R}`, "y"),
  },
  // Buildkite API access token: `bkua_` + 40 lower-case hex digits.
  {
    name: "buildkite_token",
    anchors: ["bkua_"],
    pattern: new RegExp(`${L}bkua_[0-9a-f]{40}${R}`, "y"),
  },
  // npm access token: `npm_` + 30 alphanumerics + CRC32 (6 base62), as GitHub's.
  {
    name: "npm_token",
    anchors: ["npm_"],
    pattern: new RegExp(`${L}npm_[A-Za-z0-9]{36}${R}`, "y"),
    check: (s) => hasCrc32Base62Suffix(s.slice(4)),
  },
  // PyPI API token: `pypi-` + a base64url macaroon that always begins with the
  // encoded location `AgEIcHlwaS5vcmc` (pypi.org) or `AgENdGVzdC5weXBpLm9yZw` (test.pypi.org).
  {
    name: "pypi_token",
    anchors: ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"],
    pattern: /pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}/y,
  },
  // RubyGems API key: `rubygems_` + 48 lower-case hex digits.
  {
    name: "rubygems_api_key",
    anchors: ["rubygems_"],
    pattern: new RegExp(`${L}rubygems_[0-9a-f]{48}${R}`, "y"),
  },
  // NuGet API key: `oy2` + 43 lower-case letters and digits.
  {
    name: "nuget_api_key",
    anchors: [..."abcdefghijklmnopqrstuvwxyz0123456789"].map((c) => `oy2${c}`),
    pattern: new RegExp(`${L}oy2[a-z0-9]{43}${R}`, "y"),
    check: (s) => looksRandom(s.slice(3), 3.8),
  },
];
