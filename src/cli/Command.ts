/** One `i2x <command>`: gets the arguments after the command's name, returns the exit code. */
export type Command = (args: string[]) => Promise<number>;
