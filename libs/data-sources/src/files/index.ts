// Bar files: importers (MT5 exports, the quoted tab form, plain CSV, plain or
// gzipped), the validator and its policy, and resampling. Its own entry,
// `@trading/data-sources/files`, so a command that only reads files does not
// load the HTTP sources, the caches and the resilience layer.
export { type BarFileFormat, type BarFileLayout, ColumnRole, detectBarFileLayout } from './bar-file.format';
export { type BarFileIdentity, identifyBarFile } from './bar-file.naming';
export { type BarFileImport, type BarFileOptions, type ParsedBarFile, importBarBytes, importBarFile, importBarFileSync, parseBarFile } from './bar-file.reader';
export { type ParseBarsOptions, type ParsedBars, parseBarBytes } from './bar-text.parser';
export { type SourceTimeZone, UTC_ZONE, parseTimeZone } from './source-time-zone';
export { FINDING_KINDS, type Finding, type FindingCounts, type FindingKind, type FindingOutcome } from '../validation/finding';
export { FX_WEEKEND_RULE, isWeekendGap } from '@trading/domain';
export { MAX_BAR_TIME, MIN_BAR_TIME, type ValidatedBars, type ValidationOptions, type ValidationReport, type ValidationRules, validateBars } from '../validation/bar.validator';
export { DEFAULT_VALIDATION_POLICY, type FindingAction, type ValidationPolicy, validationPolicy } from '../validation/validation.policy';
export { BarResampler } from '../resampling/bar.resampler';
export { resampleBars } from '../resampling/resample-columns';
