/**
 * A benchmarked worker process: the probe (worker-probe.ts) first, then the production entry
 * point unchanged, with this process's arguments. (The probe cannot be an `--import` of its own:
 * the workflow threads inherit `--import` flags, and load them before tsx can compile them.)
 */
import './worker-probe.js'
import '../../src/workers/main.js'
