/**
 * Symlinks a command line makes before it reads through them
 * (`ln -s ~/.ssh s; cat s/../.ssh/id_rsa`): they do not exist when the hook
 * looks, so a later path is also resolved through them the way the kernel
 * would — the link first, then any `..` after it.
 */

/** Most links followed for one path (Linux gives up after 40). */
const MAX_HOPS = 40;

/**
 * The path `raw` (absolute, not normalised) reaches through `links` (absolute
 * link path → target, a relative target taken from the link's folder), or
 * undefined when it passes through none of them.
 */
export function throughPlannedLinks(
  raw: string,
  links: ReadonlyMap<string, string>,
): string | undefined {
  const todo = raw.split("/").filter((s) => s !== "").reverse();
  const done: string[] = [];
  let hops = 0;
  while (todo.length > 0) {
    const segment = todo.pop()!;
    if (segment === ".") continue;
    if (segment === "..") {
      done.pop();
      continue;
    }
    done.push(segment);
    const target = links.get(`/${done.join("/")}`);
    if (target === undefined) continue;
    if (++hops > MAX_HOPS) return "/";
    done.pop();
    if (target.startsWith("/")) done.length = 0;
    todo.push(...target.split("/").filter((s) => s !== "").reverse());
  }
  return hops === 0 ? undefined : `/${done.join("/")}`;
}
