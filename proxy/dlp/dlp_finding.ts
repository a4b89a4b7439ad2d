/** What DLP found in a request: a detector at a location, never the matched value. */

/** One thing DLP found in a request. */
export interface DlpFinding {
  readonly detector: string;
  readonly location: string;
  /** For a known secret: which one, real or phantom, and the encoding it was seen in. */
  readonly secret?: {
    readonly label: string;
    readonly kind: "real" | "phantom";
    readonly encoding: string;
  };
}
