// Production workers load a prebuilt bundle (npm run build:bundle); otherwise the bundle is built
// at start from src/workflows.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const repoRoot = resolve(__dirname, '..', '..');
export const BUNDLE_PATH = join(repoRoot, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = join(repoRoot, 'src', 'workflows', 'index.ts');

/** `prebuilt`: CHIRPFLOW_PREBUILT_BUNDLE (src/config.ts) allows dist/workflow-bundle.js; `bundlePath`: a prebuilt bundle to use (`chirpflow worker --workflow-bundle`); must exist. */
export function workflowSource(prebuilt: boolean, bundlePath?: string): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  if (bundlePath) return { workflowBundle: { codePath: resolve(bundlePath) } };
  return existsSync(BUNDLE_PATH) && prebuilt
    ? { workflowBundle: { codePath: BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_PATH };
}

if (require.main === module) {
  void (async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
    mkdirSync(join(repoRoot, 'dist'), { recursive: true });
    writeFileSync(BUNDLE_PATH, code);
    process.stdout.write(`wrote ${BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB)\n`);
  })();
}
