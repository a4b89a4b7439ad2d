/**
 * Drives a real VS Code (code-server in headless Chromium) through what a
 * user does with the extension, and proves it on screen:
 *   1. a broken claude-bottle.json shows its problem in the Problems panel at
 *      the line bottle validate reports, and fixing it clears it;
 *   2. completion inside a bottle offers the schema's properties;
 *   3. Bottle: Open in bottle shows the preflight, starts the bottle and opens
 *      a terminal on the agent's first screen; a typed prompt gets the reply;
 *   4. the Bottles view lists the bottle (its audit log opens from there), and
 *      Stop removes it.
 * Each step saves a screenshot. The Deno test that starts code-server checks
 * the other side (the fake API's requests, the containers). Progress goes to
 * standard output as JSON lines; the last is the result.
 *
 * Usage: node dist/e2e/drive_code_server.mjs CONFIG.json
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

/** What the Deno test hands over. */
interface DriveConfig {
  /** `full`: the four proofs above; `untrusted`: the folder is not trusted and nothing starts. */
  readonly mode: "full" | "untrusted";
  /** code-server's URL (loopback). */
  readonly url: string;
  /** The workspace folder to open. */
  readonly folder: string;
  readonly chromium: string;
  readonly screenshots: string;
  /** Where bottle validate places the manifest's problem, and a word of its message. */
  readonly problem: {
    readonly line: number;
    readonly column: number;
    readonly word: string;
  };
  /** The misspelt key on that line and its fix. */
  readonly typo: { readonly wrong: string; readonly right: string };
  /** Properties completion must offer inside a bottle. */
  readonly completions: readonly string[];
  /** The agent name (bottles are named AGENT-xxxx). */
  readonly agent: string;
  readonly prompt: string;
  readonly reply: string;
}

const config = JSON.parse(
  readFileSync(process.argv[2] ?? "", "utf8"),
) as DriveConfig;
const MOD = "Control";

function report(fields: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(fields) + "\n");
}

async function shot(page: Page, name: string): Promise<string> {
  const path = join(config.screenshots, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs one step; reports it with its screenshot, or fails the run with a screenshot. */
async function step<T>(
  page: Page,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  try {
    const value = await run();
    report({
      step: name,
      ok: true,
      ms: Date.now() - started,
      screenshot: await shot(page, name),
    });
    return value;
  } catch (error) {
    const screenshot = await shot(page, `failed-${name}`).catch(() => "");
    const notes = await page.locator(".notifications-toasts").innerText().catch(
      () => "",
    );
    report({
      step: name,
      ok: false,
      ms: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
      notifications: notes,
      screenshot,
    });
    throw error;
  }
}

/**
 * Runs a command from the command palette by its title. The palette lists the
 * commands known when it opens, so while an extension is still loading it is
 * closed and opened again until the command is there.
 */
async function runCommand(page: Page, title: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  const input = page.locator(".quick-input-widget input");
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  for (;;) {
    await page.keyboard.press("F1");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: "visible", timeout: 3000 });
      break;
    } catch (error) {
      await page.keyboard.press("Escape");
      if (Date.now() > deadline) throw error;
    }
  }
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" }).catch(() => {});
}

async function goTo(page: Page, line: number, column?: number): Promise<void> {
  await page.keyboard.press(`${MOD}+g`);
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
  await page.keyboard.press("Enter");
}

function problemsPanel(page: Page): Locator {
  return page.locator(".markers-panel");
}

/** Bottle `name`'s row in the Bottles view (the side bar, not the terminal tabs). */
/**
 * Clicks a row's inline action. Should the view redraw under the click (its item is then
 * lost and the command asks which bottle), answers that question the way a user would.
 */
async function rowAction(
  page: Page,
  name: string,
  action: string,
  expected: Locator,
): Promise<void> {
  const row = bottleRow(page, name);
  await row.hover();
  await row.locator(`.action-label[aria-label="${action}"]`).click();
  const picker = page.locator(".quick-input-widget", { hasText: "Which bottle?" });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await expected.isVisible().catch(() => false)) return;
    if (await picker.isVisible().catch(() => false)) {
      await picker.locator(".monaco-list-row", { hasText: name }).first().click();
      return;
    }
    await page.waitForTimeout(200);
  }
}

function bottleRow(page: Page, name: string): Locator {
  return page.locator(".part.sidebar .monaco-list-row", { hasText: name })
    .first();
}

