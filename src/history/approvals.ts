// An approval is of the plan as it stood when it was recorded. plan validate finds, in git, the commit
// that recorded each approval and the last change of the plan itself (its ratings, values and
// approvals aside: progress is reported all year, and recording an approval is no change of the
// plan), and warns where the plan changed after the approval was recorded: it approves an earlier plan.
import type { Finding } from '../rules/findings.js';
import { asArray, asRecord, stringOf } from '../rules/data.js';
import { sameData } from '../same-data.js';
import { gitLines, gitText, locateInRepository } from '../load/git-source.js';
import { kindOfFile } from '../load/load-plan.js';
import { readPlanFile } from '../load/read-file.js';

/** What an approval approves: the plan without its approvals, its ratings and the values reported. */
function planContent(data: Record<string, unknown>): Record<string, unknown> {
  const { approvals: _approvals, holistic: _holistic, ...rest } = data;
  const actions = asArray(rest.actions).map((a) => {
    const record = asRecord(a);
    if (!record) return a;
    const { progress: _progress, ...kept } = record;
    return kept;
  });
  const goals = asArray(rest.goals).map((g) => {
    const record = asRecord(g);
    const metric = asRecord(record?.metric);
    if (!record || !metric) return g;
    const { actuals: _actuals, ...kept } = metric;
    return { ...record, metric: kept };
  });
  return { ...rest, actions, goals };
}

/**
 * The approvals of `files` (their data as they stand, paths relative to the plan directory) recorded
 * before the plan last changed, in a later commit or in the working tree: one finding each.
 */
export async function outdatedApprovals(planDir: string, files: ReadonlyArray<{ file: string; data: Record<string, unknown> }>): Promise<Finding[]> {
  let where: { root: string; path: string };
  try {
    where = await locateInRepository(planDir);
  } catch {
    return [];
  }
  const out: Finding[] = [];
  for (const { file, data } of files) {
    const approvals = asArray(data.approvals).map(asRecord);
    if (!approvals.length) continue;
    const inRepo = where.path ? `${where.path}/${file}` : file;
    const log = (await gitLines(where.root, ['log', '--format=%H %cs', '--', inRepo])).map((line) => line.split(' ') as [string, string]);
    // The file's versions, newest first: the working tree, then each commit that touched it.
    const versions: Array<{ data: Record<string, unknown> | null; date: string; commit: string }> = [{ data, date: '', commit: '' }];
    for (const [commit, date] of log) {
      // Read as any plan file is (limits on size, nesting and aliases hold for old revisions too).
      const text = await gitText(where.root, ['show', `${commit}:${inRepo}`]).catch(() => null);
      const read = text === null ? null : readPlanFile({ file, kind: kindOfFile(file) ?? 'school', bytes: new TextEncoder().encode(text) });
      versions.push({ data: read?.ok ? read.data : null, date, commit: commit.slice(0, 7) });
    }
    // The newest version in which the plan itself changed (it differs from the one before it).
    let changed = -1;
    for (let i = 0; i + 1 < versions.length; i++) {
      const [a, b] = [versions[i]!.data, versions[i + 1]!.data];
      if (!a || !b || !sameData(planContent(a), planContent(b))) {
        changed = i;
        break;
      }
    }
    if (changed === -1) continue;
    approvals.forEach((approval, i) => {
      if (!approval) return;
      // Where the approval was recorded: the oldest of the newest versions that all have it.
      let recorded = 0;
      while (recorded + 1 < versions.length && asArray(versions[recorded + 1]!.data?.approvals).some((a) => sameData(a, approval))) recorded++;
      // A plan changed in the commit that records its approval was approved as changed; one changed after it was not.
      if (changed >= recorded) return;
      const by = stringOf(approval.by) ?? 'someone';
      const date = stringOf(approval.date) ?? '';
      // Only the latest approval of each party speaks for the plan now.
      if (approvals.some((other, j) => j !== i && stringOf(other?.by) === by && (stringOf(other?.date) ?? '') > date)) return;
      const at = versions[changed]!;
      out.push({
        code: 'APPROVAL_OUTDATED',
        file,
        path: ['approvals', i],
        target: 'value',
        message: `The ${by}'s approval of ${date} is of an earlier plan: the plan changed after it was recorded, ${at.commit ? `on ${at.date} (commit ${at.commit})` : 'in changes not yet committed'}`,
        hint: `Have the ${by} approve the plan as it stands, and record the new date; or undo the change.`,
      });
    });
  }
  return out;
}
