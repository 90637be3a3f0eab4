/**
 * Write-capable recorders nobody here wrote: Debian's tgt (`tgtd`) with its MMC device type,
 * one logical unit per backing file, exported over iSCSI on 127.0.0.1 only, for QEMU's iSCSI
 * block driver to attach as `scsi-generic` devices. A zero-length backing file makes tgt
 * report a blank DVD+R.
 * tgtd is started by the test and stopped through tgtadm (it ignores SIGTERM while it has
 * targets), with SIGKILL to its pid as the fallback; it needs root (it is, in CI).
 */

import { run } from "./guest_kernel.ts";

/** A running target. */
export interface TgtTarget {
  /** The iSCSI URL QEMU opens for each logical unit (`iscsi://127.0.0.1:PORT/IQN/1`, …/2). */
  readonly urls: readonly string[];
  /** The backing files, in the same order. */
  readonly backings: readonly string[];
  /** tgtd's log (complete once it stopped). */
  log(): Promise<string>;
  /** Stop tgtd (by its pid) and wait for it. */
  stop(): Promise<void>;
}

const IQN = "iqn.2026-01.dev.kiln:recorder";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function tgtadm(control: number, args: string[]): Promise<string> {
  return await run("tgtadm", ["-C", String(control), "--lld", "iscsi", ...args]);
}

/**
 * Start tgtd with one MMC logical unit (LUN 1, 2, …) over each backing file.
 *
 * @param backings The backing files (create them empty for blank DVD+R discs).
 * @param logFile Where tgtd's output goes.
 * @returns The target.
 */
export async function startTgt(backings: readonly string[], logFile: string): Promise<TgtTarget> {
  const port = freePort();
  // tgtd takes control ports up to 32767 (a socket under /var/run/tgtd per port).
  const control = 10000 + Math.floor(Math.random() * 20000);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("tgtd", {
      args: ["-f", "-C", String(control), "--iscsi", `portal=127.0.0.1:${port}`],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (cause) {
    throw new Error("tgtd is not installed: apt-get install tgt", { cause });
  }
  const logText = new Response(child.stderr).text().then(async (text) => {
    await Deno.writeTextFile(logFile, text);
    return text;
  });
  // tgtd ignores SIGTERM while it has targets: delete them, then the system; SIGKILL if it
  // is still there after 5 s.
  const stop = async () => {
    await tgtadm(control, ["--mode", "target", "--op", "delete", "--force", "--tid", "1"])
      .catch(() => {});
    await run("tgtadm", ["-C", String(control), "--mode", "system", "--op", "delete"])
      .catch(() => {});
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 5000);
    await child.status;
    clearTimeout(timer);
    await logText;
  };
  try {
    let ready = false;
    for (let i = 0; i < 50 && !ready; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await tgtadm(control, ["--mode", "target", "--op", "show"]).then(
        () => true,
        () => false,
      );
    }
    if (!ready) {
      throw new Error(`tgtd did not answer on control port ${control} within 5 s`);
    }
    await tgtadm(control, ["--mode", "target", "--op", "new", "--tid", "1", "--targetname", IQN]);
    for (const [i, backing] of backings.entries()) {
      await tgtadm(control, [
        "--mode",
        "logicalunit",
        "--op",
        "new",
        "--tid",
        "1",
        "--lun",
        String(i + 1),
        "--device-type",
        "cd",
        "--backing-store",
        backing,
      ]);
    }
    await tgtadm(control, [
      "--mode",
      "target",
      "--op",
      "bind",
      "--tid",
      "1",
      "--initiator-address",
      "127.0.0.1",
    ]);
  } catch (err) {
    await stop();
    throw new Error(`Cannot start tgt: ${(err as Error).message}\ntgtd said: ${await logText}`, {
      cause: err,
    });
  }
  return {
    urls: backings.map((_, i) => `iscsi://127.0.0.1:${port}/${IQN}/${i + 1}`),
    backings,
    log: () => logText,
    stop,
  };
}