function terminalText(page: Page): Promise<string> {
  return page.locator(".terminal-wrapper.active .xterm-rows").first()
    .innerText().catch(() => "");
}

async function waitForTerminal(
  page: Page,
  text: string,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await terminalText(page)).includes(text)) return;
    await page.waitForTimeout(500);
  }
  throw new Error(
    `the terminal never showed ${JSON.stringify(text)}; it shows:\n${await terminalText(page)}`,
  );
}

/** A page on code-server that can load nothing but code-server itself. */
async function openPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // The page may load only from code-server itself: anything else is aborted, never sent.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === "127.0.0.1" ||
      url.hostname === "localhost" ||
      url.protocol === "data:" || url.protocol === "blob:";
    return local ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { page, close: () => context.close() };
}

/**
 * In a folder that is not trusted (Restricted Mode): no offer, no status-bar
 * item, and Open in bottle says why it starts nothing.
 */
async function driveUntrusted(browser: Browser): Promise<Record<string, unknown>> {
  const { page, close } = await openPage(browser);
  const result: Record<string, unknown> = {};
  await step(page, "untrusted-00-restricted-mode", async () => {
    await page.goto(`${config.url}?folder=${encodeURIComponent(config.folder)}`);
    await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
    await page.locator(".statusbar", { hasText: "Restricted Mode" }).waitFor({ timeout: 60_000 });
  });
  await step(page, "untrusted-01-open-refused", async () => {
    await runCommand(page, "Bottle: Open in bottle");
    const toast = page.locator(".notification-toast", {
      hasText: "bottle starts nothing in an untrusted workspace",
    });
    await toast.waitFor();
    const statusbar = await page.locator(".statusbar").innerText();
    if (statusbar.includes("Open in bottle")) {
      throw new Error(`the status bar offers to open a bottle: ${statusbar}`);
    }
    const offered = await page.locator(".notification-toast", { hasText: "Open it in a bottle?" })
      .count();
    if (offered !== 0) throw new Error("an untrusted folder was offered a bottle");
    result.refused = await toast.innerText();
  });
  await close();
  return result;
}

