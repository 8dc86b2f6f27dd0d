import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources, except the schema validators and the precompiled templates,
// which exist only as generated code in dist/ (npm test builds first).
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^(\.\.?\/)+(src\/)?schema\/validators\.js$/,
        replacement: fileURLToPath(new URL('./dist/schema/validators.js', import.meta.url)),
      },
      {
        find: /^(\.\.?\/)+(src\/)?(report\/)?built-in-templates\.js$/,
        replacement: fileURLToPath(new URL('./dist/report/built-in-templates.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
