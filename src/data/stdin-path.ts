// The path that names standard input in every input flag. Its own module: the CLI's flag checks need it, and
// importing it from lines.ts would load node:zlib and node:stream with the flags (`CMD --help`).
export const STDIN_PATH = '-';
