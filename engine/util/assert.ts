/** Ends exhaustive switches over closed unions: adding a member without handling it fails the type check. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
