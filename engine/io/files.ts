/**
 * File access as an effect passed into the engine (CONVENTIONS.md: effects come in as parameters),
 * so nodes stay testable and the same code runs under the CLI, a worker thread or a utilityProcess.
 */
export interface FileInfo {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileAccess {
  /** Resolves a path relative to the project folder (absolute paths are kept). */
  resolve(path: string): string;
  stat(path: string): Promise<FileInfo>;
  /** Streams the file in chunks; never reads a large file into one string. */
  openRead(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /** SHA-256 of the file's bytes, hex. Implementations may cache by path, size and mtime. */
  sha256(path: string): Promise<string>;
  readText(path: string): Promise<string>;
  /** Writes atomically: temp file, fsync, rename. */
  writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
  mkdirp(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}
