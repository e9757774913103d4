/** Where the CLI writes: human text, or one JSON document per command with `--json` (for scripts). */
export interface CliOutput {
  readonly json: boolean;
  /** A line for people (suppressed with --json). */
  info(line: string): void;
  /** The command's result: printed as JSON with --json, else through `describe`. */
  result(value: unknown, describe: () => string): void;
  error(line: string): void;
}

export function createCliOutput(
  json: boolean,
  stdout: (text: string) => void,
  stderr: (text: string) => void,
): CliOutput {
  return {
    json,
    info: (line) => {
      if (!json) stdout(`${line}\n`);
    },
    result: (value, describe) => {
      stdout(
        json
          ? `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2)}\n`
          : `${describe()}\n`,
      );
    },
    error: (line) => {
      stderr(`${line}\n`);
    },
  };
}
