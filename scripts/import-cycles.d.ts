// Types for the import-circle finder, for the test that runs it.
export function importGraph(src: string): Map<string, Set<string>>;
export function importCycles(graph: Map<string, Set<string>>): string[][];
