// The data layer: streaming readers and writers for JSONL, JSON arrays, CSV/TSV, Parquet and plain text, with errors
// that name file, line and field, and a skip mode that accounts for every rejected row.

export { DataError, formatDataErrorMessage, isDataError, describeValue } from './errors.js';
export type { DataErrorInit, DataErrorKind, PositionUnit } from './errors.js';
export { ErrorSink } from './policy.js';
export type { ErrorPolicy, OnError, RejectRecord, RejectSummary } from './policy.js';
export { readLineBatches, readLines, firstInvalidUtf8Offset, invalidUtf8Error, isGzipPath, STDIN_PATH } from './lines.js';
export type { InvalidLine, LineBatch, LineReadOptions } from './lines.js';
export { readJsonlRecords, parseJsonObject } from './jsonl.js';
export type { JsonlReadOptions } from './jsonl.js';
export { readJsonRecords } from './json-array.js';
export type { JsonReadOptions } from './json-array.js';
export { readCsvRecords, CsvLineParser } from './csv.js';
export type { CsvQuoting, CsvReadOptions, CsvRow } from './csv.js';
export { readParquetRecords } from './parquet.js';
export type { ParquetReadOptions } from './parquet.js';
export { readTextSegments, readTextSegmentBatches, readTextFile, readAlignedText } from './text.js';
export type { AlignedSegment, TextFiles, TextSegment, TextSegmentBatch } from './text.js';
export { readRecords, readJsonlShardsOf, formatFromPath } from './records.js';
export { readJsonlShards, jsonlShardItems, isJsonlShard } from './jsonl-shards.js';
export type { JsonlShard, JsonlShardOptions } from './jsonl-shards.js';
export type { ReadRecordsOptions } from './records.js';
export { recordToItem, recordsToItems, readItems, textItems, readTextItems } from './items.js';
export type { FieldMapping, ReadItemsOptions, ReadItemsResult } from './items.js';
export { openRecordWriter } from './writers.js';
export { assertOutputsAreNotInputs, openAtomicFile, OutputPathError } from './output-file.js';
export type { AtomicFile, OutputTarget } from './output-file.js';
export type { ParquetColumnType, RecordWriter, RecordWriterOptions, WriteFormat } from './writers.js';
export type { RecordFormat, SourceRecord } from './types.js';
