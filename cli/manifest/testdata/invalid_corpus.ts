/**
 * The invalid-manifest corpus (test data): each case lists every diagnostic
 * expected, with its exact line, column and message.
 */

/** One manifest text and the diagnostics it must produce. */
export interface InvalidCase {
  readonly name: string;
  readonly text: string;
  readonly expect: readonly string[];
}

/** Every case here must produce at least one error. */
export const INVALID_CASES: readonly InvalidCase[] = [
  {
    name: "policy_remove_unknown_default",
    text: '{\n  "bottles": {\n    "dev": { "policy": { "removeDefaults": ["*.keys"] } }\n  }\n}\n',
    expect: [
      '3:45: error: "*.keys" in bottles.dev.policy.removeDefaults is not a default pattern (did you mean "*.key"?); name one exactly as bottle lists it',
    ],
  },
  {
    name: "policy_invalid_path_pattern",
    text: '{\n  "bottles": {\n    "dev": { "policy": { "denyPaths": ["/"] } }\n  }\n}\n',
    expect: [
      '3:40: error: invalid path pattern "/" in bottles.dev.policy.denyPaths: the pattern / would match everything',
    ],
  },
  {
    name: "syntax_missing_comma",
    text: '{\n  "bottles": {\n    "dev": {}\n    "review": {}\n  }\n}\n',
    expect: [
      '4:5: error: expected \',\' between entries near "\\"review\\""',
    ],
  },
  {
    name: "syntax_unterminated_string",
    text: '{\n  "bottles": {\n    "dev": { "image": "bottle-agent }\n  }\n}\n',
    expect: [
      '3:23: error: unterminated string near "\\"bottle-agent }"',
    ],
  },
  {
    name: "syntax_unterminated_comment",
    text: '{\n  /* grants\n  "bottles": {}\n}\n',
    expect: [
      '2:3: error: unterminated comment near "/* grants"',
    ],
  },
  {
    name: "syntax_single_quotes",
    text: "{\n  'bottles': {}\n}\n",
    expect: [
      "2:3: error: strings and keys need double quotes, not single quotes near \"'bottles'\"",
    ],
  },
  {
    name: "syntax_content_after_end",
    text: '{ "bottles": { "dev": {} } }\n{}\n',
    expect: [
      '2:1: error: unexpected content after the end of the manifest near "{"',
    ],
  },
  {
    name: "syntax_missing_colon",
    text: '{\n  "bottles" { "dev": {} }\n}\n',
    expect: [
      "2:13: error: expected ':' after the property name near \"{\"",
    ],
  },
  {
    name: "empty_file",
    text: "",
    expect: [
      '1:1: error: the manifest is empty; it needs at least { "bottles": { "NAME": {} } }',
    ],
  },
  {
    name: "only_comments",
    text: "// nothing here yet\n/* still nothing */\n",
    expect: [
      '1:1: error: the manifest is empty; it needs at least { "bottles": { "NAME": {} } }',
    ],
  },
  {
    name: "top_level_list",
    text: '[{ "bottles": {} }]\n',
    expect: [
      "1:1: error: the manifest must be an object, not a list",
    ],
  },
  {
    name: "missing_bottles",
    text: '{\n  "defaults": {}\n}\n',
    expect: [
      '1:1: error: the manifest needs the key "bottles"',
    ],
  },
  {
    name: "no_bottles",
    text: '{ "bottles": {} }\n',
    expect: [
      "1:14: error: bottles must have at least 1 entry",
    ],
  },
  {
    name: "unknown_top_level_key",
    text: '{\n  "bottle": { "dev": {} },\n  "bottles": { "dev": {} }\n}\n',
    expect: [
      '2:3: error: unknown key "bottle" in the manifest (did you mean "bottles"?)',
    ],
  },
  {
    name: "unknown_bottle_key_typo",
    text: '{\n  "bottles": {\n    "dev": {\n      "egres": { "allow": [] }\n    }\n  }\n}\n',
    expect: [
      '4:7: error: unknown key "egres" in bottles.dev (did you mean "egress"?)',
    ],
  },
  {
    name: "unknown_egress_key",
    text: '{ "bottles": { "dev": { "egress": { "allowed": ["github.com"] } } } }\n',
    expect: [
      '1:37: error: unknown key "allowed" in bottles.dev.egress (did you mean "allow"?)',
    ],
  },
  {
    name: "unknown_key_without_close_match",
    text: '{ "bottles": { "dev": { "resources": { "disk": "10g" } } } }\n',
    expect: [
      '1:40: error: unknown key "disk" in bottles.dev.resources (known keys: "memory", "cpus", "pids")',
    ],
  },
  {
    name: "unknown_defaults_key",
    text: '{\n  "defaults": { "netwrk": "none" },\n  "bottles": { "dev": {} }\n}\n',
    expect: [
      '2:17: error: unknown key "netwrk" in defaults (known keys: "image", "workspace", "workspaceReadOnly", "prompt", "env", "credentials", "skills", "mcpServers", "egress", "resources", "runtime", "auth", "api", "policy", "dlp", "sanitizeUnicode")',
    ],
  },
  {
    name: "duplicate_bottle",
    text: '{\n  "bottles": {\n    "dev": {},\n    "dev": { "prompt": "again" }\n  }\n}\n',
    expect: [
      '4:5: error: duplicate key "dev" (first defined at 3:5)',
    ],
  },
  {
    name: "duplicate_key_in_bottle",
    text:
      '{\n  "bottles": {\n    "dev": {\n      "image": "a",\n      "image": "b"\n    }\n  }\n}\n',
    expect: [
      '5:7: error: duplicate key "image" (first defined at 4:7)',
    ],
  },
  {
    name: "bottle_name_with_space",
    text: '{ "bottles": { "my bottle": {} } }\n',
    expect: [
      '1:16: error: invalid key "my bottle" in bottles: use 1 to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
    ],
  },
  {
    name: "bottle_name_leading_dash",
    text: '{ "bottles": { "-dev": {} } }\n',
    expect: [
      '1:16: error: invalid key "-dev" in bottles: use 1 to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
    ],
  },
  {
    name: "bottle_name_empty",
    text: '{ "bottles": { "": {} } }\n',
    expect: [
      '1:16: error: invalid key "" in bottles: use 1 to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
    ],
  },
  {
    name: "bottle_name_too_long",
    text:
      '{ "bottles": { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": {} } }\n',
    expect: [
      '1:16: error: invalid key "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" in bottles: use 1 to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
    ],
  },
  {
    name: "bottle_not_object",
    text: '{ "bottles": { "dev": "claude" } }\n',
    expect: [
      "1:23: error: bottles.dev must be an object, not a string",
    ],
  },
  {
    name: "env_name_starts_with_digit",
    text: '{ "bottles": { "dev": { "env": { "1TOKEN": "x" } } } }\n',
    expect: [
      '1:34: error: invalid key "1TOKEN" in bottles.dev.env: use letters, digits and "_", not starting with a digit',
    ],
  },
  {
    name: "env_name_with_dash",
    text: '{ "bottles": { "dev": { "env": { "MY-VAR": "x" } } } }\n',
    expect: [
      '1:34: error: invalid key "MY-VAR" in bottles.dev.env: use letters, digits and "_", not starting with a digit',
    ],
  },
  {
    name: "env_value_number",
    text: '{ "bottles": { "dev": { "env": { "PORT": 8080 } } } }\n',
    expect: [
      '1:42: error: bottles.dev.env.PORT must be a string or an object, not a number (write it in quotes: "8080")',
    ],
  },
  {
    name: "env_from_host_misspelt",
    text: '{ "bottles": { "dev": { "env": { "TOKEN": { "fromhost": "GH_TOKEN" } } } } }\n',
    expect: [
      '1:43: error: bottles.dev.env.TOKEN needs the key "fromHost"',
      '1:45: error: unknown key "fromhost" in bottles.dev.env.TOKEN (did you mean "fromHost"?)',
    ],
  },
  {
    name: "env_from_host_bad_name",
    text: '{ "bottles": { "dev": { "env": { "TOKEN": { "fromHost": "GH TOKEN" } } } } }\n',
    expect: [
      '1:57: error: invalid value "GH TOKEN" for bottles.dev.env.TOKEN.fromHost: use letters, digits and "_", not starting with a digit',
    ],
  },
  {
    name: "env_reserved_proxy",
    text: '{ "bottles": { "dev": { "env": { "HTTPS_PROXY": "http://evil:3128" } } } }\n',
    expect: [
      "1:34: error: bottles.dev.env.HTTPS_PROXY is set by bottle itself to keep the bottle sealed; remove it",
    ],
  },
  {
    name: "env_reserved_base_url",
    text: '{ "bottles": { "dev": { "env": { "ANTHROPIC_BASE_URL": "https://x" } } } }\n',
    expect: [
      "1:34: error: bottles.dev.env.ANTHROPIC_BASE_URL is set by bottle itself to keep the bottle sealed; remove it",
    ],
  },
  {
    name: "env_reserved_ca_trust_variables",
    text:
      '{ "bottles": { "dev": { "env": { "CURL_CA_BUNDLE": "/w/ca.pem", "DENO_CERT": "/w/ca.pem" } } } }\n',
    expect: [
      "1:34: error: bottles.dev.env.CURL_CA_BUNDLE is set by bottle itself to keep the bottle sealed; remove it",
      "1:65: error: bottles.dev.env.DENO_CERT is set by bottle itself to keep the bottle sealed; remove it",
    ],
  },
  {
    name: "env_unsafe_ld_preload",
    text: '{ "bottles": { "dev": { "env": { "LD_PRELOAD": "/workspace/x.so" } } } }\n',
    expect: [
      "1:34: error: bottles.dev.env.LD_PRELOAD would make programs in the bottle load code from outside the image; remove it",
    ],
  },
  {
    name: "env_unsafe_node_options",
    text: '{ "bottles": { "dev": { "env": { "NODE_OPTIONS": "--require /workspace/x.js" } } } }\n',
    expect: [
      "1:34: error: bottles.dev.env.NODE_OPTIONS would make programs in the bottle load code from outside the image; remove it",
    ],
  },
  {
    name: "egress_allow_not_list",
    text: '{ "bottles": { "dev": { "egress": { "allow": "github.com" } } } }\n',
    expect: [
      "1:46: error: bottles.dev.egress.allow must be a list, not a string",
    ],
  },
  {
    name: "egress_doh_resolver_host",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["github.com", "dns.google"] } } } }\n',
    expect: [
      '1:61: error: "dns.google" is a DNS-over-HTTPS resolver: a DNS-over-HTTPS resolver turns the egress proxy into a general resolver for the bottle; remove it (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_doh_first_label",
    text:
      '{\n  "bottles": {\n    "dev": { "egress": { "allow": ["doh.example.net:443"] } }\n  }\n}\n',
    expect: [
      '3:36: error: "doh.example.net" is a DNS-over-HTTPS resolver: a DNS-over-HTTPS resolver turns the egress proxy into a general resolver for the bottle; remove it (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_doh_wildcard",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*.cloudflare-dns.com"] } } } }\n',
    expect: [
      '1:47: error: "*.cloudflare-dns.com" covers the DNS-over-HTTPS resolver 1dot1dot1dot1.cloudflare-dns.com: a DNS-over-HTTPS resolver turns the egress proxy into a general resolver for the bottle; name the hosts you need instead (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_wildcard_tld",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*.com"] } } } }\n',
    expect: [
      '1:47: error: "*.com" covers a whole top-level domain; name the hosts you need instead (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_wildcard_public_suffix",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*.co.uk"] } } } }\n',
    expect: [
      '1:47: error: "*.co.uk" covers a public suffix or shared hosting domain where anyone can publish; name the hosts you need instead (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_wildcard_shared_hosting",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*.github.io"] } } } }\n',
    expect: [
      '1:47: error: "*.github.io" covers a public suffix or shared hosting domain where anyone can publish; name the hosts you need instead (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_wildcard_s3",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*.s3.amazonaws.com"] } } } }\n',
    expect: [
      '1:47: error: "*.s3.amazonaws.com" covers a public suffix or shared hosting domain where anyone can publish; name the hosts you need instead (in bottles.dev.egress.allow)',
    ],
  },
  {
    name: "egress_bare_wildcard",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["*"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "*" in bottles.dev.egress.allow: a bare wildcard would allow every host; name the hosts instead',
    ],
  },
  {
    name: "egress_wildcard_inside",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["api.*.example.com"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "api.*.example.com" in bottles.dev.egress.allow: a wildcard may only be the whole first label, as in "*.example.com"',
    ],
  },
  {
    name: "egress_ip_without_port",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["10.0.0.5"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "10.0.0.5" in bottles.dev.egress.allow: an IP address needs a port: write "10.0.0.5:PORT" to grant exactly that address',
    ],
  },
  {
    name: "egress_ipv6_without_port",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["[::1]"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "[::1]" in bottles.dev.egress.allow: an IP address needs a port: write "[::1]:PORT" to grant exactly that address',
    ],
  },
  {
    name: "egress_decimal_ip",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["2130706433:80"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "2130706433:80" in bottles.dev.egress.allow: write IPv4 addresses as four decimal numbers, such as 127.0.0.1:8080',
    ],
  },
  {
    name: "egress_octal_ip",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["0177.0.0.1:80"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "0177.0.0.1:80" in bottles.dev.egress.allow: write IPv4 addresses as four decimal numbers, such as 127.0.0.1:8080',
    ],
  },
  {
    name: "egress_port_zero",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["example.com:0"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "example.com:0" in bottles.dev.egress.allow: port 0 is outside 1 to 65535',
    ],
  },
  {
    name: "egress_port_too_high",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["example.com:70000"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "example.com:70000" in bottles.dev.egress.allow: port 70000 is outside 1 to 65535',
    ],
  },
  {
    name: "egress_url_not_host",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["https://example.com/api"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "https://example.com/api" in bottles.dev.egress.allow: write only a host and optional port, such as "api.github.com" or "example.com:8443"',
    ],
  },
  {
    name: "egress_bad_label",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["-bad.example.com"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "-bad.example.com" in bottles.dev.egress.allow: "-bad" is not a valid host name label: use letters, digits and "-", at most 63, not starting or ending with "-"',
    ],
  },
  {
    name: "egress_underscore_label",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["my_host.example.com"] } } } }\n',
    expect: [
      '1:47: error: invalid egress entry "my_host.example.com" in bottles.dev.egress.allow: "my_host" is not a valid host name label: use letters, digits and "-", at most 63, not starting or ending with "-"',
    ],
  },
  {
    name: "egress_duplicate_entry",
    text: '{ "bottles": { "dev": { "egress": { "allow": ["github.com", "github.com"] } } } }\n',
    expect: [
      '1:61: error: bottles.dev.egress.allow[1] repeats "github.com" (already at [0])',
    ],
  },
  {
    name: "resources_cpus_zero",
    text: '{ "bottles": { "dev": { "resources": { "cpus": 0 } } } }\n',
    expect: [
      "1:48: error: bottles.dev.resources.cpus must be greater than 0",
    ],
  },
  {
    name: "resources_cpus_string",
    text: '{ "bottles": { "dev": { "resources": { "cpus": "2" } } } }\n',
    expect: [
      "1:48: error: bottles.dev.resources.cpus must be a number, not a string",
    ],
  },
  {
    name: "resources_pids_fraction",
    text: '{ "bottles": { "dev": { "resources": { "pids": 1.5 } } } }\n',
    expect: [
      "1:48: error: bottles.dev.resources.pids must be a whole number",
    ],
  },
  {
    name: "resources_pids_too_low",
    text: '{ "bottles": { "dev": { "resources": { "pids": 8 } } } }\n',
    expect: [
      "1:48: error: bottles.dev.resources.pids must be at least 16",
    ],
  },
  {
    name: "resources_memory_format",
    text: '{ "bottles": { "dev": { "resources": { "memory": "4 GB" } } } }\n',
    expect: [
      '1:50: error: invalid value "4 GB" for bottles.dev.resources.memory: use a number with an optional unit b, k, m or g, such as "4g"',
    ],
  },
  {
    name: "resources_memory_too_small",
    text: '{ "bottles": { "dev": { "resources": { "memory": "32m" } } } }\n',
    expect: [
      "1:50: error: bottles.dev.resources.memory is below the minimum of 64m",
    ],
  },
  {
    name: "runtime_bad_name",
    text: '{ "bottles": { "dev": { "runtime": "run sc" } } }\n',
    expect: [
      '1:36: error: invalid value "run sc" for bottles.dev.runtime: use letters, digits, ".", "_" and "-", such as "runc" or "runsc"',
    ],
  },
  {
    name: "auth_type_typo",
    text: '{ "bottles": { "dev": { "auth": { "type": "oauth2" } } } }\n',
    expect: [
      '1:43: error: bottles.dev.auth.type must be one of "oauth", "apiKey" (did you mean "oauth"?)',
    ],
  },
  {
    name: "auth_upstream_plain_http",
    text:
      '{ "bottles": { "dev": { "auth": { "upstream": "http://llm-gateway.example.com" } } } }\n',
    expect: [
      "1:47: error: bottles.dev.auth.upstream: plain http would send the real credential unencrypted; use https (http is allowed only for loopback addresses)",
    ],
  },
  {
    name: "auth_upstream_not_http",
    text: '{ "bottles": { "dev": { "auth": { "upstream": "ftp://api.example.com" } } } }\n',
    expect: [
      "1:47: error: bottles.dev.auth.upstream: use an https URL, not ftp",
    ],
  },
  {
    name: "auth_upstream_userinfo",
    text:
      '{ "bottles": { "dev": { "auth": { "upstream": "https://user:pw@api.example.com" } } } }\n',
    expect: [
      "1:47: error: bottles.dev.auth.upstream: credentials do not belong in the URL; the supervisor injects the real one",
    ],
  },
  {
    name: "auth_upstream_not_url",
    text: '{ "bottles": { "dev": { "auth": { "upstream": "api.anthropic.com" } } } }\n',
    expect: [
      '1:47: error: bottles.dev.auth.upstream: "api.anthropic.com" is not a URL; use one such as "https://api.anthropic.com"',
    ],
  },
  {
    name: "mcp_server_name_with_wildcard",
    text: '{ "bottles": { "dev": { "mcpServers": ["*"] } } }\n',
    expect: [
      '1:40: error: invalid value "*" for bottles.dev.mcpServers[0]: an MCP server name is letters, digits, "_" and "-", such as "github"',
    ],
  },
  {
    name: "skill_folder_missing",
    text: '{ "bottles": { "dev": { "skills": ["./skills/missing"] } } }\n',
    expect: [
      "1:36: error: skill folder /proj/skills/missing does not exist (bottles.dev.skills[0])",
    ],
  },
  {
    name: "skill_without_skill_md",
    text: '{ "bottles": { "dev": { "skills": ["./skills/empty"] } } }\n',
    expect: [
      "1:36: error: skill folder /proj/skills/empty has no SKILL.md (bottles.dev.skills[0])",
    ],
  },
  {
    name: "skill_name_clash",
    text: '{ "bottles": { "dev": { "skills": ["./skills/review", "./other/review"] } } }\n',
    expect: [
      '1:55: error: bottles.dev.skills[1] and bottles.dev.skills[0] are both named "review"; each skill is mounted by its folder name',
    ],
  },
  {
    name: "skill_name_clash_with_defaults",
    text:
      '{\n  "defaults": { "skills": ["./skills/review"] },\n  "bottles": { "dev": { "skills": ["./other/review"] } }\n}\n',
    expect: [
      '3:36: error: bottles.dev.skills[0] and defaults.skills[0] are both named "review"; each skill is mounted by its folder name',
    ],
  },
  {
    name: "workspace_missing",
    text: '{ "bottles": { "dev": { "workspace": "../elsewhere" } } }\n',
    expect: [
      "1:38: error: workspace folder /elsewhere does not exist (bottles.dev.workspace)",
    ],
  },
  {
    name: "workspace_empty",
    text: '{ "bottles": { "dev": { "workspace": "" } } }\n',
    expect: [
      "1:38: error: bottles.dev.workspace must not be empty",
    ],
  },
  {
    name: "prompt_not_string",
    text: '{ "bottles": { "dev": { "prompt": ["fix", "tests"] } } }\n',
    expect: [
      "1:35: error: bottles.dev.prompt must be a string, not a list",
    ],
  },
  {
    name: "image_uppercase",
    text: '{ "bottles": { "dev": { "image": "MyImage:latest" } } }\n',
    expect: [
      '1:34: error: invalid value "MyImage:latest" for bottles.dev.image: an image reference is lowercase letters, digits and ". _ / : @ -", such as "bottle-agent:latest"',
    ],
  },
  {
    name: "schema_key_not_string",
    text: '{ "$schema": 1, "bottles": { "dev": {} } }\n',
    expect: [
      "1:14: error: $schema must be a string, not a number",
    ],
  },
  {
    name: "many_problems_at_once",
    text:
      '{\n  "bottles": {\n    "dev": {\n      "egres": {},\n      "resources": { "pids": 8 },\n      "env": { "LD_PRELOAD": "x" }\n    }\n  }\n}\n',
    expect: [
      '4:7: error: unknown key "egres" in bottles.dev (did you mean "egress"?)',
      "5:30: error: bottles.dev.resources.pids must be at least 16",
      "6:16: error: bottles.dev.env.LD_PRELOAD would make programs in the bottle load code from outside the image; remove it",
    ],
  },
  {
    name: "credential_without_hosts",
    text:
      '{ "bottles": { "dev": { "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR" } } } } }\n',
    expect: [
      '1:42: error: bottles.dev.credentials.GH_TOKEN has no hosts: its real value would have nowhere to go; list where it is used, as in "hosts": ["api.github.com"]',
    ],
  },
  {
    name: "credential_empty_hosts",
    text:
      '{ "bottles": { "dev": { "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": [] } } } } }\n',
    expect: [
      '1:88: error: bottles.dev.credentials.GH_TOKEN has no hosts: its real value would have nowhere to go; list where it is used, as in "hosts": ["api.github.com"]',
    ],
  },
  {
    name: "credential_wildcard_tld",
    text:
      '{ "bottles": { "dev": { "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": ["*.com"] } } } } }\n',
    expect: [
      '1:89: error: "*.com" covers a whole top-level domain; a credential\'s wildcard covers one label under a registrable domain, as in "*.github.com" (in bottles.dev.credentials.GH_TOKEN.hosts)',
    ],
  },
  {
    name: "credential_wildcard_shared_hosting",
    text:
      '{ "bottles": { "dev": { "credentials": { "T": { "fromHost": "SET_VAR", "hosts": ["*.github.io"] } } } } }\n',
    expect: [
      '1:82: error: "*.github.io" covers a public suffix or shared hosting domain where anyone can publish; a credential\'s wildcard covers one label under a registrable domain, as in "*.github.com" (in bottles.dev.credentials.T.hosts)',
    ],
  },
  {
    name: "credential_reserved_name",
    text:
      '{ "bottles": { "dev": { "credentials": { "HTTPS_PROXY": { "fromHost": "SET_VAR", "hosts": ["github.com"] } } } } }\n',
    expect: [
      "1:42: error: bottles.dev.credentials.HTTPS_PROXY: bottle sets HTTPS_PROXY itself to keep the bottle sealed; name the credential after the variable your tool reads, such as GH_TOKEN",
    ],
  },
  {
    name: "credential_unsafe_name",
    text:
      '{ "bottles": { "dev": { "credentials": { "NODE_OPTIONS": { "fromHost": "SET_VAR", "hosts": ["github.com"] } } } } }\n',
    expect: [
      "1:42: error: bottles.dev.credentials.NODE_OPTIONS: NODE_OPTIONS makes programs in the bottle load code from outside the image; name the credential after the variable your tool reads, such as GH_TOKEN",
    ],
  },
  {
    name: "credential_from_host_also_in_env",
    text:
      '{ "bottles": { "dev": {\n  "env": { "TOKEN": { "fromHost": "SET_VAR" } },\n  "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": ["github.com"] } }\n} } }\n',
    expect: [
      "3:46: error: host variable SET_VAR is the real value of bottles.dev.credentials.GH_TOKEN and is also copied into the bottle by bottles.dev.env.TOKEN; remove it from env: the bottle gets a phantom, the real value stays on the host",
    ],
  },
  {
    name: "credential_from_host_in_defaults_env",
    text:
      '{ "defaults": { "env": { "TOKEN": { "fromHost": "SET_VAR" } } },\n  "bottles": { "dev": { "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": ["github.com"] } } } } }\n',
    expect: [
      "2:68: error: host variable SET_VAR is the real value of bottles.dev.credentials.GH_TOKEN and is also copied into the bottle by defaults.env.TOKEN; remove it from env: the bottle gets a phantom, the real value stays on the host",
    ],
  },
  {
    name: "credential_name_also_in_env",
    text:
      '{ "bottles": { "dev": {\n  "env": { "GH_TOKEN": "x" },\n  "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": ["github.com"] } }\n} } }\n',
    expect: [
      "3:20: error: bottles.dev.credentials.GH_TOKEN and bottles.dev.env.GH_TOKEN both set GH_TOKEN; the bottle's GH_TOKEN is the credential's phantom: remove it from env",
    ],
  },
  {
    name: "credential_path_without_slash",
    text:
      '{ "bottles": { "dev": { "credentials": { "NPM_TOKEN": { "fromHost": "SET_VAR", "hosts": ["registry.npmjs.org"], "paths": ["-/", "/@org/../x"] } } } } }\n',
    expect: [
      '1:123: error: invalid path "-/" in bottles.dev.credentials.NPM_TOKEN.paths: a path prefix starts with "/", as in "/api/" or "/@myorg/"',
      '1:129: error: invalid path "/@org/../x" in bottles.dev.credentials.NPM_TOKEN.paths: a path prefix has no "." or ".." segments, as in "/api/" or "/@myorg/"',
    ],
  },
  {
    name: "credential_host_ip",
    text:
      '{ "bottles": { "dev": { "credentials": { "T": { "fromHost": "SET_VAR", "hosts": ["10.0.0.1:443"] } } } } }\n',
    expect: [
      '1:82: error: invalid credential host "10.0.0.1:443" in bottles.dev.credentials.T.hosts: a credential goes to a host name (its TLS certificate names one), not an IP address',
    ],
  },
  {
    name: "credential_host_kept_as_tunnel",
    text:
      '{ "bottles": { "dev": {\n  "egress": { "allow": ["github.com"], "tunnel": ["*.github.com"] },\n  "credentials": { "GH_TOKEN": { "fromHost": "SET_VAR", "hosts": ["api.github.com"] } }\n} } }\n',
    expect: [
      '2:51: error: "*.github.com" in bottles.dev.egress.tunnel covers api.github.com, a host of credential GH_TOKEN: the swap needs that traffic intercepted; remove one of them',
    ],
  },
  {
    name: "egress_tunnel_invalid_entries",
    text:
      '{ "bottles": { "dev": { "egress": { "tunnel": ["github.com:443", "*.co.uk", "10.0.0.1:443"] } } } }\n',
    expect: [
      '1:48: error: invalid tunnel entry "github.com:443" in bottles.dev.egress.tunnel: write the host without a port: it is kept as a tunnel on every port',
      '1:66: error: "*.co.uk" covers a public suffix or shared hosting domain where anyone can publish; name the hosts to keep uninspected instead (in bottles.dev.egress.tunnel)',
      '1:77: error: invalid tunnel entry "10.0.0.1:443" in bottles.dev.egress.tunnel: a tunnel entry is a host name; an IP address is never intercepted anyway',
    ],
  },
  {
    name: "egress_hosts_invalid_pins",
    text:
      '{ "bottles": { "dev": { "egress": { "hosts": { "*.x.test": "127.0.0.1", "git.example.test": "127.1", "a.test": "0.0.0.0", "10.0.0.1": "10.0.0.1" } } } } }\n',
    expect: [
      '1:48: error: invalid name "*.x.test" in bottles.dev.egress.hosts: a pinned name is one exact host name, not a wildcard',
      '1:93: error: invalid address for bottles.dev.egress.hosts["git.example.test"]: "127.1" is not an IP address: write four decimal numbers (127.0.0.1) or IPv6 (::1)',
      '1:112: error: invalid address for bottles.dev.egress.hosts["a.test"]: 0.0.0.0 is an address no service listens on (unspecified)',
      '1:123: error: invalid name "10.0.0.1" in bottles.dev.egress.hosts: "10.0.0.1" is an IP address; pin a host name to an address',
    ],
  },
  {
    name: "credential_wildcard_two_labels",
    text:
      '{ "bottles": { "dev": { "credentials": { "T": { "fromHost": "SET_VAR", "hosts": ["*.*.github.com"] } } } } }\n',
    expect: [
      '1:82: error: invalid credential host "*.*.github.com" in bottles.dev.credentials.T.hosts: a wildcard may only be the whole first label, as in "*.example.com"',
    ],
  },
];
