/** PEM text (RFC 7468) for the DER that TLS stacks and bundle files take. */

/** `der` as a PEM block with `label` (`CERTIFICATE`, `PRIVATE KEY`), lines of 64, ending in a newline. */
export function toPem(label: string, der: Uint8Array): string {
  const lines = der.toBase64().match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Every `CERTIFICATE` block in `text`, each as PEM text ending in a newline. */
export function certificateBlocks(text: string): string[] {
  const found = text.match(/-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?-----END CERTIFICATE-----/g);
  return (found ?? []).map((block) => block.replace(/\r\n/g, "\n") + "\n");
}
