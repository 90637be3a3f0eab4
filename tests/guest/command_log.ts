/**
 * In the guest: the commands a recorder sent, from the MMC layer's trace (`openDrive(spec,
 * { trace })`): each "> NAME cdb-hex | ..." line is one command sent to the transport.
 * Used to count WRITE commands (a refusal must not be retried without bound) and to list
 * what a burn sent.
 */

/** A trace sink that remembers command names in order. */
export class CommandLog {
  /** Command names ("WRITE(10)"), one per command sent. */
  readonly names: string[] = [];
  /** Pass this as the recorder's `trace` option. */
  readonly trace = (line: string): void => {
    if (!line.startsWith("> ")) return;
    const words = line.slice(2).split(" "); // the CDB is lowercase hex, names are upper case
    const hexAt = words.findIndex((w) => /^[0-9a-f]{2}$/.test(w));
    this.names.push(words.slice(0, hexAt < 0 ? words.length : hexAt).join(" "));
  };

  /** Commands sent so far. */
  get length(): number {
    return this.names.length;
  }

  /**
   * How many commands of one name were sent since `from`.
   *
   * @param name The command name ("WRITE(10)").
   * @param from Index to count from (default 0).
   * @returns The count.
   */
  count(name: string, from = 0): number {
    return this.names.slice(from).filter((n) => n === name).length;
  }

  /**
   * Each command name sent since `from`, with how many times (in first-use order).
   *
   * @param from Index to count from.
   * @returns Name → count.
   */
  tally(from = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of this.names.slice(from)) out[n] = (out[n] ?? 0) + 1;
    return out;
  }
}
