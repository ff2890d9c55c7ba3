/**
 * A text buffer for output of a million lines. Pieces are gathered in a short array and joined into one chunk
 * every 32K characters (about 800 lines), so the garbage collector never holds (or copies between generations)
 * a million small strings: keeping them until one final `join` cost more in collection than building them did,
 * and pieces joined this soon are mostly dead by the next young-generation collection (chunks of 256K rendered
 * a 100,000-change plan more slowly). A writer that can take chunks one by one (a terminal, a file) never needs
 * them joined: a 100,000-change plan is 80 MB of text as one string.
 *
 * Chunks end where a `write` ended: a writer of whole lines gets chunks of whole lines. Given `onChunk`, the
 * sink hands each chunk over as soon as it is joined and keeps none: what a writer of a large text to a file
 * or a terminal wants, so the text never exists whole, not even as chunks.
 *
 * Invariant: `text()`, and the concatenation of `chunks()`, is exactly everything written, in order; with
 * `onChunk`, so is the concatenation of what it was given, once `flush()` (or `chunks()`) was called.
 */

/** How many UTF-16 code units gather before they are joined into a chunk. */
const CHUNK = 1 << 15;

export class TextSink {
  /**
   * The current chunk's pieces, from index 0; the slots after them hold `''`. The array is kept, never
   * emptied: emptying it would free its storage, and growing it again for every chunk would copy it over and
   * over. Slots are blanked once joined, so the joined pieces are garbage at once.
   */
  private readonly pieces: string[] = [];
  private count = 0;
  private size = 0;
  private readonly sealed: string[] = [];

  constructor(private readonly onChunk?: (chunk: string) => void) {}

  write(text: string): void {
    this.pieces[this.count++] = text;
    this.size += text.length;
    if (this.size >= CHUNK) this.seal();
  }

  /** Hands over what is left (with `onChunk`); without it, what is left becomes the last of `chunks()`. */
  flush(): void {
    this.seal();
  }

  /** Everything written, in chunks that each end where a `write` did (none when nothing was written). */
  chunks(): string[] {
    this.seal();
    return this.sealed;
  }

  /** Everything written, as one string. */
  text(): string {
    this.seal();
    return this.sealed.length === 1 ? this.sealed[0]! : this.sealed.join('');
  }

  private seal(): void {
    if (this.count === 0) return;
    const chunk = this.pieces.join('');
    if (this.onChunk === undefined) this.sealed.push(chunk);
    else this.onChunk(chunk);
    this.pieces.fill('');
    this.count = 0;
    this.size = 0;
  }
}
