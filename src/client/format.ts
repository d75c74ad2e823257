/** Kept for dev/run-dev.ts, which is being reworked elsewhere: new code imports shared/format.js. */
export * from './shared/format.js'
