/** Kept for dev/run-dev.ts, which is being reworked elsewhere: new code imports shared/progress-line.js. */
export * from './shared/progress-line.js'
