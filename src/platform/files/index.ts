/** Streaming readers and writers for tabular files (CSV in UTF-8/GB18030, XLSX). */
export { cellToText, formatWallClock, isBlankCell, numberToText, wallClock, type CellValue } from './cells.ts';
export { CsvParser, formatCsvField, formatCsvRow, openCsv, parseCsvChunks, parseCsvString, writeCsv, type CsvWriteOptions } from './csv.ts';
export {
  createStrictDecoder,
  decodeFile,
  detectEncodingOfSample,
  detectFileEncoding,
  looksLikeGb18030Text,
  type TextEncodingName,
} from './encoding.ts';
export { detectTableFormat, readTable, type Table, type TableFormat, type TableRow } from './table.ts';
export { flattenCellValue, readXlsxRows, writeXlsx, type SheetRow, type XlsxWriteOptions } from './xlsx.ts';
