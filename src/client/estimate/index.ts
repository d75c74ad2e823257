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
  estimateFigures,
  type Figures,
  type Rate,
  type ShardSample,
} from './figures.js'
export * from './measured.js'
export {
  type Estimate,
  estimateJson,
  type EstimateOptions,
  estimateScope,
  rateOf,
  renderEstimate,
  runEstimate,
} from './run-estimate.js'
export {
  customerSpaces,
  SAMPLE_PAGE,
  sampleShards,
  type ScopeSize,
  sizeOfScope,
  spacesOfScope,
} from './scope-size.js'
