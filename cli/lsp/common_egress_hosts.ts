/**
 * Hosts agents commonly need to reach, offered as completions in
 * `egress.allow` and as the narrow replacements for an over-broad wildcard.
 * Exact hosts only: each grants one name, never a shared domain.
 */

/** One host and what it serves. */
export interface CommonHost {
  readonly host: string;
  readonly purpose: string;
}

/** Package registries, source hosts and downloads, most asked-for first. */
export const COMMON_EGRESS_HOSTS: readonly CommonHost[] = [
  { host: "registry.npmjs.org", purpose: "npm packages" },
  { host: "github.com", purpose: "GitHub: git over HTTPS, releases" },
  { host: "api.github.com", purpose: "GitHub REST and GraphQL API (gh)" },
  { host: "codeload.github.com", purpose: "GitHub source archives" },
  { host: "objects.githubusercontent.com", purpose: "GitHub release downloads" },
  { host: "raw.githubusercontent.com", purpose: "raw files from GitHub repositories" },
  { host: "pypi.org", purpose: "Python package index" },
  { host: "files.pythonhosted.org", purpose: "Python package downloads" },
  { host: "registry.yarnpkg.com", purpose: "Yarn's npm mirror" },
  { host: "jsr.io", purpose: "JSR packages" },
  { host: "deno.land", purpose: "Deno modules" },
  { host: "nodejs.org", purpose: "Node.js downloads" },
  { host: "crates.io", purpose: "Rust crates index API" },
  { host: "index.crates.io", purpose: "Rust sparse crates index" },
  { host: "static.crates.io", purpose: "Rust crate downloads" },
  { host: "proxy.golang.org", purpose: "Go module proxy" },
  { host: "sum.golang.org", purpose: "Go checksum database" },
  { host: "rubygems.org", purpose: "Ruby gems" },
  { host: "repo.maven.apache.org", purpose: "Maven Central" },
  { host: "repo1.maven.org", purpose: "Maven Central" },
  { host: "plugins.gradle.org", purpose: "Gradle plugins" },
  { host: "services.gradle.org", purpose: "Gradle distributions" },
  { host: "api.nuget.org", purpose: ".NET packages" },
  { host: "pub.dev", purpose: "Dart and Flutter packages" },
  { host: "repo.hex.pm", purpose: "Elixir and Erlang packages" },
  { host: "repo.packagist.org", purpose: "PHP Composer packages" },
  { host: "gitlab.com", purpose: "GitLab" },
  { host: "bitbucket.org", purpose: "Bitbucket" },
  { host: "ghcr.io", purpose: "GitHub container registry" },
  { host: "pkg-containers.githubusercontent.com", purpose: "GitHub container registry blobs" },
  { host: "deb.debian.org", purpose: "Debian packages" },
  { host: "archive.ubuntu.com", purpose: "Ubuntu packages" },
  { host: "cdn.jsdelivr.net", purpose: "npm and GitHub files over a CDN" },
];

/** Common hosts under `suffix` (for narrowing `*.suffix`), at most `limit`. */
export function commonHostsUnder(suffix: string, limit = 3): CommonHost[] {
  return COMMON_EGRESS_HOSTS.filter((h) => h.host.endsWith(`.${suffix}`)).slice(0, limit);
}
