/**
 * How much the full manifest check (syntax tree, schema, semantics) costs
 * next to a bare JSON.parse of the same text, measured in the same run.
 */
import { parse } from "jsonc-parser";
import { analyzeManifestText } from "./analyze_manifest.ts";
import { STARTER_MANIFEST } from "./starter_manifest.ts";
import { TEST_HOST } from "./test_host.ts";

const STARTER_JSON = JSON.stringify(parse(STARTER_MANIFEST));

const LARGE = JSON.stringify({
  bottles: Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [
      `bottle-${i}`,
      {
        workspace: "/proj",
        env: { NODE_ENV: "development", TZ: "UTC" },
        egress: { allow: ["registry.npmjs.org", "github.com", `*.svc${i}.example.com:8443`] },
        resources: { memory: "2g", cpus: 1, pids: 512 },
      },
    ]),
  ),
});

Deno.bench("starter: JSON.parse (baseline)", { group: "starter", baseline: true }, () => {
  JSON.parse(STARTER_JSON);
});
Deno.bench("starter: analyzeManifestText", { group: "starter" }, () => {
  analyzeManifestText(STARTER_MANIFEST, TEST_HOST);
});
Deno.bench("200 bottles: JSON.parse (baseline)", { group: "large", baseline: true }, () => {
  JSON.parse(LARGE);
});
Deno.bench("200 bottles: analyzeManifestText", { group: "large" }, () => {
  analyzeManifestText(LARGE, TEST_HOST);
});
