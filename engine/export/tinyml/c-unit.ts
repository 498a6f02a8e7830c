/**
 * Collects the pieces of one generated C source: `static const` tables (with their byte count, for the
 * flash estimate) and static helper functions (each emitted once, in the order first needed).
 */
import { commentLine, cString, initializer } from './c-syntax';

/** Bytes of a pointer on the 32-bit microcontrollers the estimates assume. */
export const POINTER_BYTES = 4;

export class CUnit {
  private readonly tables: string[] = [];
  private readonly helpers = new Map<string, string>();
  /** Bytes of all tables emitted so far (flash). */
  dataBytes = 0;

  constructor(readonly prefix: string) {}

  /** The prefixed name of a file-scope symbol. */
  name(suffix: string): string {
    return `${this.prefix}_${suffix}`;
  }

  /** Adds `static const type name[n] = {…};` and returns the name. `items` must not be empty. */
  table(suffix: string, type: string, bytesPerItem: number, items: readonly string[], comment: string, perLine = 8): string {
    const name = this.name(suffix);
    this.tables.push(`/* ${commentLine(comment)} */\nstatic const ${type} ${name}[${items.length}] = ${initializer(items, perLine)};`);
    this.dataBytes += bytesPerItem * items.length;
    return name;
  }

  /** A table of string literals (escaped); counts the pointers and the bytes of the strings. */
  stringTable(suffix: string, strings: readonly string[], comment: string, exported = false): string {
    const name = this.name(suffix);
    const literals = strings.map((s) => cString(s));
    const storage = exported ? 'const char *const' : 'static const char *const';
    this.tables.push(`/* ${commentLine(comment)} */\n${storage} ${name}[${strings.length}] = ${initializer(literals, 1)};`);
    this.dataBytes += strings.length * POINTER_BYTES + strings.reduce((n, s) => n + new TextEncoder().encode(s).length + 1, 0);
    return name;
  }

  /** Adds a helper function once (by key). */
  helper(key: string, code: string): void {
    if (!this.helpers.has(key)) this.helpers.set(key, code);
  }

  hasHelper(key: string): boolean {
    return this.helpers.has(key);
  }

  render(): string {
    return [...this.tables, ...this.helpers.values()].join('\n\n');
  }
}
