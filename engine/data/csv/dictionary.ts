/**
 * Dictionary encoding keyed by bytes: a field's bytes are hashed and compared in place, so a string is
 * created once per distinct value (at the end), not once per row. Keeping the bytes also lets the whole
 * file be decoded as Latin-1 after the fact when it turns out not to be UTF-8.
 */
export class ByteDictionary {
  private arena = new Uint8Array(1 << 12);
  private arenaLength = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Open addressing: code + 1, or 0 for an empty slot. */
  private slots = new Int32Array(64);
  size = 0;

  /** The code of `buf[start, end)`, adding it if new. */
  add(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] ?? 0), 0x01000193);
    const mask = this.slots.length - 1;
    const length = end - start;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] === h && this.equals(code, buf, start, length)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.size++;
    this.store(code, h, buf, start, end);
    this.slots[slot] = code + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** The bytes of a code's value (a view into the dictionary's storage). */
  bytes(code: number): Uint8Array {
    return this.arena.subarray(this.starts[code] ?? 0, this.ends[code] ?? 0);
  }

  /** Total bytes of all distinct values. */
  get byteLength(): number {
    return this.arenaLength;
  }

  private equals(code: number, buf: Uint8Array, start: number, length: number): boolean {
    const s = this.starts[code] ?? 0;
    if ((this.ends[code] ?? 0) - s !== length) return false;
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[s + i] !== buf[start + i]) return false;
    return true;
  }

  private store(code: number, h: number, buf: Uint8Array, start: number, end: number): void {
    if (code === this.starts.length) {
      this.starts = grow(this.starts, code * 2);
      this.ends = grow(this.ends, code * 2);
      this.hashes = grow(this.hashes, code * 2);
    }
    const length = end - start;
    if (this.arenaLength + length > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + length));
      next.set(this.arena.subarray(0, this.arenaLength));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, end), this.arenaLength);
    this.starts[code] = this.arenaLength;
    this.arenaLength += length;
    this.ends[code] = this.arenaLength;
    this.hashes[code] = h;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.size; code++) {
      let slot = (this.hashes[code] ?? 0) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

function grow(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(a);
  return next;
}
