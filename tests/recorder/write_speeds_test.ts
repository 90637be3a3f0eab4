import {
  chooseWriteSpeed,
  normalizeWriteSpeeds,
  parseSpeed,
} from "../../src/recorder/write_speeds.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { expectError } from "../_helpers/expect_error.ts";

const d = (writeKBps: number, rotationControl = 0) => ({ writeKBps, rotationControl });

Deno.test("normalizeWriteSpeeds() drops zeros, CD speeds on DVD, duplicates; sorts fastest first", () => {
  const list = normalizeWriteSpeeds(
    [d(2770), d(0), d(706), d(22160, 1), d(5540), d(2770), d(11080)],
    "dvd",
    "mode-page-2a",
  );
  const got = list.map((s) => `${s.multiple}x/${s.rotation}`).join(" ");
  if (got !== "16x/cav 8x/clv 4x/clv 2x/clv") throw new Error(got);
  if (list[0]!.source !== "mode-page-2a") throw new Error("source");
});

Deno.test("normalizeWriteSpeeds() CD multiples of 176.4 kB/s", () => {
  const got = normalizeWriteSpeeds([d(7056), d(8467), d(1764)], "cd", "get-performance")
    .map((s) => s.multiple).join();
  if (got !== "48,40,10") throw new Error(got);
});

Deno.test("parseSpeed() reads max, multiples and kB/s", async () => {
  if (parseSpeed("max", "dvd") !== "max") throw new Error("max");
  if (parseSpeed("8x", "dvd") !== 8 * 1385) throw new Error("8x");
  if (parseSpeed("4", "bd") !== 4 * 4495.5) throw new Error("4");
  if (parseSpeed("5540kB", "dvd") !== 5540) throw new Error("kB");
  if (parseSpeed(2, "cd") !== 352.8) throw new Error("number");
  await expectError(() => parseSpeed("fast", "cd"), InvalidInputError, "give max, a multiple");
  await expectError(() => parseSpeed("0x", "cd"), InvalidInputError, "must be positive");
});

Deno.test("chooseWriteSpeed() rounds down to a supported speed, or the slowest", () => {
  const list = normalizeWriteSpeeds([d(11080), d(5540), d(2770)], "dvd", "get-performance");
  if (chooseWriteSpeed(list, "max") !== 11080) throw new Error("max");
  if (chooseWriteSpeed(list, 6 * 1385) !== 5540) throw new Error("6x");
  if (chooseWriteSpeed(list, 1385) !== 2770) throw new Error("1x");
  if (chooseWriteSpeed([], 4000) !== 4000) throw new Error("no list");
});
