/**
 * A text buffer for output of a million lines. Pieces are gathered in a short array and joined into one chunk
 * every few hundred kilobytes, so the garbage collector never holds (or copies between generations) a million
 * small strings: keeping them until one final `join` cost more in collection than building them did. Chunks
 * are large enough to be allocated where the collector does not move them.
 *
 * Invariant: `text()` is exactly the concatenation of everything written, in order.
 */

/** How many UTF-16 code units gather before they are joined into a chunk. */
const CHUNK = 1 << 18;

export class TextSink {
  private readonly pieces: string[] = [];
  private size = 0;
  private readonly chunks: string[] = [];

  write(text: string): void {
    this.pieces.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.seal();
  }

  /** Everything written, as one string. */
  text(): string {
    this.seal();
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
  }

  private seal(): void {
    if (this.pieces.length === 0) return;
    this.chunks.push(this.pieces.join(''));
    // The same array for the next chunk: it has already grown to a chunk's number of pieces.
    this.pieces.length = 0;
    this.size = 0;
  }
}
