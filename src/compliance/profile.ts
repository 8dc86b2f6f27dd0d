// Compliance profiles: what a kind of plan must contain, as data. plan ships the three plans ESSA
// asks of identified schools (profiles/essa-*.json); a state's own profile is a file of the same
// shape in the plan directory's profiles/ folder. A profile names the identification it is for,
// the parts it requires (a path into the action plan, "approvals:<by>" for an approval, "evidence"
// for an evidence tier on every intervention), and whether every root cause must be addressed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfined, RefusedFileError, repositoryRoot } from '../confine.js';

export interface ProfileRequirement {
  /** "needs_assessment.findings", "approvals:state", "evidence". */
  part: string;
  /** Why it is required: the statute or the guidance, for the message. */
  why: string;
}

export interface ComplianceProfile {
  id: string;
  name: string;
  /** Where the requirements come from. */
  source: string;
  /** The identification status the plan must have (csi, tsi, atsi), if any. */
  identification?: string;
  requires: ProfileRequirement[];
  /** Every root cause must name a strategy or action that addresses it. */
  rootCausesAddressed?: boolean;
}

export class ProfileError extends Error {}

const BUILT_IN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'profiles');
let builtIn: Record<string, ComplianceProfile> | null = null;

/** A profile's JSON, checked for the shape a profile must have. */
export function parseProfile(text: string, where: string): ComplianceProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const record = data as Partial<ComplianceProfile> | null;
  const fine =
    record && typeof record === 'object' && typeof record.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(record.id) && typeof record.name === 'string' && typeof record.source === 'string' &&
    Array.isArray(record.requires) && record.requires.every((r) => r && typeof r.part === 'string' && typeof r.why === 'string') &&
    (record.identification === undefined || typeof record.identification === 'string');
  if (!fine) throw new ProfileError(`${where} is not a compliance profile: it needs an id (lower case, digits, -), a name, a source and requires: [{part, why}]`);
  return record as ComplianceProfile;
}

/** The profiles plan ships, by id. */
export function builtInProfiles(): Record<string, ComplianceProfile> {
  if (!builtIn) {
    builtIn = {};
    for (const name of readdirSync(BUILT_IN).filter((f) => f.endsWith('.json')).sort()) {
      const profile = parseProfile(readFileSync(join(BUILT_IN, name), 'utf8'), `profiles/${name}`);
      builtIn[profile.id] = profile;
    }
  }
  return builtIn;
}

/** The plan directory's own profiles (profiles/<id>.json), read under the rule of confine.ts; a file of the same id overrides plan's. */
export function planProfiles(planDir: string): Record<string, ComplianceProfile> {
  const folder = join(planDir, 'profiles');
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return {};
  }
  const roots = [repositoryRoot(planDir)];
  const out: Record<string, ComplianceProfile> = {};
  for (const name of names) {
    let text: string;
    try {
      text = Buffer.from(readConfined(join(folder, name), 'profile', roots, `profiles/${name}`).bytes).toString('utf8');
    } catch (error) {
      if (error instanceof RefusedFileError) throw new ProfileError(error.said());
      throw error;
    }
    const profile = parseProfile(text, `profiles/${name}`);
    out[profile.id] = profile;
  }
  return out;
}
