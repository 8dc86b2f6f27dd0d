// Types of dist/report/built-in-templates.js, which scripts/build-templates.js generates from
// templates/ at build time.
export declare const BUILT_IN_SPECS: Record<string, { hash: string; spec: object }>;
