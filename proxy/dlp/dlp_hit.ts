/** One detector match: where it is and which detector fired, never the matched value. */
export interface DlpHit {
  readonly detector: string;
  readonly offset: number;
  readonly length: number;
}
