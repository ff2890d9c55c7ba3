/**
 * A text buffer for output of a million lines. Pieces are gathered in a short array and joined into one chunk
 * every 32K characters (about 800 lines), so the garbage collector never holds (or copies between generations)
 * a million small strings: keeping them until one final `join` cost more in collection than building them did,
 * and pieces joined this soon are mostly dead by the next young-generation collection (chunks of 256K rendered
 * a 100,000-change plan more slowly). A writer that can take chunks one by one (a terminal, a file) never needs
 * them joined: a 100,000-change plan is 40 MB of text as one string.
 *
 * Chunks end where a `write` ended: a writer of whole lines gets chunks of whole lines. Each chunk goes to
 * `onChunk` as soon as it is joined, and the sink keeps none: what a writer of a large text to a file or a
 * terminal wants, so the text never exists whole, not even as chunks. Without `onChunk`, the sink keeps them
 * for `text()`.
 *
 * Invariant: once `flush()` (or `text()`) was called, the concatenation of the chunks handed over is exactly
 * everything written, in order.
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
  /** The chunks kept when no `onChunk` was given. */
  private readonly kept: string[] = [];

  constructor(private readonly onChunk: (chunk: string) => void = (chunk) => this.kept.push(chunk)) {}

  write(text: string): void {
    this.pieces[this.count++] = text;
    this.size += text.length;
    if (this.size >= CHUNK) this.seal();
  }

  /** Hands over what is left as the last chunk. */
  flush(): void {
    this.seal();
  }

  /** Everything written, as one string (without `onChunk`; with it, the sink kept nothing: `''`). */
  text(): string {
    this.seal();
    return this.kept.length === 1 ? this.kept[0]! : this.kept.join('');
  }

  private seal(): void {
    if (this.count === 0) return;
    this.onChunk(this.pieces.join(''));
    this.pieces.fill('');
    this.count = 0;
    this.size = 0;
  }
}
