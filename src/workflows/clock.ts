// The one clock of workflow code. Inside the sandbox the SDK replaces Date with workflow time (the
// start of the current workflow task), so this is deterministic and replays to the same values.
// Activities never read a clock of their own: they take `deps.now`, or the time a workflow passed.
export const workflowTime = (): number => new Date().getTime();
