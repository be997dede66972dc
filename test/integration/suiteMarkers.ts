// Lines the suite prints for the launcher (scripts/runIntegrationTests.ts), which runs in plain
// Node and so must not load anything that needs the `vscode` module.

/** The launcher reads this line to print the plain "N passed, N failed" summary. */
export const RESULT_MARKER = 'COLT_INTEGRATION_RESULT';
/** Everything logged after this line is the suite's; before it, the workbench's own chatter. */
export const START_MARKER = 'COLT_INTEGRATION_START';
