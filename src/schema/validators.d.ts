// Declarations for the standalone validators the build generates into dist/schema/validators.js.
import type { ValidateFunction } from './validator-types.js';
export declare const plan: ValidateFunction;
export declare const school: ValidateFunction;
export declare const office: ValidateFunction;
