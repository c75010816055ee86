// Trace analysis (issue 14): read a recorded sequence of calls and hold the cache predictions against the bill.
export * from './types';
export { normaliseUsage, usageOfResponse, providerMissReason } from './usage';
export { callsOfRecord, parseTime, shardKeyOf } from './records';
export { LineSplitter } from './lines';
export { TraceAnalyzer, type TraceOptions, type CompareFn, type CompareResult } from './simulate';
export { TraceRun, runTraceText, parseShard, shardOf, type Shard, type TraceRunOptions } from './run';
export { agreement } from './providerReasons';
