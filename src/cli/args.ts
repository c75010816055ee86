// The argument reading shared by the CLI's commands (analyze, diff, trace): one error type for bad usage
// (exit code 2) and one way to take the next flag with its value ("--model gpt-4o" or "--model=gpt-4o").

/** Bad usage: the command prints the message and its usage hint, exit code 2. */
export class UsageError extends Error {}

/**
 * Takes the next argument off `rest`: the argument as given, the flag, and a reader of its value (the part after "=", or the next
 * argument), which throws a UsageError when the value is missing or empty.
 */
export function takeFlag(rest: string[]): { arg: string; flag: string; value: () => string } {
  const a = rest.shift()!;
  const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => {
    const v = inline ?? rest.shift();
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  return { arg: a, flag, value };
}