async function drive(browser: Browser): Promise<Record<string, unknown>> {
  const { page, close } = await openPage(browser);
  const result: Record<string, unknown> = {};

  await step(page, "00-workbench", async () => {
    await page.goto(
      `${config.url}?folder=${encodeURIComponent(config.folder)}`,
    );
    await page.locator(".monaco-workbench").waitFor({
      state: "visible",
      timeout: 60_000,
    });
    // The extension is active once its status-bar item is there.
    await page.locator(".statusbar", { hasText: "Open in bottle" }).waitFor({
      timeout: 60_000,
    });
  });

  await step(page, "01-offer-once", async () => {
    // Opening a folder with a manifest offers (once) to open it in a bottle.
    const toast = page.locator(".notification-toast", {
      hasText: "Open it in a bottle?",
    });
    await toast.waitFor({ state: "visible" });
    await toast.locator("a.monaco-button", { hasText: "Not now" }).click();
    await toast.waitFor({ state: "hidden" });
  });

  await step(page, "02-problem-at-its-line", async () => {
    await page.keyboard.press(`${MOD}+p`);
    await page.locator(".quick-input-widget input").fill("claude-bottle.json");
    await page.locator(".quick-input-widget .monaco-list-row", {
      hasText: "claude-bottle.json",
    })
      .first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines", {
      hasText: config.typo.wrong,
    }).waitFor();
    await runCommand(page, "Problems: Focus on Problems View");
    const where = `[Ln ${config.problem.line}, Col ${config.problem.column}]`;
    const row = problemsPanel(page).locator(".monaco-list-row", {
      hasText: config.problem.word,
    });
    await row.first().waitFor({ timeout: 60_000 });
    const text = await row.first().innerText();
    if (!text.includes(where)) {
      throw new Error(`the problem is not at ${where}: ${text}`);
    }
    result.problem = text.replace(/\s+/g, " ");
  });

  await step(page, "03-fixed-problem-cleared", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    // After the opening quote of the misspelt key: select the word and type the right one.
    await goTo(page, config.problem.line, config.problem.column + 1);
    await page.keyboard.press(`${MOD}+Shift+ArrowRight`);
    await page.keyboard.type(config.typo.right);
    await page.keyboard.press(`${MOD}+s`);
    await problemsPanel(page).locator(".monaco-list-row", {
      hasText: config.problem.word,
    })
      .waitFor({ state: "detached", timeout: 60_000 });
    await problemsPanel(page).getByText("No problems have been detected")
      .waitFor();
  });

  await step(page, "04-completion-in-a-bottle", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await goTo(page, config.problem.line);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('"');
    // Ask for completion until it shows: the first ask can race the server reading the edit.
    const widget = page.locator(".editor-widget.suggest-widget.visible");
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.keyboard.press(`${MOD}+Space`);
      try {
        await widget.waitFor({ timeout: 3000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
    for (const name of config.completions) {
      await widget.locator(".monaco-list-row", { hasText: name }).first()
        .waitFor();
    }
    result.completions = (await widget.locator(".monaco-list-row").allInnerTexts()).map((t) =>
      t.split("\n")[0]
    );
  });

  const name = await step(page, "05-preflight", async () => {
    // Back to the saved, valid manifest before starting a bottle from it.
    await page.keyboard.press("Escape");
    await runCommand(page, "File: Revert File");
    await page.locator(".tab.active.dirty").waitFor({ state: "detached" });
    await runCommand(page, "Bottle: Open in bottle");
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ timeout: 120_000 });
    const text = await dialog.innerText();
    const match = new RegExp(`Start bottle (${config.agent}-[0-9a-f]{4})\\?`)
      .exec(text);
    if (match === null) throw new Error(`not the preflight dialog: ${text}`);
    for (const expected of ["workspace", "egress", "credential"]) {
      if (!text.includes(expected)) {
        throw new Error(`the preflight does not show ${expected}: ${text}`);
      }
    }
    result.preflight = text;
    return match[1] ?? "";
  });
  result.bottle = name;
  report({ bottle: name });

  await step(page, "06-agent-first-screen", async () => {
    await page.locator(".monaco-dialog-box a.monaco-button", {
      hasText: "Start",
    }).click();
    await page.locator(".terminal-tab, .single-terminal-tab, .tabs-container", {
      hasText: `bottle: ${name}`,
    }).first().waitFor({ timeout: 120_000 });
    await waitForTerminal(page, "Claude Code v", 120_000);
    await page.waitForTimeout(1500);
  });

  await step(page, "07-prompt-answered", async () => {
    await page.locator(".terminal-wrapper.active .xterm-screen").first()
      .click();
    await page.keyboard.type(config.prompt, { delay: 20 });
    await page.keyboard.press("Enter");
    await waitForTerminal(page, config.reply, 60_000);
  });

  await step(page, "08-bottles-view-lists-it", async () => {
    const status = page.locator(".statusbar", { hasText: name });
    await runCommand(page, "Bottle: Focus on Bottles View");
    const row = bottleRow(page, name);
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    if (!text.includes("running") || !text.includes(config.agent)) {
      throw new Error(
        `the view's row does not show running and the agent: ${text}`,
      );
    }
    await status.waitFor({ timeout: 30_000 });
    result.viewRow = text.replace(/\s+/g, " ");
    // code-server's own tip about terminal keybindings would cover the picture.
    await runCommand(page, "Notifications: Clear All Notifications");
  });

  await step(page, "09-audit-log", async () => {
    const lines = page.locator(".monaco-editor .view-lines", {
      hasText: `Audit log of bottle ${name}`,
    });
    await rowAction(page, name, "Show audit log", lines);
    await lines.waitFor();
    const text = await lines.innerText();
    // The prompt went to the model through the API proxy, with the real credential injected.
    if (!/api\.forwarded \(credential injected\)/.test(text.replace(/\s+/g, " "))) {
      throw new Error(`the audit log shows no forwarded API request: ${text}`);
    }
    result.audit = text.split("\n")[0];
  });

  await step(page, "10-stopped-and-gone", async () => {
    const dialog = page.locator(".monaco-dialog-box", {
      hasText: `Stop bottle ${name}?`,
    });
    await rowAction(page, name, "Stop", dialog);
    await dialog.waitFor();
    await dialog.locator("a.monaco-button", { hasText: "Stop" }).click();
    await bottleRow(page, name).waitFor({ state: "detached", timeout: 60_000 });
  });

  await close();
  return result;
}

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
});
try {
  const result = config.mode === "untrusted" ? await driveUntrusted(browser) : await drive(browser);
  report({ ok: true, result });
} catch (error) {
  report({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
} finally {
  await browser.close();
}
