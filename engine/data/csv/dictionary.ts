/**
 * Dictionary encoding keyed by bytes: a field's bytes are hashed and compared in place, so a string is
 * created once per distinct value (at the end), not once per row. Keeping the bytes also lets the whole
 * file be decoded as Latin-1 after the fact when it turns out not to be UTF-8.
 */
import { isMissingToken } from './missing';

export class ByteDictionary {
  private arena = new Uint8Array(1 << 12);
  private arenaLength = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** 1 where the value, unquoted, would be a missing token (it came from a quoted field, e.g. "NA"). */
  private missingWhenUnquoted = new Uint8Array(16);
  /** Open addressing: code + 1, or 0 for an empty slot. */
  private slots = new Int32Array(64);
  size = 0;

  /** The code of `buf[start, end)`, adding it if new. */
  add(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
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

  /**
   * The code of the unquoted field `buf[start, end)` whose `hashBytes` is `h`, or -1 when it is not in
   * the dictionary, or when unquoted it is a missing token (then the general path decides).
   */
  findUnquoted(buf: Uint8Array, start: number, end: number, h: number): number {
    const code = this.find(buf, start, end, h);
    return code >= 0 && this.missingWhenUnquoted[code] === 1 ? -1 : code;
  }

  /** The code of `buf[start, end)` whose `hashBytes` is `h`, or -1 when it is not in the dictionary. */
  find(buf: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return -1;
      const code = entry - 1;
      if (this.hashes[code] === h && this.equals(code, buf, start, length)) return code;
      slot = (slot + 1) & mask;
    }
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
      const flags = new Uint8Array(code * 2);
      flags.set(this.missingWhenUnquoted);
      this.missingWhenUnquoted = flags;
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
    this.missingWhenUnquoted[code] = isMissingToken(buf, start, end) ? 1 : 0;
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

/** FNV-1a offset basis and prime (32-bit). The tokenizer computes the same hash inline while it scans. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), FNV_PRIME);
  return h;
}
