// Types for the synthetic-district generator, for the tests that use it.
export const CYCLES: Array<[id: string, name: string, kind: string, due: string]>;
export function strategyId(theory: number, strategy: number): string;
export function schoolId(n: number): string;
export function planYaml(schools: number): string;
export function schoolYaml(n: number, variant?: number): string;
export function generateDistrict(dir: string, schools: number): { bytes: number };
