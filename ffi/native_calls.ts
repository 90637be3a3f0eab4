/**
 * A thread on which blocking FFI calls run, each followed at once, on the same thread, by a
 * read of the call's error code (`errno` or `GetLastError`). Drive transports make every OS
 * call through this, so that:
 *
 * - a long SCSI command blocks a worker thread, not the event loop (progress bars keep
 *   drawing), and
 * - the error code is the one the call set: errno and GetLastError are thread-local, so they
 *   must be read on the thread that made the call, before anything else runs there.
 *   (A `nonblocking: true` FFI symbol runs on a pool thread whose errno cannot be read back.)
 *
 * The worker is started from a Blob URL holding {@linkcode makeNativeCaller}'s source, which
 * has no imports: it needs no `--allow-read` of kiln's files and no `deno compile --include`.
 * Arguments are numbers and bigints only; a pointer is its address as a bigint. Memory the
 * call reads or writes must therefore be visible to both threads at the same address: a
 * `SharedArrayBuffer` (see `sharedBytes`). The caller keeps it referenced until the call's
 * promise settles, which is what keeps it alive while the worker uses it.
 *
 * The library is opened on the first call, never at import or construction.
 *
 * @module
 */

/** How a library reports the error of the last call on the calling thread. */
export interface LastErrorSource {
  /**
   * `"errno-location"`: the symbol returns `int *` to the thread's errno (glibc
   * `__errno_location`). `"value"`: the symbol returns the code itself (`GetLastError`).
   */
  readonly kind: "errno-location" | "value";
  /** The symbol's name in the library's symbol table. */
  readonly symbol: string;
}

/** A library and the symbols kiln calls in it. Pointer parameters must be `"pointer"`. */
export interface NativeLibrarySpec<S extends Deno.ForeignLibraryInterface> {
  /** File name given to `Deno.dlopen` ("libc.so.6", "kernel32.dll"). */
  readonly path: string;
  /** The symbol table (JSON-clonable: it is posted to the worker). */
  readonly symbols: S;
  /** Where the per-thread error code is read. */
  readonly lastError: LastErrorSource;
}

/** Native types passed as bigints (64-bit integers and addresses). */
export type BigIntType = "u64" | "i64" | "usize" | "isize" | "pointer" | "function" | "buffer";
/** The JS type of one native type, as calls take and return it. */
export type ArgOf<T> = T extends BigIntType ? bigint : T extends "bool" ? boolean : number;
/** Argument types for a parameter list. */
export type MapArgs<P extends readonly unknown[]> = { -readonly [I in keyof P]: ArgOf<P[I]> };
/** The JS type of a symbol's result. */
export type ResultOf<F> = F extends { result: infer R } ? ArgOf<R> : never;

/** The arguments of a symbol: numbers, and bigints for 64-bit integers and addresses. */
export type CallArgs<F> = F extends { parameters: infer P extends readonly unknown[] } ? MapArgs<P>
  : never;

/** What one call returned. */
export interface CallOutcome<F> {
  /** The return value (a pointer as its address). */
  readonly result: ResultOf<F>;
  /** errno / GetLastError read right after the call; meaningful only when the call failed. */
  readonly error: number;
}

/** Where calls run. */
export type CallThread = "worker" | "inline";

/** A thread running calls into one library. */
export interface NativeCalls<S extends Deno.ForeignLibraryInterface> {
  /**
   * Call a symbol.
   *
   * @param symbol The symbol.
   * @param args Its arguments.
   * @returns The result and the error code read after it.
   */
  call<K extends keyof S & string>(symbol: K, ...args: CallArgs<S[K]>): Promise<CallOutcome<S[K]>>;
  /** Stop the thread and close the library. Calls after this reject. */
  close(): void;
}

/** A synchronous call: symbol and arguments in, result and error code out. */
export type RawCall = (symbol: string, args: unknown[]) => { result: unknown; error: number };

/**
 * Build the function that opens the library (on first use) and makes calls. It must stay
 * self-contained (no imports, no outside names): its source text is the worker's code.
 *
 * @param spec The library.
 * @returns A synchronous caller.
 */
export function makeNativeCaller(spec: NativeLibrarySpec<Deno.ForeignLibraryInterface>): RawCall {
  let lib: Record<string, (...a: unknown[]) => unknown> | null = null;
  let handle: { close(): void } | null = null;
  return (symbol, args) => {
    if (!lib) {
      const opened = Deno.dlopen(spec.path, spec.symbols);
      handle = opened;
      lib = opened.symbols as unknown as Record<string, (...a: unknown[]) => unknown>;
    }
    if (symbol === "__close__") {
      handle?.close();
      lib = null;
      return { result: 0, error: 0 };
    }
    const def = spec.symbols[symbol] as Deno.ForeignFunction | undefined;
    const fn = lib[symbol];
    if (!def || !("parameters" in def) || !fn) throw new TypeError(`No symbol ${symbol}`);
    const native = def.parameters.map((type, i) => {
      const a = args[i];
      if (type !== "pointer") return a;
      return a === 0n ? null : Deno.UnsafePointer.create(a as bigint);
    });
    const raw = fn(...native);
    const errFn = lib[spec.lastError.symbol]!;
    const error = spec.lastError.kind === "errno-location"
      ? new Deno.UnsafePointerView(errFn() as Deno.PointerObject).getInt32(0)
      : Number(errFn());
    const result = def.result === "pointer"
      ? (raw === null ? 0n : Deno.UnsafePointer.value(raw as Deno.PointerValue))
      : raw;
    return { result, error };
  };
}

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

