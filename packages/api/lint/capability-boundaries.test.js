import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints sample code as if it sat at a real path in the repository, with the repository's own ESLint
// configuration, so these cases prove that `npm test` (which runs the linter) fails on a reach-in.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: repoRoot });

async function problemsIn(filePath, code) {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('capability boundaries', () => {
  it("refuses a capability reaching into another capability's internal file", async () => {
    const problems = await problemsIn(
      'packages/api/src/portal/sample.ts',
      "import { studentView } from '../access/student-view';\nexport { studentView };\n",
    );
    expect(problems).toEqual([
      'schoolgate/capability-boundaries: Import "access" through its index ("access/index.ts"), not its internal file "access/student-view.ts".',
    ]);
  });

  it("accepts the same import through the capability's index", async () => {
    const problems = await problemsIn(
      'packages/api/src/portal/sample.ts',
      "import { studentView } from '../access';\nexport { studentView };\n",
    );
    expect(problems).toEqual([]);
  });

  it('keeps core below every capability and every capability below the composition root', async () => {
    const problems = await problemsIn(
      'packages/api/src/core/sample.ts',
      "import { canSeeStudent } from '../access';\nimport { appRouter } from '../root';\nexport { canSeeStudent, appRouter };\n",
    );
    expect(problems).toEqual([
      'schoolgate/capability-boundaries: core/ is the bottom layer: it must not import the "access" capability.',
      'schoolgate/capability-boundaries: A capability never imports the composition root (index.ts, root.ts, …).',
    ]);
  });

  it("lets only the composition root import a capability's routers", async () => {
    const fromRoot = await problemsIn(
      'packages/api/src/root.ts',
      "import { noticesRouter } from './notices/router';\nexport { noticesRouter };\n",
    );
    expect(fromRoot).toEqual([]);
    const fromCapability = await problemsIn(
      'packages/api/src/portal/sample.ts',
      "import { noticesRouter } from '../notices/router';\nexport { noticesRouter };\n",
    );
    expect(fromCapability).toHaveLength(1);
  });

  it('holds for tests outside the package too', async () => {
    const problems = await problemsIn(
      'tests/integration/sample.test.ts',
      "import { unreadNoticesFor } from '../../packages/api/src/notices/reading';\nexport { unreadNoticesFor };\n",
    );
    expect(problems).toHaveLength(1);
  });

  it('keeps the database out of the web app except its start-up files', async () => {
    const code = "import { createDb } from '@schoolgate/db';\nexport { createDb };\n";
    expect(await problemsIn('apps/web/src/routes/sample/+page.server.ts', code)).toHaveLength(1);
    expect(await problemsIn('apps/web/src/lib/server/database.ts', code)).toEqual([]);
  });
});
