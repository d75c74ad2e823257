/** Kept for dev/run-dev.ts, which is being reworked elsewhere: new code imports shared/temporal-client.js. */
export * from './shared/temporal-client.js'
