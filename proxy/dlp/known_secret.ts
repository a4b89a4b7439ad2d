/**
 * A secret the supervisor knows: a real credential it holds, or a phantom it
 * handed to the bottle in place of one.
 */
export interface KnownSecret {
  readonly label: string;
  readonly value: string;
  readonly kind: "real" | "phantom";
}

/** Where a known secret was seen and in which encoding; never carries the value. */
export interface KnownSecretHit {
  readonly label: string;
  readonly kind: "real" | "phantom";
  readonly encoding: string;
  readonly offset: number;
}
