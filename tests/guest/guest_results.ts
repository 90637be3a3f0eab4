/**
 * On the host: the guest's JSON step lines (guest_steps.ts), by step name. A missing step,
 * or a step that failed where it must not, is an error that shows the guest's whole output.
 */

/** The steps of one boot. */
export class Steps {
  /** The guest's raw output, for messages. */
  readonly text: string;
  readonly #steps = new Map<string, Record<string, unknown>>();

  /**
   * Parse the output.
   *
   * @param text What the guest wrote to the second serial port.
   */
  constructor(text: string) {
    this.text = text;
    for (const line of text.split("\n")) {
      if (!line.startsWith("{")) continue;
      const v = JSON.parse(line) as Record<string, unknown>;
      this.#steps.set(String(v.step), v);
    }
  }

  /**
   * Whether the guest reported a step.
   *
   * @param name The step.
   * @returns True when it did.
   */
  has(name: string): boolean {
    return this.#steps.has(name);
  }

  /**
   * One step's line.
   *
   * @param name The step.
   * @returns Its fields.
   * @throws {Error} When the guest did not report it.
   */
  get(name: string): Record<string, unknown> {
    const s = this.#steps.get(name);
    if (!s) throw new Error(`The guest reported no step "${name}":\n${this.text}`);
    return s;
  }

  /**
   * One step that must have succeeded (`ok: true`).
   *
   * @param name The step.
   * @returns Its fields.
   * @throws {Error} When it is missing or failed.
   */
  ok(name: string): Record<string, unknown> {
    const s = this.get(name);
    if (s.ok !== true) throw new Error(`The guest's step "${name}" failed: ${JSON.stringify(s)}`);
    return s;
  }
}
