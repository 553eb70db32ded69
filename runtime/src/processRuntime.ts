/**
 * One runtime per process. Every copy of this package that a process loads (the ESM and the CJS
 * entry of one install share a build already; a copy nested under a dependency, or of another
 * version, is a second build) meets the first one here, in a process-wide slot. A copy that
 * speaks the same protocol does not load its own runtime: it hands out the first copy's exports,
 * so there is one context, one deadline heap, one cancel tree and one set of error classes. A
 * copy that speaks another protocol throws at import, naming both copies and the fix: two
 * runtimes side by side would not see each other's scopes, deadlines or waits.
 */

/**
 * Bumped whenever two builds could no longer share one runtime: an export removed or changed in
 * meaning. New exports bump it too, since a newer copy joining an older one would lack them.
 */
export const RUNTIME_PROTOCOL = 1;

const SLOT = Symbol.for('corral.runtime');

/** What the first copy leaves in the slot. */
export interface RuntimeSlot {
  readonly protocol: number;
  readonly version: string;
  /** The package folder of the copy that loaded first. */
  readonly path: string;
  readonly exports: object;
}

/** The runtime this process shares: the first copy's, loaded by `load` when this copy is the first. */
export function joinProcessRuntime(copy: { version: string; path: string }, load: () => object): object {
  const global = globalThis as Record<symbol, unknown>;
  const first = global[SLOT] as Partial<RuntimeSlot> | undefined;
  if (first === undefined) {
    const slot: RuntimeSlot = { protocol: RUNTIME_PROTOCOL, version: copy.version, path: copy.path, exports: load() };
    Object.defineProperty(global, SLOT, { value: Object.freeze(slot) });
    return slot.exports;
  }
  if (first.protocol === RUNTIME_PROTOCOL && typeof first.exports === 'object' && first.exports !== null) return first.exports;
  throw new Error(
    `corral ${copy.version} at ${copy.path} cannot run beside corral ${String(first.version)} at ${String(first.path)}, `
      + `loaded first in this process (runtime protocol ${String(first.protocol)}, this copy speaks ${RUNTIME_PROTOCOL}): `
      + 'their scopes, deadlines and waits would not see each other. Install one version for the whole program: '
      + '`npm dedupe`, or pin it with "overrides": { "corral": "<version>" } in your package.json (Yarn: "resolutions", pnpm: "pnpm.overrides").',
  );
}
