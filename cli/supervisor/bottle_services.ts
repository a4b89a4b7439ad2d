/**
 * A bottle's host-side services: the API and egress proxies (with the bottle's
 * known secrets for DLP, and its CA when the egress proxy intercepts) and the
 * policy hook's socket. Loaded by the supervisor
 * with a dynamic import while `docker run` creates the container; the in-bottle
 * init waits for these sockets before it says the bottle is ready. What they
 * need only once used — each proxy's code, the DLP detectors that redact hook
 * summaries — loads on first use (see proxies.ts), so an idle bottle's
 * supervisor holds only the listeners.
 */
import type { AuditRecord } from "../../proxy/audit/audit_log.ts";
import type { StateLayout } from "../bottle/state_layout.ts";
import { EMPTY_TRUST_STORE } from "../hook/binary/trust_store.ts";
import { serveHookService } from "./hook_service.ts";
import { knownSecrets } from "./known_secrets.ts";
import { onFirstUse } from "./on_first_use.ts";
import { startProxies } from "./proxies.ts";
import type { SupervisorInput } from "./supervisor_input.ts";
import type { BottleTls } from "./bottle_tls.ts";

/** The running services of one bottle. */
export interface BottleServices {
  /** Stops the proxies and the hook socket; resolves when every connection is closed. */
  readonly shutdown: () => Promise<void>;
}

/**
 * Starts the proxies and the hook service of the bottle of `input`; `tls` is
 * the CA made at start (the one whose certificate the bottle trusts), when the
 * bottle has one.
 */
export async function startServices(
  input: SupervisorInput,
  layout: StateLayout,
  audit: (event: AuditRecord) => void,
  tls?: BottleTls,
): Promise<BottleServices> {
  const { plan } = input;
  const proxies = await startProxies(
    plan,
    layout,
    { ...input, known: knownSecrets(input) },
    audit,
    tls,
  );
  // The DLP detectors load with the first report; a report waits for them.
  const redactor = onFirstUse(async () =>
    (await import("./summary_redactor.ts")).summaryRedactor(input)
  );
  let hook;
  try {
    hook = await serveHookService(layout.hookSocket, layout.trustStore, EMPTY_TRUST_STORE, {
      bottle: plan.name,
      audit,
      redact: async (text) => (await redactor.get())(text),
    });
  } catch (error) {
    await proxies.shutdown();
    throw error;
  }
  const openHook = hook;
  return {
    shutdown: async () => {
      await openHook.close();
      await proxies.shutdown();
    },
  };
}
