// Step: keep one comment per plan on the pull request, updated in place on every push. The comment
// is found by a hidden marker naming the plan, and only among the comments of the account that
// posts it, so that no other bot's or person's comment is ever edited. Pull requests from forks get
// a read-only token: then nothing is posted, the step says so, and the diff stays in the job summary.
import { readFileSync } from 'node:fs';

const env = process.env;
const need = (name) => {
  if (!env[name]) {
    console.error(`::error title=plan comment::${name} is not set`);
    process.exit(2);
  }
  return env[name];
};
const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
const token = need('GITHUB_TOKEN');
const repo = need('GITHUB_REPOSITORY');
const pr = need('PR_NUMBER');
const planDir = need('PLAN_DIR');
const author = env.COMMENT_AUTHOR || 'github-actions[bot]';
const diffFile = need('DIFF_FILE');

// GitHub refuses comments over 65,536 characters; a very large diff is cut, and says where the rest is.
const LIMIT = 65_000;
const marker = `<!-- plan-as-code: ${planDir.replace(/--/g, '-')} -->`;
let body = readFileSync(diffFile, 'utf8');
if (env.REPORT_NOTE) body += `\n${env.REPORT_NOTE}\n`;
if (body.length > LIMIT) body = `${body.slice(0, LIMIT)}\n\n… cut here: the whole diff is in the job summary of this run.\n`;
body = `${marker}\n${body}`;

async function call(method, path, payload) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function findOwnComment() {
  for (let page = 1; page <= 50; page++) {
    const comments = await call('GET', `/repos/${repo}/issues/${pr}/comments?per_page=100&page=${page}`);
    const mine = comments.find((c) => c.user?.login === author && typeof c.body === 'string' && c.body.startsWith(marker));
    if (mine) return mine;
    if (comments.length < 100) return null;
  }
  return null;
}

try {
  const existing = await findOwnComment();
  if (existing) {
    await call('PATCH', `/repos/${repo}/issues/comments/${existing.id}`, { body });
    console.log(`updated comment ${existing.id}`);
  } else {
    const created = await call('POST', `/repos/${repo}/issues/${pr}/comments`, { body });
    console.log(`created comment ${created.id}`);
  }
} catch (error) {
  const readOnly = error.status === 403 || error.status === 404;
  const why = readOnly
    ? 'the token cannot write to this pull request (pull requests from forks get a read-only token)'
    : error.message;
  console.log(`::notice title=plan comment::No comment posted: ${why}. The diff is in the job summary.`);
}
