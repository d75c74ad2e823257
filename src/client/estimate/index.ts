export {
  type EstimateArgs,
  estimateCommand,
  estimateFlags,
  estimateHandler,
  toEstimateOptions,
} from './command.js'
export {
  addToSample,
  emptySample,
  type Estimate,
  estimateFigures,
  type Figures,
  type Rate,
  type ShardSample,
} from './figures.js'
export * from './measured.js'
export { estimateJson, renderEstimate } from './render.js'
export {
  estimateOf,
  type EstimateOptions,
  estimateScope,
  rateOf,
  runEstimate,
} from './run-estimate.js'
export { SAMPLE_PAGE, sampleShards } from './sample-shards.js'
