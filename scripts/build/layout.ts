/** Where a build puts the workflow bundle that `--workflow-bundle` loads, in its output folder. */
export const WORKFLOW_BUNDLE = 'workflow-bundle.js'

/**
 * Folders of `src/` that modules read at run time (through `import.meta.url`), which `tsc` does
 * not emit: each is copied to the same place under the output folder.
 */
export const RUNTIME_ASSETS = ['client/dashboard/public'] as const
