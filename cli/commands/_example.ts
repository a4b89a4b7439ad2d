/** Keeps one example per command, shown in its own help and in `bottle --help`. */
import type { Command } from "commander";

const examples = new WeakMap<Command, string>();

/** Attaches `example` to `command` and adds it to the command's help text. */
export function withExample(command: Command, example: string): Command {
  examples.set(command, example);
  return command.addHelpText("after", `\nExample:\n  ${example}\n`);
}

/** Every command's example, subcommands included, as [name, example] pairs. */
export function examplesOf(program: Command): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const name = `${prefix}${sub.name()}`;
      const example = examples.get(sub);
      if (example !== undefined && sub.commands.length === 0) out.push([name, example]);
      walk(sub, `${name} `);
    }
  };
  walk(program, "");
  return out;
}
