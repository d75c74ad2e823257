export { STORACHA_ENVS, type StorachaEnv, PRESETS } from './environments.js'
export { ConfigError, DEFAULT_ENV, loadConfig, loadEnvFile } from './load.js'
export { DEAD_SETTINGS, type Need, SETTINGS, type Setting } from './settings.js'
export type * from './types.js'