/** The worker's message loop (self-contained; see {@linkcode makeNativeCaller}). */
function nativeCallWorker(make: typeof makeNativeCaller): void {
  const scope = self as unknown as WorkerScope;
  let call: RawCall | null = null;
  scope.onmessage = (e: MessageEvent) => {
    const m = e.data as {
      id: number;
      spec?: NativeLibrarySpec<Deno.ForeignLibraryInterface>;
      symbol: string;
      args: unknown[];
    };
    try {
      if (m.spec) {
        call = make(m.spec);
        scope.postMessage({ id: m.id, ok: true, out: null });
      } else {
        scope.postMessage({ id: m.id, ok: true, out: call!(m.symbol, m.args) });
      }
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      scope.postMessage({ id: m.id, ok: false, message });
    }
  };
}

interface Reply {
  id: number;
  ok: boolean;
  out: { result: unknown; error: number } | null;
  message?: string;
}

class WorkerCalls<S extends Deno.ForeignLibraryInterface> implements NativeCalls<S> {
  #worker: Worker | undefined;
  #pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  #next = 1;
  #spec: NativeLibrarySpec<S>;
  #failure: Error | undefined;

  constructor(spec: NativeLibrarySpec<S>) {
    this.#spec = spec;
  }

  #start(): Worker {
    const source =
      `"use strict";\nconst make = ${makeNativeCaller.toString()};\n(${nativeCallWorker.toString()})(make);\n`;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const worker = new Worker(url, {
      type: "module",
      name: `kiln native calls: ${this.#spec.path}`,
    });
    URL.revokeObjectURL(url);
    worker.onmessage = (e: MessageEvent) => {
      const reply = e.data as Reply;
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      waiter?.resolve(reply);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#fail(new Error(`The native call thread failed: ${e.message}`));
    };
    worker.onmessageerror = () =>
      this.#fail(new Error("The native call thread sent a bad message"));
    this.#worker = worker;
    this.#post({ spec: this.#spec });
    return worker;
  }

  #fail(error: Error): void {
    this.#failure = error;
    for (const w of this.#pending.values()) w.reject(error);
    this.#pending.clear();
    this.#worker?.terminate();
  }

  #post(message: Record<string, unknown>): Promise<Reply> {
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker!.postMessage({ id, ...message });
    });
  }

  async call<K extends keyof S & string>(
    symbol: K,
    ...args: CallArgs<S[K]>
  ): Promise<CallOutcome<S[K]>> {
    if (this.#failure) throw this.#failure;
    if (!this.#worker) this.#start();
    const reply = await this.#post({ symbol, args });
    if (!reply.ok) throw new Error(reply.message);
    return reply.out as unknown as CallOutcome<S[K]>;
  }

  close(): void {
    if (this.#failure) return;
    this.#fail(new Error("The native call thread is closed"));
  }
}

class InlineCalls<S extends Deno.ForeignLibraryInterface> implements NativeCalls<S> {
  #call: RawCall | undefined;
  #spec: NativeLibrarySpec<S>;
  #closed = false;

  constructor(spec: NativeLibrarySpec<S>) {
    this.#spec = spec;
  }

  call<K extends keyof S & string>(symbol: K, ...args: CallArgs<S[K]>): Promise<CallOutcome<S[K]>> {
    try {
      if (this.#closed) throw new Error("The native call thread is closed");
      this.#call ??= makeNativeCaller(this.#spec);
      return Promise.resolve(this.#call(symbol, args) as unknown as CallOutcome<S[K]>);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#call) this.#call("__close__", []);
  }
}

/**
 * Start a call thread for a library. Nothing is opened until the first call.
 *
 * @param spec The library.
 * @param thread `"worker"` (default): a dedicated Worker; `"inline"`: the calling thread,
 *   which blocks the event loop for the length of each call.
 * @returns The calls.
 * @example
 * ```ts ignore
 * import { openNativeCalls } from "./native_calls.ts";
 * const calls = openNativeCalls({
 *   path: "libc.so.6",
 *   symbols: {
 *     getpid: { parameters: [], result: "i32" },
 *     __errno_location: { parameters: [], result: "pointer" },
 *   },
 *   lastError: { kind: "errno-location", symbol: "__errno_location" },
 * });
 * const { result } = await calls.call("getpid");
 * calls.close();
 * ```
 */
export function openNativeCalls<S extends Deno.ForeignLibraryInterface>(
  spec: NativeLibrarySpec<S>,
  thread: CallThread = "worker",
): NativeCalls<S> {
  return thread === "worker" ? new WorkerCalls(spec) : new InlineCalls(spec);
}

/**
 * Bytes both threads see at one address: a view of a new `SharedArrayBuffer`.
 *
 * @param length Size in bytes.
 * @returns The bytes, zeroed.
 */
export function sharedBytes(length: number): Uint8Array<SharedArrayBuffer> {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length)), 0, length);
}

/**
 * The address of a buffer, for passing as a `"pointer"` argument.
 *
 * @param bytes The buffer (keep it referenced while the call runs).
 * @param offset Byte offset inside it.
 * @returns The address, or 0n for an empty buffer.
 */
export function addressOf(bytes: Uint8Array<ArrayBufferLike>, offset = 0): bigint {
  if (bytes.byteLength === 0) return 0n;
  return Deno.UnsafePointer.value(Deno.UnsafePointer.of(bytes)) + BigInt(offset);
}
