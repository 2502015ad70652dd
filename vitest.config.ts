import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests, and e2e tests against a real kube-apiserver + etcd started once
// for the run by test/e2e/global-setup.ts (it fails the run when the server cannot start).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'examples/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
