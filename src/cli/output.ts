// Where the CLI writes: real streams in use, captured strings in tests.
export interface Output {
  print(text: string): void;
  error(text: string): void;
  write(bytes: Uint8Array): void;
  /** Progress bars only on a terminal. */
  isInteractive: boolean;
}

export const processOutput: Output = {
  print: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
  write: (bytes) => process.stdout.write(bytes),
  isInteractive: Boolean(process.stderr.isTTY),
};

export function captureOutput(): Output & { stdout: string; stderr: string; bytes: Uint8Array[] } {
  const captured = {
    stdout: '',
    stderr: '',
    bytes: [] as Uint8Array[],
    isInteractive: false,
    print(text: string) {
      captured.stdout += `${text}\n`;
    },
    error(text: string) {
      captured.stderr += `${text}\n`;
    },
    write(bytes: Uint8Array) {
      captured.bytes.push(bytes);
    },
  };
  return captured;
}
